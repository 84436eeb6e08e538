"""Computing power indices: :func:`power` for one index, :func:`power_table` for several."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import overload

from powershare.errors import (
    InvalidInputError,
    MethodNotApplicableError,
    ResourceLimitError,
    UnknownNameError,
)
from powershare.games.base import SimpleGame
from powershare.games.compound import Criterion
from powershare.power.blocs import Blocs, GameWithBlocs
from powershare.power.graph import GameWithGraph, Graph
from powershare.power.indices import DEFAULT_INDICES, INDICES, IndexSpec, get_index
from powershare.power.montecarlo import ProgressFn, estimate_power
from powershare.power.registry import CountingMethod, Counts, Estimate, Limits, registry
from powershare.power.result import PowerResult, PowerTable

__all__ = [
    "Approximation",
    "PowerTable",
    "estimate_table",
    "power",
    "power_table",
    "resolve_indices",
    "resolve_method",
]


def resolve_indices(indices: str | Iterable[str] | None) -> list[IndexSpec]:
    """Index specs from a key, a comma-separated list, keys, ``"all"`` or ``None``."""
    if indices is None:
        keys: list[str] = list(DEFAULT_INDICES)
    elif isinstance(indices, str):
        keys = [k for k in (p.strip() for p in indices.split(",")) if k]
    else:
        keys = list(indices)
    if any(k.strip().lower() == "all" for k in keys):
        keys = list(INDICES)
    specs: list[IndexSpec] = []
    for key in keys:
        spec = get_index(key)
        if spec not in specs:
            specs.append(spec)
    if not specs:
        raise UnknownNameError(f"no index given; known indices: {', '.join(INDICES)}")
    return specs


def _asks_all(indices: str | Iterable[str] | None) -> bool:
    if indices is None:
        return False
    keys = indices.split(",") if isinstance(indices, str) else list(indices)
    return any(k.strip().lower() == "all" for k in keys)


def resolve_method(quantity: str, method: str) -> str:
    """The registered method to use for ``quantity`` when the user named ``method``.

    A name may stand for a family of methods (``"generating-function"``, ``"enumeration"``):
    when the named method does not count this quantity, a method of the same family that does
    is used (e.g. ``coalition-dp`` for minimal winning coalitions).
    """
    if method == "auto":
        return method
    chosen = registry.get(method)
    if quantity in chosen.quantities:
        return method
    for candidate in registry:
        if candidate.family == method and quantity in candidate.quantities:
            return candidate.name
    return method  # registry.choose explains what the named method counts


MONTE_CARLO = "monte-carlo"
"""The method name that asks for sampling even when exact counting would fit."""


@dataclass(frozen=True)
class Approximation:
    """Permission to approximate by Monte Carlo when exact counting is refused, and how.

    Exact methods are always preferred: sampling is used only for quantities whose exact
    counting would exceed the limits (or that no exact method handles), or everywhere when the
    method is ``"monte-carlo"``.  Only Banzhaf (both forms) and Shapley-Shubik are sampled; see
    :func:`powershare.power.montecarlo.estimate_power` for the intervals.

    Attributes
    ----------
    precision
        Stop when every member's interval half-width is at most this.
    samples
        Number of samples (the most drawn when ``precision`` is set).
    confidence
        Confidence level of each member's interval.
    seed
        Seed of the random generator: the same seed gives the same result.
    max_seconds
        Time budget: of one index in :func:`power`; of the whole table in :func:`power_table`
        (shared by its sampled indices, after the exact counting).
    progress
        ``progress(done, target_or_None)`` after each batch.
    """

    precision: float | None = None
    samples: int | None = None
    confidence: float = 0.99
    seed: int = 0
    max_seconds: float | None = None
    progress: ProgressFn | None = None

    def run(self, game: SimpleGame, index: str) -> PowerResult:
        """Sample one index."""
        return estimate_power(
            game,
            index,
            samples=self.samples,
            precision=self.precision,
            confidence=self.confidence,
            seed=self.seed,
            max_seconds=self.max_seconds,
            progress=self.progress,
        )


_SAMPLED_QUANTITIES = frozenset({"swings", "pivots"})


def _choose(
    target: SimpleGame,
    quantity: str,
    method: str,
    limits: Limits | None,
    approximate: Approximation | None,
) -> tuple[CountingMethod, Estimate] | None:
    """The exact method to count a quantity with, or ``None`` when it must be sampled.

    Raises when the quantity can be neither counted within the limits nor sampled.
    """
    if method == MONTE_CARLO:
        if quantity not in _SAMPLED_QUANTITIES:
            raise MethodNotApplicableError(
                f"Monte Carlo samples Banzhaf and Shapley-Shubik values, not {quantity}"
            )
        return None
    if method == "auto" and isinstance(target, Criterion):
        # one weighted criterion (a scenario's ``rule: {quota: ...}``): the weighted kernels
        # are faster than the circuit methods, and their estimates cheaper
        target = target.game
    try:
        return registry.choose(target, quantity, resolve_method(quantity, method), limits)
    except (ResourceLimitError, MethodNotApplicableError) as exc:
        if quantity not in _SAMPLED_QUANTITIES or method != "auto":
            raise
        if approximate is None:
            hint = (
                "; or allow a Monte Carlo approximation with confidence intervals "
                "(--allow-approx, API: approximate=Approximation())"
            )
            exc.args = (str(exc) + hint,)  # keeps the estimate the error carries
            raise
        return None


def _target(
    game: SimpleGame, spec: IndexSpec, blocs: object | None, graph: object | None = None
) -> SimpleGame:
    """The game the spec's quantity is counted on (with its blocs or graph when it needs them)."""
    if spec.needs_graph:
        if graph is None:
            raise InvalidInputError(
                f"index {spec.key!r} needs a graph, an order or never-together pairs; give "
                "graph=... (command line: --graph 'A-B, B-C', --order 'A, B, C' or "
                "--never-together 'A+B'; scenario file: graph:, order: or never_together:)"
            )
        return GameWithGraph(
            game, graph if isinstance(graph, Graph) else Graph.from_spec(game, graph)
        )
    if not spec.needs_blocs:
        return game
    if blocs is None:
        raise InvalidInputError(
            f"index {spec.key!r} needs blocs (a-priori unions); give blocs=... "
            "(command line: --blocs 'A+B, C+D' or 'blocs:' in the scenario file)"
        )
    structure = blocs if isinstance(blocs, Blocs) else Blocs.from_spec(game, blocs)
    return GameWithBlocs(game, structure)


def _count(
    game: SimpleGame, quantity: str, chosen: CountingMethod
) -> tuple[Counts, CountingMethod, float]:
    if isinstance(game, Criterion) and chosen.applies(game, quantity) is not None:
        game = game.game  # chosen for the weighted game (see _choose)
    start = time.perf_counter()
    counts = chosen.count(game, quantity)
    return counts, chosen, time.perf_counter() - start


def _result(
    spec: IndexSpec, game: SimpleGame, counts: Counts, method: CountingMethod, seconds: float
) -> PowerResult:
    exact, denominator = spec.values(counts, game)
    shown = spec.display_counts(counts, game) if spec.display_counts else counts.per_member
    extra: dict[str, int | Fraction] = dict(counts.scalars)
    if spec.game_values is not None:
        extra.update(spec.game_values(counts, game))
    return PowerResult(
        index=spec.key,
        label=spec.label,
        names=game.names,
        exact=exact,
        floats=tuple(float(v) for v in exact),
        counts=tuple(shown),
        count_label=spec.count_label,
        denominator=denominator,
        method=method.name,
        is_exact=method.exact,
        seconds=seconds,
        extra=extra,
    )


@overload
def power(
    game: SimpleGame,
    index: str = "banzhaf",
    *,
    method: str = "auto",
    limits: Limits | None = None,
    blocs: object | None = None,
    approximate: Approximation | None = None,
    graph: object | None = None,
) -> PowerResult: ...


@overload
def power(
    game: SimpleGame,
    index: list[str] | tuple[str, ...],
    *,
    method: str = "auto",
    limits: Limits | None = None,
    blocs: object | None = None,
    approximate: Approximation | None = None,
    graph: object | None = None,
) -> PowerTable: ...


def power(
    game: SimpleGame,
    index: str | list[str] | tuple[str, ...] = "banzhaf",
    *,
    method: str = "auto",
    limits: Limits | None = None,
    blocs: object | None = None,
    approximate: Approximation | None = None,
    graph: object | None = None,
) -> PowerResult | PowerTable:
    """The power of every member of ``game`` under one index (or a table of several).

    Parameters
    ----------
    game
        The decision rule, e.g. ``WeightedGame(12, [4, 4, 4, 2, 2, 1])``.
    index
        ``"banzhaf"`` (normalised), ``"banzhaf_absolute"`` (Penrose measure), ``"shapley"``
        (Shapley-Shubik), ``"holler"``, ``"holler_absolute"``, ``"deegan_packel"``,
        ``"johnston"``, ``"coleman_prevent"``, ``"coleman_initiate"``, ``"rae"``, ``"owen"``,
        ``"banzhaf_owen"``; see :data:`powershare.power.indices.INDICES`.  A list or tuple
        of keys (``["banzhaf", "shapley"]``) gives the :class:`PowerTable` of
        :func:`power_table` (the same object, each counted quantity computed once).
    method
        ``"auto"`` picks the fastest exact method that fits ``limits``; or a registered name.
    limits
        Time and memory limits; work estimated above them is refused before it starts.
    blocs
        The a-priori unions, for ``"owen"`` and ``"banzhaf_owen"``: a
        :class:`~powershare.power.blocs.Blocs` or any form
        :meth:`~powershare.power.blocs.Blocs.from_spec` accepts (``"A+B, C+D"``,
        ``{"North": ["A", "B"]}``, ``[["A", "B"], ["C"]]``).
    graph
        Which coalitions can form, for ``"myerson"``, ``"banzhaf_graph"`` and
        ``"holler_connected"``: a :class:`~powershare.power.graph.Graph` or any form
        :meth:`~powershare.power.graph.Graph.from_spec` accepts (``"A-B, B-C"``,
        ``{"never_together": [["A", "B"]]}``, ``{"order": ["L", "C", "R"]}``).  Other indices
        ignore it; compute them on :class:`~powershare.power.graph.RestrictedGame` instead.
    approximate
        When given, Banzhaf and Shapley-Shubik values whose exact counting the limits refuse
        are estimated by Monte Carlo instead (``is_exact`` false, intervals in ``sampling``).
        ``method="monte-carlo"`` samples even when exact counting fits.

    Returns
    -------
    PowerResult or PowerTable
        For one index: exact fractions, floats, raw counts, the method and the time taken; for
        a list of indices, the :class:`PowerTable` of them.

    Examples
    --------
    >>> from powershare.games.weighted import WeightedGame
    >>> from powershare.power.api import power
    >>> power(WeightedGame(12, [4, 4, 4, 2, 2, 1]), "banzhaf").counts
    (10, 10, 10, 6, 6, 0)
    >>> power(WeightedGame(12, [4, 4, 4, 2, 2, 1]), ["banzhaf", "shapley"])
    PowerTable(6 members, indices banzhaf, shapley; exact)
    """
    if isinstance(index, list | tuple):
        return power_table(
            game, list(index), method=method, limits=limits, blocs=blocs,
            approximate=approximate, graph=graph,
        )  # fmt: skip
    if not isinstance(index, str):
        raise UnknownNameError(
            f"index must be a key such as 'banzhaf' or a list of keys, got "
            f"{type(index).__name__}; known indices: {', '.join(INDICES)}"
        )
    spec = get_index(index)
    target = _target(game, spec, blocs, graph)
    plan = _choose(target, spec.quantity, method, limits, approximate)
    if plan is None:
        return (approximate or Approximation()).run(target, spec.key)
    counts, chosen, seconds = _count(target, spec.quantity, plan[0])
    return _result(spec, target, counts, chosen, seconds)


def _plan(
    game: SimpleGame,
    indices: str | Sequence[str] | None,
    blocs: object | None,
    graph: object | None = None,
) -> tuple[list[tuple[IndexSpec, SimpleGame]], list[str]]:
    specs = resolve_indices(indices)
    notes: list[str] = []
    if graph is None and _asks_all(indices):
        skipped = [s.key for s in specs if s.needs_graph]
        specs = [s for s in specs if not s.needs_graph]
        if skipped:
            notes.append(
                f"{', '.join(skipped)} omitted: they need a graph, an order or never-together "
                "pairs (--graph, --order, --never-together)"
            )
    if graph is not None and any(s.needs_graph for s in specs) and not isinstance(graph, Graph):
        graph = Graph.from_spec(game, graph)
    if blocs is None and _asks_all(indices):
        skipped = [s.key for s in specs if s.needs_blocs]
        specs = [s for s in specs if not s.needs_blocs]
        if skipped:
            notes.append(
                f"{', '.join(skipped)} omitted: they need blocs (a-priori unions); "
                "give them with --blocs 'A+B, C+D' or 'blocs:' in the scenario file"
            )
    structure = None
    if blocs is not None and any(s.needs_blocs for s in specs):
        structure = blocs if isinstance(blocs, Blocs) else Blocs.from_spec(game, blocs)
    planned = [(s, _target(game, s, structure, graph)) for s in specs]
    if _asks_all(indices):  # "all" means all that this rule admits; say which were left out
        kept: list[tuple[IndexSpec, SimpleGame]] = []
        dropped: list[str] = []
        reasons: set[str] = set()
        for spec, target in planned:
            exact = [m for m in registry if m.exact and spec.quantity in m.quantities]
            why = [m.applies(target, spec.quantity) for m in exact]
            if any(reason is None for reason in why):
                kept.append((spec, target))
            else:
                dropped.append(spec.key)
                reasons.update(reason for reason in why if reason)
        if dropped:
            planned = kept
            notes.append(
                f"{', '.join(dropped)} omitted: no exact method counts them for this rule ("
                + "; ".join(sorted(reasons))
                + ")"
            )
    return planned, notes


def estimate_table(
    game: SimpleGame,
    indices: str | Sequence[str] | None = None,
    *,
    method: str = "auto",
    limits: Limits | None = None,
    blocs: object | None = None,
    approximate: Approximation | None = None,
    graph: object | None = None,
) -> Estimate:
    """The predicted cost of the exact part of :func:`power_table` (refusing, as it would,
    work over the limits); quantities that will be sampled are not included."""
    planned, _notes = _plan(game, indices, blocs, graph)
    seconds, nbytes = 0.0, 0
    for quantity, target in _quantities(planned).items():
        plan = _choose(target, quantity, method, limits, approximate)
        if plan is None:
            continue
        estimate = plan[1]
        seconds += estimate.seconds
        nbytes = max(nbytes, estimate.bytes)
    return Estimate(seconds, nbytes)


def _share_budget(approximate: Approximation, start: float, left: int) -> Approximation:
    """The approximation with its share of what is left of the time budget of the whole table
    (``max_seconds`` holds for all sampled indices together, exact counting included)."""
    if approximate.max_seconds is None:
        return approximate
    remaining = approximate.max_seconds - (time.perf_counter() - start)
    return replace(approximate, max_seconds=max(remaining / max(left, 1), 1e-3))


def _quantities(planned: list[tuple[IndexSpec, SimpleGame]]) -> dict[str, SimpleGame]:
    return {spec.quantity: target for spec, target in planned}


def power_table(
    game: SimpleGame,
    indices: str | Sequence[str] | None = None,
    *,
    method: str = "auto",
    limits: Limits | None = None,
    blocs: object | None = None,
    approximate: Approximation | None = None,
    graph: object | None = None,
) -> PowerTable:
    """Several indices at once; each counted quantity is computed only once.

    Parameters
    ----------
    game
        The decision rule.
    indices
        Keys (list or comma-separated), ``"all"``, or ``None`` for Banzhaf and Shapley-Shubik.
        With ``"all"`` and no ``blocs``, the bloc values (Owen, Banzhaf-Owen) are left out and
        :attr:`PowerTable.notes` says so; asking for them by name without blocs is an error.
    method, limits, blocs, approximate, graph
        As in :func:`power`.  Every quantity is checked against the limits before any starts.
    """
    planned, notes = _plan(game, indices, blocs, graph)
    start = time.perf_counter()
    quantities = _quantities(planned)
    # Choose (and refuse) everything before computing anything: never start and then fail.
    plans = {q: _choose(target, q, method, limits, approximate) for q, target in quantities.items()}
    sampled = {q for q, plan in plans.items() if plan is None}
    to_sample = sum(1 for spec, _ in planned if spec.quantity in sampled)
    counted: dict[str, tuple[Counts, CountingMethod, float]] = {
        q: _count(quantities[q], q, plan[0]) for q, plan in plans.items() if plan is not None
    }
    results = {}
    structure = None
    restriction = None
    for spec, target in planned:
        if spec.quantity in sampled:
            approx = _share_budget(approximate or Approximation(), start, to_sample)
            to_sample -= 1
            results[spec.key] = approx.run(target, spec.key)
            continue
        counts, chosen, seconds = counted[spec.quantity]
        results[spec.key] = _result(spec, target, counts, chosen, seconds)
        if isinstance(target, GameWithBlocs):
            structure = target.blocs
        if isinstance(target, GameWithGraph):
            restriction = target.graph
    return PowerTable(game, results, tuple(notes), structure, restriction)
