"""Computing power indices: :func:`power` for one index, :func:`power_table` for several."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from powershare.games.base import SimpleGame
from powershare.games.numbers import format_fraction
from powershare.games.weighted import WeightedGame
from powershare.power.indices import DEFAULT_INDICES, INDICES, IndexSpec, get_index
from powershare.power.registry import CountingMethod, Counts, Limits, registry
from powershare.power.result import PowerResult

__all__ = ["power", "power_table", "PowerTable", "resolve_indices"]


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
        from powershare.errors import UnknownNameError

        raise UnknownNameError(f"no index given; known indices: {', '.join(INDICES)}")
    return specs


def _count(
    game: SimpleGame, quantity: str, method: str, limits: Limits | None
) -> tuple[Counts, CountingMethod, float]:
    chosen, _estimate = registry.choose(game, quantity, method, limits)
    start = time.perf_counter()
    counts = chosen.count(game, quantity)
    return counts, chosen, time.perf_counter() - start


def _result(
    spec: IndexSpec, game: SimpleGame, counts: Counts, method: CountingMethod, seconds: float
) -> PowerResult:
    exact, denominator = spec.values(counts, game)
    return PowerResult(
        index=spec.key,
        label=spec.label,
        names=game.names,
        exact=exact,
        floats=tuple(float(v) for v in exact),
        counts=counts.per_member,
        count_label=spec.count_label,
        denominator=denominator,
        method=method.name,
        is_exact=method.exact,
        seconds=seconds,
        extra=dict(counts.scalars),
    )


def power(
    game: SimpleGame,
    index: str = "banzhaf",
    *,
    method: str = "auto",
    limits: Limits | None = None,
) -> PowerResult:
    """The power of every member of ``game`` under one index.

    Parameters
    ----------
    game
        The decision rule, e.g. ``WeightedGame(12, [4, 4, 4, 2, 2, 1])``.
    index
        ``"banzhaf"`` (normalised), ``"banzhaf_absolute"`` (Penrose measure) or ``"shapley"``
        (Shapley-Shubik); see :data:`powershare.power.indices.INDICES`.
    method
        ``"auto"`` picks the fastest exact method that fits ``limits``; or a registered name.
    limits
        Time and memory limits; work estimated above them is refused before it starts.

    Returns
    -------
    PowerResult
        Exact fractions, floats, raw counts, the method and the time taken.

    Examples
    --------
    >>> from powershare import WeightedGame, power
    >>> power(WeightedGame(12, [4, 4, 4, 2, 2, 1]), "banzhaf").counts
    (5, 5, 5, 3, 3, 0)
    """
    spec = get_index(index)
    counts, chosen, seconds = _count(game, spec.quantity, method, limits)
    return _result(spec, game, counts, chosen, seconds)


@dataclass(frozen=True)
class PowerTable:
    """Several indices for one game, computed from shared counts."""

    game: SimpleGame
    results: dict[str, PowerResult]

    @property
    def indices(self) -> list[str]:
        """Index keys in the order they were asked for."""
        return list(self.results)

    @property
    def is_exact(self) -> bool:
        """Whether every value in the table is exact."""
        return all(r.is_exact for r in self.results.values())

    @property
    def method(self) -> str:
        """The counting method(s) used, as one string."""
        used = list(dict.fromkeys(r.method for r in self.results.values()))
        if len(used) == 1:
            return used[0]
        return "; ".join(f"{k}: {r.method}" for k, r in self.results.items())

    def weight_shares(self) -> list[Fraction] | None:
        """Each member's share of the total weight (weighted games only)."""
        if not isinstance(self.game, WeightedGame):
            return None
        total = self.game.total_weight
        return [Fraction(w, total) for w in self.game.weights]

    def to_dict(self, *, exact: bool = False) -> dict[str, Any]:
        """The CLI's JSON object: ``members`` (name, weight, one key per index), ``index``,
        ``method``, ``exact``; with ``exact=True`` each index also gets ``<index>_exact`` as
        ``"p/q"``.
        """
        members: list[dict[str, Any]] = []
        game = self.game
        for i, name in enumerate(game.names):
            row: dict[str, Any] = {"name": name}
            if isinstance(game, WeightedGame):
                weight = game.original_weight(i)
                row["weight"] = int(weight) if weight.denominator == 1 else float(weight)
                if exact and weight.denominator != 1:
                    row["weight_exact"] = format_fraction(weight)
            for key, res in self.results.items():
                row[key] = res.floats[i]
                if exact and res.exact is not None:
                    row[f"{key}_exact"] = format_fraction(res.exact[i])
                if res.counts is not None:
                    row[f"{key}_{res.count_label}"] = res.counts[i]
            members.append(row)
        out: dict[str, Any] = {
            "members": members,
            "index": self.indices,
            "method": self.method,
            "exact": self.is_exact,
            "seconds": sum(r.seconds for r in self.results.values()),
            "rule": game.describe(),
        }
        for res in self.results.values():  # game-level counts, e.g. winning coalitions
            for key, value in res.extra.items():
                out.setdefault(key, value)
        if isinstance(game, WeightedGame):
            out["quota"] = _number(game.original_quota)
            out["total_weight"] = _number(Fraction(game.total_weight) / game.scale)
        return out


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def power_table(
    game: SimpleGame,
    indices: str | Sequence[str] | None = None,
    *,
    method: str = "auto",
    limits: Limits | None = None,
) -> PowerTable:
    """Several indices at once; each counted quantity is computed only once.

    Parameters
    ----------
    game
        The decision rule.
    indices
        Keys (list or comma-separated), ``"all"``, or ``None`` for Banzhaf and Shapley-Shubik.
    method, limits
        As in :func:`power`.  Every quantity is checked against the limits before any starts.
    """
    specs = resolve_indices(indices)
    quantities = list(dict.fromkeys(spec.quantity for spec in specs))
    # Choose (and refuse) everything before computing anything: never start and then fail.
    for quantity in quantities:
        registry.choose(game, quantity, method, limits)
    counted: dict[str, tuple[Counts, CountingMethod, float]] = {
        q: _count(game, q, method, limits) for q in quantities
    }
    results = {}
    for spec in specs:
        counts, chosen, seconds = counted[spec.quantity]
        results[spec.key] = _result(spec, game, counts, chosen, seconds)
    return PowerTable(game, results)
