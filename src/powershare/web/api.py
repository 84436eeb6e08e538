"""The JSON API: datasets, scenarios, power, structure, comparison, downloads and the store.

Every route parses its request (pydantic), calls the library in a worker thread under the
server's limits, and returns the library's own JSON forms.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from powershare import __version__
from powershare.errors import UnknownNameError
from powershare.web import service
from powershare.web.app import state
from powershare.web.models import (
    CompareRequest,
    ParseRequest,
    PowerRequest,
    SaveRequest,
    ScenarioIn,
    StructureRequest,
)
from powershare.web.store import ScenarioNotFoundError

__all__ = ["attachment", "router"]

router = APIRouter(prefix="/api")
Name = Annotated[str, Path(min_length=1, max_length=200, description="Saved scenario name.")]

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad input; the message names the value and what is allowed."},
    413: {"description": "Too large (request body or members)."},
    422: {
        "description": "Invalid request, or work refused for its cost (resource_limit, "
        "time_budget: resend with 'approximate')."
    },
}


def attachment(content: str | bytes, media_type: str, filename: str) -> Response:
    """A download response."""
    return Response(
        content,
        media_type=media_type,
        headers={
            "content-disposition": f'attachment; filename="{filename}"',
            "cache-control": "no-store",
        },
    )


def slug(name: str | None, default: str = "scenario") -> str:
    """A file-name-safe form of a scenario name."""
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", (name or "").strip()).strip("-.")[:60]
    return text or default


# -- about ------------------------------------------------------------------------------------
@router.get("/health")
def health() -> dict[str, str]:
    """The server is up."""
    return {"status": "ok", "version": __version__}


@router.get("/datasets")
def datasets() -> list[dict[str, str]]:
    """The real bodies shipped with powershare."""
    return service.datasets_list()


@router.get("/datasets/{name}", responses={404: {"description": "No such dataset."}})
def dataset(name: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """A shipped body as an editable scenario, with its sources and caveats."""
    try:
        return service.dataset_scenario(name)
    except UnknownNameError as exc:
        raise ScenarioNotFoundError(str(exc)) from None


@router.get("/indices")
def indices() -> list[dict[str, Any]]:
    """The power indices that can be asked for."""
    return service.indices_list()


@router.get("/methods")
def methods() -> list[dict[str, Any]]:
    """The registered counting methods."""
    return service.methods_list()


@router.get("/limits")
def limits(request: Request) -> dict[str, Any]:
    """This server's limits (time budget, members, request size)."""
    s = state(request).settings
    return {
        "max_seconds": s.max_seconds,
        "max_bytes": s.max_bytes,
        "max_members": s.max_members,
        "max_request_bytes": s.max_request_bytes,
    }


# -- scenarios --------------------------------------------------------------------------------
@router.post("/scenario/parse", responses=ERRORS)
def parse(req: ParseRequest, request: Request) -> dict[str, Any]:
    """Read a scenario file's text (YAML or JSON); errors give the key path and line."""
    return service.parse_text(req.text, req.format, req.filename, state(request).settings)


@router.post("/scenario/check", responses=ERRORS)
def check(scenario: ScenarioIn, request: Request) -> dict[str, Any]:
    """Validate a scenario and say what its rule is."""
    return service.describe(service.build(scenario, state(request).settings))


# -- computations -----------------------------------------------------------------------------
@router.post("/power", responses=ERRORS)
async def power(req: PowerRequest, request: Request) -> dict[str, Any]:
    """The power of every member (library: ``power_table``), with seat and population shares.

    Work estimated above the time budget is refused up front (422 ``resource_limit`` with the
    estimate); resend with ``approximate`` to estimate Banzhaf and Shapley-Shubik by Monte Carlo.
    """
    st = state(request)
    budget = st.settings.budget(req.max_seconds)
    return await st.runner.run_in_process(
        budget,
        service.compute_power_plain,
        req.scenario.mapping(),
        req.indices,
        req.method,
        req.exact,
        budget,
        st.settings,
        None if req.approximate is None else req.approximate.model_dump(),
    )


@router.post("/structure", responses=ERRORS)
async def structure(req: StructureRequest, request: Request) -> dict[str, Any]:
    """Minimal winning and blocking coalitions, veto players, dummies, dictator, order."""
    st = state(request)
    budget = st.settings.max_seconds
    return await st.runner.run(
        budget, lambda: service.compute_structure(req.scenario, req.limit, st.settings)
    )


@router.post("/compare", responses=ERRORS)
async def compare(req: CompareRequest, request: Request) -> dict[str, Any]:
    """Two scenarios side by side (each as ``/api/power`` gives it)."""
    st = state(request)
    budget = st.settings.budget(req.max_seconds)

    def both() -> dict[str, Any]:
        out = {}
        for key, sc in (("a", req.a), ("b", req.b)):
            out[key] = service.compute_power(
                sc,
                req.indices,
                method="auto",
                exact=True,
                budget=budget / 2,
                settings=st.settings,
                approximate=req.approximate,
            )
        return out

    return await st.runner.run(budget, both)


# -- downloads --------------------------------------------------------------------------------
@router.post("/export/scenario.yaml", responses=ERRORS, response_class=Response)
def export_yaml(scenario: ScenarioIn, request: Request) -> Response:
    """The scenario as a YAML file (the schema ``powershare power FILE`` reads)."""
    service.build(scenario, state(request).settings)  # only valid scenarios are written
    data = scenario.mapping()
    return attachment(
        service.scenario_yaml(data), "application/yaml", f"{slug(scenario.name)}.yaml"
    )


@router.post("/export/scenario.json", responses=ERRORS, response_class=Response)
def export_json(scenario: ScenarioIn, request: Request) -> Response:
    """The scenario as a JSON file (same schema as YAML)."""
    service.build(scenario, state(request).settings)
    text = json.dumps(scenario.mapping(), indent=2, ensure_ascii=False)
    return attachment(text + "\n", "application/json", f"{slug(scenario.name)}.json")


@router.post("/export/results.json", responses=ERRORS, response_class=Response)
async def export_results_json(req: PowerRequest, request: Request) -> Response:
    """The power table as JSON (as ``powershare power --json --exact``), with the scenario."""
    data = await power(req, request)
    data["scenario"] = req.scenario.mapping()
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return attachment(text + "\n", "application/json", f"{slug(req.scenario.name)}-power.json")


@router.post("/export/results.csv", responses=ERRORS, response_class=Response)
async def export_results_csv(req: PowerRequest, request: Request) -> Response:
    """The power table as CSV, one row per member."""
    data = await power(req, request)
    return attachment(service.table_csv(data), "text/csv", f"{slug(req.scenario.name)}-power.csv")


# -- saved scenarios --------------------------------------------------------------------------
@router.get("/scenarios")
def saved(request: Request) -> list[dict[str, Any]]:
    """The saved scenarios, most recently changed first."""
    return [vars(s) for s in state(request).store.summaries()]


@router.get("/scenarios/{name}", responses={404: {"description": "Not saved."}})
def load(
    name: Name,
    request: Request,
    version: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> dict[str, Any]:
    """A saved scenario (its current version, or the one asked for)."""
    return state(request).store.get(name, version).to_dict()


@router.put("/scenarios/{name}", responses=ERRORS)
def save(name: Name, req: SaveRequest, request: Request) -> dict[str, Any]:
    """Save a scenario as a new version (atomically); the old versions are kept."""
    st = state(request)
    service.build(req.scenario, st.settings, source=name)  # only valid scenarios are saved
    stored = st.store.save(name, req.scenario.mapping())
    return {k: v for k, v in stored.to_dict().items() if k != "scenario"}


@router.delete("/scenarios/{name}", responses={404: {"description": "Not saved."}})
def delete(name: Name, request: Request) -> dict[str, Any]:
    """Delete a saved scenario and its versions."""
    return {"name": name, "deleted_versions": state(request).store.delete(name)}


@router.get("/scenarios/{name}/versions", responses={404: {"description": "Not saved."}})
def versions(name: Name, request: Request) -> list[dict[str, Any]]:
    """The kept versions of a saved scenario, newest first."""
    return [vars(v) for v in state(request).store.versions(name)]


@router.post("/scenarios/{name}/undo", responses={404: {"description": "Nothing to undo."}})
def undo(name: Name, request: Request) -> dict[str, Any]:
    """Go back to the version before the current one (undo an overwrite)."""
    return state(request).store.undo(name).to_dict()


@router.post(
    "/scenarios/{name}/restore/{version}", responses={404: {"description": "No such version."}}
)
def restore(
    name: Name, version: Annotated[int, Path(ge=1, le=2**62)], request: Request
) -> dict[str, Any]:
    """Make a kept version current again."""
    return state(request).store.restore(name, version).to_dict()


@router.get(
    "/scenarios/{name}/download.yaml",
    responses={404: {"description": "Not saved."}},
    response_class=Response,
)
def download_saved(
    name: Name,
    request: Request,
    version: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> Response:
    """A saved scenario as a YAML file."""
    stored = state(request).store.get(name, version)
    return attachment(
        service.scenario_yaml(stored.data), "application/yaml", f"{slug(stored.name)}.yaml"
    )
