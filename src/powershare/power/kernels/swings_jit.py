"""Compiled inner loops of :mod:`powershare.power.kernels.swings_fast` (numba, optional).

The same pattern as :mod:`powershare.power.kernels.pivots_jit`: the loops are plain Python
functions here; :func:`compiled` imports numba (only then) and compiles them on first use,
cached on disk (``cache=True``), releasing the GIL so that primes run on threads.  Without
numba this module still imports (:func:`available` says ``False``) and the plain functions run,
slowly, as written.  Everything works on one prime ``p < 2^30`` with residues in ``[0, p)``
stored as ``uint32``: a sum of four residues is below ``2^32``, and two conditional
subtractions (of ``2p``, then of ``p``) reduce it.  Half the bytes of ``uint64`` residues
and twice the SIMD lanes: measured 2.2x faster per table than primes below ``2^63``, more
than the 1.75-2.1x as many primes it takes (7 instead of 4 for 200 members, 34 instead of 16
for 1000).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

from powershare.games.lazy_numpy import np
from powershare.power.kernels.pivots_jit import available

if TYPE_CHECKING:
    import numpy.typing as npt

    U32 = npt.NDArray[np.uint32]
    U64 = npt.NDArray[np.uint64]
    I64 = npt.NDArray[np.int64]

__all__ = ["DENSE", "PRIME_BITS", "available", "compiled", "residues_for_prime", "sweep_work"]

_RUN = 16384  # columns per vectorised run of a sweep (64 KB of uint32; 4096 was ~5% slower)
_SHORT = 16  # weights below this take the plain descending loop (runs would be too short)
_BLOCK = 32  # cells per block of the prefix sums (:func:`_windows`)
_HALF = 2**63  # (typed uint64 by numba, as it exceeds int64)
DENSE = 16  # a full prefix pass when terms * DENSE >= q (:func:`_windows`)
PRIME_BITS = 30  # primes below 2^30: four residues sum below 2^32


def _dp(weights: I64, q: int, p: np.uint32) -> U32:
    """``f = prod_i (1 + x^{w_i}) mod (x^q, p)``, in place, members in the given order.

    A member of weight ``w`` adds ``f[t - w]`` to ``f[t]`` for ``t`` from the top of the
    reachable range (``min(q, w_1 + ... + w_i + 1)``) down to ``w``: in descending order every
    value read is still the one before this member.  Two members ``a <= b`` are added in one
    sweep, ``f[t] += f[t - a] + f[t - b] + f[t - a - b]`` (the factor
    ``(1 + x^a)(1 + x^b)``), which reads the table from memory once for both (the three older
    cells were read ``a``, ``b`` and ``a + b`` cells earlier and are still cached): measured
    15-20% faster than one sweep per member.  The columns are taken in runs of at most
    ``min(a, 16384)`` from the top down; within a run the cells written and the cells read do
    not overlap, so the run is one ascending, vectorised loop (32-bit lanes: every sum is cast
    back to ``uint32``, which is exact as ``4p < 2^32``, so the compiler keeps 32-bit lanes).
    Weights below 16 (too short for runs) take a plain descending loop, one member at a time.

    Fusing three or four members per sweep (the factor's 7 or 15 shifted terms, or two pairs
    through a ring buffer) streams the table half as often but was measured slower here: the
    cells between ``t`` and ``t - a - b - c - d`` no longer fit the 2 MB L2 cache when the
    weights are near ``10^5``, and in cache the sweep is bound by its loads, not by memory.
    """
    f = np.zeros(q, dtype=np.uint32)
    f[0] = 1
    p2 = np.uint32(p + p)
    reach = 0
    n = weights.shape[0]
    i = 0
    while i < n:
        a = weights[i]
        if a < _SHORT or i + 1 == n:
            for t in range(min(q, reach + a + 1) - 1, a - 1, -1):
                v = f[t] + f[t - a]
                f[t] = v - p if v >= p else v
            reach += a
            i += 1
            continue
        b = weights[i + 1]
        top = min(q, reach + a + b + 1)
        floor = min(a + b, top)
        hi = top
        while hi > floor:
            lo = max(floor, hi - min(a, _RUN))
            dst = f[lo:hi]
            src_a = f[lo - a : hi - a]
            src_b = f[lo - b : hi - b]
            src_ab = f[lo - a - b : hi - a - b]
            for j in range(dst.shape[0]):  # (shape, not hi - lo: no wraparound checks)
                x = np.uint32(np.uint32(dst[j] + src_a[j]) + np.uint32(src_b[j] + src_ab[j]))
                x = min(x, np.uint32(x - p2))  # x - 2p wraps above x when x < 2p
                dst[j] = min(x, np.uint32(x - p))
            hi = lo
        for t in range(hi - 1, a - 1, -1):  # below a + b: no f[t - a - b] term
            x = f[t] + f[t - a]
            x = x - p if x >= p else x
            if t >= b:
                y = x + f[t - b]
                x = y - p if y >= p else y
            f[t] = x
        reach += a + b
        i += 2
    return f


def sweep_work(weights: Sequence[int], q: int) -> tuple[int, int, int]:
    """What :func:`_dp` does, for the cost model: ``(cells in runs, runs, cells of the plain
    loop)`` (a pair of members is one sweep; its cells below ``a + b`` count as plain).

    >>> sweep_work([1, 20, 30], 60)  # weight 1: plain; the pair (20, 30): 2 + 30
    (2, 1, 31)
    """
    cells, runs, plain, reach, i, n = 0, 0, 0, 0, 0, len(weights)
    while i < n:
        a = int(weights[i])
        if a < _SHORT or i + 1 == n:
            plain += max(0, min(q, reach + a + 1) - a)
            reach, i = reach + a, i + 1
            continue
        b = int(weights[i + 1])
        top = min(q, reach + a + b + 1)
        floor = min(a + b, top)
        cells += top - floor
        runs += -(-(top - floor) // min(a, _RUN))
        plain += max(0, floor - a)
        reach, i = reach + a + b, i + 2
    return cells, runs, plain


def _windows(f: U32, classes: I64, q: int, p: np.uint32) -> U64:
    """Swings mod ``p`` of one member of each class weight, from ``f`` (length ``q``).

    Telescoping the alternating block sums of :mod:`powershare.power.kernels.swings`,
    ``swings(w) = P[q] + 2 sum_{j >= 1, jw < q} (-1)^j P[q - jw]`` with ``P[x]`` the sum of
    ``f[:x]``.  When these terms are few (fewer than ``q / 16``: 1.4e5 for the 200 members
    with weights up to ``10^5``, ``q = 4.6e6``), the sums of blocks of 32 cells (vectorised,
    exact in ``uint64`` as the residues are below ``2^30``) give ``P`` at the block starts,
    and each ``P[x]`` needed adds the cells of its block below ``x`` (4 ms instead of 10 for
    that game); else ``f`` is replaced by its inclusive prefix sums ``I[t] = P[t + 1]`` mod
    ``p`` (one serial pass).
    """
    terms = 0
    for c in range(classes.shape[0]):
        terms += (q - 1) // classes[c] + 1
    dense = DENSE * terms >= q
    blocks = 0 if dense else q // _BLOCK
    start = np.zeros(blocks + 1, dtype=np.uint64)  # start[k] = P[k * _BLOCK] (mod p)
    acc = np.uint64(0)
    if dense:
        for t in range(q):
            v = acc + f[t]
            acc = v - p if v >= p else v
            f[t] = acc
    for k in range(blocks):  # exact sums, reduced when they pass 2^63 (never, in practice)
        s = np.uint64(0)
        for t in range(k * _BLOCK, (k + 1) * _BLOCK):
            s += f[t]
        acc += s
        if acc >= _HALF:
            acc %= p
        start[k + 1] = acc
    out = np.zeros(classes.shape[0], dtype=np.uint64)
    for c in range(classes.shape[0]):
        w = classes[c]
        even = np.uint64(0)
        odd = np.uint64(0)
        total = np.uint64(0)
        j = 0
        while j * w < q:  # j = 0: P[q] itself
            x = q - j * w
            if dense:
                v = np.uint64(f[x - 1])
            else:
                k = x // _BLOCK
                s = np.uint64(0)
                for t in range(k * _BLOCK, x):
                    s += f[t]
                v = (start[k] + s) % p
            if j == 0:
                total = v
            elif j % 2 == 0:
                s = even + v
                even = s - p if s >= p else s
            else:
                s = odd + v
                odd = s - p if s >= p else s
            j += 1
        diff = even - odd if even >= odd else even + (p - odd)  # (even - odd) mod p, < p
        twice = diff + diff
        twice = twice - p if twice >= p else twice
        total = total + twice
        out[c] = total - p if total >= p else total
    return out


@cache
def compiled() -> tuple[Callable[..., Any], ...]:
    """The two loops compiled by numba (imported here, on first use)."""
    numba = import_module("numba")
    # numba types numpy calls by the numpy module itself, not by the stand-in that imports it
    # on first use (powershare.games.lazy_numpy): the loops must see numpy
    globals()["np"] = import_module("numpy")
    jit = numba.njit(nogil=True, cache=True, boundscheck=False)
    return jit(_dp), jit(_windows)


def residues_for_prime(weights: I64, q: int, p: int, classes: I64) -> U64:
    """One prime's whole computation: ``f mod p``, its prefix sums, the swings per class.

    Parameters
    ----------
    weights : ndarray of int64
        The positive weights below ``q``, ascending (the reachable range grows slowly).
    q : int
        The effective quota, ``>= 1``.
    p : int
        A prime below ``2^30``.
    classes : ndarray of int64
        Distinct positive weights (any, ``>= q`` included).

    Returns
    -------
    ndarray of uint64
        Swings of one member of each class, modulo ``p`` (zero-weight members not counted).

    Examples
    --------
    ``[3; 2, 1, 1]``: the member of weight 2 swings with ``{1}``, ``{1}`` and ``{1, 1}``; a
    member of weight 1 with ``{2}`` alone:

    >>> w = np.array([1, 1, 2])
    >>> residues_for_prime(w, 3, 101, np.array([1, 2])).tolist()
    [1, 3]
    """
    dp, windows = compiled() if available() else (_dp, _windows)
    prime = np.uint32(p)
    with np.errstate(over="ignore"):  # the plain loops wrap like the compiled ones, on purpose
        f = dp(weights, q, prime)
        return windows(f, classes, q, prime)
