"""Brute-force reference counts over all ``2**n`` coalitions.

This module is the *independent reference* that the fast kernels
(:mod:`powershare.power.kernels.swings`, :mod:`powershare.power.kernels.pivots`) are tested
against.  It deliberately shares no code with them: it evaluates the winning test on every
coalition, encoded as a bitmask (bit ``i`` set means member ``i`` is in the coalition), and counts
straight from the definitions of Banzhaf (1965) and Shapley & Shubik (1954).

Exact-arithmetic scheme
-----------------------
Masks are ``int64`` (``n <= 30`` here, so masks stay below ``2**30``); per-coalition weight
totals are ``int64`` when ``sum(weights) < 2**62`` (then no partial sum can overflow) and Python
ints otherwise.  Every count is a number of coalitions, at most ``2**n <= 2**30``, accumulated by
``numpy.count_nonzero``/``numpy.bincount`` into ``int64`` and returned as Python ints; pivot
counts multiply them by ``k! (n-1-k)!`` in Python ints.  Nothing can overflow.

Memory is one ``bool`` and one ``uint8`` per coalition (``2**n * 2`` bytes) plus a chunk of
``2**20`` masks; time is about ``n * 2**n`` elementary numpy operations.

Weighted games of at most :data:`PLAIN_MAX_MEMBERS` members are enumerated in plain Python
lists instead (:func:`weighted_pivot_counts_by_size_plain`, :func:`weighted_winning_totals_plain`):
their ``n * 2**n <= 49,152`` steps take under 10 ms, less than importing numpy (70-120 ms),
so a command on a small body never loads it.  Same definitions, same exact integers; the tests
compare the two ways on every small game hypothesis draws.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import factorial
from typing import TYPE_CHECKING

from powershare.games.lazy_numpy import np

if TYPE_CHECKING:
    import numpy.typing as npt

    IsWinning = Callable[[npt.NDArray[np.int64]], npt.NDArray[np.bool_]]

__all__ = [
    "MAX_MEMBERS",
    "PLAIN_MAX_MEMBERS",
    "pivots_from_counts_by_size",
    "weighted_pivot_counts_by_size_plain",
    "weighted_winning_totals_plain",
    "enumerate_pivots",
    "enumerate_pivots_by_size",
    "enumerate_swings",
    "weighted_is_winning",
    "weighted_others_histograms",
    "weighted_pivot_counts",
    "weighted_pivot_counts_by_size",
    "weighted_swing_counts",
]

MAX_MEMBERS = 30
"""Largest ``n`` accepted (``2**30`` coalitions need 2 GB of flags)."""

PLAIN_MAX_MEMBERS = 12
"""Largest weighted game enumerated in plain Python (``2**12`` coalitions: a few ms)."""

_CHUNK_BITS = 20


def _check_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_MEMBERS:
        raise ValueError(f"enumeration needs 0 <= n <= {MAX_MEMBERS} members, got {n!r}")


def _flags_and_sizes(
    n: int, is_winning: IsWinning
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.uint8]]:
    """Winning flag and popcount of every mask ``0 .. 2**n - 1``, evaluated in chunks."""
    total = 1 << n
    win = np.empty(total, dtype=np.bool_)
    size = np.empty(total, dtype=np.uint8)
    chunk = 1 << min(n, _CHUNK_BITS)
    for start in range(0, total, chunk):
        masks = np.arange(start, start + chunk, dtype=np.int64)
        flags = np.asarray(is_winning(masks), dtype=np.bool_)
        if flags.shape != masks.shape:
            raise ValueError(
                f"is_winning must return one flag per mask: got shape {flags.shape}, "
                f"expected {masks.shape}"
            )
        win[start : start + chunk] = flags
        pop = np.zeros(chunk, dtype=np.uint8)
        for i in range(n):
            pop += ((masks >> i) & 1).astype(np.uint8)
        size[start : start + chunk] = pop
    return win, size


def enumerate_pivots_by_size(n: int, is_winning: IsWinning) -> list[list[int]]:
    """Swings of each member split by coalition size, for any simple game, by brute force.

    Parameters
    ----------
    n : int
        Number of members, ``0 <= n <= 30``.
    is_winning : callable
        ``is_winning(masks) -> flags``: ``masks`` is an ``int64`` array of bitmasks (bit ``i``
        = member ``i`` present); returns a ``bool`` array of the same shape.  It is assumed
        monotone only in the sense that the counts below are what the definitions give.

    Returns
    -------
    list of list of int
        ``c[i][k]`` = number of coalitions ``S`` of the other members with ``|S| = k``, ``S``
        losing and ``S + {i}`` winning (``k = 0 .. n-1``).

    Notes
    -----
    Definition of a swing (Banzhaf 1965; Felsenthal & Machover 1998, Def. 3.2.2).  For a
    weighted game ``[q; w]`` this equals the number of ``k``-subsets ``S`` of the others with
    ``q - w_i <= w(S) < q``.  Exact: counts are at most ``2**n``, see the module docstring.
    """
    _check_n(n)
    if n == 0:
        return []
    win, size = _flags_and_sizes(n, is_winning)
    out: list[list[int]] = []
    for i in range(n):
        # view masks as (high bits, bit i, low bits): [:, 0, :] lacks i, [:, 1, :] has i
        w3 = win.reshape(1 << (n - 1 - i), 2, 1 << i)
        s3 = size.reshape(1 << (n - 1 - i), 2, 1 << i)
        swing = w3[:, 1, :] & ~w3[:, 0, :]
        counts = np.bincount(s3[:, 0, :][swing], minlength=n)
        out.append([int(c) for c in counts[:n]])
    return out


def enumerate_swings(n: int, is_winning: IsWinning) -> list[int]:
    """Raw Banzhaf swing counts of every member of any simple game, by brute force.

    Parameters
    ----------
    n : int
        Number of members, ``0 <= n <= 30``.
    is_winning : callable
        Vectorised winning test on ``int64`` bitmasks, see :func:`enumerate_pivots_by_size`.

    Returns
    -------
    list of int
        ``swings[i]`` = number of losing coalitions ``S`` without ``i`` such that ``S + {i}``
        wins (Banzhaf 1965).  Exact Python ints.
    """
    return [sum(row) for row in enumerate_pivots_by_size(n, is_winning)]


def enumerate_pivots(n: int, is_winning: IsWinning) -> list[int]:
    """Shapley-Shubik pivot counts of every member of any simple game, by brute force.

    Parameters
    ----------
    n : int
        Number of members, ``0 <= n <= 30``.
    is_winning : callable
        Vectorised winning test on ``int64`` bitmasks, see :func:`enumerate_pivots_by_size`.

    Returns
    -------
    list of int
        ``pivots[i]`` = number of the ``n!`` orderings of the members in which ``i`` is the
        member whose arrival first makes the coalition win (Shapley & Shubik 1954), computed as
        ``sum_k k! (n-1-k)! c[i][k]``.  Exact Python ints; the Shapley-Shubik index is
        ``pivots[i] / n!``.
    """
    return pivots_from_counts_by_size(enumerate_pivots_by_size(n, is_winning))


def pivots_from_counts_by_size(by_size: Sequence[Sequence[int]]) -> list[int]:
    """Shapley-Shubik pivot counts from swings by coalition size: ``sum_k k! (n-1-k)! c[i][k]``
    (a member is pivotal in the ``k! (n-1-k)!`` orderings that put a swing coalition of size
    ``k`` before it and the rest after).

    >>> pivots_from_counts_by_size(weighted_pivot_counts_by_size_plain([2, 1, 1], 3))  # of 3!
    [4, 1, 1]
    """
    n = len(by_size)
    coef = [factorial(k) * factorial(n - 1 - k) for k in range(n)]
    return [sum(c * a for c, a in zip(row, coef, strict=True)) for row in by_size]


def _plain_tables(weights: Sequence[int]) -> tuple[list[int], list[int]]:
    """Total weight and size of every coalition ``0 .. 2**n - 1`` (bit ``i`` = member ``i``)."""
    totals, sizes = [0], [0]
    for w in weights:  # the coalitions with member i are those without it, plus i
        totals += [t + w for t in totals]
        sizes += [k + 1 for k in sizes]
    return totals, sizes


def _check_plain(weights: Sequence[int]) -> list[int]:
    ws = [int(w) for w in weights]
    if len(ws) > PLAIN_MAX_MEMBERS or any(w < 0 for w in ws):
        raise ValueError(
            f"plain enumeration needs at most {PLAIN_MAX_MEMBERS} nonnegative weights, got {ws}"
        )
    return ws


def weighted_pivot_counts_by_size_plain(weights: Sequence[int], quota: int) -> list[list[int]]:
    """Swings by coalition size of ``[quota; weights]`` in plain Python (``n <=``
    :data:`PLAIN_MAX_MEMBERS`): the meaning of :func:`weighted_pivot_counts_by_size`.

    Member ``i`` swings with the coalition ``S`` of others when ``S`` loses and ``S + {i}``
    wins: ``quota - w_i <= w(S) < quota`` (Banzhaf 1965).

    >>> weighted_pivot_counts_by_size_plain([2, 1, 1], 3)
    [[0, 2, 1], [0, 1, 0], [0, 1, 0]]
    """
    ws = _check_plain(weights)
    totals, sizes = _plain_tables(ws)
    out = []
    for i, w in enumerate(ws):
        row = [0] * len(ws)
        bit, low = 1 << i, quota - w
        for mask, total in enumerate(totals):
            if low <= total < quota and not mask & bit:
                row[sizes[mask]] += 1
        out.append(row)
    return out


def weighted_winning_totals_plain(weights: Sequence[int], quota: int) -> tuple[list[int], int]:
    """Per member, the winning coalitions of ``[quota; weights]`` containing it, and all
    winning coalitions, in plain Python (``n <=`` :data:`PLAIN_MAX_MEMBERS`; Coleman 1971).

    >>> weighted_winning_totals_plain([2, 1, 1], 3)
    ([3, 2, 2], 3)
    """
    ws = _check_plain(weights)
    totals, _sizes = _plain_tables(ws)
    winning = [mask for mask, total in enumerate(totals) if total >= quota]
    per = [sum(1 for mask in winning if mask >> i & 1) for i in range(len(ws))]
    return per, len(winning)


def weighted_is_winning(weights: Sequence[int], quota: int) -> IsWinning:
    """The vectorised winning test ``w(S) >= quota`` of a weighted game, for the functions above.

    Parameters
    ----------
    weights : sequence of int
        Nonnegative integer weights, at most 30 of them.
    quota : int
        A coalition wins iff its total weight is at least ``quota``.

    Returns
    -------
    callable
        ``masks -> flags``.  Totals are summed in ``int64`` when ``sum(weights) < 2**62``
        (no overflow possible) and in Python ints (object arrays) otherwise.
    """
    ws = [int(w) for w in weights]
    if any(w < 0 for w in ws):
        raise ValueError(f"weights must be nonnegative integers, got {ws}")
    _check_n(len(ws))
    big = sum(ws) >= 2**62
    q = int(quota)

    def is_winning(masks: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        total: npt.NDArray[np.int64] = np.zeros(masks.shape, dtype=object if big else np.int64)
        for i, w in enumerate(ws):
            total = total + ((masks >> i) & 1) * w
        return np.asarray(total >= q, dtype=np.bool_)

    return is_winning


def weighted_swing_counts(weights: Sequence[int], quota: int) -> list[int]:
    """Reference raw Banzhaf swings of the weighted game ``[quota; weights]`` (``n <= 30``).

    See :func:`enumerate_swings`; same meaning as
    :func:`powershare.power.kernels.swings.swing_counts`.
    """
    return enumerate_swings(len(weights), weighted_is_winning(weights, quota))


def weighted_pivot_counts_by_size(weights: Sequence[int], quota: int) -> list[list[int]]:
    """Reference swings by coalition size of ``[quota; weights]`` (``n <= 30``).

    See :func:`enumerate_pivots_by_size`; same meaning as
    :func:`powershare.power.kernels.pivots.pivot_counts_by_size`.
    """
    return enumerate_pivots_by_size(len(weights), weighted_is_winning(weights, quota))


def weighted_pivot_counts(weights: Sequence[int], quota: int) -> list[int]:
    """Reference Shapley-Shubik pivot counts of ``[quota; weights]`` (``n <= 30``).

    See :func:`enumerate_pivots`; same meaning as
    :func:`powershare.power.kernels.pivots.pivot_counts`.
    """
    return enumerate_pivots(len(weights), weighted_is_winning(weights, quota))


def weighted_others_histograms(weights: Sequence[int]) -> list[npt.NDArray[np.int64]]:
    """For every member, the coalitions of the *other* members counted by size and weight.

    Parameters
    ----------
    weights : sequence of int
        Nonnegative integer weights, ``n <= 24`` of them (one ``int64`` per coalition).

    Returns
    -------
    list of ndarray
        ``h[i][k, t]`` = number of ``k``-member coalitions of the members other than ``i`` whose
        total weight is ``t`` (shape ``(n, sum(weights) + 1)``).  For any quota ``q`` the swings
        by size are the window sums ``h[i][k, max(q - w_i, 0):q].sum()``, so one enumeration
        serves every quota.  Brute force over all ``2**n`` masks; exact (counts ``<= 2**n``).
    """
    ws = [int(w) for w in weights]
    n = len(ws)
    if n > 24 or any(w < 0 for w in ws):
        raise ValueError(f"need at most 24 nonnegative weights, got {ws}")
    total_w = sum(ws)
    masks = np.arange(1 << n, dtype=np.int64)
    totals = np.zeros(masks.shape, dtype=np.int64)
    sizes = np.zeros(masks.shape, dtype=np.int64)
    for i, w in enumerate(ws):
        bit = (masks >> i) & 1
        totals += bit * w
        sizes += bit
    out = []
    for i in range(n):
        lacking = ((masks >> i) & 1) == 0
        flat = sizes[lacking] * (total_w + 1) + totals[lacking]
        hist = np.bincount(flat, minlength=n * (total_w + 1))
        out.append(hist[: n * (total_w + 1)].reshape(n, total_w + 1).astype(np.int64))
    return out
