"""What-if tables: how everyone's power changes when the body changes.

Three kinds of change of a weighted body, each recomputed exactly (normalised Banzhaf power by
default) and compared with the body as it is:

* **leave**: one member leaves (each member in turn);
* **merge**: two members merge into one with their combined weight (all pairs for bodies of up
  to ``all_pairs_up_to`` members; for larger bodies the pairs among the most powerful members,
  the largest with the smallest, and the two smallest; the table says so);
* **move**: one seat (one unit of weight) moves from the largest member to the smallest, from the
  smallest to the largest, and from the second largest to the largest.

The quota keeps its definition: a share (``"majority"``, ``"2/3"``, ``"50%+1"``) is re-applied to
the new total; an absolute quota is kept as the same share of the total weight, rounded up.
The merge gain of two members is ``beta(A+B) - (beta(A) + beta(B))`` (Felsenthal & Machover
1998, ch. 7, on the "paradox of large size" and bloc formation).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from powershare.audit.metrics import effective_number, gini
from powershare.errors import InvalidInputError
from powershare.games.numbers import to_float
from powershare.games.quota import parse_quota
from powershare.games.weighted import WeightedGame
from powershare.power import power
from powershare.power.registry import Limits

__all__ = ["WhatIf", "WhatIfTable", "requota", "what_if"]


@dataclass(frozen=True)
class WhatIf:
    """One changed body and the resulting changes of power.

    Attributes
    ----------
    kind
        ``"leave"``, ``"merge"`` or ``"move"``.
    label
        The change in words, e.g. ``"Kabul leaves"``.
    game
        The changed body.
    power
        Exact power of each member of the changed body, by name.
    delta
        Change of power by name: for members present before and after, new minus old; for a
        member that left, minus its old power; for a merged member ``"A+B"``, its power minus
        the old power of ``A`` and ``B`` together.
    gini, effective_number
        Of the new power vector (exact).
    """

    kind: str
    label: str
    game: WeightedGame
    power: dict[str, Fraction]
    delta: dict[str, Fraction]
    gini: Fraction
    effective_number: Fraction

    def biggest_gain(self) -> tuple[str, Fraction]:
        """The member whose power rose most (name, change)."""
        name = max(self.delta, key=lambda k: self.delta[k])
        return name, self.delta[name]

    def biggest_loss(self) -> tuple[str, Fraction]:
        """The member whose power fell most (name, change)."""
        name = min(self.delta, key=lambda k: self.delta[k])
        return name, self.delta[name]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures (floats and exact ``"p/q"`` text)."""
        gain, loss = self.biggest_gain(), self.biggest_loss()
        return {
            "kind": self.kind,
            "label": self.label,
            "rule": self.game.notation(),
            "gini": to_float(self.gini),
            "effective_number": to_float(self.effective_number),
            "biggest_gain": {"member": gain[0], "change": to_float(gain[1])},
            "biggest_loss": {"member": loss[0], "change": to_float(loss[1])},
            "delta": {k: to_float(v) for k, v in self.delta.items()},
            "delta_exact": {k: str(v) for k, v in self.delta.items()},
            "power": {k: to_float(v) for k, v in self.power.items()},
        }


@dataclass(frozen=True)
class WhatIfTable:
    """All what-ifs of one body, with notes on what was (not) computed."""

    index: str
    base: dict[str, Fraction]
    rows: tuple[WhatIf, ...]
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {
            "index": self.index,
            "base": {k: to_float(v) for k, v in self.base.items()},
            "notes": list(self.notes),
            "rows": [r.to_dict() for r in self.rows],
        }


def requota(game: WeightedGame, weights: Sequence[int], names: Sequence[str]) -> WeightedGame:
    """The changed body under the same quota definition (see the module docstring)."""
    total = sum(weights)
    if total <= 0:
        raise InvalidInputError("the changed body has no weight")
    q: int | None = None
    if game.quota_text:
        try:
            spec = parse_quota(game.quota_text)
        except InvalidInputError:
            spec = None
        if spec is not None and (spec.strict_half or spec.share is not None):
            q = spec.resolve(total, game.scale)
    if q is None:
        q = math.ceil(Fraction(game.quota * total, game.total_weight))
    return WeightedGame(
        min(max(q, 1), total), weights, names, scale=game.scale, quota_text=game.quota_text
    )


@dataclass(frozen=True)
class _Budget:
    """What is left of the limits of the whole what-if table (a deadline, not per game)."""

    deadline: float
    max_bytes: int

    @classmethod
    def of(cls, limits: Limits | None) -> _Budget:
        limits = limits or Limits()
        return cls(time.perf_counter() + limits.max_seconds, limits.max_bytes)

    def limits(self) -> Limits:
        # a spent budget still gives a tiny positive limit: the next estimate then refuses
        return Limits(max(self.deadline - time.perf_counter(), 1e-9), self.max_bytes)


def _values(game: WeightedGame, index: str, budget: _Budget) -> tuple[Fraction, ...]:
    result = power(game, index, limits=budget.limits())
    return result.exact if result.exact is not None else tuple(map(Fraction, result.floats))


def _row(
    kind: str,
    label: str,
    game: WeightedGame,
    index: str,
    base: dict[str, Fraction],
    budget: _Budget,
    merged: dict[str, tuple[str, str]] | None = None,
) -> WhatIf:
    values = _values(game, index, budget)
    new = dict(zip(game.names, values, strict=True))
    delta: dict[str, Fraction] = {}
    for name, old in base.items():
        if name in new:
            delta[name] = new[name] - old
        elif not merged or not any(name in pair for pair in merged.values()):
            delta[name] = -old
    for name, (a, b) in (merged or {}).items():
        delta[name] = new[name] - base[a] - base[b]
    return WhatIf(kind, label, game, new, delta, gini(values), effective_number(values))


def what_if(
    game: WeightedGame,
    *,
    index: str = "banzhaf",
    all_pairs_up_to: int = 10,
    top_pairs: int = 5,
    limits: Limits | None = None,
) -> WhatIfTable:
    """Leave, merge and seat-move what-ifs of a weighted body (see the module docstring).

    Parameters
    ----------
    game
        The body as it is.
    index
        Index key (default normalised Banzhaf).
    all_pairs_up_to
        Bodies with at most this many members get every pair merged.
    top_pairs
        For larger bodies, the pairs among this many most powerful members are merged.
    limits
        Time and memory for the whole table (default :class:`Limits`); every body's power is
        estimated against what is left, and refused (``ResourceLimitError``) past it.

    Examples
    --------
    >>> t = what_if(WeightedGame(3, [2, 1, 1], ["A", "B", "C"]))
    >>> [(r.label, str(r.delta.get("A"))) for r in t.rows if r.kind == "leave"][:1]
    [('A leaves', '-3/5')]
    """
    names, weights, n = game.names, game.weights, game.n
    budget = _Budget.of(limits)
    base = dict(zip(names, _values(game, index, budget), strict=True))
    rows: list[WhatIf] = []
    notes: list[str] = []
    quota_note = (
        f"the quota keeps its definition ({game.quota_text!r}) on the new total"
        if game.quota_text
        else "the quota is kept as the same share of the total weight, rounded up"
    )
    notes.append(quota_note)
    if n > 2:
        for i in range(n):
            keep = [j for j in range(n) if j != i]
            changed = requota(game, [weights[j] for j in keep], [names[j] for j in keep])
            rows.append(_row("leave", f"{names[i]} leaves", changed, index, base, budget))
    else:
        notes.append(
            "no 'leave' rows: the body has only two members"
            if n == 2
            else "no what-ifs: a body of one member is its own dictator whatever happens"
        )
    order = sorted(range(n), key=lambda i: (-base[names[i]], -weights[i], i))
    if n <= all_pairs_up_to:
        pairs = list(itertools.combinations(range(n), 2))
    else:
        top = sorted(order[:top_pairs])
        pairs = list(itertools.combinations(top, 2))
        by_weight = sorted(range(n), key=lambda i: (weights[i], i))
        for extra in ((by_weight[-1], by_weight[0]), (by_weight[0], by_weight[1])):
            pair = (min(extra), max(extra))
            if pair not in pairs:
                pairs.append(pair)
        notes.append(
            f"merges limited to {len(pairs)} of {n * (n - 1) // 2} pairs: those among the "
            f"{top_pairs} most powerful members, the largest with the smallest and the two "
            "smallest"
        )
    if n > 2:
        for a, b in pairs:
            merged_name = f"{names[a]}+{names[b]}"
            keep = [j for j in range(n) if j not in (a, b)]
            new_weights = [weights[a] + weights[b], *(weights[j] for j in keep)]
            new_names = [merged_name, *(names[j] for j in keep)]
            changed = requota(game, new_weights, new_names)
            rows.append(
                _row(
                    "merge",
                    f"{names[a]} and {names[b]} merge",
                    changed,
                    index,
                    base,
                    budget,
                    {merged_name: (names[a], names[b])},
                )
            )
    unit = int(game.scale) if game.scale.denominator == 1 else 1
    by_weight = sorted(range(n), key=lambda i: (-weights[i], i))
    if n < 2:  # nothing to move between
        return WhatIfTable(index, base, tuple(rows), tuple(notes))
    largest, second, smallest = by_weight[0], by_weight[1], by_weight[-1]
    for src, dst in ((largest, smallest), (smallest, largest), (second, largest)):
        if src == dst or weights[src] < unit:
            continue
        new_weights = list(weights)
        new_weights[src] -= unit
        new_weights[dst] += unit
        changed = requota(game, new_weights, names)
        rows.append(
            _row(
                "move",
                f"one seat moves from {names[src]} to {names[dst]}",
                changed,
                index,
                base,
                budget,
            )
        )
    return WhatIfTable(index, base, tuple(rows), tuple(notes))
