"""Compiled inner loops of :mod:`powershare.power.kernels.pivots_fast` (numba, optional).

The loops are plain Python functions here; :func:`compiled` imports numba (only then) and
compiles them on first use, cached on disk (``cache=True``); the compiled loops release the GIL
so primes run on threads.  Without numba this module still imports (:func:`available` says
``False``) and the plain functions run, slowly, as written.  Everything here works on one prime
``p < 2^63`` with residues in ``[0, p)``: a sum of two residues is below ``2^64``, and one
conditional subtraction reduces it (``min(s, s - p)`` in unsigned arithmetic, which the
compiler vectorises).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from powershare.games.lazy_numpy import np

if TYPE_CHECKING:
    import numpy.typing as npt

    U64 = npt.NDArray[np.uint64]
    I64 = npt.NDArray[np.int64]

__all__ = ["available", "compiled", "residues_for_prime"]

_WINDOW_CHUNK_CELLS = 2**17  # transposed columns of the window sums: 1 MiB
_CACHE_CELLS = 2**18  # a wavefront group's rows of one tile: 2 MiB (a core's L2 cache)


def _dp(weights: I64, pfx: I64, rows: int, cols: int, p: np.uint64, block: int, tile: int) -> U64:
    """``prod_i (1 + y x^{w_i}) mod (x^cols, y^(rows+1), p)`` as a ``(rows+1, cols)`` table.

    Members in descending weight order, updated in place (row ``k`` from row ``k - 1``, rows
    in descending order), only over each row's own support: after ``i`` members, row ``k`` is
    nonzero for ``t`` from the sum of the ``k`` smallest to the sum of the ``k`` largest of
    their weights (largest first keeps the lower ends high: 13% fewer cells than smallest
    first for 1,000 members with weights 1..100).  Cache blocking (time skewing): a group of
    up to ``block`` members (fewer when heavy, so that the group's rows of a tile fit in the
    cache) sweeps the rows as a wavefront (member ``s`` of the group one row above member
    ``s - 1``), and the columns in tiles of ``tile`` columns (at least twice the group's largest
    weight; ``0``: whole rows), right to left, each tile
    shifted right by the weights of the members done so far (a parallelogram: member ``s``
    reads, ``w_s`` columns to the left, exactly what member ``s - 1`` wrote in the same tile),
    so a tile's rows stay in cache for the whole group.
    """
    table = np.zeros((rows + 1, cols), dtype=np.uint64)
    table[0, 0] = 1
    n = weights.shape[0]
    shift = np.zeros(block, dtype=np.int64)
    start = 0
    while start < n:
        heaviest = max(weights[start], 1)  # descending order: the group's largest weight
        size = min(block, n - start, max(2, _CACHE_CELLS // (3 * heaviest)))
        acc = 0
        for s in range(size):
            acc += weights[start + s]
            shift[s] = acc
        width = max(tile, 2 * heaviest) if tile > 0 else cols + shift[size - 1]
        right = cols
        while right + shift[size - 1] > 0:
            left = right - width
            for tau in range(min(start + size, rows), -size, -1):
                for s in range(size):
                    i = start + s + 1  # members 1..i are in the table after this update
                    k = tau + s
                    if k < 1 or k > min(i, rows):
                        continue
                    w = weights[i - 1]
                    lo = max(min(pfx[i - 1] - pfx[i - k] + w, cols), left + shift[s])
                    hi = min(min(cols, pfx[k - 1] + w + 1), right + shift[s])
                    if hi <= lo:
                        continue
                    dst = table[k, lo:hi]
                    src = table[k - 1, lo - w : hi - w]
                    for j in range(hi - lo):
                        v = dst[j] + src[j]
                        dst[j] = v - p if v >= p else v
            right = left
        start += size
    return table


def _prefix_rows(table: U64, p: np.uint64) -> None:
    """Each row replaced, in place, by its inclusive prefix sums mod ``p``."""
    for k in range(table.shape[0]):
        row = table[k]
        acc = np.uint64(0)
        for t in range(row.shape[0]):
            v = acc + row[t]
            acc = v - p if v >= p else v
            row[t] = acc


def _windows(prefix: U64, classes: I64, quota: int, p: np.uint64, chunk: int) -> U64:
    """``c_w[k] mod p`` for each class weight ``w`` and ``k = 0..rows``, quota ``quota``.

    ``c_w[k] = sum_j (-1)^j (P[k-j][h_j] - P[k-j][h_{j+1}])`` with ``h_j = quota - j w - 1``
    (block ``j`` of the closed-form removal of one member of weight ``w``; ``P`` the inclusive
    row prefix sums, a negative ``h`` standing for 0), so column ``h_j`` adds
    ``(-1)^j (P[k-j][h_j] + P[k-j+1][h_j])`` (the second term for ``j >= 1``).  Columns are
    taken in chunks, each transposed once, so every term is a contiguous vector operation
    over the rows.
    """
    rows = prefix.shape[0]
    out = np.zeros((classes.shape[0], rows), dtype=np.uint64)
    buf = np.empty((chunk, rows), dtype=np.uint64)
    for c0 in range(0, quota, chunk):
        c1 = min(quota, c0 + chunk)
        for ell in range(rows):
            row = prefix[ell]
            for t in range(c0, c1):
                buf[t - c0, ell] = row[t]
        for c in range(classes.shape[0]):
            w = classes[c]
            acc = out[c]
            first = max(0, (quota - c1 + w - 1) // w)
            last = min((quota - 1 - c0) // w, rows)
            for j in range(first, last + 1):
                col = buf[quota - 1 - j * w - c0]
                for shift in (j, j - 1):
                    if shift < 0:
                        continue
                    dst = acc[shift:]
                    src = col[: rows - shift]
                    if j % 2 == 0:
                        for e in range(rows - shift):
                            v = dst[e] + src[e]
                            dst[e] = v - p if v >= p else v
                    else:
                        for e in range(rows - shift):
                            v = dst[e] - src[e]
                            dst[e] = v if dst[e] >= src[e] else v + p
    return out


def available() -> bool:
    """Whether numba is installed (without importing it)."""
    return find_spec("numba") is not None


@cache
def compiled() -> tuple[Callable[..., Any], ...]:
    """The three loops compiled by numba (imported here, on first use)."""
    numba = import_module("numba")
    # numba types numpy calls by the numpy module itself, not by the stand-in that imports it
    # on first use (powershare.games.lazy_numpy): the loops must see numpy
    globals()["np"] = import_module("numpy")
    jit = numba.njit(nogil=True, cache=True, boundscheck=False)
    return jit(_dp), jit(_prefix_rows), jit(_windows)


def residues_for_prime(
    weights: I64,
    pfx: I64,
    rows: int,
    cols: int,
    p: int,
    blocking: tuple[int, int],
    sides: list[tuple[int, I64]],
) -> list[U64]:
    """One prime's whole computation: the table, its prefix sums, the window counts.

    Parameters
    ----------
    weights, pfx : ndarray of int64
        DP weights (descending) and their prefix sums (``pfx[0] = 0``).
    rows, cols : int
        The table is ``(rows + 1, cols)``.
    p : int
        A prime below ``2^63``.
    blocking : (int, int)
        Members per wavefront sweep and columns per tile (``0``: whole rows).
    sides : list of (int, ndarray)
        ``(quota, class weights)`` pairs, each ``quota <= cols``.

    Returns
    -------
    list of ndarray of uint64
        Per side, ``(classes, rows + 1)`` counts mod ``p``.

    Examples
    --------
    ``[3; 2, 1, 1]``: a member of weight 1 swings with the 1-coalition ``{2}``, the member of
    weight 2 with each of the two ``{1}``:

    >>> w, pfx = np.array([2, 1, 1]), np.array([0, 2, 3, 4])
    >>> [r.tolist() for r in residues_for_prime(w, pfx, 1, 3, 101, (2, 0), [(3, np.array([1, 2]))])]
    [[[0, 1], [0, 2]]]
    """
    dp, prefix_rows, windows = compiled() if available() else (_dp, _prefix_rows, _windows)
    prime = np.uint64(p)
    chunk = max(1, min(cols, _WINDOW_CHUNK_CELLS // max(rows + 1, 1)))
    with np.errstate(over="ignore"):  # the plain loops wrap like the compiled ones, on purpose
        table = dp(weights, pfx, rows, cols, prime, *blocking)
        prefix_rows(table, prime)
        return [windows(table, classes, quota, prime, chunk) for quota, classes in sides]
