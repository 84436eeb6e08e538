"""Power under uncertainty: the distribution of each member's power and the probabilities of
a veto, of being a dummy, of blocking with allies, of an improper rule and of each demand.

:func:`analyse_uncertain` enumerates the scenario space exactly when it is finite and small
(at most ``exact_limit`` seat vectors: exact ``Fraction`` probabilities, ``exact`` true), and
otherwise draws ``draws`` scenarios (reproducibly from ``seed``) with a confidence interval
for every probability (Wilson 1927 by default, or Clopper & Pearson 1934).  The power interval
of a member is the central ``level`` interval of its power across the scenarios (quantiles by
the inverted distribution function), not a confidence interval.

>>> from powershare.uncertainty.model import scenario_from_mapping
>>> s = scenario_from_mapping({"members": [{"name": "A", "seats": [1, 6]},
...                                        {"name": "B", "seats": 3}, {"name": "C", "seats": 2}],
...                            "rule": {"quota": "2/3"}})
>>> r = analyse_uncertain(s)
>>> r.exact, r.draws, r.members[0].p_veto.value
(True, 6, Fraction(2, 3))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from powershare.errors import InvalidInputError
from powershare.games.display import Displayable, TableData, new_axes, plural
from powershare.uncertainty.draws import enumerate_seats
from powershare.uncertainty.engine import Cell, Plan, Progress, Run, run_plan
from powershare.uncertainty.evaluate import Evaluator, VectorFacts
from powershare.uncertainty.model import UncertainScenario
from powershare.uncertainty.stats import Probability, check_level, probability, quantiles

__all__ = [
    "EXACT_LIMIT",
    "MemberSummary",
    "Spread",
    "UncertaintyResult",
    "analyse_uncertain",
    "summarise_arrays",
]

EXACT_LIMIT = 20_000
"""Finite scenario spaces up to this many seat vectors are enumerated exactly by default."""


@dataclass(frozen=True)
class Spread:
    """Mean, median and central interval of a quantity across scenarios."""

    mean: float
    median: float
    low: float
    high: float
    exact_mean: Fraction | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        out: dict[str, Any] = {
            "mean": self.mean,
            "median": self.median,
            "low": self.low,
            "high": self.high,
        }
        if self.exact_mean is not None:
            out["mean_exact"] = str(self.exact_mean)
        return out


@dataclass(frozen=True)
class MemberSummary:
    """One member: power per index, seats, and the veto and dummy probabilities."""

    name: str
    power: dict[str, Spread]
    seats: Spread
    p_veto: Probability
    p_dummy: Probability


@dataclass(frozen=True, repr=False)
class UncertaintyResult(Displayable):
    """What :func:`analyse_uncertain` found.

    Attributes
    ----------
    members
        Per member summaries.
    indices
        The indices summarised; the first is the headline (``mean``/``low``/``high``).
    p_improper
        Probability that two disjoint coalitions can both win.
    allies, demands
        ``(label, probability)`` per group of allies (can block together) and per demand.
    draws, exact, level, seed
        Scenarios evaluated, whether enumerated exactly, the interval level, the seed.
    distinct
        Distinct seat vectors evaluated (each counted once, then cached).
    mode, notes
        Where it ran (``exact``, ``in-process``, ``local-dask``, ``dask``) and notes.
    """

    scenario: str
    members: tuple[MemberSummary, ...]
    indices: tuple[str, ...]
    p_improper: Probability
    allies: tuple[tuple[str, Probability], ...]
    demands: tuple[tuple[str, Probability], ...]
    draws: int
    exact: bool
    level: float
    seed: int | None
    distinct: int | None = None
    mode: str = "in-process"
    notes: tuple[str, ...] = ()

    def table_data(self) -> TableData:
        """One row per member: per index its mean (exact when enumerated), low and high; the
        mean seats; the veto and dummy probabilities (exact when enumerated)."""
        ms = self.members
        columns: list[tuple[str, list[object]]] = []
        for key in self.indices:
            spreads = [m.power[key] for m in ms]
            columns.append(
                (key, [s.mean if s.exact_mean is None else s.exact_mean for s in spreads])
            )
            columns += [
                (f"{key}_low", [s.low for s in spreads]),
                (f"{key}_high", [s.high for s in spreads]),
            ]
        columns.append(("seats", [m.seats.mean for m in ms]))
        columns += [
            ("p_veto", [m.p_veto.value for m in ms]),
            ("p_dummy", [m.p_dummy.value for m in ms]),
        ]
        return TableData("member", [m.name for m in ms], columns)

    def short_summary(self) -> str:
        """``'scenario': 6 members, 1,000 draws (wilson 90%)``."""
        how = (
            "exact" if self.exact else f"{plural(self.draws, 'draw')} ({self.level:.0%} intervals)"
        )
        return f"{self.scenario!r}: {plural(len(self.members), 'member')}, {how}"

    def plot(self, ax: Any = None) -> Any:
        """Each member's mean headline power with its interval, on ``ax`` or a new figure
        made with matplotlib's object API; returns the axes (needs ``powershare[plots]``)."""
        head, names = self.indices[0], [m.name for m in self.members]
        spreads = [m.power[head] for m in self.members]
        ax = new_axes(ax, (6.4, max(2.5, 0.22 * len(names) + 1.2)))
        means = [100 * s.mean for s in spreads]
        err = [
            [100 * (s.mean - s.low) for s in spreads],
            [100 * (s.high - s.mean) for s in spreads],
        ]
        ax.errorbar(means, range(len(names)), xerr=err, fmt="o", capsize=3)
        ax.set_yticks(range(len(names)), names)
        ax.set_ylim(len(names) - 0.5, -0.5)
        ax.set_xlabel(f"{head} power (%), mean and {self.level:.0%} interval")
        return ax

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``members: [{name, mean, low, high, p_veto, p_dummy, ...}]``, ``draws``,
        ``exact`` and the rest."""
        head = self.indices[0]
        members = []
        for m in self.members:
            spread = m.power[head]
            row: dict[str, Any] = {
                "name": m.name,
                "mean": spread.mean,
                "median": spread.median,
                "low": spread.low,
                "high": spread.high,
                "p_veto": float(m.p_veto.value),
                "p_veto_interval": [m.p_veto.low, m.p_veto.high],
                "p_dummy": float(m.p_dummy.value),
                "p_dummy_interval": [m.p_dummy.low, m.p_dummy.high],
                "seats": m.seats.to_dict(),
                "indices": {k: v.to_dict() for k, v in m.power.items()},
            }
            if self.exact:
                row["p_veto_exact"] = str(m.p_veto.value)
                row["p_dummy_exact"] = str(m.p_dummy.value)
            members.append(row)
        return {
            "scenario": self.scenario,
            "index": head,
            "indices": list(self.indices),
            "level": self.level,
            "draws": self.draws,
            "exact": self.exact,
            "seed": self.seed,
            "distinct_seat_vectors": self.distinct,
            "mode": self.mode,
            "interval": "exact" if self.exact else self.p_improper.method,
            "members": members,
            "p_improper": self.p_improper.to_dict(),
            "allies": [{"group": g, **p.to_dict()} for g, p in self.allies],
            "demands": [{"demand": d, **p.to_dict()} for d, p in self.demands],
            "notes": list(self.notes),
        }


def _spread_draws(values: npt.NDArray[Any], level: float) -> Spread:
    lo, hi = (1 - level) / 2, (1 + level) / 2
    q = np.quantile(values, [0.5, lo, hi], method="inverted_cdf")
    return Spread(float(values.mean()), float(q[0]), float(q[1]), float(q[2]))


def _spread_exact(values: list[Fraction], weights: list[Fraction], level: float) -> Spread:
    mean = sum((v * w for v, w in zip(values, weights, strict=True)), Fraction(0))
    lo, hi = Fraction(1 - level) / 2, Fraction(1 + level) / 2
    med, low, high = (float(v) for v in quantiles(values, weights, [Fraction(1, 2), lo, hi]))
    return Spread(float(mean), med, low, high, mean)


def summarise_arrays(
    scenario: UncertainScenario,
    arrays: dict[str, npt.NDArray[Any]],
    *,
    level: float,
    interval: str = "wilson",
) -> tuple[
    tuple[MemberSummary, ...],
    Probability,
    tuple[tuple[str, Probability], ...],
    tuple[tuple[str, Probability], ...],
]:
    """Summaries of stacked draws (the arrays of :meth:`Evaluator.facts_arrays`)."""

    def prob(hits: npt.NDArray[np.bool_]) -> Probability:
        return probability(hits.tolist(), level=level, method=interval)

    members = []
    for j, name in enumerate(scenario.names):
        members.append(
            MemberSummary(
                name,
                {k: _spread_draws(arrays[f"power:{k}"][:, j], level) for k in scenario.indices},
                _spread_draws(arrays["seats"][:, j].astype(np.float64), level),
                prob(arrays["veto"][:, j]),
                prob(arrays["dummy"][:, j]),
            )
        )
    allies = tuple(
        (label, prob(arrays["allies"][:, g])) for g, (label, _) in enumerate(scenario.allies)
    )
    demands = tuple(
        (d.describe(), prob(arrays["demands"][:, i])) for i, d in enumerate(scenario.demands)
    )
    return tuple(members), prob(arrays["improper"]), allies, demands


def _analyse_exact(scenario: UncertainScenario, level: float) -> UncertaintyResult:
    ev = Evaluator(
        scenario.names, scenario.quota, scenario.indices, scenario.allies, scenario.demands
    )
    rows: list[tuple[list[int], VectorFacts, Fraction]] = []
    for vector, p in enumerate_seats(scenario):
        vec = vector.tolist()
        rows.append((vec, ev.evaluate(vec), p))
    weights = [p for _, _, p in rows]

    def prob(flags: list[bool]) -> Probability:
        return probability(flags, weights=weights)

    members = []
    for j, name in enumerate(scenario.names):
        power = {
            k: _spread_exact([f.exact[k][j] for _, f, _ in rows], weights, level)
            for k in scenario.indices
        }
        seats = _spread_exact([Fraction(v[j]) for v, _, _ in rows], weights, level)
        members.append(
            MemberSummary(
                name,
                power,
                seats,
                prob([f.veto[j] for _, f, _ in rows]),
                prob([f.dummy[j] for _, f, _ in rows]),
            )
        )
    allies = tuple(
        (label, prob([f.allies[g] for _, f, _ in rows]))
        for g, (label, _) in enumerate(scenario.allies)
    )
    demands = tuple(
        (d.describe(), prob([f.demands[i] for _, f, _ in rows]))
        for i, d in enumerate(scenario.demands)
    )
    return UncertaintyResult(
        scenario.name,
        tuple(members),
        scenario.indices,
        prob([f.improper for _, f, _ in rows]),
        allies,
        demands,
        len(rows),
        True,
        level,
        None,
        ev.distinct,
        "exact",
        (f"exact: all {len(rows):,} seat vectors enumerated with their probabilities",),
    )


def concatenate(run: Run, cell: int) -> dict[str, npt.NDArray[Any]]:
    """The stacked arrays of one cell of a run, in task order."""
    tasks = [t for t in run.plan.tasks() if t.cell == cell]
    parts = [run.results[t.index] for t in tasks]
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def analyse_uncertain(
    scenario: UncertainScenario,
    *,
    draws: int = 10_000,
    seed: int = 0,
    level: float = 0.9,
    interval: str = "wilson",
    exact: bool | None = None,
    exact_limit: int = EXACT_LIMIT,
    scheduler: str | None = None,
    workers: int | None = None,
    store: str | Path | None = None,
    progress: Progress | None = None,
    chunk_size: int = 500,
) -> UncertaintyResult:
    """Power under uncertainty: enumerate exactly when small, else draw (see module docstring).

    Parameters
    ----------
    scenario
        From :func:`powershare.uncertainty.load_uncertain` or
        :func:`~powershare.uncertainty.scenario_from_mapping`.
    draws, seed
        Number of drawn scenarios and the seed (results are identical for the same seed, on
        any number of workers).
    level
        Level of the power intervals and of the probabilities' confidence intervals.
    interval
        ``"wilson"`` or ``"clopper-pearson"``.
    exact
        ``None``: enumerate when the space is finite with at most ``exact_limit`` vectors;
        ``False``: always draw; ``True``: enumerate or refuse.
    scheduler, workers, store, progress, chunk_size
        As in :func:`powershare.uncertainty.engine.run_plan`.

    Examples
    --------
    >>> from powershare.uncertainty.model import scenario_from_mapping
    >>> s = scenario_from_mapping({"members": [{"name": "A", "seats": {"normal":
    ...     {"mean": 4, "sd": 2, "low": 1, "high": 8}}}, {"name": "B", "seats": 3},
    ...     {"name": "C", "seats": 2}], "rule": {"quota": "2/3"}})
    >>> r = analyse_uncertain(s, draws=400, seed=3)
    >>> r.exact, r.draws, round(float(r.members[0].p_veto.value), 2)
    (False, 400, 0.83)
    """
    check_level(level)
    size = scenario.space_size()
    if exact is True and (size is None or size > exact_limit):
        raise InvalidInputError(
            "the scenario space is not finite and small "
            f"({'continuous or poll inputs' if size is None else f'{size:,} vectors'}; "
            f"the limit is {exact_limit:,}): draw instead"
        )
    if exact is not False and size is not None and size <= exact_limit:
        return _analyse_exact(scenario, level)
    plan = Plan((Cell(("scenario",), scenario),), draws, seed, chunk_size)
    run = run_plan(plan, scheduler=scheduler, workers=workers, store=store, progress=progress)
    arrays = concatenate(run, 0)
    members, improper, allies, demands = summarise_arrays(
        scenario, arrays, level=level, interval=interval
    )
    distinct = len({row.tobytes() for row in arrays["seats"]})
    notes = list(run.notes)
    if run.resumed:
        notes.append(f"resumed: {run.resumed} of {len(run.results)} tasks read from the store")
    return UncertaintyResult(
        scenario.name,
        members,
        scenario.indices,
        improper,
        allies,
        demands,
        draws,
        False,
        level,
        seed,
        distinct,
        run.mode,
        tuple(notes),
    )
