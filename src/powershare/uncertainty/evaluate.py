"""Everything asked about one seat vector, computed once per distinct vector (cached).

For each weight vector: the power of every member on each asked index, who holds a veto, who
is a dummy, whether the rule is improper (two disjoint coalitions can both win), whether each
group of allies can block, and whether each settlement demand holds.

Banzhaf (normalised and absolute) and Shapley-Shubik come from one call of the exact kernel
:func:`powershare.power.kernels.pivots.pivot_counts_by_size` (Brams & Affuso 1976; Bilbao et
al. 2000; Uno 2012): ``sum_k c[i][k]`` is the raw Banzhaf swing count and
``sum_k k! (n-1-k)! c[i][k]`` the Shapley-Shubik pivot count.  Both indices depend only on the
multiset of weights and the quota, so the cache is keyed by the *sorted* weights: two seat
vectors that are permutations of each other share one computation.  Other indices use
:func:`powershare.power.power` (its ``auto`` method).

>>> ev = Evaluator(("A", "B", "C"), "majority", ("banzhaf", "shapley"))
>>> facts = ev.evaluate((2, 1, 1))
>>> facts.exact["banzhaf"], facts.veto, facts.dummy
((Fraction(3, 5), Fraction(1, 5), Fraction(1, 5)), (True, False, False), (False, False, False))
>>> ev.evaluate((1, 1, 2)).exact["shapley"]      # a permutation: from the cache
(Fraction(1, 6), Fraction(1, 6), Fraction(2, 3))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import factorial

import numpy as np
import numpy.typing as npt

from powershare.design.settlement import Demand
from powershare.errors import InvalidInputError, PowershareError
from powershare.games.quota import parse_quota
from powershare.games.weighted import WeightedGame
from powershare.power import power
from powershare.power.kernels.pivots import pivot_counts_by_size
from powershare.structure import decisiveness, is_proper

__all__ = ["CACHE_LIMIT", "Evaluator", "VectorFacts"]

CACHE_LIMIT = 200_000
"""Distinct weight vectors kept per evaluator (then the cache is cleared and refilled)."""


@dataclass(frozen=True)
class VectorFacts:
    """What holds for one weight vector.

    Attributes
    ----------
    exact
        Exact power per index (``Fraction`` per member); empty when the evaluator was made
        with ``exact=False`` (draws need only the floats).
    floats
        The same as float64 arrays.
    veto, dummy
        Per member.
    improper
        Two disjoint coalitions can both win.
    allies
        Per group of allies: can block together.
    demands
        Per demand: holds.
    """

    exact: dict[str, tuple[Fraction, ...]]
    floats: dict[str, npt.NDArray[np.float64]]
    veto: tuple[bool, ...]
    dummy: tuple[bool, ...]
    improper: bool
    allies: tuple[bool, ...]
    demands: tuple[bool, ...]


class Evaluator:
    """Evaluates weight vectors of a fixed body and question, caching by vector.

    Parameters
    ----------
    names
        Members, in the order of the weight vectors.
    quota
        As written (``"majority"``, ``"2/3"``, ``126``): resolved against each vector's total.
    indices
        Registered index keys.
    allies
        ``(label, member names)`` groups.
    demands
        Settlement demands (:class:`powershare.design.settlement.Demand`).
    """

    def __init__(
        self,
        names: Sequence[str],
        quota: object,
        indices: Sequence[str],
        allies: Sequence[tuple[str, Sequence[str]]] = (),
        demands: Sequence[Demand] = (),
        *,
        exact: bool = True,
    ) -> None:
        self.names = tuple(names)
        self._decisiveness = any(d.kind == "min_decisiveness" for d in demands)
        self.want_exact = exact or any(d.kind in _SHARE_KINDS for d in demands)
        self.quota = parse_quota(quota)
        self.quota_text = str(quota)
        self.demands = tuple(demands)
        asked = list(indices) + [d.index for d in self.demands if d.kind in _SHARE_KINDS]
        if any(d.kind == "not_dummy" for d in self.demands):
            asked.append("banzhaf")
        self.indices = tuple(dict.fromkeys(asked))
        self.position = {n: i for i, n in enumerate(self.names)}
        self.allies = tuple(tuple(self.position[a] for a in group) for _, group in allies)
        self._kernel: dict[tuple[tuple[int, ...], int], dict[int, tuple[int, int]]] = {}
        self._facts: dict[tuple[int, ...], VectorFacts] = {}
        self.distinct = 0

    def resolve(self, weights: Sequence[int]) -> int:
        """The integer quota for these weights."""
        total = sum(weights)
        if total <= 0:
            raise InvalidInputError(f"a drawn seat vector has no seats at all: {list(weights)}")
        q = self.quota.resolve(total)
        if not 1 <= q <= total:
            raise InvalidInputError(
                f"quota {self.quota_text} is out of range for a drawn total of {total} seats "
                f"({', '.join(f'{n}={w}' for n, w in zip(self.names, weights, strict=True))})"
            )
        return q

    def _counts(self, weights: tuple[int, ...], q: int) -> dict[int, tuple[int, int]]:
        key = (tuple(sorted(weights)), q)
        hit = self._kernel.get(key)
        if hit is None:
            n = len(weights)
            fact = [factorial(k) * factorial(n - 1 - k) for k in range(n)]
            rows = pivot_counts_by_size(key[0], q)
            hit = {}
            for w, row in zip(key[0], rows, strict=True):
                if w not in hit:
                    hit[w] = (sum(row), sum(f * c for f, c in zip(fact, row, strict=True)))
            if len(self._kernel) >= CACHE_LIMIT:
                self._kernel.clear()
            self._kernel[key] = hit
        return hit

    def _power(
        self, weights: tuple[int, ...], q: int
    ) -> tuple[dict[str, tuple[Fraction, ...]], dict[str, npt.NDArray[np.float64]], bool]:
        """Exact values (when wanted), floats, and whether some member has no swing."""
        exact: dict[str, tuple[Fraction, ...]] = {}
        floats: dict[str, npt.NDArray[np.float64]] = {}
        n = len(weights)
        counts = self._counts(weights, q)
        swings = [counts[w][0] for w in weights]
        ratios = {
            "banzhaf": (swings, sum(swings)),
            "banzhaf_absolute": (swings, 2 ** (n - 1)),
            "shapley": ([counts[w][1] for w in weights], factorial(n)),
        }
        game: WeightedGame | None = None
        for key in self.indices:
            if key in ratios:
                nums, den = ratios[key]
                floats[key] = np.array([c / den for c in nums])  # int / int: correctly rounded
                if self.want_exact:
                    exact[key] = tuple(Fraction(c, den) for c in nums)
                continue
            if game is None:
                game = WeightedGame(q, list(weights), list(self.names))
            try:
                got = power(game, key).exact
            except PowershareError as exc:
                raise InvalidInputError(f"index {key!r} on a drawn seat vector: {exc}") from None
            if got is None:
                raise InvalidInputError(f"index {key!r} has no exact method for this body")
            values = tuple(got)
            exact[key] = values
            floats[key] = np.array([float(v) for v in values])
        return exact, floats, any(s == 0 for s in swings)

    def evaluate(self, weights: Sequence[int]) -> VectorFacts:
        """The facts of one weight vector (cached)."""
        key = tuple(int(w) for w in weights)
        hit = self._facts.get(key)
        if hit is not None:
            return hit
        self.distinct += 1
        q = self.resolve(key)
        total = sum(key)
        exact, floats, _ = self._power(key, q)
        veto = tuple(total - w < q for w in key)
        counts = self._counts(key, q)
        dummy = tuple(counts[w][0] == 0 for w in key)
        game = None
        if 2 * q <= total or self._decisiveness:
            game = WeightedGame(q, list(key), list(self.names))
        improper = game is not None and 2 * q <= total and not is_proper(game)
        allies = tuple(total - sum(key[i] for i in g) < q for g in self.allies)
        demands = tuple(self._demand(d, key, q, exact, dummy, game) for d in self.demands)
        facts = VectorFacts(exact, floats, veto, dummy, improper, allies, demands)
        if len(self._facts) >= CACHE_LIMIT:
            self._facts.clear()
        self._facts[key] = facts
        return facts

    def _demand(
        self,
        d: Demand,
        weights: tuple[int, ...],
        q: int,
        exact: dict[str, tuple[Fraction, ...]],
        dummy: tuple[bool, ...],
        game: WeightedGame | None,
    ) -> bool:
        """Whether demand ``d`` holds, with the meanings of
        :class:`powershare.design.settlement.Demand` (design's settlement search)."""
        total = sum(weights)
        pos = self.position

        def blocks(group: Sequence[int]) -> bool:
            return total - sum(weights[i] for i in group) < q

        if d.kind in ("min_share", "max_share"):
            assert d.party is not None and d.value is not None
            share = exact[d.index][pos[d.party]]
            return share >= d.value if d.kind == "min_share" else share <= d.value
        if d.kind == "cap":
            assert d.value is not None
            return all(v <= d.value for v in exact[d.index])
        if d.kind in ("veto", "no_veto"):
            assert d.party is not None
            return blocks([pos[d.party]]) == (d.kind == "veto")
        if d.kind in ("block_with", "cannot_block_with"):
            assert d.party is not None
            group = [pos[d.party]] + [pos[a] for a in d.allies]
            return blocks(group) == (d.kind == "block_with")
        if d.kind == "min_decisiveness":
            assert d.value is not None and game is not None
            return decisiveness(game).collectivity >= d.value
        assert d.party is not None
        return not dummy[pos[d.party]]

    def facts_arrays(
        self, seats: npt.NDArray[np.int64]
    ) -> dict[str, npt.NDArray[np.float64] | npt.NDArray[np.bool_] | npt.NDArray[np.int64]]:
        """The facts of every row of ``seats``, stacked into arrays (one row per draw).

        Keys: ``seats``, ``power:<index>`` (float64, draws x members), ``veto``, ``dummy``
        (bool, draws x members), ``improper`` (bool, draws), ``allies`` (draws x groups),
        ``demands`` (draws x demands).
        """
        m, n = seats.shape
        out: dict[str, npt.NDArray[np.float64] | npt.NDArray[np.bool_] | npt.NDArray[np.int64]]
        out = {"seats": seats.astype(np.int64)}
        power_arrays = {k: np.zeros((m, n)) for k in self.indices}
        veto = np.zeros((m, n), dtype=bool)
        dummy = np.zeros((m, n), dtype=bool)
        improper = np.zeros(m, dtype=bool)
        allies = np.zeros((m, len(self.allies)), dtype=bool)
        demands = np.zeros((m, len(self.demands)), dtype=bool)
        for r in range(m):
            f = self.evaluate(seats[r].tolist())
            for k, arr in power_arrays.items():
                arr[r] = f.floats[k]
            veto[r] = f.veto
            dummy[r] = f.dummy
            improper[r] = f.improper
            allies[r] = f.allies
            demands[r] = f.demands
        for k, arr in power_arrays.items():
            out[f"power:{k}"] = arr
        out.update(veto=veto, dummy=dummy, improper=improper, allies=allies, demands=demands)
        return out


_SHARE_KINDS = ("min_share", "max_share", "cap")
