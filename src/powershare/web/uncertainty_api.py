"""Routes of power under uncertainty (:mod:`powershare.uncertainty`): a body whose seats are
ranges, distributions or the outcome of a poll, analysed exactly (every seat outcome
enumerated, when there are few) or by drawing seat outcomes.

* ``GET /api/uncertainty``: what the panel offers (kinds of range, apportionment methods,
  limits);
* ``POST /api/uncertainty/analyse``: the analysis at once, in a worker process under the
  server's time budget (stopped past it), for small work;
* ``POST /api/jobs/uncertainty``: the same as a background job with progress (draws done) and
  cancel, in the bounded job queue, stopped after its own ``max_seconds``.

Both read and check the scenario in a worker under the budget first, and refuse a body whose
single seat outcome would already be too costly to count (huge seat totals).  The analysis
itself is :func:`powershare.uncertainty.analyse_uncertain`, kept in this process (one worker,
never a Dask cluster); the answer is :meth:`UncertaintyResult.to_dict` plus ``seconds``.

>>> from powershare.web.service import Settings
>>> from powershare.web.models import UncertaintyRequest
>>> req = UncertaintyRequest(scenario={"members": [{"name": "A", "seats": [3, 6]},
...     {"name": "B", "seats": 3}, {"name": "C", "seats": 2}], "rule": {"quota": "2/3"}})
>>> out = analyse_work(req, Settings())
>>> out["exact"], out["draws"], out["members"][0]["p_veto_exact"]
(True, 4, '1')
"""

from __future__ import annotations

import json
import time
from typing import Any

from fastapi import APIRouter

from powershare.apportion import METHOD_NAMES
from powershare.errors import InvalidInputError, PowershareError
from powershare.uncertainty import (
    EXACT_LIMIT,
    UncertainScenario,
    UncertaintyResult,
    analyse_uncertain,
    scenario_from_mapping,
)
from powershare.uncertainty.distributions import KINDS, Distribution
from powershare.web import service
from powershare.web.deps import ERRORS, ClientDep, JobsDep, RunnerDep, SettingsDep
from powershare.web.jobs import ProgressFn
from powershare.web.models import UncertaintyRequest
from powershare.web.runner import BudgetExceededError

__all__ = ["UncertaintyBudgetError", "analyse_work", "read_scenario", "router"]

router = APIRouter(prefix="/api")

CHUNK = 500
"""Draws per task (the library's default chunk): progress is reported after each."""
JOB_SECONDS = 300.0
"""A background job's time limit when the request gives none."""
MAX_TOTAL_SEATS = 1_000_000
"""Largest total of seats one outcome may reach (the counting kernel's table grows with it)."""
MAX_OUTCOME_WORK = 4 * 10**8
"""Largest ``members**2 * total seats`` of one outcome (about a second of counting)."""


class UncertaintyBudgetError(BudgetExceededError):
    """The analysis did not finish within its time budget; the message says what to change.

    Examples
    --------
    >>> err = UncertaintyBudgetError(10.0, "fewer draws")
    >>> err.budget, err.approximable, str(err).endswith("fewer draws")
    (10.0, False, True)
    """

    def __init__(self, budget: float, advice: str) -> None:
        PowershareError.__init__(
            self, f"the analysis did not finish within its time budget of {budget:g} s; {advice}"
        )
        self.budget = budget
        self.approximable = False


def options() -> dict[str, Any]:
    """What an uncertain scenario may hold, and the limits of this server's analysis.

    Examples
    --------
    >>> o = options()
    >>> "triangular" in o["kinds"], "dhondt" in o["methods"], o["exact_limit"]
    (True, True, 20000)
    """
    return {
        "kinds": list(KINDS),
        "methods": list(METHOD_NAMES),
        "intervals": ["wilson", "clopper-pearson"],
        "exact_limit": EXACT_LIMIT,
        "max_draws": 200_000,
        "chunk": CHUNK,
    }


def _largest(d: Distribution) -> float:
    # normal: (mean, sd, low, high), truncated to [low, high]; every other kind lists values
    return d.params[3] if d.kind == "normal" else max(d.params)


def largest_total(scenario: UncertainScenario) -> int:
    """The most seats one outcome of ``scenario`` can have in total (an upper bound).

    Examples
    --------
    >>> s = scenario_from_mapping({"members": [{"name": "A", "seats": [1, 6]},
    ...     {"name": "B", "seats": {"triangular": [1, 2, 4]}}], "rule": {"quota": "majority"}})
    >>> largest_total(s)
    11
    """
    total = 0.0
    for m in scenario.members:
        if m.seats is not None:
            total += _largest(m.seats) + 0.5  # continuous draws are rounded
    if scenario.apportionment is not None:
        total += scenario.apportionment.seats
    if scenario.poll is not None:
        total += scenario.poll.rule.seats
    return int(total)


def read_scenario(req: UncertaintyRequest, settings: service.Settings) -> UncertainScenario:
    """The request's uncertain scenario, read and checked (runs in a worker).

    Raises
    ------
    ParseError, InvalidInputError
        The library's message, naming the key and the value.
    TooLargeError
        More members than the server allows, or outcomes too costly to count.
    """
    data = dict(req.scenario)
    try:
        json.dumps(data, allow_nan=False)
    except ValueError:
        raise InvalidInputError("scenario: numbers must be finite (no NaN or infinity)") from None
    service.check_expansion(data, "scenario")
    if req.index is not None:
        data["index"] = req.index
    try:
        scenario = scenario_from_mapping(data, source="scenario")
    except RecursionError:
        raise InvalidInputError("the scenario is nested too deeply") from None
    n = len(scenario.names)
    if n > settings.max_members:
        raise service.TooLargeError(
            f"the scenario has {n} members; this server allows at most {settings.max_members}"
        )
    total = largest_total(scenario)
    if total > MAX_TOTAL_SEATS or n * n * total > MAX_OUTCOME_WORK:
        raise service.TooLargeError(
            f"an outcome may have up to {total:,} seats among {n} members: too costly to count "
            f"once per outcome here (at most {MAX_TOTAL_SEATS:,} seats and members^2 x seats "
            f"<= {MAX_OUTCOME_WORK:,}); use fewer, larger units of seats"
        )
    return scenario


def _answer(result: UncertaintyResult, started: float) -> dict[str, Any]:
    return {**result.to_dict(), "seconds": round(time.monotonic() - started, 3)}


def analyse_work(req: UncertaintyRequest, settings: service.Settings) -> dict[str, Any]:
    """The analysis of a request, at once (runs in a worker process under the budget)."""
    started = time.monotonic()
    scenario = read_scenario(req, settings)
    result = analyse_uncertain(
        scenario,
        draws=req.draws,
        seed=req.seed,
        level=req.level,
        interval=req.interval,
        exact=req.exact,
        workers=1,
    )
    return _answer(result, started)


@router.get("/uncertainty")
def uncertainty_options() -> dict[str, Any]:
    """Kinds of uncertain seats, apportionment methods for polls, and the limits."""
    return options()


@router.post("/uncertainty/analyse", responses=ERRORS)
async def analyse(
    req: UncertaintyRequest, settings: SettingsDep, runner: RunnerDep
) -> dict[str, Any]:
    """Power under uncertainty, at once (under the server's time budget).

    Each member's power (mean, median, central interval at ``level``), the probability of a
    veto and of being a dummy with their intervals, the probability of an improper rule,
    of each group of allies blocking and of each demand; ``exact`` true when every outcome
    was enumerated (then ``p_veto_exact`` is a fraction), else from ``draws`` draws.  Past the
    budget: 422 ``time_budget``; run it as a job (``/api/jobs/uncertainty``) instead.
    """
    budget = settings.budget(req.max_seconds)
    try:
        return await runner.run_in_process(budget, analyse_work, req, settings)
    except BudgetExceededError:
        raise UncertaintyBudgetError(
            budget,
            "ask for fewer draws, or run it as a background job (POST /api/jobs/uncertainty)",
        ) from None


@router.post("/jobs/uncertainty", responses=ERRORS)
async def start_uncertainty(
    req: UncertaintyRequest,
    settings: SettingsDep,
    jobs: JobsDep,
    runner: RunnerDep,
    client: ClientDep,
) -> dict[str, Any]:
    """Start the analysis as a background job; poll ``/api/jobs/{id}``.

    Progress counts draws (an exact enumeration reports once, at its start, and cannot be
    cancelled midway: it has at most ``exact_limit`` outcomes).  The job stops after
    ``max_seconds`` (default 300).  The result is that of ``/api/uncertainty/analyse``.  The
    queue is bounded: 429 ``busy`` when this client or the server has its most jobs.
    """
    scenario = await runner.run_in_process(settings.max_seconds, read_scenario, req, settings)
    limit = req.max_seconds or JOB_SECONDS

    def work(progress: ProgressFn) -> dict[str, Any]:
        started = time.monotonic()
        size = scenario.space_size()
        if req.exact is not False and size is not None and size <= EXACT_LIMIT:
            progress(0, None, f"enumerating all {size:,} seat outcomes exactly")

        def report(done: int, total: int) -> None:
            if time.monotonic() - started > limit:
                raise UncertaintyBudgetError(limit, "ask for fewer draws or a longer limit")
            drawn = min(done * CHUNK, req.draws)
            progress(drawn, req.draws, f"{drawn:,} of {req.draws:,} draws")

        result = analyse_uncertain(
            scenario,
            draws=req.draws,
            seed=req.seed,
            level=req.level,
            interval=req.interval,
            exact=req.exact,
            workers=1,
            progress=report,
            chunk_size=CHUNK,
        )
        return _answer(result, started)

    return jobs.submit("uncertainty", work, client=client).to_dict()
