"""Exact Shapley-Shubik pivot counts (and swings by coalition size) of weighted voting games.

Algorithm
---------
Bivariate generating function (Brams & Affuso 1976; Bilbao, Fernandez, Jimenez Losada & Lopez
2000; Uno 2012):

    F(x, y) = prod_i (1 + y x^{w_i})   (mod x^q),

``F[k][t]`` = number of ``k``-member coalitions of weight ``t``, ``q`` the effective quota
(:mod:`powershare.power.kernels._game`).  Removing one member of weight ``w`` divides by
``(1 + y x^w) = sum_j (-y)^j x^{jw}``; as for Banzhaf every ``t < q`` falls in the swing window
exactly once, with ``j = floor((q-1-t)/w)``, so the swings of size ``k`` are

    c_w[k] = sum_{j>=0} (-1)^j R_j[k - j],   R_j[l] = sum_{t in block j} F[l][t],

with blocks ``[max(q-(j+1)w, 0), q-jw)``: block totals of row prefix sums, combined along
diagonals, once per *distinct* weight (Uno 2012's removal step in closed form).  Then
``pivots = sum_k k! (n-1-k)! c[k]`` (Shapley & Shubik 1954).

``F`` is computed by the O(n * area) dynamic programme over members in ascending weight order,
vectorised with numpy, touching only its support: after the ``i`` smallest weights, row ``k``
is nonzero only for ``t`` between the sum of the ``k`` smallest and the ``k`` largest of them,
and only rows ``k <= kmax`` (the largest size of a coalition below the quota) are kept.  Rows
are processed in chunks with their own column range, and two buffers alternate so no numpy
operation has overlapping input and output.  (The O(n q log q) formal-power-series method of
Kakimura & Terai, arXiv:2511.14995, 2025, needs an NTT that numpy lacks; with GMP Kronecker
products the packed ``F`` does not fit in memory for ``n = 1000``.)  The compiled kernel of
:mod:`powershare.power.kernels.pivots_fast` runs the same DP in place, cache-blocked, on half
the rows, about 6x faster for 1,000 members; this numpy one needs no compiler.

Exact-arithmetic scheme (multi-modular, CRT)
--------------------------------------------
``F`` is computed modulo primes ``p < 2^56`` (largest primes below ``2^56``), one prime at a time
(memory ``2 * 8 * (kmax+1) * q`` bytes).  Each DP step adds two cells, so it at most doubles the
largest value; cells are reduced mod ``p`` every 8 steps, so every value stays below
``2^8 p < 2^64``: ``uint64`` never wraps.  For the window sums each residue is split into two
28-bit halves whose row prefix sums are at most ``q * 2^28 < 2^63`` (``q < 2^35`` checked); the
alternating block sums add disjoint nonnegative block totals with signs, so they are bounded by
the same amount: ``int64`` never overflows.  The halves are recombined mod ``p`` in Python
ints.  Counts satisfy ``0 <= c_w[k] <= C(m, k)`` (``m`` members below the quota), so primes are
taken until their product exceeds ``max_k C(m, k)``; the Chinese remainder theorem then gives
each count exactly (Python ints), and pivots are exact Python ints.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache, cached_property
from math import comb, factorial, lgamma, log
from typing import TYPE_CHECKING

from powershare.games.lazy_numpy import np
from powershare.power.kernels._game import PreparedGame, prepare_equivalent

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "SizePlan",
    "crt_basis",
    "is_prime",
    "largest_primes_below",
    "pivot_counts",
    "pivot_counts_by_size",
    "pivots_from_class_counts",
    "plan",
    "primes_below_2_56",
    "sizes_from_class_counts",
    "worker_limit",
]

_PRIME_BITS = 56
_LAZY_STEPS = 8  # 2^8 * p < 2^64
_HALF = 28
_HALF_MASK = (1 << _HALF) - 1
_ROW_CHUNK = 48
_MAX_Q = 2**35
_PARALLEL_MIN_CELLS = 200_000_000  # about 0.3 s of DP: below it, starting workers costs more


_SMALL_PRIMES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)


def is_prime(n: int) -> bool:
    """Whether ``n`` is prime: trial division by the primes to 37, then the strong-probable-
    prime test to those twelve bases, deterministic below ``3.3 * 10^24`` (Sorenson & Webster
    2015), far above the ``2^64`` the kernels use; no GMP needed.

    >>> [p for p in range(60) if is_prime(p)][-3:], is_prime(3215031751), is_prime(2**61 - 1)
    ([47, 53, 59], False, True)
    """
    if n < 2:
        return False
    for p in _SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in _SMALL_PRIMES:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


@cache
def largest_primes_below(bits: int, count: int) -> tuple[int, ...]:
    """The ``count`` largest primes below ``2^bits`` (``bits <= 64``), descending, by
    :func:`is_prime` (exact there; no GMP import: 30-50 ms of a command's start-up).

    >>> largest_primes_below(8, 3)
    (251, 241, 239)
    """
    if not 2 <= bits <= 64:
        raise ValueError(f"bits={bits} must be 2..64")
    out: list[int] = []
    n = (1 << bits) - 1
    while len(out) < count and n >= 2:
        if is_prime(n):
            out.append(n)
        n -= 1 if n == 3 else 2
    if len(out) < count:
        raise ValueError(f"there are fewer than {count} primes below 2^{bits}")
    return tuple(out)


def primes_below_2_56(count: int) -> tuple[int, ...]:
    """The ``count`` largest primes below ``2^56`` (:func:`largest_primes_below`)."""
    return largest_primes_below(_PRIME_BITS, count)


class SizePlan:
    """The reduced problem the pivot kernel solves: DP members, rows, primes.

    Attributes
    ----------
    game : PreparedGame
        The prepared game.
    dp_weights : list of int
        Weights ``< q`` (zeros included), ascending: the members that can be in a coalition
        below the quota.
    kmax : int
        Largest size of a coalition of weight ``< q``.
    bound_bits : float
        ``log2`` of the largest possible count, plus one.
    """

    def __init__(self, game: PreparedGame) -> None:
        self.game = game
        q = game.q
        self.dp_weights = sorted(w for w in game.weights if w < q)
        prefix = [0]
        for w in self.dp_weights:
            prefix.append(prefix[-1] + w)
        self.prefix = prefix
        kmax = 0
        while kmax < len(self.dp_weights) and prefix[kmax + 1] < q:
            kmax += 1
        self.kmax = kmax
        m = len(self.dp_weights)
        self._top = min(kmax, m // 2)  # max_{k <= kmax} C(m, k) = C(m, top): unimodal
        # log2 C(m, top) + 1, from lgamma (cheap; for the cost model only)
        log_bound = lgamma(m + 1) - lgamma(self._top + 1) - lgamma(m - self._top + 1)
        self.bound_bits = log_bound / log(2) + 1.0

    @property
    def prime_count_estimate(self) -> int:
        """An upper bound on ``len(self.primes)`` without computing primes or binomials."""
        return int(self.bound_bits // (_PRIME_BITS - 1)) + 1

    @cached_property
    def primes(self) -> tuple[int, ...]:
        """The fewest largest primes below ``2^56`` whose product exceeds every count."""
        m = len(self.dp_weights)
        bound = comb(m, self._top)
        count, prod = 0, 1
        while prod <= bound:
            count += 1
            prod *= primes_below_2_56(count)[-1]
        return primes_below_2_56(max(count, 1))

    def cell_updates(self) -> int:
        """Number of cell additions one prime's DP performs (for the cost model)."""
        total = 0
        for _, ka, kb, lo, hi, _c0 in self.chunks:
            if hi > lo:
                total += (kb - ka) * (hi - lo)
        return total

    @cached_property
    def chunks(self) -> list[tuple[int, int, int, int, int, int]]:
        """Every DP update as ``(w, ka, kb, lo, hi, c0)`` (see :func:`_residue_table`)."""
        q, kmax, pfx = self.game.q, self.kmax, self.prefix
        out: list[tuple[int, int, int, int, int, int]] = []
        for i, w in enumerate(self.dp_weights, start=1):
            rows = min(i, kmax)
            for ka in range(1, rows + 1, _ROW_CHUNK):
                kb = min(ka + _ROW_CHUNK, rows + 1)
                lo = pfx[ka - 1] + w
                # largest weight of a (kb-2)-subset of the first i-1 members, plus w
                src_top = kb - 2
                hi = min(q, pfx[i - 1] - pfx[i - 1 - src_top] + w + 1)
                c0 = min(pfx[ka], q)
                out.append((w, ka, kb, min(lo, q), hi, c0))
        return out


def plan(weights: Sequence[int], quota: int) -> SizePlan:
    """Validate and reduce ``[quota; weights]`` for the pivot kernel (used by the cost model)."""
    return SizePlan(prepare_equivalent(weights, quota))


def _dp_mod(sp: SizePlan, p: int) -> npt.NDArray[np.uint64]:
    """``F mod p`` as a ``(kmax+1, q)`` ``uint64`` array, fully reduced."""
    q, kmax = sp.game.q, sp.kmax
    bufs = [np.zeros((kmax + 1, q), dtype=np.uint64) for _ in range(2)]
    bufs[0][0, 0] = 1
    bufs[1][0, 0] = 1
    cur = 0
    pp = np.uint64(p)
    steps = 0
    chunks = sp.chunks
    # group chunk updates per member (consecutive entries with ka == 1 start a member)
    member: list[tuple[int, int, int, int, int, int]] = []

    def flush() -> None:
        nonlocal cur, steps
        if not member:
            return
        f, g = bufs[cur], bufs[1 - cur]
        for w, ka, kb, lo, hi, c0 in member:
            if c0 < lo:
                g[ka:kb, c0:lo] = f[ka:kb, c0:lo]
            if hi > lo:
                np.add(f[ka:kb, lo:hi], f[ka - 1 : kb - 1, lo - w : hi - w], out=g[ka:kb, lo:hi])
        cur = 1 - cur
        steps += 1
        if steps == _LAZY_STEPS:
            h = bufs[cur]
            for _w, ka, kb, lo, hi, c0 in member:
                end = max(hi, lo)
                if end > c0:
                    np.remainder(h[ka:kb, c0:end], pp, out=h[ka:kb, c0:end])
            steps = 0
        member.clear()

    for item in chunks:
        if item[1] == 1:
            flush()
        member.append(item)
    flush()
    out = bufs[cur]
    np.remainder(out, pp, out=out)
    return out


def _window_sums(
    table: npt.NDArray[np.uint64], q: int, kmax: int, weights: Sequence[int], p: int
) -> dict[int, list[int]]:
    """``c_w[k] mod p`` for each weight ``w`` in ``weights`` and ``k = 0..kmax``."""
    rows = kmax + 1
    out: dict[int, list[int]] = {w: [0] * rows for w in weights}
    halves: list[dict[int, npt.NDArray[np.int64]]] = []
    for high in (False, True):
        part = (table >> np.uint64(_HALF)) if high else (table & np.uint64(_HALF_MASK))
        # t-major prefix sums: prefix[t, l] = sum_{s<t} F[l][s]  (< q 2^28 < 2^63)
        prefix = np.zeros((q + 1, rows), dtype=np.int64)
        np.cumsum(part.view(np.int64).T, axis=0, dtype=np.int64, out=prefix[1:])
        del part
        res: dict[int, npt.NDArray[np.int64]] = {}
        for w in weights:
            blocks = min((q - 1) // w, kmax) + 1
            j = np.arange(blocks, dtype=np.int64)
            hi = q - j * w
            lo = np.maximum(hi - w, 0)
            totals = prefix[hi] - prefix[lo]  # (blocks, rows), disjoint nonnegative blocks
            totals[1::2] *= -1
            # skew: c[k] = sum_j totals[j, k - j]
            width = rows + blocks
            pad = np.zeros((blocks, width), dtype=np.int64)
            pad[:, :rows] = totals
            flat = pad.ravel()
            skew = flat[: blocks * (width - 1)].reshape(blocks, width - 1)[:, :rows]
            res[w] = skew.sum(axis=0)
        halves.append(res)
        del prefix
    for w in weights:
        lo_part = halves[0][w].tolist()
        hi_part = halves[1][w].tolist()
        out[w] = [(a + (b << _HALF)) % p for a, b in zip(lo_part, hi_part, strict=True)]
    return out


def _residues_for_prime(job: tuple[SizePlan, int]) -> dict[int, list[int]]:
    """``c_w[k] mod p`` for every distinct weight: one prime's whole computation."""
    sp, p = job
    weights = [w for w, _ in sp.game.classes]
    table = _dp_mod(sp, p)
    return _window_sums(table, sp.game.q, sp.kmax, weights, p)


def worker_limit() -> int:
    """The most workers one computation may use: ``$POWERSHARE_WORKERS`` when set to a
    positive integer, else ``min(2, cpu count)``."""
    wanted = os.environ.get("POWERSHARE_WORKERS", "").strip()
    return int(wanted) if wanted.isdigit() and int(wanted) > 0 else min(2, os.cpu_count() or 1)


def worker_count(sp: SizePlan) -> int:
    """How many processes share the primes of one pivot computation.

    The primes are independent, so they are split between worker processes (forked, so nothing
    is re-imported) when the work is large enough to repay starting them: at least
    ``_PARALLEL_MIN_CELLS`` cell additions in all.  The number is ``$POWERSHARE_WORKERS`` when
    set (``1`` turns this off), else ``min(2, cpu count)``; it is 1 where ``fork`` is not
    available.  Each worker holds one prime's tables, so memory grows with the worker count
    (the cost model accounts for it).
    """
    primes, limit = sp.prime_count_estimate, worker_limit()
    if primes < 2 or limit < 2:
        return 1
    upper = len(sp.dp_weights) * (sp.kmax + 1) * sp.game.q * primes  # cheap bound on the work
    if upper < _PARALLEL_MIN_CELLS:
        return 1
    import multiprocessing  # on use: with concurrent.futures.process, 12 ms to import

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    chunks = len(sp.dp_weights) * (sp.kmax // _ROW_CHUNK + 1)
    if chunks <= 200_000 and sp.cell_updates() * primes < _PARALLEL_MIN_CELLS:
        return 1  # the exact count is cheap enough to take here
    return min(limit, primes)


def crt_basis(primes: Sequence[int]) -> tuple[list[int], int]:
    """``(e, M)`` with ``M = prod p`` and ``e_i = 1 (mod p_i)``, ``0`` modulo the other primes:
    a value below ``M`` is ``sum_i r_i e_i mod M`` from its residues ``r_i`` (CRT)."""
    modulus = 1
    for p in primes:
        modulus *= p
    basis = []
    for p in primes:
        rest = modulus // p
        basis.append(rest * pow(rest % p, -1, p))
    return basis, modulus


def _counts_by_class(sp: SizePlan) -> dict[int, list[int]]:
    """Exact ``c_w[k]`` (effective quota, ``k = 0..kmax``) for each distinct positive weight."""
    game = sp.game
    q, kmax = game.q, sp.kmax
    weights = [w for w, _ in game.classes]
    if not weights:
        return {}
    if q >= _MAX_Q:
        raise ValueError(f"effective quota {q} is too large for exact limb sums (max {_MAX_Q})")
    workers = worker_count(sp)
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            residues = list(pool.map(_residues_for_prime, [(sp, p) for p in sp.primes]))
    else:
        residues = [_residues_for_prime((sp, p)) for p in sp.primes]
    basis, modulus = crt_basis(sp.primes)
    out: dict[int, list[int]] = {}
    for w in weights:
        cols = [r[w] for r in residues]
        vals = []
        for k in range(kmax + 1):
            acc = 0
            for col, e in zip(cols, basis, strict=True):
                acc += col[k] * e
            vals.append(int(acc % modulus))
        out[w] = vals
    return out


def pivot_counts_by_size(weights: Sequence[int], quota: int) -> list[list[int]]:
    """Swings of each member of ``[quota; weights]`` split by the size of the coalition joined.

    Parameters
    ----------
    weights : sequence of int
        Nonnegative integer weights (``n`` members).
    quota : int
        ``1 <= quota <= sum(weights)``; a coalition wins iff its weight is at least ``quota``.

    Returns
    -------
    list of list of int
        ``c[i][k]`` (``k = 0..n-1``) = number of ``k``-member coalitions ``S`` of the other
        members with ``quota - w_i <= w(S) < quota``.  Exact Python ints.  ``sum_k c[i][k]`` is
        the raw Banzhaf swing count and ``sum_k k! (n-1-k)! c[i][k]`` the pivot count.

    Notes
    -----
    Bivariate generating function ``prod (1 + y x^{w_i})`` (Brams & Affuso 1976; Bilbao et al.
    2000) by a support-restricted numpy DP modulo primes ``< 2^56`` with lazy reduction, the
    one-member removal in closed form per distinct weight (Uno 2012), Chinese remaindering; see
    the module docstring for the overflow argument.  Members of equal weight are computed once.
    Time ``O(n * A * r)`` cell additions, ``A`` the support area (``<= (kmax+1) q``), ``r`` the
    number of primes (about ``n / 56``); memory ``O(kmax q)`` words.

    Examples
    --------
    >>> pivot_counts_by_size([2, 1, 1], 3)
    [[0, 2, 1], [0, 1, 0], [0, 1, 0]]
    """
    game = prepare_equivalent(weights, quota)
    return sizes_from_class_counts(game, _counts_by_class(SizePlan(game)))


def sizes_from_class_counts(game: PreparedGame, by_class: dict[int, list[int]]) -> list[list[int]]:
    """Each member's swings by coalition size from ``c_w[k]`` per positive class weight ``w``
    (``k = 0, 1, ...`` sizes under the effective quota, as many as computed; the rest 0)."""
    n = game.n
    out: list[list[int]] = []
    for w in game.weights:
        row = [0] * n
        if w > 0:
            for k, c in enumerate(by_class[w]):
                if c:
                    row[n - 1 - k if game.complemented else k] = c
        out.append(row)
    return out


def pivot_counts(weights: Sequence[int], quota: int) -> list[int]:
    """Shapley-Shubik pivot counts of every member of the weighted game ``[quota; weights]``.

    Parameters
    ----------
    weights : sequence of int
        Nonnegative integer weights (``n`` members).
    quota : int
        ``1 <= quota <= sum(weights)``.

    Returns
    -------
    list of int
        ``pivots[i]`` = number of the ``n!`` orderings in which member ``i`` is pivotal, so the
        Shapley-Shubik index is ``pivots[i] / n!`` (Shapley & Shubik 1954).  Exact Python ints.

    Notes
    -----
    ``pivots[i] = sum_k k! (n-1-k)! c[i][k]`` from :func:`pivot_counts_by_size`, computed once
    per distinct weight.  References: Shapley & Shubik (1954); Brams & Affuso (1976); Bilbao et
    al. (2000); Uno (2012).

    Examples
    --------
    >>> pivot_counts([2, 1, 1], 3)
    [4, 1, 1]
    >>> pivot_counts([4, 4, 4, 2, 2, 1], 12)
    [168, 168, 168, 108, 108, 0]
    """
    game = prepare_equivalent(weights, quota)
    return pivots_from_class_counts(game, _counts_by_class(SizePlan(game)))


def pivots_from_class_counts(game: PreparedGame, by_class: dict[int, list[int]]) -> list[int]:
    """Each member's pivot count ``sum_k k! (n-1-k)! c[k]`` from ``c_w[k]`` per positive class
    weight ``w`` (as in :func:`sizes_from_class_counts`)."""
    n = game.n
    coef = [factorial(k) * factorial(n - 1 - k) for k in range(n)]
    pivots: dict[int, int] = {}
    for w, counts in by_class.items():
        total = 0
        for k, c in enumerate(counts):
            if c:
                total += coef[n - 1 - k if game.complemented else k] * c
        pivots[w] = total
    return [pivots[w] if w > 0 else 0 for w in game.weights]
