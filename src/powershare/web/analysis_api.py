"""Routes over :mod:`powershare.audit` and :mod:`powershare.design`: the audit report, the quota
curve, the what-if table, and the design and settlement searches as background jobs.

The live routes run their work through the runner under the time budget (module-level
functions, so that a worker process can run them and be stopped past the budget); the job
routes read and check their input the same way before queueing the search, and the queue is
bounded (429 when full).
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from powershare.audit import AuditScenario, audit
from powershare.audit import power_by_quota as curve
from powershare.audit import what_if as what_if_table
from powershare.audit.report_html import to_html
from powershare.audit.report_markdown import to_markdown
from powershare.design import bounds_around, make_target, problem_from_data, settle
from powershare.design.frontier import design_frontier
from powershare.errors import InvalidInputError
from powershare.games.fileformat import parse_data
from powershare.games.numbers import parse_exact
from powershare.games.scenario import ScenarioFile
from powershare.games.weighted import WeightedGame
from powershare.web import service
from powershare.web.deps import (
    ERRORS,
    ClientDep,
    JobsDep,
    RunnerDep,
    SettingsDep,
    attachment,
    slug,
)
from powershare.web.jobs import ProgressFn
from powershare.web.models import ScenarioIn

__all__ = ["router"]

router = APIRouter(prefix="/api")
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)


class CurveRequest(BaseModel):
    """The quota curve of a single-quota body."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioIn
    index: str = Field(default="banzhaf", max_length=50)
    max_points: int = Field(default=80, ge=2, le=400)


class WhatIfRequest(BaseModel):
    """What-ifs (a member leaves, two merge, seats move) of a single-quota body."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioIn
    index: str = Field(default="banzhaf", max_length=50)


class ReportRequest(BaseModel):
    """The power-sharing audit of a scenario."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioIn
    format: Annotated[str, Field(pattern="^(html|markdown|json)$")] = "html"


class DesignRequest(BaseModel):
    """Find weights and a quota whose power is closest to a target."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioIn
    target: str = Field(
        default="equal", max_length=30, description="equal, proportional, sqrt, explicit"
    )
    column: str | None = Field(
        default=None, max_length=100, description="Member column for proportional/sqrt targets."
    )
    values: list[float] | None = Field(default=None, max_length=2000)
    index: str = Field(default="banzhaf", max_length=50)
    distance: str = Field(default="max_abs", max_length=30)
    total_weight: int | None = Field(default=None, ge=1, le=10**7)
    quota: str | None = Field(default=None, max_length=50)
    method: str = Field(default="auto", max_length=30)
    min_decisiveness: str | None = Field(
        default=None,
        max_length=30,
        description="Choose the closest rule letting at least this share of coalitions pass "
        "(e.g. '10%'); without it no rule is chosen, the frontier is the answer.",
    )
    bounds: float | None = Field(
        default=None,
        gt=0,
        le=10,
        description="Tie weights to the target's values: each within this relative distance "
        "of proportional (0.2 = +-20%); proportional and sqrt targets only.",
    )
    max_seconds: float = Field(default=30.0, gt=0, le=3600)


class SettleRequest(BaseModel):
    """A settlement problem, as a demands file (see ``powershare.design.demands``)."""

    model_config = ConfigDict(extra="forbid")
    problem: dict[str, Any] | None = Field(default=None, description="The demands as a mapping.")
    text: str | None = Field(
        default=None, max_length=500_000, description="Or the demands file's YAML/JSON text."
    )
    top: int = Field(default=10, ge=1, le=100)
    max_seconds: float = Field(default=60.0, gt=0, le=3600)


def _weighted(result: ScenarioFile, what: str) -> WeightedGame:
    if not isinstance(result.game, WeightedGame):
        raise InvalidInputError(
            f"the {what} is computed for single-quota (weighted) rules; this rule is compound"
        )
    return result.game


def _populations(
    data: dict[str, Any], names: tuple[str, ...]
) -> tuple[Fraction | None, ...] | None:
    rows = service.rows_by_name(data)
    if not any("population" in row for row in rows.values()):
        return None
    out: list[Fraction | None] = []
    for name in names:
        value = rows.get(name, {}).get("population")
        out.append(
            None if value in (None, "") else parse_exact(value, what=f"population of {name!r}")
        )
    return tuple(out)


def audit_scenario(scenario: ScenarioIn, result: ScenarioFile) -> AuditScenario:
    """The library's :class:`~powershare.audit.AuditScenario` of an edited scenario."""
    data = scenario.mapping()
    pops = _populations(data, result.game.names)
    fields: dict[str, Any] = {
        "name": slug(scenario.name),
        "title": scenario.name or "Scenario",
        "game": result.game,
        "populations": pops,
        "populations_are_counts": pops is None
        or all(p is None or p.denominator == 1 for p in pops),
        "blocs": None if result.blocs is None else {k: tuple(v) for k, v in result.blocs.items()},
        "caveats": tuple(x for x in (scenario.description,) if x),
        "sources": (("scenario", scenario.source),) if scenario.source else (),
    }
    # a scenario edited from a shipped dataset keeps its caveats, sources, population label and
    # comparisons (re-based on the edited weights), as the CLI's audit of the dataset has them
    fields.update(service.dataset_audit_extras(scenario, result))
    return AuditScenario(**fields)


def curve_work(req: CurveRequest, settings: service.Settings) -> dict[str, Any]:
    """The quota curve of a request (runs in a worker)."""
    game = _weighted(service.build(req.scenario, settings), "quota curve")
    return curve(game, max_points=req.max_points, index=req.index).to_dict()


def what_if_work(req: WhatIfRequest, settings: service.Settings) -> dict[str, Any]:
    """The what-if table of a request (runs in a worker)."""
    game = _weighted(service.build(req.scenario, settings), "what-if table")
    return what_if_table(game, index=req.index).to_dict()


def report_work(req: ReportRequest, settings: service.Settings) -> tuple[str, str, str]:
    """The audit report's text, media type and file name (runs in a worker)."""
    result = service.build(req.scenario, settings)
    a = audit(audit_scenario(req.scenario, result))
    name = slug(req.scenario.name)
    if req.format == "markdown":
        return to_markdown(a), "text/markdown", f"{name}-audit.md"
    if req.format == "json":
        return json.dumps(a.to_dict(), indent=2), "application/json", f"{name}-audit.json"
    return to_html(a), "text/html", f"{name}-audit.html"


@router.post("/audit/quota-curve", responses=ERRORS)
async def quota_curve(
    req: CurveRequest, settings: SettingsDep, runner: RunnerDep
) -> dict[str, Any]:
    """Exact power of every member at each quota (the sensitivity curve)."""
    return await runner.run_in_process(settings.max_seconds, curve_work, req, settings)


@router.post("/audit/what-if", responses=ERRORS)
async def what_if(req: WhatIfRequest, settings: SettingsDep, runner: RunnerDep) -> dict[str, Any]:
    """The what-if table: each member leaves, pairs merge, a seat moves."""
    return await runner.run_in_process(settings.max_seconds, what_if_work, req, settings)


@router.post("/audit/report.html", responses=ERRORS, response_class=Response)
async def report(req: ReportRequest, settings: SettingsDep, runner: RunnerDep) -> Response:
    """The power-sharing audit as a self-contained HTML report (or Markdown, or JSON)."""
    text, media, filename = await runner.run_in_process(
        settings.max_seconds * 3, report_work, req, settings
    )
    response = attachment(text, media, filename)
    response.headers["content-security-policy"] = REPORT_CSP
    return response


# -- background jobs --------------------------------------------------------------------------
def design_target(
    req: DesignRequest, settings: service.Settings
) -> tuple[tuple[str, ...], tuple[float, ...], list[object] | None]:
    """The members' names, the target and the target's raw values (``None`` for equal) of a
    design request, checked (runs in a worker)."""
    result = service.build(req.scenario, settings)
    names = result.game.names
    values: list[object] | None = None
    if req.target.strip().lower() in ("proportional", "sqrt", "square_root", "penrose"):
        column = req.column or "population"
        rows = service.rows_by_name(req.scenario.mapping())
        values = [rows.get(n, {}).get(column) for n in names]
        if any(v in (None, "") for v in values):
            missing = [n for n, v in zip(names, values, strict=True) if v in (None, "")]
            raise InvalidInputError(
                f"a {req.target} target needs the column {column!r} for every member; missing "
                f"for {', '.join(missing[:5])}"
            )
    elif req.values is not None:
        values = list(req.values)
    if req.bounds is not None and values is None:
        raise InvalidInputError(
            "bounds tie the weights to the target's values; give a proportional, sqrt or "
            "explicit target"
        )
    return names, make_target(req.target, len(names), values), values


@router.post("/jobs/design", responses=ERRORS)
async def start_design(
    req: DesignRequest, settings: SettingsDep, jobs: JobsDep, runner: RunnerDep, client: ClientDep
) -> dict[str, Any]:
    """Start the design frontier (``design_frontier``) as a job; poll ``/api/jobs/{id}``.

    The result is the JSON of ``powershare design --json`` (:meth:`Frontier.to_dict`):
    ``frontier`` (``weights``, ``quota``, ``rule``, ``distance``, ``decisiveness``,
    ``vetoes``, ``blocking`` of each rule), ``chosen`` (under ``min_decisiveness``, else
    ``null``), ``tradeoff``, ``proven``, ``searched``.  The queue is bounded: 429 ``busy`` when
    this client or the server has its most jobs.
    """
    names, target, values = await runner.run_in_process(
        settings.max_seconds, design_target, req, settings
    )

    def work(progress: ProgressFn) -> dict[str, Any]:
        lo = hi = None
        if req.bounds is not None and values is not None:
            lo, hi = bounds_around(values, req.total_weight or 10_000, req.bounds)
        found = design_frontier(
            target,
            names=names,
            index=req.index,
            distance=req.distance,
            total_weight=req.total_weight,
            min_weight=lo,
            max_weight=hi,
            quota=req.quota,
            method=req.method,
            min_decisiveness=req.min_decisiveness,
            max_seconds=req.max_seconds,
            progress=progress,
        )
        return found.to_dict()

    return jobs.submit("design", work, client=client).to_dict()


def settle_problem(req: SettleRequest, settings: service.Settings) -> Any:
    """The settlement problem of a request, read and checked (runs in a worker)."""
    if (req.problem is None) == (req.text is None):
        raise InvalidInputError("give the demands either as 'problem' (a mapping) or as 'text'")
    data: Any = req.problem
    try:
        if req.text is not None:
            # the one bounded reader: nesting, aliases and digits are refused while parsing
            data = parse_data(req.text, source="demands", is_json=False)
        service.check_expansion(data, "demands")
        problem = problem_from_data(data, "demands")
    except RecursionError:
        raise InvalidInputError("the demands are nested too deeply") from None
    if problem.n > settings.max_members:
        raise service.TooLargeError(
            f"the settlement has {problem.n} members; this server allows at most "
            f"{settings.max_members}"
        )
    return problem


@router.post("/jobs/settle", responses=ERRORS)
async def start_settle(
    req: SettleRequest, settings: SettingsDep, jobs: JobsDep, runner: RunnerDep, client: ClientDep
) -> dict[str, Any]:
    """Start the settlement search (``settle``) as a job; poll ``/api/jobs/{id}``.

    The result is the JSON of ``powershare settle --json`` (:meth:`SettlementResult.to_dict`):
    ``results`` (``seats``, ``rule``, ``descriptions``, ``shares``, ``decisiveness``,
    ``vetoes``, ``blocking``, ``weighted_vote``, ``scenario`` of each game), ``evaluated``,
    ``total``, ``complete``, and ``conflict`` when no rule meets every demand.  The queue
    is bounded: 429 ``busy`` when this client or the server has its most jobs.
    """
    problem = await runner.run_in_process(settings.max_seconds, settle_problem, req, settings)

    def work(progress: ProgressFn) -> dict[str, Any]:
        return settle(
            problem, top=req.top, max_seconds=req.max_seconds, progress=progress
        ).to_dict()

    return jobs.submit("settle", work, client=client).to_dict()
