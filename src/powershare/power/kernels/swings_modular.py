"""Exact Banzhaf swings by a multi-modular subset-sum dynamic programme (numpy, CRT).

Algorithm
---------
The same generating function and closed-form removal as :mod:`powershare.power.kernels.swings`
(Brams & Affuso 1976; Bilbao et al. 2000; Uno 2012; Kurz 2016): with ``f = prod (1 + x^{w_i})
mod x^q`` and ``P`` its prefix sums, the swings of a member of weight ``w`` are

    swings(w) = sum_{j>=0} (-1)^j (P[q - j w] - P[max(q - (j+1) w, 0)]).

Here ``f`` is not multiplied out with big integers but computed by the classic subset-sum
dynamic programme, one member at a time in ascending weight order (so the reachable range
``0..min(q, w_1 + ... + w_i)`` grows slowly), **modulo several primes at once**: the residues
for all primes form one ``(primes, q)`` ``uint64`` array and each member is one vectorised
addition.  The swings are recovered from their residues by the Chinese remainder theorem.  For
many members with moderate weights this beats the GMP product tree: the work is
``members * q * primes`` word additions, with no FFT overhead.

Memory: tables up to 64 MB take two buffers in turn; larger ones (wide weight ranges: 200
members with weights up to ``10^5`` give ``q ~ 4.6e6``) are updated in place, from the top
down in blocks that read only old values below them, and the prefix sums are taken one prime
at a time: about ``8 q (primes + 3)`` bytes instead of ``8 q (3 primes + 2 primes)``.

Exact-arithmetic scheme (multi-modular, CRT)
--------------------------------------------
* Primes are the largest primes below ``2^56``, as many as needed for their product to exceed
  ``2^m`` (``m`` members of positive weight below the quota), a bound on every swing count
  (a swing is a set of the other members), so CRT recovers each count exactly.
* Each DP step adds two cells, so it at most doubles the largest value; cells are reduced mod
  ``p`` every 8 steps, so every value stays below ``2^8 p < 2^64``: ``uint64`` never wraps.
* Prefix sums: residues are split into 28-bit halves whose prefix sums are at most
  ``q 2^28 < 2^63`` (``q < 2^35`` is checked); the alternating block sums add disjoint,
  nonnegative block totals with signs and are bounded by the same amount, so ``int64`` never
  overflows.  Halves are recombined modulo ``p`` with Python ints.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from powershare.games.lazy_numpy import np
from powershare.power.kernels._game import PreparedGame
from powershare.power.kernels.pivots import crt_basis, primes_below_2_56

if TYPE_CHECKING:
    import numpy.typing as npt

    U64 = npt.NDArray[np.uint64]

__all__ = [
    "dp_cells",
    "primes_for_swings",
    "swing_counts_by_class_modular",
    "thread_count",
    "threads_for",
]

_LAZY_STEPS = 8  # 2^8 * p < 2^64 for p < 2^56
_BLOCK = 1 << 15  # columns updated per call (numpy copies the overlapping old values first)
_SMALL_TABLE = 1 << 26  # bytes of residues up to which two buffers take turns
_HALF = 28
_HALF_MASK = (1 << _HALF) - 1
_MAX_Q = 2**35


def _dp_weights(game: PreparedGame) -> list[int]:
    """Positive weights below the effective quota, ascending, with multiplicity."""
    return [w for w, m in game.classes if w < game.q for _ in range(m)]


@lru_cache(maxsize=64)
def primes_for_swings(game: PreparedGame) -> tuple[int, ...]:
    """The fewest primes below ``2^56`` whose product exceeds ``2^m`` (see the module doc)."""
    members = len(_dp_weights(game))
    count = members // 55 + 1
    while True:
        primes = primes_below_2_56(count)
        product = 1
        for p in primes:
            product *= p
        if product > 2**members:
            return primes
        count += 1


@lru_cache(maxsize=64)
def dp_cells(game: PreparedGame) -> int:
    """Number of cells one prime's dynamic programme adds (for the cost model)."""
    q, reach, cells = game.q, 0, 0
    for w in _dp_weights(game):
        reach += w
        cells += max(0, min(q, reach + 1) - w)
    return cells


def thread_count(game: PreparedGame, primes: int) -> int:
    """Threads sharing the primes: 2 (numpy releases the GIL in its array additions) when the
    work is large (over 30 million cell additions) and two CPUs are there; ``1`` when
    ``$POWERSHARE_WORKERS`` is ``1``."""
    return threads_for(dp_cells(game) * primes, primes)


def threads_for(cells: int, primes: int) -> int:
    """Threads for a multi-modular kernel of ``cells`` word additions over ``primes`` primes
    (see :func:`thread_count`).

    >>> threads_for(10**6, 8)
    1
    """
    wanted = os.environ.get("POWERSHARE_WORKERS", "").strip()
    limit = int(wanted) if wanted.isdigit() and int(wanted) > 0 else min(2, os.cpu_count() or 1)
    if limit < 2 or primes < 2 or cells < 30_000_000:
        return 1
    return 2


def _residues(game: PreparedGame, primes: Sequence[int]) -> list[U64]:
    """``f mod p`` for every prime, fully reduced, one row of ``q`` residues per prime; the
    primes are split between two threads for large work (measured 1.5x on two cores)."""
    if thread_count(game, len(primes)) < 2:
        return list(_residues_serial(game, primes))
    half = len(primes) // 2
    from concurrent.futures import ThreadPoolExecutor  # on use: 4 ms (start-up)

    with ThreadPoolExecutor(2) as pool:
        parts = list(
            pool.map(lambda ps: _residues_serial(game, ps), (primes[:half], primes[half:]))
        )
    return [*parts[0], *parts[1]]  # rows of each thread's table, not copied


def _residues_serial(game: PreparedGame, primes: Sequence[int]) -> U64:
    """``f mod p`` for the given primes, in this thread."""
    q = game.q
    modulus = np.array(primes, dtype=np.uint64)[:, None]
    f = np.zeros((len(primes), q), dtype=np.uint64)
    f[:, 0] = 1
    # small tables: two buffers in turn (in cache); large ones: in place, half the memory
    spare = np.zeros_like(f) if f.nbytes <= _SMALL_TABLE else None
    reach, steps = 0, 0
    for w in _dp_weights(game):
        top = min(q, reach + w + 1)
        if spare is not None:
            np.add(f[:, w:top], f[:, : top - w], out=spare[:, w:top])
            spare[:, :w] = f[:, :w]
            f, spare = spare, f
        # descending blocks, each reading old values below it: blocks of w columns do not
        # overlap what they read; shorter weights take longer blocks, which numpy copies first
        block = w if w >= _BLOCK // 16 else _BLOCK
        while spare is None and top > w:
            low = max(w, top - block)
            np.add(f[:, low:top], f[:, low - w : top - w], out=f[:, low:top])
            top = low
        reach += w
        steps += 1
        if steps == _LAZY_STEPS:
            top = min(q, reach + 1)
            np.remainder(f[:, :top], modulus, out=f[:, :top])
            steps = 0
    np.remainder(f, modulus, out=f)
    return f


def swing_counts_by_class_modular(game: PreparedGame) -> dict[int, int]:
    """Swings of one member of each distinct positive weight, exact (see the module docstring).

    Parameters
    ----------
    game : PreparedGame
        From :func:`powershare.power.kernels._game.prepare`.

    Returns
    -------
    dict
        ``{weight: swings}`` for each distinct positive weight, exact Python ints, already
        multiplied by ``2^{zeros}``.
    """
    q = game.q
    if q >= _MAX_Q:
        raise ValueError(f"effective quota {q} is too large for exact limb sums (max {_MAX_Q})")
    primes = primes_for_swings(game)
    table = _residues(game, primes)
    basis, modulus = crt_basis(primes)
    values = dict.fromkeys((w for w, _ in game.classes), 0)
    prefix = np.zeros((q + 1, 1), dtype=np.int64)
    part = np.empty(q, dtype=np.uint64)
    for row, p, e in zip(table, primes, basis, strict=True):  # one prime at a time: less memory
        sums = dict.fromkeys(values, 0)
        for shift, mask in ((0, _HALF_MASK), (_HALF, (1 << 64 - _HALF) - 1)):
            np.right_shift(row, np.uint64(shift), out=part)
            np.bitwise_and(part, np.uint64(mask), out=part)
            np.cumsum(part.view(np.int64), dtype=np.int64, out=prefix[1:, 0])
            for w in sums:
                sums[w] += _alternating_sum(prefix, q, w)[0] << shift
        for w, total in sums.items():
            values[w] += (total % p) * e
    return {w: (value % modulus) << game.zeros for w, value in values.items()}


def _alternating_sum(prefix: npt.NDArray[np.int64], q: int, w: int) -> list[int]:
    """``sum_j (-1)^j (P[q - j w] - P[max(q - (j+1) w, 0)])`` for every column of ``P``.

    Telescoped, this is ``P[q] + 2 sum_{j>=1} (-1)^j P[q - j w]`` over ``q - j w > 0``: two
    strided sums instead of a gather.  Each term is at most ``q 2^28``, so with at most ``q``
    terms the sums stay below ``2^63`` when ``q < 2^17``; larger quotas sum the disjoint block
    totals instead, whose partial sums are bounded by ``P[q]``.
    """
    if q < 2**17:
        # slices start inside the array only when their first index is positive
        odd = prefix[q - w : 0 : -2 * w].sum(axis=0) if q > w else 0
        even = prefix[q - 2 * w : 0 : -2 * w].sum(axis=0) if q > 2 * w else 0
        return (prefix[q] + 2 * (even - odd)).tolist()  # type: ignore[no-any-return]
    blocks = (q - 1) // w + 1
    j = np.arange(blocks, dtype=np.int64)
    hi = q - j * w
    lo = np.maximum(hi - w, 0)
    totals = prefix[hi] - prefix[lo]  # disjoint, nonnegative
    return (totals[0::2].sum(axis=0) - totals[1::2].sum(axis=0)).tolist()  # type: ignore[no-any-return]
