"""Routes over packages (whole settlements, :mod:`powershare.packages`): the shipped packages,
a package's analysis with its verdict, and the package audit report as a download.

A package travels as the mapping of a ``package:`` file (``{"package": {...}}``, see
``docs/packages.md``), or by the name of a shipped package.  Reading and analysing run through
the runner under the time budget (module-level functions, so that a worker process can run
them and be stopped past the budget), as the other computing routes do; each game counted is
also checked against the budget before it starts.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from powershare.audit.package_audit import PackageAudit, audit_package
from powershare.audit.package_sections import package_html, package_markdown
from powershare.datasets import PACKAGES
from powershare.datasets.files import read_text
from powershare.datasets.package_registry import find_package, load_package
from powershare.errors import InvalidInputError, UnknownNameError
from powershare.games.fileformat import load_mapping
from powershare.packages import Package, package_from_mapping
from powershare.power.registry import Limits
from powershare.web import service
from powershare.web.deps import ERRORS, RunnerDep, SettingsDep, attachment, slug
from powershare.web.store import ScenarioNotFoundError

__all__ = ["router"]

router = APIRouter(prefix="/api")
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)


class PackageRequest(BaseModel):
    """A package to analyse: a shipped package's ``name``, or the ``package`` mapping of a
    package file (``{"package": {...}}``); optionally a second one to compare with."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, max_length=200, description="A shipped package.")
    package: dict[str, Any] | None = Field(
        default=None, description="The mapping of a package file: {'package': {...}}."
    )
    compare: str | None = Field(
        default=None, max_length=200, description="A shipped package to compare with."
    )
    index: str = Field(default="banzhaf", max_length=50)


class PackageReportRequest(PackageRequest):
    """The package audit report (``format``: html, markdown or json)."""

    format: Annotated[str, Field(pattern="^(html|markdown|json)$")] = "html"


def packages_list() -> list[dict[str, Any]]:
    """The shipped packages: name, title, caveats, whether illustrative."""
    return [
        {
            "name": info.name,
            "title": info.title,
            "caveats": info.caveats,
            "illustrative": info.illustrative,
        }
        for info in PACKAGES.values()
    ]


def package_info(name: str) -> dict[str, Any]:
    """A shipped package: its title and caveats, its institutions, areas and parties, and (when
    it is shipped as a file) the file's mapping, which ``/api/packages/analyse`` takes."""
    info = find_package(name)
    if info is None:
        raise UnknownNameError(f"unknown package {name!r}; shipped packages: {', '.join(PACKAGES)}")
    pkg = info.load()
    mapping = None
    if info.files[0].startswith("packages/"):
        mapping = load_mapping(read_text(info.files[0]), source=info.name, is_json=False)
    return {
        "name": info.name,
        "title": info.title,
        "caveats": info.caveats,
        "illustrative": info.illustrative,
        "package_name": pkg.name,
        "parties": list(pkg.party_names),
        "institutions": [i.name for i in pkg.institutions],
        "areas": [a.name for a in pkg.areas],
        "mapping": mapping,
    }


def _package(req: PackageRequest, settings: service.Settings) -> Package | str:
    if (req.name is None) == (req.package is None):
        raise InvalidInputError("give either a shipped package's 'name' or a 'package' mapping")
    if req.name is not None:
        if find_package(req.name) is None:
            raise UnknownNameError(
                f"unknown package {req.name!r}; shipped packages: {', '.join(PACKAGES)}"
            )
        return req.name
    data = req.package or {}
    try:
        json.dumps(data, allow_nan=False)
    except ValueError:
        raise InvalidInputError("package: numbers must be finite (no NaN or infinity)") from None
    service.check_expansion(data, "package")
    pkg = package_from_mapping(data, source="package")
    members = sum(len(i.members) for i in pkg.institutions) + len(pkg.parties)
    if members > settings.max_members:
        raise service.TooLargeError(
            f"package: {members} parties and members; this server allows at most "
            f"{settings.max_members}"
        )
    return pkg


def _audit(req: PackageRequest, settings: service.Settings) -> PackageAudit:
    target = _package(req, settings)
    if req.compare is not None and find_package(req.compare) is None:
        raise UnknownNameError(
            f"unknown package {req.compare!r} to compare with; shipped packages: "
            + ", ".join(PACKAGES)
        )
    limits = Limits(max_seconds=settings.max_seconds, max_bytes=settings.max_bytes)
    other = None if req.compare is None else load_package(req.compare)
    return audit_package(target, index=req.index, compare=other, limits=limits)


def analyse_work(req: PackageRequest, settings: service.Settings) -> dict[str, Any]:
    """The package audit's data (runs in a worker): the package report with the verdict,
    findings, vetoes and, with ``compare``, the comparison."""
    return _audit(req, settings).to_dict()


def report_work(req: PackageReportRequest, settings: service.Settings) -> tuple[str, str, str]:
    """The package report's text, media type and file name (runs in a worker)."""
    pa = _audit(req, settings)
    name = slug(req.name or pa.package.name, "package")
    if req.format == "markdown":
        return package_markdown(pa), "text/markdown", f"{name}-audit.md"
    if req.format == "json":
        data = json.dumps(pa.to_dict(), indent=2, ensure_ascii=False)
        return data, "application/json", f"{name}-audit.json"
    return package_html(pa), "text/html", f"{name}-audit.html"


@router.get("/packages")
def packages() -> list[dict[str, Any]]:
    """The shipped packages (whole settlements of several institutions)."""
    return packages_list()


@router.get("/packages/{name}", responses={404: {"description": "No such package."}})
async def package(
    name: Annotated[str, Path(max_length=200)], settings: SettingsDep, runner: RunnerDep
) -> dict[str, Any]:
    """A shipped package: title, caveats, parties, institutions, areas and its file's mapping."""
    try:
        return await runner.run_in_process(settings.max_seconds, package_info, name)
    except UnknownNameError as exc:
        raise ScenarioNotFoundError(str(exc)) from None


@router.post("/packages/analyse", responses=ERRORS)
async def analyse(req: PackageRequest, settings: SettingsDep, runner: RunnerDep) -> dict[str, Any]:
    """Each party's power per institution and issue area, the package summary beside seats
    and population, portfolios, rotation, vetoes and the verdict (as
    ``powershare audit PACKAGE --json``)."""
    try:
        return await runner.run_in_process(settings.max_seconds, analyse_work, req, settings)
    except UnknownNameError as exc:
        raise ScenarioNotFoundError(str(exc)) from None


@router.post("/packages/report", responses=ERRORS, response_class=Response)
async def report(req: PackageReportRequest, settings: SettingsDep, runner: RunnerDep) -> Response:
    """The package audit as a self-contained HTML report (or Markdown, or JSON)."""
    try:
        text, media, filename = await runner.run_in_process(
            settings.max_seconds * 3, report_work, req, settings
        )
    except UnknownNameError as exc:
        raise ScenarioNotFoundError(str(exc)) from None
    response = attachment(text, media, filename)
    response.headers["content-security-policy"] = REPORT_CSP
    return response
