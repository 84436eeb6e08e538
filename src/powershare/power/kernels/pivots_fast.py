"""Exact Shapley-Shubik counts by a compiled, cache-blocked, multi-modular dynamic programme.

Algorithm
---------
The same bivariate generating function as :mod:`powershare.power.kernels.pivots` (Brams &
Affuso 1976; Bilbao, Fernandez, Jimenez Losada & Lopez 2000), ``F(x, y) = prod_i (1 + y x^{w_i})``
truncated to ``x^cols``, with the one-member removal in closed form per distinct weight (Uno
2012): the swings of size ``k`` of a member of weight ``w`` under quota ``q`` are

    c_w[k] = sum_{j>=0} (-1)^j sum_{t in [max(q-(j+1)w, 0), q-jw)} F[k-j][t],

and ``pivots = sum_k k! (n-1-k)! c_w[k]`` (Shapley & Shubik 1954).  What differs is how ``F`` is
computed (:mod:`powershare.power.kernels.pivots_jit`, compiled by numba):

* **in place**, row ``k`` from row ``k - 1`` with rows in descending order, over each row's own
  support (per-row bounds, not per-chunk);
* **members by descending weight**, which keeps the lower ends of the rows' supports high
  (13% fewer cells than ascending for 1,000 members with weights 1..100);
* **cache-blocked**: a group of 32 members sweeps the rows as a wavefront and the columns in
  tiles of 4,096 shifted by the group's weights (parallelograms), so a tile's rows are read
  from memory once per group rather than once per member (time skewing of stencil loops;
  Wolf & Lam 1991);
* **one conditional subtraction** per addition modulo primes ``p < 2^63`` (fewer primes than
  ``2^56`` with lazy reduction, and no division);
* **half the rows by complementation**: a ``k``-coalition ``S`` of the others is a swing for
  quota ``q`` iff its complement (``n - 1 - k`` members) is one for ``q* = W - q + 1``
  (:mod:`powershare.power.kernels._game`).  When it touches fewer cells, one table truncated
  to ``x^max(q, q*)`` with rows ``k <= (n - 1) / 2`` gives the small sizes from quota ``q``
  and the large ones from ``q*``.

Exact-arithmetic scheme (multi-modular, CRT)
--------------------------------------------
Residues stay in ``[0, p)``: a sum of two is below ``2^64`` (``uint64`` never wraps) and one
conditional subtraction reduces it; the prefix and alternating block sums are taken modulo ``p``
the same way.  Every count is at most ``C(m, k)`` (``m`` members in the table, ``k`` at most the
table's rows), so primes are taken until their product exceeds ``max_k C(m, k)`` and the Chinese
remainder theorem gives each count exactly (Python ints).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from functools import cached_property
from itertools import accumulate
from math import comb
from typing import TYPE_CHECKING

from powershare.games.lazy_numpy import np
from powershare.power.kernels import pivots_jit
from powershare.power.kernels._game import PreparedGame, prepare_equivalent
from powershare.power.kernels.pivots import (
    crt_basis,
    largest_primes_below,
    pivots_from_class_counts,
    sizes_from_class_counts,
    worker_limit,
)

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "FastPlan",
    "available",
    "fast_counts_by_size",
    "fast_pivot_counts",
    "primes_below_2_63",
]

_PRIME_BITS = 63
_BLOCK = 32  # members per wavefront group
_TILE = 4096  # columns per tile: a group's rows of a tile (and its shift) stay in the L2 cache
_PARALLEL_MIN_CELLS = 50_000_000  # below this, one thread (starting threads costs more)
_MAX_Q = 2**35
_EXACT_CELLS_LIMIT = 4_000_000  # members x rows beyond which the cell count is bounded in O(n)
_PLAIN_CELLS = 4096  # members x rows up to which the cells are summed without numpy

available = pivots_jit.available


def primes_below_2_63(count: int) -> tuple[int, ...]:
    """The ``count`` largest primes below ``2^63``, descending."""
    return largest_primes_below(_PRIME_BITS, count)


def _support_cells(weights: Sequence[int], cols: int, rows: int) -> int:
    """Cell additions of the in-place DP (per-row support, see ``pivots_jit._dp``); for very
    large games an ``O(n)`` upper bound (rows touched times columns reached, per member).

    Small plans are summed in plain Python (a cost estimate for a dozen members should not
    import numpy), larger ones vectorised over the rows; both sum the same cells:

    >>> _support_cells([30, 20, 1], 60, 2), _support_cells(list(range(100, 0, -1)), 3000, 50)
    (15, 2531108)
    """
    n = len(weights)
    pfx = [0, *accumulate(weights)]
    if n * rows > _EXACT_CELLS_LIMIT:
        return sum(min(i, rows) * min(pfx[i] + 1, cols) for i in range(1, n + 1))
    total = 0
    if n * rows <= _PLAIN_CELLS:
        for i in range(1, n + 1):
            w, above = weights[i - 1], pfx[i - 1]
            for k in range(1, min(i, rows) + 1):
                lo = min(above - pfx[i - k] + w, cols)
                total += max(min(cols, pfx[k - 1] + w + 1) - lo, 0)
        return total
    prefix = np.array(pfx, dtype=np.int64)
    for i in range(1, n + 1):
        ks = np.arange(1, min(i, rows) + 1)
        w = weights[i - 1]
        lo = np.minimum(prefix[i - 1] - prefix[i - ks] + w, cols)
        hi = np.minimum(cols, prefix[ks - 1] + w + 1)
        total += int(np.maximum(hi - lo, 0).sum())
    return total


class FastPlan:
    """What the compiled kernel computes for one game: table shape, quotas, primes.

    Attributes
    ----------
    game : PreparedGame
        The prepared game (effective quota ``q``).
    cols : int
        Table columns: ``q``, or ``max(q, q*)`` when complementing.
    weights : list of int
        Members in the table (weights ``< cols``, zeros included), descending.
    rows : int
        Table rows ``0..rows``.
    sides : list of (int, int)
        ``(quota, last size)``: sizes ``0..last`` are read from the table under this quota;
        with complementing, the second side's sizes are ``n - 1 - k``.
    cells : int
        Cell additions of one prime's DP.
    """

    def __init__(self, game: PreparedGame) -> None:
        self.game = game
        n, q = game.n, game.q
        q_star = game.total - q + 1
        options = []
        for cols, halves in ((q, False), (max(q, q_star), True)):
            ascending = sorted(w for w in game.weights if w < cols)
            reach = bisect_left(list(accumulate(ascending)), cols)  # sizes below cols
            ws = ascending[::-1]
            if halves:
                low = (n - 1) // 2
                sides = [(q, low), (q_star, n - 2 - low)]
            else:
                sides = [(q, n - 1)]
            rows = min(reach, max(last for _, last in sides))
            options.append((_support_cells(ws, cols, rows), cols, ws, rows, sides))
        cells, cols, ws, rows, sides = min(options, key=lambda o: o[0])
        self.cells, self.cols, self.weights, self.rows, self.sides = cells, cols, ws, rows, sides
        m = len(ws)
        self.bound = comb(m, min(rows, m // 2))

    @cached_property
    def primes(self) -> tuple[int, ...]:
        """The fewest primes below ``2^63`` whose product exceeds every count."""
        count, prod = 0, 1
        while prod <= self.bound:
            count += 1
            prod *= primes_below_2_63(count)[-1]
        return primes_below_2_63(max(count, 1))

    @property
    def prime_count(self) -> int:
        """``len(self.primes)`` from the bound's size alone (for the cost model)."""
        # each prime exceeds 2^62.99 (the largest below 2^63 are that close)
        return max(1, int(self.bound.bit_length() / 62.99) + 1)

    @property
    def blocking(self) -> tuple[int, int]:
        """Members per wavefront group and columns per tile (``pivots_jit._dp``)."""
        return _BLOCK, _TILE

    def threads(self) -> int:
        """Threads sharing the primes: ``$POWERSHARE_WORKERS`` when set, else up to 2."""
        primes = self.prime_count
        if primes < 2 or self.cells * primes < _PARALLEL_MIN_CELLS:
            return 1
        return max(1, min(worker_limit(), primes))


def _crt(residues: list[npt.NDArray[np.uint64]], primes: Sequence[int]) -> list[list[int]]:
    """Exact values (rows of the result) from their residues modulo each prime."""
    import gmpy2  # on use: 30-50 ms to import (start-up)

    values_basis, product = crt_basis(primes)
    basis = [gmpy2.mpz(e) for e in values_basis]
    modulus = gmpy2.mpz(product)
    cols = [r.tolist() for r in residues]
    out: list[list[int]] = []
    for c in range(residues[0].shape[0]):
        per_prime = [col[c] for col in cols]
        row = []
        for k in range(residues[0].shape[1]):
            acc = gmpy2.mpz(0)
            for values, e in zip(per_prime, basis, strict=True):
                acc += values[k] * e
            row.append(int(acc % modulus))
        out.append(row)
    return out


def _class_counts(plan: FastPlan) -> dict[int, list[int]]:
    """``c_w[k]`` for ``k = 0..n-1`` (effective quota) for each distinct positive weight."""
    game = plan.game
    n = game.n
    classes = np.array([w for w, _ in game.classes], dtype=np.int64)
    if not len(classes):
        return {}
    if plan.cols >= _MAX_Q:
        raise ValueError(f"effective quota {plan.cols} is too large (max {_MAX_Q})")
    weights = np.array(plan.weights, dtype=np.int64)
    pfx = np.concatenate(([0], np.cumsum(weights))).astype(np.int64)
    quotas = sorted({quota for quota, _ in plan.sides})  # q = q* (odd total): one window set
    sides = [(quota, classes) for quota in quotas]
    primes = plan.primes

    def job(p: int) -> list[npt.NDArray[np.uint64]]:
        return pivots_jit.residues_for_prime(
            weights, pfx, plan.rows, plan.cols, p, plan.blocking, sides
        )

    threads = plan.threads()
    if threads > 1:
        from concurrent.futures import ThreadPoolExecutor  # on use: 4 ms (start-up)

        with ThreadPoolExecutor(threads) as pool:
            per_prime = list(pool.map(job, primes))
    else:
        per_prime = [job(p) for p in primes]
    out = {int(w): [0] * n for w in classes}
    exact: dict[int, list[list[int]]] = {}
    for side, (quota, last) in enumerate(plan.sides):
        top = min(last, plan.rows)
        if top < 0:
            continue
        if quota not in exact:
            at = quotas.index(quota)
            tops = max(min(end, plan.rows) for other, end in plan.sides if other == quota)
            exact[quota] = _crt([r[at][:, : tops + 1] for r in per_prime], primes)
        for w, values in zip(classes.tolist(), exact[quota], strict=True):
            row = out[w]
            for k in range(top + 1):
                row[n - 1 - k if side else k] = values[k]
    return out


def fast_counts_by_size(weights: Sequence[int], quota: int) -> list[list[int]]:
    """Swings of each member by coalition size: the same as
    :func:`~powershare.power.kernels.pivots.pivot_counts_by_size`, computed by the compiled
    kernel (see the module docstring).

    >>> fast_counts_by_size([2, 1, 1], 3)
    [[0, 2, 1], [0, 1, 0], [0, 1, 0]]
    """
    game = prepare_equivalent(weights, quota)
    return sizes_from_class_counts(game, _class_counts(FastPlan(game)))


def fast_pivot_counts(weights: Sequence[int], quota: int) -> list[int]:
    """Shapley-Shubik pivot counts (``n!`` times the index), exact, by the compiled kernel.

    Parameters
    ----------
    weights : sequence of int
        Nonnegative integer weights.
    quota : int
        ``1 <= quota <= sum(weights)``.

    Returns
    -------
    list of int
        The same as :func:`~powershare.power.kernels.pivots.pivot_counts` (Shapley & Shubik
        1954); see the module docstring for the algorithm.

    Examples
    --------
    >>> fast_pivot_counts([4, 4, 4, 2, 2, 1], 12)
    [168, 168, 168, 108, 108, 0]
    """
    game = prepare_equivalent(weights, quota)
    return pivots_from_class_counts(game, _class_counts(FastPlan(game)))
