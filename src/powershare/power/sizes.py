"""Counts by coalition size and by coalition weight, for the indices of :mod:`.indices_more`.

Four quantities, each an exact :class:`~powershare.power.extended.SizedCounts`:

``winning_by_size``
    ``by_size[i][s]``: winning coalitions of ``s`` members that contain member ``i``
    (the Public Help index xi, Bertini & Stach 2015).
``swings_by_size``
    ``by_size[i][s]``: coalitions ``S`` of ``s`` members with ``i`` in ``S``, ``S`` winning and
    ``S - {i}`` losing (the Coleman-Shapley index, Casajus & Huettner 2019).
``mwc_by_weight``
    weighted games only: ``by_size[i][e]``: minimal winning coalitions that contain ``i`` and
    weigh ``quota + e`` (the Colomer-Martinez index, Colomer & Martinez 1995).
``shift_mwc``
    ``by_size[i][s]``: *shift-minimal* winning coalitions of ``s`` members that contain ``i``
    (Alonso-Meijide & Freixas 2010): minimal winning coalitions ``S`` such that for every
    member ``i`` of ``S`` and every outsider ``j`` strictly less desirable than ``i``,
    ``S - {i} + {j}`` loses.

Methods
-------
``size-dp`` (weighted games, exact, pseudo-polynomial): the generating function
``F(y, z) = prod_j (1 + y z^(w_j))`` is built once with coefficients up to the total weight
``W`` and up to ``n`` members; dividing by ``1 + y z^(w_i)`` (one sequential pass over the
sizes, Uno 2012's subtraction) gives the coalitions without ``i`` by size and weight, whose
sums over the weights ``>= q - w_i`` (winning with ``i``) and ``q - w_i .. q - 1`` (swings of
``i``) are the counts.  Cost ``O(n W)`` per distinct weight, so ``O(D n W)`` in all.  Minimal
winning coalitions by weight use the observation of :mod:`powershare.power.mwc`: ``S`` of
weight ``q + e`` is minimal iff every member outweighs ``e``, so the count for ``i`` is
``[z^(q - w_i + e)] K_e(z) / (1 + z^(w_i))`` with ``K_e = prod_(w_j > e) (1 + z^(w_j))``,
built while ``e`` falls (Kurz 2016, arXiv:1603.01443).  All array work is modulo primes
below ``2^62`` (numpy ``int64``), the exact integers recovered by the Chinese remainder theorem
with enough primes that their product exceeds ``2^(n+1)``.

``size-enumeration`` (any simple game with few members, exact): all ``2^n`` coalitions
(:func:`powershare.power.brute.winning_table`); the shift-minimal coalitions need the strict
desirability relation, tested pair by pair over all coalitions, ``O(n^2 2^n)``, and are limited
to :data:`SHIFT_ENUMERATION_MAX_MEMBERS` members.  Weighted games use ``shift-dp``
(:mod:`powershare.power.shift_dp`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from powershare.games.base import SimpleGame
from powershare.games.lazy_numpy import np
from powershare.games.weighted import WeightedGame
from powershare.power import brute
from powershare.power.brute import ENUMERATION_MAX_MEMBERS
from powershare.power.extended import SizedCounts
from powershare.power.kernels.pivots import largest_primes_below
from powershare.power.methods import equivalent_game
from powershare.power.registry import CountingMethod, Counts, Estimate, registry

if TYPE_CHECKING:
    import numpy.typing as npt

    I64 = npt.NDArray[np.int64]

__all__ = [
    "SHIFT_ENUMERATION_MAX_MEMBERS",
    "SIZE_DP",
    "SIZE_ENUMERATION",
    "SIZE_QUANTITIES",
    "by_size_tables",
    "mwc_by_weight",
    "shift_minimal_by_size",
]

SIZE_QUANTITIES = frozenset({"winning_by_size", "swings_by_size", "mwc_by_weight", "shift_mwc"})
SHIFT_ENUMERATION_MAX_MEMBERS = 20
"""The most members the shift-minimal enumeration (``O(n^2 2^n)``) accepts."""

Table = list[list[int]]


# -- primes and the Chinese remainder theorem ---------------------------------------------------
def _primes_for(n: int) -> tuple[int, ...]:
    """Primes (each above ``2^61``) whose product exceeds ``2^(n + 2)``."""
    return largest_primes_below(62, (n + 2) // 61 + 1)


def _crt(residues: list[int], primes: tuple[int, ...]) -> int:
    value, modulus = 0, 1
    for r, p in zip(residues, primes, strict=True):
        t = (r - value) * pow(modulus, -1, p) % p
        value += modulus * t
        modulus *= p
    return value


def _combine(tables: list[list[list[int]]], primes: tuple[int, ...]) -> Table:
    rows, cols = len(tables[0]), len(tables[0][0]) if tables[0] else 0
    return [[_crt([t[r][c] for t in tables], primes) for c in range(cols)] for r in range(rows)]


# -- size-dp: weighted games -------------------------------------------------------------------
def _cumulative(weights: tuple[int, ...], length: int, p: int) -> I64:
    """``H[s][t]``: coalitions of ``s`` members weighing at most ``t`` (``t < length``), modulo
    ``p``: the coefficients of ``prod_j (1 + y z^(w_j)) / (1 - z)``, so no prefix sums are
    needed."""
    n = len(weights)
    table = np.zeros((n + 1, length), dtype=np.int64)
    table[0, :] = 1
    for k, w in enumerate(weights):
        top = k + 2  # after k + 1 members, sizes 0 .. k + 1
        if w == 0:
            table[1:top, :] += table[: top - 1, :].copy()
        elif w < length:
            table[1:top, w:] += table[: top - 1, :-w].copy()
        else:
            continue
        table[1:top] %= p
    return table


def _below(table: I64, w: int, t: int, p: int) -> I64:
    """``out[k]``: coalitions of ``k`` members *without one member of weight* ``w`` weighing
    less than ``t``: ``sum_l (-1)^l H[k - l][t - 1 - l w]`` (division by ``1 + y z^w``)."""
    n = table.shape[0] - 1
    out = np.zeros(n, dtype=np.int64)
    for k in range(n):
        col = t - 1 - k * w
        if col < 0:
            break
        col = min(col, table.shape[1] - 1)
        part = table[: n - k, col]
        out[k:] = (out[k:] + (part if k % 2 == 0 else p - part)) % p
    return out


@cache
def by_size_tables(weights: tuple[int, ...], quota: int) -> tuple[Table, Table]:
    """Per member, winning coalitions containing it and its swings, both by coalition size.

    A member ``i`` of weight ``w`` is in ``C(n-1, s-1)`` coalitions of ``s`` members; those
    that lose are the ones whose other members weigh less than ``q - w``, and ``i`` swings in
    those whose other members weigh ``q - w .. q - 1``.

    >>> by_size_tables((2, 1, 1), 2)
    ([[0, 1, 2, 1], [0, 0, 2, 1], [0, 0, 2, 1]], [[0, 1, 2, 0], [0, 0, 1, 0], [0, 0, 1, 0]])
    """
    n = len(weights)
    primes = _primes_for(n)
    distinct = sorted(set(weights))
    lose_mod: dict[int, list[list[int]]] = {w: [] for w in distinct}
    swing_mod: dict[int, list[list[int]]] = {w: [] for w in distinct}
    for p in primes:
        table = _cumulative(weights, max(quota, 1), p)
        for w in distinct:
            losing = _below(table, w, quota - w, p)
            below_q = _below(table, w, quota, p)
            lose_mod[w].append([int(v) for v in losing])
            swing_mod[w].append([int(v) for v in (below_q - losing) % p])
    win_rows: dict[int, list[int]] = {}
    swing_rows: dict[int, list[int]] = {}
    for w in distinct:
        lose = [_crt([r[k] for r in lose_mod[w]], primes) for k in range(n)]
        swing = [_crt([r[k] for r in swing_mod[w]], primes) for k in range(n)]
        # a coalition of k others plus the member has k + 1 members
        win_rows[w] = [0, *(math.comb(n - 1, k) - lose[k] for k in range(n))]
        swing_rows[w] = [0, *swing]
    return [list(win_rows[w]) for w in weights], [list(swing_rows[w]) for w in weights]


def mwc_by_weight(weights: tuple[int, ...], quota: int) -> Table:
    """``out[i][e]``: minimal winning coalitions that contain member ``i`` and weigh
    ``quota + e`` (``0 <= e < w_i``).

    >>> mwc_by_weight((3, 2, 1, 1), 5)  # {0, 1} and {0, 2, 3}, both of weight 5
    [[2, 0, 0], [1, 0], [1], [1]]
    """
    n = len(weights)
    primes = _primes_for(n)
    top = max(weights) if weights else 0
    length = quota  # coefficients z^0 .. z^(quota - 1) are all that is read
    residues: list[dict[tuple[int, int], int]] = []
    order = sorted(range(n), key=lambda j: -weights[j])
    for p in primes:
        found: dict[tuple[int, int], int] = {}
        poly = np.zeros(length, dtype=np.int64)
        poly[0] = 1
        added = 0
        for e in range(top - 1, -1, -1):
            while added < n and weights[order[added]] > e:  # members turning heavy
                u = weights[order[added]]
                if u < length:
                    poly[u:] += poly[:-u].copy()
                    poly %= p
                added += 1
            for w in {weights[j] for j in order[:added]}:
                t = quota - w + e
                if t < 0 or t >= length:
                    continue
                # [z^t] poly / (1 + z^w) = sum_l (-1)^l poly[t - l w]
                coeffs = poly[t::-w].astype(object)
                found[(w, e)] = int(coeffs[::2].sum() - coeffs[1::2].sum()) % p
        residues.append(found)
    out: Table = []
    for i in range(n):
        w = weights[i]
        out.append(
            [
                _crt([r.get((w, e), 0) for r in residues], primes) if quota - w + e >= 0 else 0
                for e in range(w)
            ]
        )
    return out


def _weighted(game: SimpleGame) -> WeightedGame:
    assert isinstance(game, WeightedGame), "requires() admits only weighted games"
    return game


def _dp_requires(game: SimpleGame, quantity: str) -> str | None:
    return None if isinstance(game, WeightedGame) else "it needs a weighted game"


def _dp_estimate(game: SimpleGame) -> Estimate:
    g = equivalent_game(_weighted(game))  # counts by size depend on the game only
    cells = (g.n + 1) * (g.total_weight + 1)
    distinct = len(set(g.weights))
    passes = len(_primes_for(g.n))
    return Estimate(0.01 + 4e-9 * cells * (distinct + 2) * passes * 3, 3 * cells * 8 + 10**6)


def _mwc_weight_estimate(game: SimpleGame) -> Estimate:
    g = _weighted(game)
    top = max(g.weights)
    distinct = len(set(g.weights))
    passes = len(_primes_for(g.n))
    work = passes * (g.n * g.quota + top * distinct * g.quota)
    return Estimate(0.01 + 2e-8 * work, 8 * g.quota + 10**6)


def _sized(quantity: str, table: Table, scalars: dict[str, int] | None = None) -> SizedCounts:
    by_size = tuple(tuple(row) for row in table)
    return SizedCounts(quantity, tuple(sum(r) for r in by_size), scalars or {}, by_size)


def _winning_by_size_dp(game: SimpleGame) -> Counts:
    g = _weighted(game)
    g = equivalent_game(g)
    return _sized("winning_by_size", by_size_tables(g.weights, g.quota)[0])


def _swings_by_size_dp(game: SimpleGame) -> Counts:
    g = _weighted(game)
    g = equivalent_game(g)
    return _sized("swings_by_size", by_size_tables(g.weights, g.quota)[1])


def _mwc_total(table: Table, weights: tuple[int, ...], quota: int) -> int:
    """Minimal winning coalitions in all: each of weight ``quota + e`` is counted once per
    member, and its members' weights add up to ``quota + e``."""
    by_e: Counter[int] = Counter()
    for i, row in enumerate(table):
        for e, c in enumerate(row):
            by_e[e] += c * weights[i]
    return sum(v // (quota + e) for e, v in by_e.items())


def _mwc_by_weight_dp(game: SimpleGame) -> Counts:
    g = _weighted(game)
    table = mwc_by_weight(g.weights, g.quota)
    total = _mwc_total(table, g.weights, g.quota)
    return _sized("mwc_by_weight", table, {"minimal_winning_coalitions": total})


# -- size-enumeration: any small game ---------------------------------------------------------
def _sizes(n: int) -> npt.NDArray[np.int64]:
    return np.bitwise_count(np.arange(1 << n, dtype=np.int64)).astype(np.int64)


def _member_rows(n: int, selected: npt.NDArray[np.bool_]) -> Table:
    masks = np.arange(1 << n, dtype=np.int64)
    sizes = _sizes(n)
    out = []
    for i in range(n):
        pick = selected & ((masks >> i) & 1).astype(bool)
        out.append([int(c) for c in np.bincount(sizes[pick], minlength=n + 1)])
    return out


def _winning_by_size_enum(game: SimpleGame) -> Counts:
    win = brute.winning_table(game)
    return _sized("winning_by_size", _member_rows(game.n, win))


def _swings_by_size_enum(game: SimpleGame) -> Counts:
    n = game.n
    win = brute.winning_table(game)
    masks = np.arange(1 << n, dtype=np.int64)
    sizes = _sizes(n)
    out = []
    for i in range(n):
        has = ((masks >> i) & 1).astype(bool)
        swing = has & win & ~win[masks & ~(1 << i)]
        out.append([int(c) for c in np.bincount(sizes[swing], minlength=n + 1)])
    return _sized("swings_by_size", out)


def _minimal(win: npt.NDArray[np.bool_], n: int) -> npt.NDArray[np.bool_]:
    masks = np.arange(1 << n, dtype=np.int64)
    keep = win.copy()
    for i in range(n):
        has = ((masks >> i) & 1).astype(bool)
        keep &= ~(has & win[masks & ~(1 << i)])
    return keep


def _mwc_by_weight_enum(game: SimpleGame) -> Counts:
    g = _weighted(game)
    n = g.n
    win = brute.winning_table(g)
    minimal = _minimal(win, n)
    masks = np.arange(1 << n, dtype=np.int64)
    weight = np.zeros(1 << n, dtype=object if g.total_weight >= 2**62 else np.int64)
    for i, w in enumerate(g.weights):
        weight += ((masks >> i) & 1) * w
    table = []
    for i in range(n):
        pick = minimal & ((masks >> i) & 1).astype(bool)
        excess = weight[pick] - g.quota
        table.append([int(c) for c in np.bincount(excess, minlength=g.weights[i])][: g.weights[i]])
    total = int(minimal.sum())
    return _sized("mwc_by_weight", table, {"minimal_winning_coalitions": total})


def _strictly_more_desirable(win: npt.NDArray[np.bool_], n: int) -> list[list[bool]]:
    """``above[i][j]``: ``i`` is strictly more desirable than ``j`` (Isbell 1958):
    ``S + {j}`` winning implies ``S + {i}`` winning for every ``S`` without both, and not
    conversely."""
    masks = np.arange(1 << n, dtype=np.int64)
    geq = [[True] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            free = ((masks >> i) & 1) == 0
            free &= ((masks >> j) & 1) == 0
            base = masks[free]
            geq[i][j] = bool(np.all(win[base | (1 << i)] | ~win[base | (1 << j)]))
    return [[geq[i][j] and not geq[j][i] for j in range(n)] for i in range(n)]


def shift_minimal_by_size(game: SimpleGame) -> tuple[Table, int]:
    """``out[i][s]``: shift-minimal winning coalitions of ``s`` members containing ``i``; and
    their number (Alonso-Meijide & Freixas 2010), by enumeration.

    >>> from powershare.games.weighted import WeightedGame
    >>> shift_minimal_by_size(WeightedGame(5, [3, 2, 1, 1]))  # {0, 1} and {0, 2, 3}
    ([[0, 0, 1, 1, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 1, 0]], 2)
    """
    n = game.n
    win = brute.winning_table(game)
    keep = _minimal(win, n)
    above = _strictly_more_desirable(win, n)
    masks = np.arange(1 << n, dtype=np.int64)
    for i in range(n):
        has_i = ((masks >> i) & 1).astype(bool)
        for j in range(n):
            if not above[i][j]:
                continue
            lacks_j = ((masks >> j) & 1) == 0
            shifted = (masks & ~(1 << i)) | (1 << j)
            keep &= ~(has_i & lacks_j & win[shifted])
    return _member_rows(n, keep), int(keep.sum())


def _shift_enum(game: SimpleGame) -> Counts:
    table, total = shift_minimal_by_size(game)
    return _sized("shift_mwc", table, {"shift_minimal_winning_coalitions": total})


def _enum_requires(game: SimpleGame, quantity: str) -> str | None:
    if quantity == "mwc_by_weight" and not isinstance(game, WeightedGame):
        return "coalition weights need a weighted game"
    limit = SHIFT_ENUMERATION_MAX_MEMBERS if quantity == "shift_mwc" else ENUMERATION_MAX_MEMBERS
    if game.n > limit:
        return (
            f"enumeration visits all 2^n coalitions and is limited to {limit} members for "
            f"{quantity}; this body has {game.n}"
        )
    return None


def _enum_estimate(passes: int, pairs: bool = False) -> Callable[[SimpleGame], Estimate]:
    def estimate(game: SimpleGame) -> Estimate:
        seconds, memory = brute.estimate_enumeration(game.n, passes)
        return Estimate(seconds * (game.n if pairs else 1), memory)

    return estimate


def _mwc_weight_enum_estimate(game: SimpleGame) -> Estimate:
    """Enumeration plus the table of one entry per unit of each member's weight."""
    base = _enum_estimate(6)(game)
    entries = _weighted(game).total_weight
    return Estimate(base.seconds + 1e-8 * entries, base.bytes + 8 * entries)


SIZE_DP = registry.register(
    CountingMethod(
        name="size-dp",
        exact=True,
        summary="Exact generating functions by size and weight for weighted games: winning "
        "coalitions and swings by size, minimal winning coalitions by weight.",
        reference="Uno (2012); Kurz (2016) arXiv:1603.01443; Casajus & Huettner (2019) app. A; "
        "see powershare.power.sizes",
        counters={
            "winning_by_size": _winning_by_size_dp,
            "swings_by_size": _swings_by_size_dp,
            "mwc_by_weight": _mwc_by_weight_dp,
        },
        estimators={
            "winning_by_size": _dp_estimate,
            "swings_by_size": _dp_estimate,
            "mwc_by_weight": _mwc_weight_estimate,
        },
        requires=_dp_requires,
        family="generating-function",
    )
)
SIZE_ENUMERATION = registry.register(
    CountingMethod(
        name="size-enumeration",
        exact=True,
        summary="Brute force over all 2^n coalitions by size (n <= 25) and shift-minimal "
        "winning coalitions (n <= 20).",
        reference="Definitions: Bertini & Stach (2015); Casajus & Huettner (2019); Colomer & "
        "Martinez (1995); Alonso-Meijide & Freixas (2010)",
        counters={
            "winning_by_size": _winning_by_size_enum,
            "swings_by_size": _swings_by_size_enum,
            "mwc_by_weight": _mwc_by_weight_enum,
            "shift_mwc": _shift_enum,
        },
        estimators={
            "winning_by_size": _enum_estimate(2),
            "swings_by_size": _enum_estimate(4),
            "mwc_by_weight": _mwc_weight_enum_estimate,
            "shift_mwc": _enum_estimate(4, pairs=True),
        },
        requires=_enum_requires,
        family="enumeration",
    )
)
