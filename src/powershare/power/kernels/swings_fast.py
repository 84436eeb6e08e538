"""Exact Banzhaf swings by a compiled multi-modular subset-sum DP (numba, optional).

Algorithm
---------
The generating function and closed-form removal of :mod:`powershare.power.kernels.swings`
(Brams & Affuso 1976; Bilbao, Fernandez, Jimenez Losada & Lopez 2000; Uno 2012; Kurz 2016):
with ``f = prod_i (1 + x^{w_i}) mod x^q`` (``q`` the effective quota) and ``P`` its prefix
sums, the swings of a member of weight ``w`` are

    swings(w) = P[q] + 2 sum_{j >= 1, jw < q} (-1)^j P[q - jw],

one alternating sum per *distinct* weight.  ``f`` is computed as in
:mod:`powershare.power.kernels.swings_modular` by the subset-sum dynamic programme, members in
ascending weight (the reachable range ``min(q, w_1 + ... + w_i + 1)`` grows slowly), but
compiled (:mod:`powershare.power.kernels.swings_jit`): **in place**, one descending sweep
``f[t] += f[t - a] + f[t - b] + f[t - a - b]`` per *pair* of members (the factor
``(1 + x^a)(1 + x^b)``: the table is read from memory once for two members) over the cells
below the quota only, in vectorised runs of at most ``min(a, 16384)`` columns, instead of
numpy's copy of the overlapping operand; one prime at a time (a ``q``-cell ``uint32`` table,
not ``primes x q``), the primes split over two threads.

Exact-arithmetic scheme (multi-modular, CRT)
--------------------------------------------
* Residues stay in ``[0, p)`` for primes ``p < 2^30``, stored as ``uint32``: the four
  terms of a pair's update sum below ``2^32`` (``uint32`` never wraps) and two conditional
  subtractions (``2p``, then ``p``) reduce them; the prefix and alternating sums are taken in
  ``uint64`` and reduced the same way.  Half the bytes and twice the SIMD lanes of residues
  below ``2^63`` make a table 2.2x faster, more than the 2.1x as many primes it takes
  (measured: 0.09 instead of 0.2 CPU-s per prime for the game below).
* A swing is a set of the other members of positive weight below the quota, so every count is
  at most ``2^m`` (``m`` such members; a member of weight ``>= q`` swings with every set of
  weight below ``q``).  Primes are the largest below ``2^30``, as few as make their product
  exceed ``2^m`` (7 for ``m = 200``, 34 for ``m = 1000``), and the Chinese remainder theorem
  gives each count exactly; zero-weight members multiply it by ``2^zeros``.

Cost (:func:`estimate_fast_swings`): about ``0.2 ns`` per member, cell and prime on this
machine (bound by the loads of the four shifted operands, and by memory past the caches),
against ``1.3 ns`` for the numpy kernel: 200 members with weights up to ``10^5`` take
0.56-0.6 CPU-s (seven primes, 0.08-0.09 s each) instead of 3.1 (0.8-1.1 with the primes
below ``2^63``).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence

from powershare.games.lazy_numpy import np
from powershare.power.kernels import cost, swings_jit
from powershare.power.kernels._game import PreparedGame, prepare_equivalent
from powershare.power.kernels.pivots import crt_basis, largest_primes_below, worker_limit
from powershare.power.kernels.swings_modular import dp_cells

__all__ = [
    "available",
    "estimate_fast_swings",
    "fast_swing_counts",
    "primes_below_2_30",
    "primes_for_fast_swings",
    "threads_for_fast_swings",
]

_PARALLEL_MIN_CELLS = 50_000_000  # below this, one thread (starting threads costs more)
_NUMBA_LOAD_SECONDS = 1.0  # import numba and load the cached loops (measured 0.76 CPU-s)
_BASE_SECONDS = 5e-3  # above the generating function's 2 ms: tiny games stay with it
_LOOPS_LOAD_SECONDS = 0.5  # load the cached loops when numba is imported (measured 0.46)


def _dp_weights(game: PreparedGame) -> list[int]:
    """Positive weights below the effective quota, ascending, with multiplicity."""
    return [w for w, m in game.classes if w < game.q for _ in range(m)]


def primes_for_fast_swings(game: PreparedGame) -> tuple[int, ...]:
    """The fewest primes below ``2^30`` whose product exceeds ``2^m`` (module docstring).

    >>> from powershare.power.kernels._game import prepare
    >>> len(primes_for_fast_swings(prepare([3] * 200, 301)))
    7
    """
    members = len(_dp_weights(game))
    count = members // swings_jit.PRIME_BITS + 1  # fewer primes below 2^30 cannot exceed 2^m
    while math.prod(primes_below_2_30(count)) <= 2**members:
        count += 1
    return primes_below_2_30(count)


def primes_below_2_30(count: int) -> tuple[int, ...]:
    """The ``count`` largest primes below ``2^30``, descending
    (:func:`~powershare.power.kernels.pivots.largest_primes_below`; no GMP needed).

    >>> primes_below_2_30(3)
    (1073741789, 1073741783, 1073741741)
    """
    return largest_primes_below(swings_jit.PRIME_BITS, count)


def threads_for_fast_swings(game: PreparedGame, primes: int) -> int:
    """Threads sharing the primes: up to ``$POWERSHARE_WORKERS`` (else 2) when there are at
    least 50 million cell additions in all, else 1."""
    if primes < 2 or dp_cells(game) * primes < _PARALLEL_MIN_CELLS:
        return 1
    return max(1, min(worker_limit(), primes))


def fast_swing_counts(weights: Sequence[int], quota: int) -> list[int]:
    """Raw Banzhaf swing counts, exact, by the compiled kernel (see the module docstring).

    Parameters
    ----------
    weights : sequence of int
        Nonnegative integer weights.
    quota : int
        ``1 <= quota <= sum(weights)``.

    Returns
    -------
    list of int
        The same as :func:`~powershare.power.kernels.swings.swing_counts`: ``swings[i]`` is
        the number of coalitions ``S`` of the others with ``quota - w_i <= w(S) < quota``.

    Examples
    --------
    >>> fast_swing_counts([4, 4, 4, 2, 2, 1], 12)  # EEC Council 1958: Luxembourg is a dummy
    [10, 10, 10, 6, 6, 0]
    >>> fast_swing_counts([0, 2, 1, 1], 3)
    [0, 6, 2, 2]
    """
    game = prepare_equivalent(weights, quota)
    classes = np.array([w for w, _ in game.classes], dtype=np.int64)
    if game.q >= cost.KERNEL_MAX_QUOTA:
        raise ValueError(f"effective quota {game.q} is too large (max {cost.KERNEL_MAX_QUOTA})")
    dp = np.array(_dp_weights(game), dtype=np.int64)
    primes = primes_for_fast_swings(game)

    def job(p: int) -> list[int]:
        return swings_jit.residues_for_prime(dp, game.q, p, classes).tolist()  # type: ignore[no-any-return]

    threads = threads_for_fast_swings(game, len(primes))
    if threads > 1:
        from concurrent.futures import ThreadPoolExecutor  # on use: 4 ms (start-up)

        with ThreadPoolExecutor(threads) as pool:
            residues = list(pool.map(job, primes))
    else:
        residues = [job(p) for p in primes]
    basis, modulus = crt_basis(primes)
    by_class = {}
    for c, w in enumerate(classes.tolist()):
        value = sum(r[c] * e for r, e in zip(residues, basis, strict=True)) % modulus
        by_class[w] = value << game.zeros
    return [by_class[w] if w > 0 else 0 for w in game.weights]


def estimate_fast_swings(weights: Sequence[int], quota: int) -> tuple[float, int]:
    """Estimated ``(seconds, bytes)`` of :func:`fast_swing_counts`.

    Per prime: ``0.35 ns`` per cell of a vectorised run of the DP (two members per sweep,
    ``uint32`` residues; measured 0.35-0.45 CPU-ns on the loaded 2-core machine), ``25 ns``
    per run, ``1.5 ns`` per cell of the plain loop (weights below 16); for the prefix sums
    either ``1.5 ns`` per cell and ``2 ns`` per alternating-sum term (a full serial pass) or,
    when the terms are fewer than ``q / 16``, ``0.25 ns`` per cell (block sums) and ``20 ns``
    per term; the primes shared by the threads (charged ``0.5 + 0.5 / threads``), plus ``1 s``
    to import numba and load the compiled loops (``0.5 s`` when numba is imported already,
    nothing once they are loaded) and ``5 ms`` for the call (measured 0.1-0.3 ms; more than
    the generating function's ``2 ms`` so that games counted in milliseconds either way stay
    with it).  Memory: per thread one ``uint32`` table of ``q`` cells and the block sums
    (``q / 4`` bytes).

    >>> seconds, nbytes = estimate_fast_swings([4, 4, 4, 2, 2, 1], 12)
    >>> nbytes > 8 * 12
    True
    """
    game = prepare_equivalent(weights, quota)
    q = game.q
    # each prime exceeds 2^29.99: an upper bound on len(primes_for_fast_swings(game)) in O(1)
    primes = int(len(_dp_weights(game)) / (swings_jit.PRIME_BITS - 0.01)) + 1
    terms = sum((q - 1) // w + 1 for w, _ in game.classes)
    cells, runs, plain = swings_jit.sweep_work(_dp_weights(game), q)
    if swings_jit.DENSE * terms >= q:  # as swings_jit._windows chooses
        sums = 1.5e-9 * q + 2e-9 * terms
    else:
        sums = 2.5e-10 * q + 2e-8 * terms
    per_prime = 3.5e-10 * cells + 2.5e-8 * runs + 1.5e-9 * plain + sums + 2e-5
    threads = threads_for_fast_swings(game, primes)
    if swings_jit.compiled.cache_info().currsize or not swings_jit.available():
        load = 0.0
    else:  # numba imported already (another compiled kernel ran): only the loops to load
        load = _LOOPS_LOAD_SECONDS if "numba" in sys.modules else _NUMBA_LOAD_SECONDS
    seconds = load + _BASE_SECONDS + primes * per_prime * (0.5 + 0.5 / threads)
    seconds += 2e-7 * primes * len(game.classes)
    nbytes = threads * (4 * q + q // 4) + 8 * len(game.weights) * (primes + 2) + 2**20
    return seconds, int(nbytes)


def available() -> bool:
    """Whether numba can be imported (the method ``compiled-subset-sum`` needs it)."""
    return swings_jit.available()
