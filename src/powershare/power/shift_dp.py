"""Shift-minimal winning coalitions of weighted games, pseudo-polynomially (``shift-dp``).

A winning coalition ``S`` is *shift-minimal* (Alonso-Meijide & Freixas 2010, "A new power index
based on minimal winning coalitions without any surplus", *Decision Support Systems*
49:70-76) when it is minimal winning and, for every member ``i`` of ``S`` and every outsider
``j`` strictly less desirable than ``i``, ``S - {i} + {j}`` loses.  The shift index and the shift
Deegan-Packel index count them (:mod:`powershare.power.indices_more`); enumeration needs
``O(n^2 2^n)``.  This module counts them for weighted games with ``O(n (q + E))`` array cells
and ``O(n)`` passes over them per excess ``e < E`` and prime, ``E`` the largest gap between
the weights of consecutive classes of the desirability order (see below): for a body of 200
members with weights up to 100 and a majority quota, 2 excesses and 4.5 s on a busy machine
(``bench/bench_indices_more.py``).

Derivation
----------
1. *Classes.*  In a weighted game the desirability relation is complete and each class of
   equivalent members is an interval of weights; members of a higher class outweigh every
   member of a lower class.  Two members of adjacent distinct weights ``a < b`` are equivalent
   iff no coalition ``T`` of the others weighs ``q - b <= w(T) < q - a`` (one subset-sum bitset
   per pair).  Giving every member of a class the class's mean weight (times the least common
   multiple of the sizes of the classes whose weights differ, and the quota likewise) gives
   the same game: it is the average of the representations obtained by permuting equivalent
   members.  So below every class ``c`` has one weight ``u_c``, with ``u_1 < u_2 < ...``.
2. *The condition.*  Let ``S`` weigh ``q + e`` (``e >= 0``).  ``S`` is minimal iff every member
   outweighs ``e``; the shift condition for ``i`` in ``S`` and ``j`` outside in a lower class
   is ``w(S) - w_i + w_j < q``, i.e. ``u(i) - u(j) > e``.
3. *Segments.*  Cut the classes where the gap ``u_c - u_(c-1)`` exceeds ``e`` (and before the
   first class).  Across a cut the condition always holds.  Inside a segment, an outsider in
   class ``c - 1`` forces every member of class ``c`` out (the gap is at most ``e``), so once a
   class is not wholly in ``S`` all higher classes of the segment are wholly out.  A segment's
   part of ``S`` is therefore: its classes below some ``t`` wholly in, a proper part of class
   ``t``, the rest out; or all of it in.  With ``x_c = y z^(u_c)`` its generating function is
   ``sum_t P_t (1 + x_t)^(k_t) - sum_(t >= 2) P_t`` with ``P_t = prod_(c < t) x_c^(k_c)``
   (``k_c`` members in class ``c``); a one-class segment gives ``(1 + x)^k``.  A segment
   whose first class weighs at most ``e`` is wholly out (minimality).  ``e`` runs up to the
   largest gap (the first class counts its own weight as a gap): beyond it no segment may hold
   a member of ``S``.
4. *Counts.*  The coalitions are the coefficient of ``z^(q + e)`` in the product over segments
   (``y`` counts members).  A member of a one-class segment is removed by dividing by
   ``1 + y z^(u)`` (an alternating sum along one diagonal, Uno 2012's subtraction); for a
   member of a longer segment the product of the *other* segments (the full product divided
   by the segment's polynomial, whose constant term is 1; by divide and conquer when its
   binomial coefficients are too large for the modular headroom) is multiplied by the
   segment's patterns that contain it, read at one coefficient.

Each excess is first counted exactly without sizes (Python integers, one row); an excess
without coalitions is skipped, and the table by size of the others is computed modulo just
enough primes below ``2^56`` for that count (numpy ``int64``; coefficients below ``2^7``),
the exact integers recovered by the Chinese remainder theorem.

>>> shift_minimal_dp((3, 2, 1, 1), 5)  # {0, 1} and {0, 2, 3}
([[0, 0, 1, 1, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 1, 0]], 2)
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache
from typing import TYPE_CHECKING

from powershare.games.base import SimpleGame
from powershare.games.lazy_numpy import np
from powershare.games.weighted import WeightedGame
from powershare.power.extended import SizedCounts
from powershare.power.kernels.pivots import primes_below_2_56
from powershare.power.methods import equivalent_game
from powershare.power.registry import CountingMethod, Counts, Estimate, registry

if TYPE_CHECKING:
    import numpy.typing as npt

    I64 = npt.NDArray[np.int64]

__all__ = ["SHIFT_DP", "ShiftPlan", "desirability_classes", "shift_minimal_dp", "shift_plan"]

Table = list[list[int]]
SHIFT_DP_MAX_CELLS = 2 * 10**8
"""The largest DP array (``(n + 1) (q + e + 1)`` cells) ``shift-dp`` accepts."""


# -- classes of the desirability order --------------------------------------------------------
def _equivalent_neighbours(weights: tuple[int, ...], quota: int, a: int, b: int) -> bool:
    """Whether a member of weight ``a`` and one of weight ``b > a`` are equivalent: no coalition
    of the others weighs ``q - b <= w(T) <= q - a - 1``."""
    low, high = max(0, quota - b), quota - a - 1
    if high < low:
        return True
    rest = list(weights)
    rest.remove(a)
    rest.remove(b)
    mask = (1 << (high + 1)) - 1
    reach = 1
    for w in rest:
        if 0 < w <= high:
            reach |= (reach << w) & mask
    return (reach >> low) == 0


@lru_cache(maxsize=64)
def desirability_classes(weights: tuple[int, ...], quota: int) -> tuple[tuple[int, ...], ...]:
    """The classes of equivalent members (positions), from the least to the most desirable.

    >>> desirability_classes((3, 2, 2, 1), 4)
    ((3,), (1, 2), (0,))
    >>> desirability_classes((3, 2, 1), 4)  # [4; 3, 2, 1]: weights 2 and 1 are equivalent
    ((1, 2), (0,))
    """
    distinct = sorted(set(weights))
    groups: list[list[int]] = [[distinct[0]]]
    for a, b in itertools.pairwise(distinct):
        if _equivalent_neighbours(weights, quota, a, b):
            groups[-1].append(b)
        else:
            groups.append([b])
    return tuple(
        tuple(i for i in range(len(weights)) if weights[i] in set(group)) for group in groups
    )


@lru_cache(maxsize=64)
def shift_plan(weights: tuple[int, ...], quota: int) -> ShiftPlan:
    """The classes with one weight each (rescaled where a class's weights differ)."""
    classes = desirability_classes(weights, quota)
    mixed = [len(c) for c in classes if len({weights[i] for i in c}) > 1]
    scale = math.lcm(*mixed) if mixed else 1
    units = tuple(scale * sum(weights[i] for i in c) // len(c) for c in classes)
    gaps = [units[0]] + [b - a for a, b in itertools.pairwise(units)]
    return ShiftPlan(len(weights), quota * scale, classes, units, max(gaps))


class ShiftPlan:
    """Classes, one weight per class (ascending), the quota for those weights and the number of
    excesses ``e`` to visit."""

    def __init__(
        self,
        n: int,
        quota: int,
        classes: tuple[tuple[int, ...], ...],
        units: tuple[int, ...],
        excesses: int,
    ) -> None:
        self.n, self.quota, self.classes, self.units, self.excesses = (
            n,
            quota,
            classes,
            units,
            excesses,
        )

    def segments(self, e: int) -> list[list[int]]:
        """The classes (indices) of each segment for excess ``e``, segments that must stay out
        of every coalition left out."""
        out: list[list[int]] = []
        for c, u in enumerate(self.units):
            if c == 0 or u - self.units[c - 1] > e:
                out.append([c])
            else:
                out[-1].append(c)
        return [s for s in out if self.units[s[0]] > e]

    @property
    def rows(self) -> int:
        """Sizes kept in the arrays: ``0 ..`` the most members weighing at most the largest
        target together (larger coalitions weigh more)."""
        weights = sorted(u for c, u in zip(self.classes, self.units, strict=True) for _ in c)
        reach, top = 0, self.quota + self.excesses - 1
        for count, u in enumerate(weights):
            reach += u
            if reach > top:
                return count + 1
        return self.n + 1

    def cells(self) -> int:
        """Cells of one DP array at the largest excess."""
        return self.rows * (self.quota + self.excesses)


# -- polynomial arrays modulo p: rows = members (y), columns = weight (z) ----------------------
_LAZY = 6
"""Member products between reductions modulo ``p``: each at most doubles the entries, and
``2^56 * 2^6`` stays below ``2^63``."""


def _times_members(x: I64, u: int, count: int, p: int) -> None:
    """``x *= (1 + y z^u)^count`` in place (``u >= 1``), reducing modulo ``p`` every
    :data:`_LAZY` products and at the end."""
    if u >= x.shape[1]:
        return
    for step in range(count):
        x[1:, u:] += x[:-1, :-u].copy()
        if step % _LAZY == _LAZY - 1 or step == count - 1:
            x %= p


def _times_segment(x: I64, plan: ShiftPlan, segment: list[int], p: int) -> I64:
    """``x`` times the segment's generating function (step 3 of the module notes), by Horner's
    rule from the top class: ``Z_t = x (1 + x_t)^(k_t) + x_t^(k_t) (Z_(t+1) - x)``, ``Z = x``
    above the segment, the product is ``Z_1``."""
    z = x
    for c in reversed(segment):
        k, u = len(plan.classes[c]), plan.units[c]
        step = x.copy()
        _times_members(step, u, k, p)
        a, b = k, k * u
        if a < x.shape[0] and b < x.shape[1] and z is not x:
            step[a:, b:] += z[: x.shape[0] - a, : x.shape[1] - b]
            step[a:, b:] -= x[: x.shape[0] - a, : x.shape[1] - b]
            step %= p
        z = step
    return z


def _base(plan: ShiftPlan, singles: list[int], target: int, p: int) -> I64:
    """The product of ``1 + y z^u`` over the members of the one-class segments, built from the
    lightest with the array cut to the sizes and weights reached so far."""
    x = np.zeros((plan.rows, target + 1), dtype=np.int64)
    x[0, 0] = 1
    rows, cols = 1, 1
    for c in singles:
        u, k = plan.units[c], len(plan.classes[c])
        rows, cols = min(rows + k, plan.rows), min(cols + k * u, target + 1)
        _times_members(x[:rows, :cols], u, k, p)
    return x


def _with_all_but_one(
    x: I64, plan: ShiftPlan, segments: list[list[int]], p: int
) -> list[tuple[int, I64]]:
    """For each segment (by position), ``x`` times all the *other* segments (divide and
    conquer: every segment is applied ``log2`` of their number times)."""
    if len(segments) == 1:
        return [(0, x)]
    half = len(segments) // 2
    left, right = segments[:half], segments[half:]
    with_right, with_left = x, x
    for s in right:
        with_right = _times_segment(with_right, plan, s, p)
    for s in left:
        with_left = _times_segment(with_left, plan, s, p)
    return _with_all_but_one(with_right, plan, left, p) + [
        (half + k, y) for k, y in _with_all_but_one(with_left, plan, right, p)
    ]


def _segment_terms(plan: ShiftPlan, segment: list[int]) -> list[tuple[int, int, int]]:
    """``(coefficient, members, weight)`` of the segment's generating function, written out."""
    terms: list[tuple[int, int, int]] = []
    a = b = 0
    for c in segment:
        k, u = len(plan.classes[c]), plan.units[c]
        terms.extend((math.comb(k, j), a + j, b + j * u) for j in range(k))
        a, b = a + k, b + k * u
    terms.append((1, a, b))
    return terms


_HEADROOM = 120
"""Sums of at most this many residues below ``2^56`` stay below ``2^63``."""


def _times_small_segment(x: I64, terms: list[tuple[int, int, int]], p: int) -> I64:
    """``x`` times a segment written out as ``terms`` with small coefficients: one shifted,
    scaled copy of ``x`` per term, reduced modulo ``p`` only when the sum could overflow."""
    out = np.zeros_like(x)
    rows, cols = x.shape
    owed = 0
    for coef, a, b in terms:
        if a >= rows or b >= cols:
            continue
        if owed + coef > _HEADROOM:
            out %= p
            owed = 0
        dest = out[a:, b:]
        dest += x[: rows - a, : cols - b] if coef == 1 else coef * x[: rows - a, : cols - b]
        owed += coef
    out %= p
    return out


def _divided(full: I64, terms: list[tuple[int, int, int]], p: int) -> I64:
    """``full`` divided by a segment written out as ``terms`` (constant term 1 first, the
    others of weight at least 1, coefficients at most :data:`_HEADROOM`): column blocks of the
    smallest of those weights, each block's contributions to the later columns added as soon
    as it is known, into one array per group of terms whose coefficients add up to at most
    :data:`_HEADROOM` (each column receives each term once, so no group overflows)."""
    groups: list[list[tuple[int, int, int]]] = [[]]
    for term in terms[1:]:
        if sum(c for c, _, _ in groups[-1]) + term[0] > _HEADROOM:
            groups.append([])
        groups[-1].append(term)
    rows, cols = full.shape
    width = min(b for _, _, b in terms[1:])
    out = np.zeros_like(full)
    owed = [np.zeros_like(full) for _ in groups]
    for start in range(0, cols, width):
        stop = min(start + width, cols)
        block = full[:, start:stop].copy()
        for part in owed:
            block -= part[:, start:stop]
            block %= p
        out[:, start:stop] = block
        for group, part in zip(groups, owed, strict=True):
            for coef, a, b in group:
                if a >= rows or start + b >= cols:
                    continue
                end = min(stop + b, cols)
                part[a:, start + b : end] += coef * out[: rows - a, start : end - b]
    return out


def _marked_terms(plan: ShiftPlan, segment: list[int], mark: int) -> list[tuple[int, int, int]]:
    """``(coefficient, members, weight)`` of the segment's patterns that contain one given
    member of class ``segment[mark]``."""
    terms: list[tuple[int, int, int]] = []
    a = b = 0
    for t, c in enumerate(segment):
        k, u = len(plan.classes[c]), plan.units[c]
        if t == mark:  # a proper part of the class, with the member: j - 1 of the k - 1 others
            terms.extend((math.comb(k - 1, j - 1), a + j, b + j * u) for j in range(1, k))
        elif t > mark:
            terms.extend((math.comb(k, j), a + j, b + j * u) for j in range(k))
        a, b = a + k, b + k * u
    terms.append((1, a, b))
    return terms


def _diagonal(full: I64, u: int, target: int, p: int) -> list[int]:
    """``out[s]``: coalitions of ``s`` members weighing ``target`` and containing one given
    member of weight ``u``: ``[y^(s-1) z^(target-u)] full / (1 + y z^u)``."""
    rows = full.shape[0]
    out = np.zeros(rows, dtype=np.int64)
    t = target - u
    for steps in range(rows - 1):
        col = t - steps * u
        if col < 0:
            break
        part = full[: rows - 1 - steps, col]
        out[1 + steps :] = (out[1 + steps :] + (part if steps % 2 == 0 else p - part)) % p
    return [int(v) for v in out]


def _marked(others: I64, terms: list[tuple[int, int, int]], target: int, p: int) -> list[int]:
    """``out[s] = sum coefficient * others[s - members][target - weight]`` modulo ``p``."""
    rows = others.shape[0]
    out = np.zeros(rows, dtype=object)
    for coef, a, b in terms:
        if b <= target and a < rows:
            out[a:] += (coef % p) * others[: rows - a, target - b].astype(object)
    return [int(v) % p for v in out]


def _add(table: Table, members: tuple[int, ...], row: list[int], p: int) -> None:
    row = row + [0] * (len(table[0]) - len(row))
    for i in members:
        table[i] = [(x + y) % p for x, y in zip(table[i], row, strict=True)]


def _residues(plan: ShiftPlan, e: int, p: int) -> Table:
    """The per-member table by size of the coalitions weighing ``quota + e``, modulo ``p``."""
    target = plan.quota + e
    segments = plan.segments(e)
    table = [[0] * (plan.n + 1) for _ in range(plan.n)]
    singles = [s[0] for s in segments if len(s) == 1]
    longer = [s for s in segments if len(s) > 1]
    base = _base(plan, singles, target, p)
    written = [_segment_terms(plan, s) for s in longer]
    small = all(c <= _HEADROOM for t in written for c, _, _ in t)
    full = base
    for s, t in zip(longer, written, strict=True):
        full = _times_small_segment(full, t, p) if small else _times_segment(full, plan, s, p)
    if small:
        parts = [(k, _divided(full, t, p)) for k, t in enumerate(written)]
    else:
        parts = _with_all_but_one(base, plan, longer, p) if longer else []
    for c in singles:
        _add(table, plan.classes[c], _diagonal(full, plan.units[c], target, p), p)
    for k, others in parts:
        for mark, c in enumerate(longer[k]):
            terms = _marked_terms(plan, longer[k], mark)
            _add(table, plan.classes[c], _marked(others, terms, target, p), p)
    return table


def _total(plan: ShiftPlan, e: int) -> int:
    """The number of shift-minimal winning coalitions weighing ``quota + e`` (exact: the same
    product over the segments without the size variable, in Python integers)."""
    target = plan.quota + e
    x: npt.NDArray[np.object_] = np.zeros(target + 1, dtype=object)
    x[0] = 1
    for s in plan.segments(e):
        z = x
        for c in reversed(s):
            k, u = len(plan.classes[c]), plan.units[c]
            step = x.copy()
            for _ in range(k if u <= target else 0):
                step[u:] += step[: target + 1 - u].copy()
            if z is not x and k * u <= target:
                step[k * u :] += z[: target + 1 - k * u] - x[: target + 1 - k * u]
            z = step
        x = z
    return int(x[target])


def _crt(residues: list[int], primes: tuple[int, ...]) -> int:
    value, modulus = 0, 1
    for r, p in zip(residues, primes, strict=True):
        value += modulus * ((r - value) * pow(modulus, -1, p) % p)
        modulus *= p
    return value


def shift_minimal_dp(weights: tuple[int, ...], quota: int) -> tuple[Table, int]:
    """``out[i][s]``: shift-minimal winning coalitions of ``s`` members containing member ``i``,
    and their number, for the weighted game ``[quota; weights]`` (module notes).

    Each excess ``e`` is first counted without sizes, exactly; an excess without coalitions is
    skipped, the others use just enough primes for their count (no entry exceeds it).  The last
    results are kept, so the shift index and the shift Deegan-Packel index share one count."""
    table, total = _shift_minimal(weights, quota)
    return [list(row) for row in table], total


@lru_cache(maxsize=8)
def _shift_minimal(weights: tuple[int, ...], quota: int) -> tuple[tuple[tuple[int, ...], ...], int]:
    plan = shift_plan(weights, quota)
    n = plan.n
    table = [[0] * (n + 1) for _ in range(n)]
    total = 0
    for e in range(plan.excesses):
        count = _total(plan, e)
        if not count:
            continue
        total += count
        primes = primes_below_2_56(count.bit_length() // 55 + 1)
        parts = [_residues(plan, e, p) for p in primes]
        for i in range(n):
            for s in range(n + 1):
                table[i][s] += _crt([t[i][s] for t in parts], primes)
    return tuple(tuple(row) for row in table), total


# -- the counting method ------------------------------------------------------------------------
def _game(game: SimpleGame) -> WeightedGame:
    assert isinstance(game, WeightedGame), "requires() admits only weighted games"
    return equivalent_game(game)


def _requires(game: SimpleGame, quantity: str) -> str | None:
    if not isinstance(game, WeightedGame):
        return "it needs a weighted game"
    g = _game(game)
    if 2 * g.quota > SHIFT_DP_MAX_CELLS:  # every table has at least two rows
        return f"its quota ({g.quota}) is too large for a table over the weights"
    cells = shift_plan(g.weights, g.quota).cells()
    if cells > SHIFT_DP_MAX_CELLS:
        return f"its table would have {cells:.3g} cells (at most {SHIFT_DP_MAX_CELLS:.0e})"
    return None


def _estimate(game: SimpleGame) -> Estimate:
    g = _game(game)
    plan = shift_plan(g.weights, g.quota)
    passes = (g.n // 55 + 1) * plan.excesses
    longer = sum(len(s) > 1 for e in range(plan.excesses) for s in plan.segments(e))
    work = passes * plan.cells() * (g.n + 2 * longer * (longer + 1))
    return Estimate(0.01 + 3e-9 * work, 8 * 4 * plan.cells() + 10**6)


def _count(game: SimpleGame) -> Counts:
    g = _game(game)
    table, total = shift_minimal_dp(g.weights, g.quota)
    by_size = tuple(tuple(row) for row in table)
    return SizedCounts(
        "shift_mwc",
        tuple(sum(row) for row in by_size),
        {"shift_minimal_winning_coalitions": total},
        by_size,
    )


SHIFT_DP = registry.register(
    CountingMethod(
        name="shift-dp",
        exact=True,
        summary="Exact DP over weights for the shift-minimal winning coalitions of weighted "
        "games (segments of the desirability order; pseudo-polynomial).",
        reference="Alonso-Meijide & Freixas (2010), Decision Support Systems 49:70-76 (the "
        "definition); see powershare.power.shift_dp",
        counters={"shift_mwc": _count},
        estimators={"shift_mwc": _estimate},
        requires=_requires,
        family="generating-function",
    )
)
