"""Up-front time and memory estimates for the exact kernels, so callers can refuse work early.

Every estimate is computed from the game's shape alone (no counting), in time roughly linear in
the number of distinct weights (swings) or members (pivots), and is meant to be *conservative*:
calibrated on the 2-core development machine (GMP 6.3 via gmpy2 2.3, numpy 2.4), then scaled up
so that measured times stayed below the estimate on every benchmark (warm runs; a loaded machine
can still be slower).  Memory counts the kernel's own arrays and integers, not the interpreter.

Models
------
``estimate_swings`` (:mod:`powershare.power.kernels.swings`)
    Replays the Huffman product tree on sizes only.  A GMP product whose two operands total
    ``N`` bits is charged ``8 ns * N * (1 + log2(N / 2^20) / 16)`` (measured: 2.5-5 ns per
    operand bit from 2e6 to 8e8 bits, FFT range), each re-pack and truncation ``1.5 ns`` per
    byte, plus the prefix sums (``4 ns`` per 32-bit limb) and the alternating sums (``6 ns`` per
    block limb).  Memory: six copies of the packed root (operands, GMP's product and scratch) and
    the ``int64`` prefix sums.
``estimate_pivots`` / ``estimate_pivots_by_size`` (:mod:`powershare.power.kernels.pivots`)
    ``primes * cells * 3.5 ns`` for the modular DP (measured 1.0-2.7 ns per ``uint64`` cell
    addition including lazy reductions and strip copies), ``30 us`` per numpy call, the window
    sums (prefix sums ``8 ns`` per cell and prime, skewed block sums ``4 ns`` per element), and
    the Chinese remaindering (``0.5 us`` per count and prime).  ``cells`` is the exact number of
    cell additions of one prime's DP (support-restricted), or an upper bound for very large
    games.  Memory: five ``uint64`` tables of ``(kmax + 1) * q`` cells (the peak is three: two DP
    buffers, then the table, one half and its prefix sums; measured RSS needs the margin).
``estimate_fast_pivots`` (:mod:`powershare.power.kernels.pivots_fast`)
    ``0.6 ns`` per cell addition and prime of the compiled in-place DP (measured 0.4-0.5 CPU-ns
    per cell on the 2 loaded cores), ``2 ns`` per table cell for the prefix sums and ``3 ns``
    per block term of the window sums, ``0.3 us`` per count and prime for the Chinese
    remaindering, the primes divided over the threads (charged ``0.5 + 0.5 / threads``), plus
    ``1 s`` to import numba and load the compiled loops (measured 0.7 CPU-s; compiling them,
    once after installing, takes about 6 s more).  Memory: one ``uint64`` table per
    thread, the residues and the counts.
``estimate_enumeration``
    ``2^n`` coalitions, ``60 ns`` per coalition and member; two bytes per coalition plus
    ``2^20``-mask chunks of ``int64``.
"""

from __future__ import annotations

import heapq
import sys
from collections.abc import Sequence
from math import log2

from powershare.power.kernels._game import PreparedGame, prepare_equivalent, slot_bytes
from powershare.power.kernels.pivots import SizePlan, worker_count
from powershare.power.kernels.pivots_fast import FastPlan
from powershare.power.kernels.swings_modular import dp_cells, primes_for_swings, thread_count

__all__ = [
    "FIRST_USE_SECONDS",
    "KERNEL_MAX_QUOTA",
    "first_use_seconds",
    "kernel_range",
    "estimate_enumeration",
    "estimate_fast_pivots",
    "estimate_pivots",
    "estimate_pivots_by_size",
    "estimate_swings",
]

_BASE_SECONDS = 2e-3
_NUMBA_LOAD_SECONDS = 1.0

FIRST_USE_SECONDS = {"numpy": 0.1, "gmpy2": 0.03}
"""Seconds to import a module a method needs (measured on the 2-core test machine: numpy
70-120 ms, gmpy2 15-30 ms), charged while it is not imported yet."""


def first_use_seconds(*modules: str) -> float:
    """The seconds to import those of ``modules`` (keys of :data:`FIRST_USE_SECONDS`) that are
    not imported yet: what a method needing them costs the first time it runs in a process,
    as the compiled methods' estimates include loading numba.  So ``auto`` counts a body of
    a dozen members in plain Python rather than load numpy for a 2 ms count.

    >>> import numpy
    >>> first_use_seconds("numpy")
    0.0
    """
    return float(sum(FIRST_USE_SECONDS[m] for m in modules if m not in sys.modules))


KERNEL_MAX_QUOTA = 2**35
"""The effective quotas the exact kernels take: below ``2^35`` (their limb sums stay in
``int64``); the GMP swing kernel takes effective quotas below ``2^31`` only."""
_GMP_MAX_QUOTA = 2**31 - 1


def kernel_range(weights: Sequence[int], quota: int) -> str | None:
    """``None`` when the kernels take ``[quota; weights]``, else the reason (in ``O(n)``).

    >>> kernel_range([1, 2, 3], 4) is None
    True
    >>> kernel_range([2**40, 2**40 + 1, 2**40 + 3], 2**41)  # doctest: +ELLIPSIS
    'its effective quota (1.1e+12) is beyond what the exact kernels take (below 2^35 = 3.4e10)...'
    """
    total = sum(weights)
    q = min(quota, total - quota + 1)
    if q < KERNEL_MAX_QUOTA:
        return None
    size = f"{float(q):.3g}" if q.bit_length() < 1000 else f"about 2^{q.bit_length() - 1}"
    return (
        f"its effective quota ({size}) is beyond what the exact kernels take (below 2^35 = "
        "3.4e10); "
        "enumeration takes such weights for up to 25 members"
    )


def _gmp_mul_seconds(bits: int) -> float:
    scale = max(0.0, log2(max(bits, 1) / 2**20)) / 16
    return 8e-9 * bits * (1 + scale) + 2e-6


def estimate_swings(weights: Sequence[int], quota: int) -> tuple[float, int]:
    """Conservative ``(seconds, bytes)`` for :func:`~powershare.power.kernels.swings.swing_counts`.

    Parameters
    ----------
    weights : sequence of int
        Nonnegative integer weights.
    quota : int
        ``1 <= quota <= sum(weights)``.

    Returns
    -------
    tuple of (float, int)
        Estimated wall time in seconds and peak extra memory in bytes of the kernel
        :func:`swing_kernel` picks (the cheaper of the two models in the module docstring).
    """
    game = prepare_equivalent(weights, quota)
    if game.q > _GMP_MAX_QUOTA:
        return _swings_modular_cost(game)
    return min(_swings_gmp_cost(game), _swings_modular_cost(game))


def swing_kernel(game: PreparedGame) -> str:
    """``"modular"`` or ``"gmp"``: the swing kernel with the smaller estimated time (the
    modular one for effective quotas beyond the GMP kernel's ``2^31``)."""
    if game.q > _GMP_MAX_QUOTA:
        return "modular"
    return "modular" if _swings_modular_cost(game) <= _swings_gmp_cost(game) else "gmp"


def _swings_modular_cost(game: PreparedGame) -> tuple[float, int]:
    """Multi-modular DP: ``2 ns`` per cell and prime (addition and lazy reduction, measured
    0.9-3 ns), ``30 us`` per member, the prefix and block sums, halved when two threads
    share the primes (measured 1.5x)."""
    q = game.q
    primes = len(primes_for_swings(game))
    members = sum(m for w, m in game.classes if w < q)
    dp = 2e-9 * dp_cells(game) * primes + 3e-5 * members
    if thread_count(game, primes) > 1:
        dp *= 0.75
    blocks = sum((q - 1) // w + 1 for w, _ in game.classes)
    seconds = _BASE_SECONDS + dp + 8e-9 * 2 * (q + 1) * primes + 6e-9 * 2 * blocks * primes
    # tables over 64 MB are updated in place in blocks (swings_modular), smaller ones copied;
    # prefix sums are taken one prime at a time: errs high by about 1.4x at 10^5 weights
    table = 8 * primes * q
    nbytes = table * (2 if table > 2**26 else 3) + 16 * (q + 1) + 2**20
    return seconds, int(nbytes)


def _swings_gmp_cost(game: PreparedGame) -> tuple[float, int]:
    """Replay of the GMP product tree on sizes only."""
    q = game.q
    heap: list[tuple[int, int, int, int, int]] = []
    for tie, (w, m) in enumerate(game.classes):
        if w < q:
            length, width = min(q, m * w + 1), slot_bytes(m)
            heap.append((length * width, tie, length, width, m))
    heapq.heapify(heap)
    seconds = _BASE_SECONDS + 2e-5 * len(game.classes)
    root_length, root_width = 1, 1
    tie = len(heap)
    while len(heap) > 1:
        _, _, la, _, ma = heapq.heappop(heap)
        _, _, lb, _, mb = heapq.heappop(heap)
        width = slot_bytes(ma + mb)
        length = min(q, la + lb - 1)
        seconds += _gmp_mul_seconds(8 * width * (la + lb))
        seconds += 1.5e-9 * width * (la + lb + 2 * length)
        heapq.heappush(heap, (length * width, tie, length, width, ma + mb))
        tie += 1
    if heap:
        _, _, root_length, root_width, _ = heap[0]
    limbs = (root_width + 3) // 4
    seconds += 4e-9 * root_length * limbs
    blocks = sum((q - 1) // w + 1 for w, _ in game.classes)
    seconds += 6e-9 * blocks * limbs
    root_bytes = root_length * root_width
    nbytes = 6 * root_bytes + 8 * (root_length + 1) * limbs + 24 * blocks * limbs + 2**20
    return seconds, int(nbytes)


def _pivot_plan_cost(sp: SizePlan) -> tuple[float, int]:
    game = sp.game
    q, rows, n_dp = game.q, sp.kmax + 1, len(sp.dp_weights)
    chunks_per_member = -(-max(sp.kmax, 1) // 48)
    if n_dp * chunks_per_member <= 200_000:
        cells = sp.cell_updates()
    else:  # O(n) upper bound: rows touched times columns reached, per member
        cells, reach = 0, 0
        for i, w in enumerate(sp.dp_weights, start=1):
            reach += w
            cells += min(i, sp.kmax) * min(q, reach + 1)
    primes = sp.prime_count_estimate
    calls = n_dp * chunks_per_member * 3
    per_prime = 3.5e-9 * cells + 30e-6 * calls + 8e-9 * 2 * rows * q
    blocks_cost = 0
    for w, _ in game.classes:
        blocks = min((q - 1) // w, sp.kmax) + 1
        blocks_cost += 2 * blocks * (rows + blocks)
    per_prime += 4e-9 * blocks_cost + 1e-6 * len(game.classes) * rows
    crt = 5e-7 * len(game.classes) * rows * primes
    workers = worker_count(sp)
    # primes split over worker processes: measured 0.65x the serial time with 2 workers on 2
    # loaded cores; charged 0.5 + 0.5 / workers to stay on the high side
    share = 0.5 + 0.5 / workers
    seconds = _BASE_SECONDS + primes * per_prime * share + crt + 0.2 * (workers > 1)
    table = 8 * rows * q
    pad = 8 * max((min((q - 1) // w, sp.kmax) + 1) * (rows + sp.kmax + 1) for w, _ in game.classes)
    counts = 8 * len(game.classes) * rows * (primes + 1 + (8 * primes * 7) // 64)
    nbytes = workers * (5 * table + 3 * pad) + counts + 2**20
    return seconds, int(nbytes)


def estimate_pivots_by_size(weights: Sequence[int], quota: int) -> tuple[float, int]:
    """Conservative ``(seconds, bytes)`` for
    :func:`~powershare.power.kernels.pivots.pivot_counts_by_size`.

    Parameters
    ----------
    weights : sequence of int
        Nonnegative integer weights.
    quota : int
        ``1 <= quota <= sum(weights)``.

    Returns
    -------
    tuple of (float, int)
        Estimated wall time and peak extra memory: :func:`estimate_pivots` plus the ``n x n``
        result lists of Python ints.
    """
    seconds, nbytes = estimate_pivots(weights, quota)
    n = len(weights)
    return seconds + 1e-7 * n * n, nbytes + 40 * n * n


def estimate_pivots(weights: Sequence[int], quota: int) -> tuple[float, int]:
    """Conservative ``(seconds, bytes)`` for :func:`~powershare.power.kernels.pivots.pivot_counts`.

    Parameters
    ----------
    weights : sequence of int
        Nonnegative integer weights.
    quota : int
        ``1 <= quota <= sum(weights)``.

    Returns
    -------
    tuple of (float, int)
        Estimated wall time and peak extra memory; the model is in the module docstring.
    """
    game = prepare_equivalent(weights, quota)
    if not game.classes:
        return _BASE_SECONDS, 2**20
    return _pivot_plan_cost(SizePlan(game))


def estimate_fast_pivots(weights: Sequence[int], quota: int) -> tuple[float, int]:
    """Conservative ``(seconds, bytes)`` for
    :func:`~powershare.power.kernels.pivots_fast.fast_pivot_counts` (model in the module
    docstring).

    Parameters
    ----------
    weights : sequence of int
        Nonnegative integer weights.
    quota : int
        ``1 <= quota <= sum(weights)``.

    Returns
    -------
    tuple of (float, int)
        Estimated wall time and peak extra memory.
    """
    game = prepare_equivalent(weights, quota)
    if not game.classes:
        return _BASE_SECONDS, 2**20
    plan = FastPlan(game)
    primes = plan.prime_count
    table = (plan.rows + 1) * plan.cols
    terms = 0
    for w, _ in game.classes:
        for quota_side in {quota for quota, _ in plan.sides}:  # q = q*: computed once
            blocks = min((quota_side - 1) // w, plan.rows) + 1
            terms += blocks * (plan.rows + 1)
    per_prime = 6e-10 * plan.cells + 2e-9 * table + 3e-9 * terms
    threads = plan.threads()
    counts = len(game.classes) * game.n
    seconds = (
        _NUMBA_LOAD_SECONDS + primes * per_prime * (0.5 + 0.5 / threads) + 3e-7 * counts * primes
    )
    nbytes = threads * 8 * table + 8 * counts * (primes + 20) + 2**24
    return seconds, int(nbytes)


def estimate_plain_enumeration(n: int) -> tuple[float, int]:
    """Conservative ``(seconds, bytes)`` for the plain-Python enumeration of a small weighted
    game (:func:`~powershare.power.kernels.enumeration.weighted_pivot_counts_by_size_plain`,
    ``n <= 12``): ``3e-7 * n * 2^n`` seconds (measured 0.03-0.14 us a step) plus ``0.2 ms``, and
    two lists of ``2^n`` Python integers (100 bytes a coalition, generously).

    >>> seconds, nbytes = estimate_plain_enumeration(6)
    >>> seconds < estimate_enumeration(6)[0]
    True
    """
    coalitions = 1 << n
    return 2e-4 + 3e-7 * max(n, 1) * coalitions, 100 * coalitions


def estimate_enumeration(n: int) -> tuple[float, int]:
    """Conservative ``(seconds, bytes)`` for the brute-force functions of
    :mod:`powershare.power.kernels.enumeration` on ``n`` members (weighted winning test).

    Parameters
    ----------
    n : int
        Number of members.

    Returns
    -------
    tuple of (float, int)
        ``6e-8 * n * 2^n`` seconds (plus a fixed ``2 ms``) and ``2 * 2^n`` bytes of flags and
        sizes plus chunk arrays.
    """
    coalitions = 1 << n
    chunk = min(coalitions, 1 << 20)
    return _BASE_SECONDS + 6e-8 * max(n, 1) * coalitions, 2 * coalitions + 8 * 4 * chunk
