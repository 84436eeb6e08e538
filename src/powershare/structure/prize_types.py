"""Coalitions of a prize game grouped by types of interchangeable members, and the oracles
that find the coalitions with the largest excess (used by :mod:`.solutions`).

For a weighted game the members of equal weight are interchangeable, so a coalition is a
vector of counts per weight; the oracle is a branch-and-bound over those counts pruned by a
knapsack table of the cheapest way to reach the quota.  Any other game of at most
:data:`TABLE_MAX_MEMBERS` members is scanned coalition by coalition.

>>> from powershare.games.weighted import WeightedGame
>>> types = coalition_types(WeightedGame(3, [2, 1, 1, 1]))
>>> types.members, types.sizes, lower_bounds(types)
(((0,), (1, 2, 3)), (1, 3), [Fraction(0, 1), Fraction(0, 1)])
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from powershare.errors import MethodNotApplicableError
from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame
from powershare.power.brute import winning_table

__all__ = [
    "MAX_NODES",
    "TABLE_MAX_MEMBERS",
    "TOL",
    "WEIGHTED_MAX_QUOTA",
    "Clock",
    "CoalitionTypes",
    "Floats",
    "Oracle",
    "OutOfTime",
    "Vector",
    "cheapest_winning_share",
    "coalition_types",
    "lower_bounds",
    "table_types",
    "weighted_types",
]

TABLE_MAX_MEMBERS = 20
"""Most members of a non-weighted game whose coalitions the oracle scans."""
WEIGHTED_MAX_QUOTA = 10**6
"""Largest quota of a weighted game whose knapsack table the oracle builds."""
TOL = 1e-9
_MAX_ROUNDS = 150
MAX_NODES = 2_000_000

Vector = tuple[int, ...]
Floats = npt.NDArray[np.float64]
# oracle(y, threshold, is_fixed) -> coalitions (count vectors) with excess above threshold
# oracle(y, threshold, is_fixed, full): ``full`` also yields non-minimal winning coalitions and
# losing ones beyond single members (needed after the first stage)
Oracle = Callable[[Floats, float, Callable[[Vector], bool], bool], list[tuple[float, Vector]]]


@dataclass(frozen=True)
class CoalitionTypes:
    """Members grouped into interchangeable types: ``members[t]`` of weight ``weight[t]``."""

    members: tuple[tuple[int, ...], ...]
    worth: Callable[[Vector], int]  # 1 if the coalition with these counts wins
    oracle: Oracle
    start: tuple[float, ...] = ()  # a good first division per member of each type
    compact: tuple[Vector, Vector, int] | None = None  # sizes, capped weights, quota

    @property
    def sizes(self) -> Vector:
        return tuple(len(m) for m in self.members)


# -- oracles -------------------------------------------------------------------------------------
class OutOfTime(Exception):
    """The time limit passed inside the search; :func:`solutions` says how far it got."""


@dataclass
class Clock:
    """The time limit of one :func:`solutions` call and how far the work got."""

    deadline: float | None = None
    rounds: int = 0
    stages: int = 0
    coalitions: int = 0
    notes: list[str] = field(default_factory=list)

    def remaining(self) -> float | None:
        """Seconds left (``None``: no limit); raises :class:`OutOfTime` when none are."""
        self.check()
        return None if self.deadline is None else self.deadline - time.perf_counter()

    def check(self) -> None:
        if self.deadline is not None and time.perf_counter() > self.deadline:
            raise OutOfTime


def weighted_types(
    game: WeightedGame, split: int | None = None, clock: Clock | None = None
) -> CoalitionTypes:
    groups: dict[int, list[int]] = {}
    for i, w in enumerate(game.weights):
        if i != split:
            groups.setdefault(w, []).append(i)
    members = [tuple(m) for _w, m in sorted(groups.items(), key=lambda kv: -kv[0])]
    if split is not None:
        members.insert(0, (split,))
    q = game.quota
    weight = [min(game.weights[m[0]], q) for m in members]  # beyond the quota all the same
    sizes = [len(m) for m in members]

    def worth(c: Vector) -> int:
        return int(sum(k * w for k, w in zip(c, weight, strict=True)) >= q)

    def oracle(
        y: Floats, threshold: float, fixed: Callable[[Vector], bool], full: bool = True
    ) -> list[tuple[float, Vector]]:
        tcount = len(weight)
        inf = float("inf")
        best = np.full((tcount + 1, q + 1), inf)
        best[tcount, 0] = 0.0
        for t in range(tcount - 1, -1, -1):
            row = np.full(q + 1, inf)
            for k in range(sizes[t] + 1):
                r = np.arange(q + 1)
                row = np.minimum(row, k * y[t] + best[t + 1][np.maximum(r - k * weight[t], 0)])
            best[t] = row
        win_bound = 1.0 - threshold - TOL
        lose_bound = -threshold - TOL
        found: list[tuple[float, Vector]] = []
        nodes = 0
        counts = [0] * tcount

        def search(t: int, cost: float, acc: int, lightest: int = 0) -> None:
            nonlocal nodes
            nodes += 1
            if clock is not None and not nodes & 4095:
                clock.check()
            if not full and lightest and acc - lightest >= q:  # already more than minimal
                return
            if nodes > MAX_NODES or len(found) >= 1000:
                return
            if t == tcount:
                c = tuple(counts)
                lightest = min((weight[k] for k in range(tcount) if c[k]), default=0)
                if not full and acc >= q and acc - lightest >= q:  # not minimal: dominated
                    return
                if not full and acc < q and sum(c) != 1:  # losing beyond a single member
                    return
                excess = (1.0 if acc >= q else 0.0) - cost
                if excess > threshold + TOL and not fixed(c):
                    found.append((excess, c))
                return
            can_win = cost + best[t][max(q - acc, 0)] < win_bound
            can_lose = acc < q and cost < lose_bound
            if not (can_win or can_lose):
                return
            for k in range(sizes[t], -1, -1):
                counts[t] = k
                light = weight[t] if k and weight[t] else lightest
                search(t + 1, cost + k * y[t], acc + k * weight[t], light)
            counts[t] = 0

        search(0, 0.0, 0)
        if nodes > MAX_NODES and not found:
            raise MethodNotApplicableError(
                "the nucleolus search visited too many coalitions; it is undecided for this game"
            )
        found.sort(key=lambda pair: -pair[0])
        return found[:100]

    total = sum(game.weights) or 1
    start = tuple(float(Fraction(w, total)) for w in weight)
    return CoalitionTypes(tuple(members), worth, oracle, start, (tuple(sizes), tuple(weight), q))


def table_types(game: SimpleGame) -> CoalitionTypes:
    n = game.n
    win = winning_table(game)
    masks = np.arange(1 << n, dtype=np.int64)
    bits = [((masks >> i) & 1).astype(bool) for i in range(n)]

    def worth(c: Vector) -> int:
        return int(win[sum(1 << i for i in range(n) if c[i])])

    def oracle(
        y: Floats, threshold: float, fixed: Callable[[Vector], bool], full: bool = True
    ) -> list[tuple[float, Vector]]:
        value = np.zeros(1 << n)
        for i in range(n):
            value[bits[i]] += y[i]
        excess = win.astype(float) - value
        hits = np.flatnonzero(excess > threshold + TOL)
        hits = hits[np.argsort(-excess[hits], kind="stable")]
        out: list[tuple[float, Vector]] = []
        for m in hits[:5000]:
            c = tuple(int(m >> i & 1) for i in range(n))
            if not fixed(c):
                out.append((float(excess[m]), c))
                if len(out) >= 50:
                    break
        return out

    return CoalitionTypes(tuple((i,) for i in range(n)), worth, oracle)


def coalition_types(
    game: SimpleGame, split: int | None = None, clock: Clock | None = None
) -> CoalitionTypes:
    if isinstance(game, WeightedGame) and game.quota > WEIGHTED_MAX_QUOTA:
        if game.n <= TABLE_MAX_MEMBERS:
            return table_types(game)
        raise MethodNotApplicableError(
            f"the nucleolus oracle keeps a table over the quota, limited to {WEIGHTED_MAX_QUOTA}; "
            f"this quota is {game.quota}"
        )
    if isinstance(game, WeightedGame):
        return weighted_types(game, split, clock)
    if game.n <= TABLE_MAX_MEMBERS:
        return table_types(game)
    raise MethodNotApplicableError(
        f"the least core and nucleolus need a weighted game or at most {TABLE_MAX_MEMBERS} "
        f"members; this body has {game.n}"
    )


def lower_bounds(types: CoalitionTypes) -> list[Fraction]:
    lower = []
    for t in range(len(types.members)):
        single = tuple(int(k == t) for k in range(len(types.members)))
        lower.append(Fraction(types.worth(single)))
    if sum(lo * s for lo, s in zip(lower, types.sizes, strict=True)) > 1:
        raise MethodNotApplicableError(
            "two disjoint members each win alone: no division gives every one of them the prize"
        )
    return lower


def cheapest_winning_share(game: SimpleGame, x: list[Fraction]) -> Fraction:
    """The least total share of a winning coalition, exactly: a knapsack over the weights for
    weighted games (integers over the common denominator, vectorised), every coalition
    otherwise.

    >>> from powershare.games.weighted import WeightedGame
    >>> shares = [Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)]
    >>> cheapest_winning_share(WeightedGame(3, [2, 1, 1]), shares)
    Fraction(3, 4)
    """
    den = 1
    for v in x:
        den = den * v.denominator // math.gcd(den, v.denominator)
    scaled = [int(v * den) for v in x]
    if isinstance(game, WeightedGame) and game.quota <= WEIGHTED_MAX_QUOTA:
        q = game.quota
        wide = den >= 1 << 61  # shares add up to den: int64 holds every partial sum below it
        big = den + 1  # unreachable
        best = np.full(q + 1, big, dtype=object if wide else np.int64)
        best[0] = 0
        reach = np.arange(q + 1)
        for i, w in enumerate(game.weights):
            moved = best[np.maximum(reach - min(w, q), 0)] + scaled[i]
            best = np.minimum(best, moved)
        return Fraction(int(best[q]), den)
    win = winning_table(game)
    masks = np.arange(1 << game.n, dtype=np.int64)
    share = np.zeros(1 << game.n, dtype=object)
    for i, part in enumerate(scaled):
        share = share + ((masks >> i) & 1) * part
    return Fraction(int(min(share[win])), den)
