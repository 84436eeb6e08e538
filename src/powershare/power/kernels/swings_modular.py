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
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from powershare.power.kernels._game import PreparedGame
from powershare.power.kernels.pivots import primes_below_2_56

__all__ = [
    "dp_cells",
    "primes_for_swings",
    "swing_counts_by_class_modular",
    "thread_count",
]

_LAZY_STEPS = 8  # 2^8 * p < 2^64 for p < 2^56
_HALF = 28
_HALF_MASK = (1 << _HALF) - 1
_MAX_Q = 2**35

U64 = npt.NDArray[np.uint64]


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
    wanted = os.environ.get("POWERSHARE_WORKERS", "").strip()
    limit = int(wanted) if wanted.isdigit() and int(wanted) > 0 else min(2, os.cpu_count() or 1)
    if limit < 2 or primes < 2 or dp_cells(game) * primes < 30_000_000:
        return 1
    return 2


def _residues(game: PreparedGame, primes: Sequence[int]) -> U64:
    """``f mod p`` for every prime, as a fully reduced ``(len(primes), q)`` array; the primes
    are split between two threads for large work (measured 1.5x on two cores)."""
    if thread_count(game, len(primes)) < 2:
        return _residues_serial(game, primes)
    half = len(primes) // 2
    with ThreadPoolExecutor(2) as pool:
        parts = list(
            pool.map(lambda ps: _residues_serial(game, ps), (primes[:half], primes[half:]))
        )
    return np.vstack(parts)


def _residues_serial(game: PreparedGame, primes: Sequence[int]) -> U64:
    """``f mod p`` for the given primes, in this thread."""
    q = game.q
    modulus = np.array(primes, dtype=np.uint64)[:, None]
    f = np.zeros((len(primes), q), dtype=np.uint64)
    f[:, 0] = 1
    g = f.copy()
    reach, steps = 0, 0
    for w in _dp_weights(game):
        hi = min(q, reach + w + 1)
        np.add(f[:, w:hi], f[:, : hi - w], out=g[:, w:hi])
        g[:, :w] = f[:, :w]
        f, g = g, f
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
    halves = []
    for high in (False, True):
        part = (table >> np.uint64(_HALF)) if high else (table & np.uint64(_HALF_MASK))
        prefix = np.zeros((q + 1, len(primes)), dtype=np.int64)
        np.cumsum(part.view(np.int64).T, axis=0, dtype=np.int64, out=prefix[1:])
        halves.append(prefix)
    modulus = 1
    for p in primes:
        modulus *= p
    basis = []
    for p in primes:
        rest = modulus // p
        basis.append(rest * pow(rest % p, -1, p))
    out: dict[int, int] = {}
    for w, _ in game.classes:
        low_sum, high_sum = (_alternating_sum(prefix, q, w) for prefix in halves)
        value = 0
        for a, b, p, e in zip(low_sum, high_sum, primes, basis, strict=True):
            value += ((a + (b << _HALF)) % p) * e
        out[w] = (value % modulus) << game.zeros
    return out


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
