"""The JSON API: datasets, scenarios, power, structure, comparison, downloads and the store.

Every route parses its request (pydantic), calls the library through the runner (a worker
process, or thread) under the server's time budget and limits, and returns the library's own
JSON forms.  Reading and checking a scenario counts as work: it runs under the budget too.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from powershare import __version__
from powershare.errors import UnknownNameError
from powershare.web import service
from powershare.web.deps import ERRORS, RunnerDep, SettingsDep, StoreDep, attachment, slug
from powershare.web.models import (
    CompareRequest,
    MembersRequest,
    ParseRequest,
    PowerRequest,
    SaveRequest,
    ScenarioIn,
    StructureRequest,
)
from powershare.web.store import ScenarioNotFoundError

__all__ = ["router"]

router = APIRouter(prefix="/api")
Name = Annotated[
    str,
    Path(
        min_length=1,
        max_length=200,
        description="Saved scenario name (URL-encoded; it may contain slashes).",
    ),
]


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
def limits(s: SettingsDep) -> dict[str, Any]:
    """This server's limits (time budget, members, request size)."""
    return {
        "max_seconds": s.max_seconds,
        "max_bytes": s.max_bytes,
        "max_members": s.max_members,
        "max_request_bytes": s.max_request_bytes,
    }


# -- scenarios --------------------------------------------------------------------------------
@router.post("/scenario/parse", responses=ERRORS)
async def parse(req: ParseRequest, settings: SettingsDep, runner: RunnerDep) -> dict[str, Any]:
    """Read a scenario file's text (YAML or JSON); errors give the key path and line."""
    return await runner.run_in_process(
        settings.max_seconds, service.parse_text, req.text, req.format, req.filename, settings
    )


@router.post("/members/parse", responses=ERRORS)
async def parse_members(
    req: MembersRequest, settings: SettingsDep, runner: RunnerDep
) -> dict[str, Any]:
    """Read pasted rows or a CSV file (any header, comma/semicolon/tab) into members."""
    return await runner.run_in_process(
        settings.max_seconds, service.parse_members, req.text, req.filename, settings
    )


async def checked(
    scenario: ScenarioIn, settings: SettingsDep, runner: RunnerDep, source: str = "scenario"
) -> dict[str, Any]:
    """Validate a scenario by the library under the time budget: what its rule is."""
    return await runner.run_in_process(
        settings.max_seconds, service.check_plain, scenario.mapping(), settings, source
    )


@router.post("/scenario/check", responses=ERRORS)
async def check(scenario: ScenarioIn, settings: SettingsDep, runner: RunnerDep) -> dict[str, Any]:
    """Validate a scenario and say what its rule is."""
    return await checked(scenario, settings, runner)


# -- computations -----------------------------------------------------------------------------
@router.post("/power", responses=ERRORS)
async def power(req: PowerRequest, settings: SettingsDep, runner: RunnerDep) -> dict[str, Any]:
    """The power of every member (library: ``power_table``), with seat and population shares.

    Work estimated above the time budget is refused up front (422 ``resource_limit`` with the
    estimate); resend with ``approximate`` to estimate Banzhaf and Shapley-Shubik by Monte Carlo.
    """
    budget = settings.budget(req.max_seconds)
    return await runner.run_in_process(
        budget,
        service.compute_power_plain,
        req.scenario.mapping(),
        req.indices,
        req.method,
        req.exact,
        budget,
        settings,
        None if req.approximate is None else req.approximate.model_dump(),
        approximable=True,
    )


@router.post("/structure", responses=ERRORS)
async def structure(
    req: StructureRequest, settings: SettingsDep, runner: RunnerDep
) -> dict[str, Any]:
    """Minimal winning and blocking coalitions, veto players, dummies, dictator, order."""
    return await runner.run_in_process(
        settings.max_seconds,
        service.compute_structure_plain,
        req.scenario.mapping(),
        req.limit,
        settings,
    )


@router.post("/compare", responses=ERRORS)
async def compare(req: CompareRequest, settings: SettingsDep, runner: RunnerDep) -> dict[str, Any]:
    """Two scenarios side by side (each as ``/api/power`` gives it)."""
    budget = settings.budget(req.max_seconds)
    return await runner.run_in_process(
        budget,
        service.compare_plain,
        req.a.mapping(),
        req.b.mapping(),
        req.indices,
        budget,
        settings,
        None if req.approximate is None else req.approximate.model_dump(),
        approximable=True,
    )


# -- downloads --------------------------------------------------------------------------------
@router.post("/export/scenario.yaml", responses=ERRORS, response_class=Response)
async def export_yaml(scenario: ScenarioIn, settings: SettingsDep, runner: RunnerDep) -> Response:
    """The scenario as a YAML file (the schema ``powershare power FILE`` reads)."""
    await checked(scenario, settings, runner)  # only valid scenarios are written
    data = scenario.stored()  # scenario_yaml names the dataset in a comment
    return attachment(
        service.scenario_yaml(data), "application/yaml", f"{slug(scenario.name)}.yaml"
    )


@router.post("/export/scenario.json", responses=ERRORS, response_class=Response)
async def export_json(scenario: ScenarioIn, settings: SettingsDep, runner: RunnerDep) -> Response:
    """The scenario as a JSON file (same schema as YAML)."""
    await checked(scenario, settings, runner)
    text = json.dumps(scenario.mapping(), indent=2, ensure_ascii=False)
    return attachment(text + "\n", "application/json", f"{slug(scenario.name)}.json")


@router.post("/export/results.json", responses=ERRORS, response_class=Response)
async def export_results_json(
    req: PowerRequest, settings: SettingsDep, runner: RunnerDep
) -> Response:
    """The power table as JSON (as ``powershare power --json --exact``), with the scenario."""
    data = await power(req, settings, runner)
    data["scenario"] = req.scenario.mapping()
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return attachment(text + "\n", "application/json", f"{slug(req.scenario.name)}-power.json")


@router.post("/export/results.csv", responses=ERRORS, response_class=Response)
async def export_results_csv(
    req: PowerRequest, settings: SettingsDep, runner: RunnerDep
) -> Response:
    """The power table as CSV, one row per member."""
    data = await power(req, settings, runner)
    return attachment(service.table_csv(data), "text/csv", f"{slug(req.scenario.name)}-power.csv")


# -- saved scenarios --------------------------------------------------------------------------
@router.get("/scenarios")
def saved(store: StoreDep) -> list[dict[str, Any]]:
    """The saved scenarios, most recently changed first."""
    return [vars(s) for s in store.summaries()]


# Names may contain slashes ({name:path}): the routes with a suffix come first, and the
# store refuses names ending in one of these suffixes.
@router.get(
    "/scenarios/{name:path}/download.yaml",
    responses={404: {"description": "Not saved."}},
    response_class=Response,
)
def download_saved(
    name: Name,
    store: StoreDep,
    version: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> Response:
    """A saved scenario as a YAML file."""
    stored = store.get(name, version)
    return attachment(
        service.scenario_yaml(stored.data), "application/yaml", f"{slug(stored.name)}.yaml"
    )


@router.get("/scenarios/{name:path}/versions", responses={404: {"description": "Not saved."}})
def versions(name: Name, store: StoreDep) -> list[dict[str, Any]]:
    """The kept versions of a saved scenario, newest first."""
    return [vars(v) for v in store.versions(name)]


@router.post("/scenarios/{name:path}/undo", responses={404: {"description": "Nothing to undo."}})
def undo(name: Name, store: StoreDep) -> dict[str, Any]:
    """Go back to the version before the current one (undo an overwrite)."""
    return store.undo(name).to_dict()


@router.post(
    "/scenarios/{name:path}/restore/{version}", responses={404: {"description": "No such version."}}
)
def restore(
    name: Name, version: Annotated[int, Path(ge=1, le=2**62)], store: StoreDep
) -> dict[str, Any]:
    """Make a kept version current again."""
    return store.restore(name, version).to_dict()


@router.get("/scenarios/{name:path}", responses={404: {"description": "Not saved."}})
def load(
    name: Name,
    store: StoreDep,
    version: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> dict[str, Any]:
    """A saved scenario (its current version, or the one asked for)."""
    return store.get(name, version).to_dict()


@router.put("/scenarios/{name:path}", responses=ERRORS)
async def save(
    name: Name, req: SaveRequest, settings: SettingsDep, store: StoreDep, runner: RunnerDep
) -> dict[str, Any]:
    """Save a scenario as a new version (atomically); the old versions are kept."""
    await checked(req.scenario, settings, runner, name)  # only valid scenarios are saved
    stored = await run_in_threadpool(store.save, name, req.scenario.stored())
    return {k: v for k, v in stored.to_dict().items() if k != "scenario"}


@router.delete("/scenarios/{name:path}", responses={404: {"description": "Not saved."}})
def delete(name: Name, store: StoreDep) -> dict[str, Any]:
    """Delete a saved scenario and its versions."""
    return {"name": name, "deleted_versions": store.delete(name)}
