"""Result objects of power computations."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from powershare.errors import InvalidInputError
from powershare.games.base import SimpleGame
from powershare.games.display import (
    Displayable,
    TableData,
    bar_plot,
    html_table,
    plural,
    whole_if_possible,
)
from powershare.games.numbers import format_fraction, int_text
from powershare.games.weighted import WeightedGame
from powershare.power.blocs import Blocs
from powershare.power.graph import Graph
from powershare.power.indices import INDICES

__all__ = ["PowerResult", "PowerTable", "Sampling"]


@dataclass(frozen=True)
class Sampling:
    """How a Monte Carlo estimate was sampled, and its confidence intervals.

    See :func:`powershare.power.montecarlo.estimate_power` for the bounds (Hoeffding 1963;
    Maurer & Pontil 2009; Bachrach et al. 2010).

    Attributes
    ----------
    lower, upper
        Per member, the ends of the confidence interval of the reported value.
    halfwidths
        Per member, the larger distance from the value to an end of its interval.
    samples
        Number of coalitions (Banzhaf) or orderings (Shapley-Shubik) drawn.
    confidence
        Confidence level of each member's interval.
    seed
        Seed of the random generator: the same seed gives the same result.
    bound
        The bound the intervals come from, in words.
    stopped
        Why sampling stopped: ``"samples"``, ``"precision"`` or ``"time"``.
    """

    lower: tuple[float, ...]
    upper: tuple[float, ...]
    halfwidths: tuple[float, ...]
    samples: int
    confidence: float
    seed: int
    bound: str
    stopped: str

    def summary(self) -> dict[str, Any]:
        """The JSON description of the sampling (without the per-member intervals).

        >>> Sampling((0.1,), (0.3,), (0.1,), 500, 0.99, 7, "Hoeffding", "samples").summary()
        {'samples': 500, 'confidence': 0.99, 'seed': 7, 'bound': 'Hoeffding', 'stopped': 'samples'}
        """
        return {
            "samples": self.samples,
            "confidence": self.confidence,
            "seed": self.seed,
            "bound": self.bound,
            "stopped": self.stopped,
        }


@dataclass(frozen=True, repr=False)
class PowerResult(Displayable):
    """The power of every member under one index.

    Attributes
    ----------
    index
        Index key, e.g. ``"banzhaf"``, ``"banzhaf_absolute"``, ``"shapley"``.
    label
        Human name of the index, e.g. ``"Banzhaf (normalised)"``.
    names
        Member names, in the game's order.
    exact
        Exact values as :class:`~fractions.Fraction` (``None`` when the method is approximate).
    floats
        The same values as floats (always present; approximate when ``is_exact`` is false).
    counts
        Raw counts behind the values (e.g. swings, pivotal orderings), exact integers.
    count_label
        What the counts are (``"swings"``, ``"pivots"``).
    denominator
        The number the counts are divided by (e.g. ``2**(n-1)``, ``n!``, total swings).
    method
        Name of the counting method that produced the counts.
    is_exact
        Whether the values are exact.
    seconds
        Wall time spent counting, in seconds.
    error_bound
        For approximate results, the half-width of the confidence interval (else ``None``).
    extra
        Game-level exact values reported with the index, by name: ``winning_coalitions``,
        ``minimal_winning_coalitions``, ``coleman_collectivity`` (empty when there are none).
    sampling
        For Monte Carlo results, the sampling details and per-member intervals (else ``None``).
    """

    index: str
    label: str
    names: tuple[str, ...]
    exact: tuple[Fraction, ...] | None
    floats: tuple[float, ...]
    counts: tuple[int, ...] | None
    count_label: str
    denominator: int | None
    method: str
    is_exact: bool
    seconds: float
    error_bound: float | None = None
    extra: Mapping[str, int | Fraction] = field(default_factory=dict)
    sampling: Sampling | None = None

    def __getitem__(self, member: str | int) -> Fraction | float:
        """The value of a member by name or position (exact when available)."""
        i = self._position(member)
        return self.exact[i] if self.exact is not None else self.floats[i]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def _position(self, member: str | int) -> int:
        if isinstance(member, str):
            try:
                return self.names.index(member)
            except ValueError:
                raise InvalidInputError(
                    f"unknown member {member!r}; members are {', '.join(self.names)}"
                ) from None
        return member

    def as_dict(self) -> dict[str, float]:
        """Member name -> float value."""
        return dict(zip(self.names, self.floats, strict=True))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description: values as floats and ``"p/q"`` strings, counts as ints."""
        return {
            "index": self.index,
            "label": self.label,
            "method": self.method,
            "exact": self.is_exact,
            "seconds": self.seconds,
            "error_bound": self.error_bound,
            "count_label": self.count_label,
            "denominator": self.denominator,
            "members": [
                {
                    "name": name,
                    "value": self.floats[i],
                    **(
                        {"value_exact": format_fraction(self.exact[i])}
                        if self.exact is not None
                        else {}
                    ),
                    **({"count": self.counts[i]} if self.counts is not None else {}),
                }
                for i, name in enumerate(self.names)
            ],
        }

    def table_data(self) -> TableData:
        """One row per member: the value (exact when it is), the counts, the intervals."""
        columns: list[tuple[str, Sequence[object]]] = [
            (self.index, self.exact if self.exact is not None else self.floats)
        ]
        if self.counts is not None:
            columns.append((self.count_label, self.counts))
        if self.sampling is not None:
            columns += [("lower", self.sampling.lower), ("upper", self.sampling.upper)]
        return TableData("member", self.names, columns)

    def short_summary(self) -> str:
        """``banzhaf, 6 members; exact (generating-function)``."""
        how = "exact" if self.is_exact else f"approximate, +/- {self.error_bound or 0:.2g}"
        return f"{self.index}, {plural(len(self.names), 'member')}; {how} ({self.method})"

    def plot(self, ax: Any = None) -> Any:
        """Bars of each member's power (in %), on ``ax`` or a new figure; returns the axes
        (needs matplotlib: ``pip install 'powershare[plots]'``)."""
        return bar_plot(self.names, [(self.label, self.floats)], ax, "power (%)")


@dataclass(frozen=True, repr=False)
class PowerTable(Displayable):
    """Several indices for one game, computed from shared counts.

    In Jupyter it shows as a table (``_repr_html_``); :meth:`to_pandas` gives one row per
    member with the weight and, per index, the exact value, its float and the counts.
    """

    game: SimpleGame
    results: dict[str, PowerResult]
    notes: tuple[str, ...] = ()
    blocs: Blocs | None = None
    graph: Graph | None = None

    @property
    def indices(self) -> list[str]:
        """Index keys in the order they were asked for."""
        return list(self.results)

    @property
    def seconds(self) -> float:
        """Time spent counting (each counted quantity once, however many indices share it)."""
        by_quantity = {
            (INDICES[key].quantity if r.is_exact else key): r.seconds
            for key, r in self.results.items()
        }
        return sum(by_quantity.values())

    @property
    def is_exact(self) -> bool:
        """Whether every value in the table is exact."""
        return all(r.is_exact for r in self.results.values())

    @property
    def method(self) -> str:
        """The counting method(s) used, as one string."""
        by_method: dict[str, list[str]] = {}
        for key, res in self.results.items():
            by_method.setdefault(res.method, []).append(key)
        if len(by_method) == 1:
            return next(iter(by_method))
        return "; ".join(f"{m} ({', '.join(keys)})" for m, keys in by_method.items())

    def weight_shares(self) -> list[Fraction] | None:
        """Each member's share of the total weight (weighted games only)."""
        if not isinstance(self.game, WeightedGame):
            return None
        total = self.game.total_weight
        return [Fraction(w, total) for w in self.game.weights]

    def table_data(self, counts: bool = True) -> TableData:
        """One row per member: the weight (weighted games), then per index its value (exact
        when it is) and, with ``counts``, the counts behind it (``<index>_<count label>``)."""
        game = self.game
        columns: list[tuple[str, Sequence[object]]] = []
        if isinstance(game, WeightedGame):
            weights = [game.original_weight(i) for i in range(game.n)]
            columns.append(("weight", whole_if_possible(weights)))
        for key, res in self.results.items():
            columns.append((key, res.exact if res.exact is not None else res.floats))
            if counts and res.is_exact and res.counts is not None:
                columns.append((f"{key}_{res.count_label}", res.counts))
        return TableData("member", game.names, columns)

    def short_summary(self) -> str:
        """``51 members, indices banzhaf, shapley; exact``."""
        how = "exact" if self.is_exact else "approximate"
        return f"{plural(self.game.n, 'member')}, indices {', '.join(self.indices)}; {how}"

    def _repr_html_(self) -> str:
        return html_table(self.table_data(counts=False), repr(self))

    def plot(self, ax: Any = None, indices: Sequence[str] | None = None) -> Any:
        """Bars of each member's power under each index (in %), beside its weight share for
        a weighted game, on ``ax`` or a new figure; returns the axes (needs matplotlib)."""
        keys = list(self.results) if indices is None else list(indices)
        series: list[tuple[str, Sequence[float]]] = [
            (self.results[k].label, self.results[k].floats) for k in keys
        ]
        shares = self.weight_shares()
        if shares is not None:
            series.append(("weight share", [float(s) for s in shares]))
        return bar_plot(self.game.names, series, ax, "power (%)")

    def to_dict(self, *, exact: bool = False) -> dict[str, Any]:
        """The CLI's JSON object: ``members`` (name, weight, one key per index), ``index``,
        ``method``, ``exact``; with ``exact=True`` each index also gets ``<index>_exact`` as
        ``"p/q"``.
        """
        members: list[dict[str, Any]] = []
        game = self.game
        texts: dict[int, str] = {}  # interchangeable members share their (long) counts
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
                if res.is_exact and res.counts is not None:
                    # decimal text: counts outgrow the integers JSON numbers hold exactly
                    count = res.counts[i]
                    if count not in texts:
                        texts[count] = int_text(count)
                    row[f"{key}_{res.count_label}"] = texts[count]
                if not res.is_exact and res.sampling is not None:
                    row[f"{key}_interval"] = [res.sampling.lower[i], res.sampling.upper[i]]
            members.append(row)
        out: dict[str, Any] = {
            "members": members,
            "index": self.indices,
            "method": self.method,
            "exact": self.is_exact,
            "seconds": self.seconds,
            "rule": game.describe(),
        }
        approximations = {
            key: (res.sampling.summary() if res.sampling is not None else {})
            | {"method": res.method, "largest_halfwidth": res.error_bound}
            for key, res in self.results.items()
            if not res.is_exact
        }
        if approximations:
            out["approximation"] = approximations
        for res in self.results.values():  # game-level counts, e.g. winning coalitions
            if not res.is_exact:
                continue
            for key, value in res.extra.items():
                if isinstance(value, Fraction):
                    out.setdefault(key, float(value))
                    if exact:
                        out.setdefault(f"{key}_exact", format_fraction(value))
                else:
                    out.setdefault(key, value)
        if self.blocs is not None:
            out["blocs"] = [
                {"name": name, "members": [game.names[i] for i in group]}
                for name, group in zip(self.blocs.names, self.blocs.groups, strict=True)
            ]
        if self.graph is not None:
            out["graph"] = self.graph.describe()
        if self.notes:
            out["notes"] = list(self.notes)
        if isinstance(game, WeightedGame):
            out["quota"] = _number(game.original_quota)
            out["total_weight"] = _number(Fraction(game.total_weight) / game.scale)
        return out


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)
