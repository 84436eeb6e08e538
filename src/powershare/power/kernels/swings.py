"""Exact raw Banzhaf swing counts of weighted voting games.

Algorithm
---------
Generating functions (Brams & Affuso 1976; Bilbao, Fernandez, Jimenez Losada & Lopez 2000):
the number of coalitions of weight ``t`` is the coefficient ``f[t]`` of

    f(x) = prod_i (1 + x^{w_i})   (mod x^q),

with ``q`` the effective quota (:mod:`powershare.power.kernels._game`).  For a member of weight
``w`` the others' function is ``g = f / (1 + x^w)`` and its swings are the window sum
``sum_{s=q-w}^{q-1} g[s]``.  Expanding ``1/(1 + x^w) = sum_j (-1)^j x^{jw}`` every ``t < q``
lands in the window exactly once, with ``j = floor((q-1-t)/w)``, so

    swings(w) = sum_{j>=0} (-1)^j (P[q - j w] - P[max(q - (j+1) w, 0)]),

with ``P`` the prefix sums of ``f``: one alternating sum of ``ceil(q/w)`` block totals per
*distinct* weight, no division and no per-member recurrence.  This is the "one subtraction per
distinct weight" of Uno (2012) and Kurz (2016) in closed form; over all distinct weights it costs
``O(q log w_max)`` additions on top of computing ``f`` once.

``f`` itself is computed exactly by **Kronecker substitution**: a polynomial whose coefficients
are below ``2^{8B}`` is packed into the integer ``f(2^{8B})`` (``B``-byte slots), so polynomial
products become big-integer products, done by GMP (Schonhage-Strassen/FFT for large operands) via
gmpy2.  The factors of one weight class are packed at once, ``(1 + x^w)^m = sum_j C(m, j)
x^{jw}``, and the classes are multiplied along a Huffman (smallest-first) product tree, each
node truncated mod ``x^q`` (mod ``2^{8Bq}``).  This is the formal-power-series route of
Kakimura & Terai (arXiv:2511.14995, 2025), with GMP's integer FFT in place of an NTT.

Exact-arithmetic scheme
-----------------------
* Slot width: a node over ``m`` members (positive weights) has coefficients at most
  ``C(m, floor(m/2))`` (coalitions of equal positive weight form an antichain; Sperner), so
  ``B = ceil(bitlen(C(m, m//2)) / 8)`` bytes make the packing carry-free and exact; a child is
  re-packed to its parent's wider slot by a byte copy (numpy) before multiplying.
* GMP big integers: exact.
* Prefix sums: the root is unpacked into 32-bit limbs (``uint32``) and summed along ``t`` in
  ``int64``: every partial sum is at most ``q * (2^32 - 1) < 2^63`` because ``q < 2^31`` is
  checked.  Each alternating sum adds disjoint, nonnegative block totals with signs, so its
  partial sums are bounded by the same ``q * 2^32``: no ``int64`` step can overflow.
* Limbs are recombined with Python ints; zero-weight members multiply counts by ``2^{zeros}``.

Memory is a few copies of the packed root, ``q * B`` bytes (``n = 1000, q = 25000``: ~3 MB),
plus the ``int64`` prefix sums, ``8 q ceil(8B/32)`` bytes.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from math import comb
from typing import TYPE_CHECKING

from powershare.games.lazy_numpy import np
from powershare.power.kernels import cost
from powershare.power.kernels._game import PreparedGame, prepare_equivalent, slot_bytes
from powershare.power.kernels.swings_modular import swing_counts_by_class_modular

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["prefix_sums_of_subset_sums", "slot_bytes", "swing_counts", "swing_counts_by_class"]

_MAX_Q = 2**31 - 1


def _repack(value: object, length: int, old: int, new: int) -> object:
    """Widen the slots of a packed polynomial from ``old`` to ``new`` bytes (byte copy)."""
    import gmpy2  # on use: 30-50 ms to import (start-up)

    if old == new:
        return value
    raw = gmpy2.mpz(value).to_bytes(length * old, "little")
    src = np.frombuffer(raw, dtype=np.uint8).reshape(length, old)
    dst = np.zeros((length, new), dtype=np.uint8)
    dst[:, :old] = src
    return gmpy2.mpz.from_bytes(dst.tobytes(), "little")


def _leaf(weight: int, mult: int, q: int) -> tuple[object, int, int]:
    """Packed ``(1 + x^w)^m mod x^q`` as ``(mpz, length, slot bytes)``."""
    import gmpy2  # on use: 30-50 ms to import (start-up)

    width = slot_bytes(mult)
    length = min(q, mult * weight + 1)
    buf = bytearray(length * width)
    for j in range(mult + 1):
        t = j * weight
        if t >= length:
            break
        buf[t * width : (t + 1) * width] = comb(mult, j).to_bytes(width, "little")
    return gmpy2.mpz.from_bytes(bytes(buf), "little"), length, width


def _subset_sum_packed(game: PreparedGame) -> tuple[object, int, int]:
    """``f = prod (1 + x^w) mod x^q`` over positive weights ``< q``, packed; Huffman product tree.

    Returns ``(mpz, length, slot bytes)``; coefficient ``t`` sits in bytes
    ``[t * width, (t + 1) * width)``.
    """
    import gmpy2  # on use: 30-50 ms to import (start-up)

    q = game.q
    # heap items: (packed size, tie-breaker, value, length, width, members)
    heap: list[tuple[int, int, object, int, int, int]] = []
    for tie, (w, m) in enumerate(game.classes):
        if w >= q:
            continue
        value, length, width = _leaf(w, m, q)
        heap.append((length * width, tie, value, length, width, m))
    if not heap:
        return gmpy2.mpz(1), 1, 1
    heapq.heapify(heap)
    tie = len(heap)
    while len(heap) > 1:
        _, _, va, la, wa, ma = heapq.heappop(heap)
        _, _, vb, lb, wb, mb = heapq.heappop(heap)
        members = ma + mb
        width = slot_bytes(members)
        length = min(q, la + lb - 1)
        prod = gmpy2.mpz(_repack(va, la, wa, width)) * gmpy2.mpz(_repack(vb, lb, wb, width))
        prod = gmpy2.f_mod_2exp(prod, 8 * width * length)
        heapq.heappush(heap, (length * width, tie, prod, length, width, members))
        tie += 1
    _, _, value, length, width, _ = heap[0]
    return value, length, width


def prefix_sums_of_subset_sums(game: PreparedGame) -> tuple[npt.NDArray[np.int64], int]:
    """Prefix sums ``P[t] = sum_{s<t} f[s]`` (``t = 0..len``) in 32-bit limbs.

    Returns ``(P, length)`` with ``P`` of shape ``(length + 1, L)``, ``int64``, limb ``l`` worth
    ``2^{32 l}``; ``P[t]`` for ``t > length`` equals ``P[length]``.
    """
    import gmpy2  # on use: 30-50 ms to import (start-up)

    if game.q > _MAX_Q:
        raise ValueError(
            f"effective quota {game.q} is too large for exact limb sums (max {_MAX_Q})"
        )
    value, length, width = _subset_sum_packed(game)
    limb_bytes = (width + 3) // 4 * 4
    raw = gmpy2.mpz(value).to_bytes(length * width, "little")
    coeffs = np.frombuffer(raw, dtype=np.uint8).reshape(length, width)
    if limb_bytes != width:
        padded = np.zeros((length, limb_bytes), dtype=np.uint8)
        padded[:, :width] = coeffs
        coeffs = padded
    limbs = np.ascontiguousarray(coeffs).view("<u4").reshape(length, limb_bytes // 4)
    prefix = np.zeros((length + 1, limbs.shape[1]), dtype=np.int64)
    np.cumsum(limbs, axis=0, dtype=np.int64, out=prefix[1:])
    return prefix, length


def _limbs_to_int(limbs: npt.NDArray[np.int64]) -> int:
    total = 0
    for i in range(limbs.shape[0] - 1, -1, -1):
        total = (total << 32) + int(limbs[i])
    return total


def swing_counts_by_class(game: PreparedGame) -> dict[int, int]:
    """Swings of one member of each distinct positive weight (see the module docstring).

    Parameters
    ----------
    game : PreparedGame
        From :func:`powershare.power.kernels._game.prepare`.

    Returns
    -------
    dict
        ``{weight: swings}`` for each distinct positive weight; exact Python ints, already
        multiplied by ``2^{zeros}``.
    """
    q = game.q
    prefix, length = prefix_sums_of_subset_sums(game)
    out: dict[int, int] = {}
    for w, _ in game.classes:
        blocks = (q - 1) // w + 1
        j = np.arange(blocks, dtype=np.int64)
        hi = np.minimum(q - j * w, length)
        lo = np.minimum(np.maximum(q - (j + 1) * w, 0), length)
        block_totals = prefix[hi] - prefix[lo]  # nonnegative, disjoint blocks
        signs = np.where(j % 2 == 0, 1, -1).astype(np.int64)
        limbs = signs @ block_totals
        out[w] = _limbs_to_int(limbs) << game.zeros
    return out


def swing_counts(weights: Sequence[int], quota: int) -> list[int]:
    """Raw Banzhaf swing counts of every member of the weighted game ``[quota; weights]``.

    Parameters
    ----------
    weights : sequence of int
        Nonnegative integer weights.
    quota : int
        ``1 <= quota <= sum(weights)``; a coalition wins iff its weight is at least ``quota``.

    Returns
    -------
    list of int
        ``swings[i]`` = number of coalitions ``S`` of the other members with
        ``quota - w_i <= w(S) < quota``.  Exact Python ints (no overflow at any size).

    Notes
    -----
    Generating functions (Brams & Affuso 1976; Bilbao et al. 2000) with one alternating block
    sum per distinct weight (Uno 2012; Kurz 2016); ``prod (1 + x^{w_i})`` either by Kronecker
    substitution and GMP FFT multiplication along a product tree, as in the formal-power-series
    method of Kakimura & Terai (arXiv:2511.14995, 2025), or by a multi-modular subset-sum
    dynamic programme (:mod:`~powershare.power.kernels.swings_modular`), whichever the cost
    model (:func:`~powershare.power.kernels.cost.swing_kernel`) expects to be faster.  Members
    of equal weight are computed once.  Time ``O(M(q n) log n)`` bit operations with ``M`` the
    cost of a GMP product, or ``O(n q r)`` word additions for ``r ~ n / 55`` primes; the module
    docstrings give the exact-arithmetic arguments.

    Examples
    --------
    >>> swing_counts([4, 4, 4, 2, 2, 1], 12)  # EEC Council 1958: Luxembourg is a dummy
    [10, 10, 10, 6, 6, 0]
    >>> swing_counts([2, 1, 1], 3)
    [3, 1, 1]
    """
    game = prepare_equivalent(weights, quota)
    if cost.swing_kernel(game) == "modular":
        by_class = swing_counts_by_class_modular(game)
    else:
        by_class = swing_counts_by_class(game)
    return [by_class[w] if w > 0 else 0 for w in game.weights]
