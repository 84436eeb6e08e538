"""Exact dynamic-programming counts behind the coalition-based indices of weighted games.

Three counts, each exact for any ``n`` (no overflow, see *Arithmetic* below):

* :func:`winning_counts`: the number ``W`` of winning coalitions and, per member, the number
  ``W_i`` of winning coalitions containing it (Coleman 1971; Rae 1969).  A member's swings are
  ``2 W_i - W``.
* :func:`coalitions_by_size` with ``kind="mwc"``: per member, the number of *minimal* winning
  coalitions containing it, split by coalition size (Holler & Packel 1983; Deegan & Packel 1978).
* :func:`coalitions_by_size` with ``kind="critical"``: per member ``i``, the number of winning
  coalitions in which ``i`` is critical, split by how many members are critical in them
  (Johnston 1978).

The method
----------
Fix a member ``i`` of weight ``w`` and write a coalition containing it as ``S = T + {i}``.
``i`` is critical in ``S`` iff ``w(T) = q - w + e`` with an *excess* ``0 <= e < w``.  A member
``j`` of ``S`` is critical iff ``w_j > e``: call the members of weight above ``e`` *heavy*.  Hence

* ``S`` is a minimal winning coalition iff every member of ``T`` is heavy (its lightest member is
  critical: Kurz 2016; Matsui & Matsui 2000), so the MWCs of size ``k + 1`` containing ``i`` are
  ``sum_e [z^(q-w+e) y^k] K_e(z, y) / (1 + y z^w)`` with
  ``K_e = prod_{heavy j} (1 + y z^(w_j))``;
* the swings of ``i`` with ``k + 1`` critical members are
  ``sum_e [z^(q-w+e) y^k] G_e(z, y) / (1 + y z^w)`` with
  ``G_e = K_e * prod_{light j} (1 + z^(w_j))``.

``K_e`` and ``G_e`` are kept as arrays of coefficients (``z`` below the quota, ``y`` up to the
largest possible number of heavy members) and updated as ``e`` rises and members turn light:
a division by ``1 + y z^u`` (a sequential recurrence in blocks of ``u``) and, for ``G``, a
product with ``1 + z^u``.  Dividing by ``1 + y z^w`` removes member ``i`` itself (the
"subtraction" trick of Uno 2012 for Banzhaf, here with the size variable); one coefficient of
the quotient is the alternating sum ``sum_l (-1)^l [z^(t - l w) y^(k - l)]``.  Members of equal
weight share one computation.  Cost: ``O(n * q * d)`` to build and
``O(q * d * D * min(d, q / w))`` to read, with ``q`` the quota, ``d <= n`` the largest size of
a losing coalition and ``D`` the number of distinct weights; no step uses ``2^n``.  This is the
pseudo-polynomial approach of EPIC (Kurz 2016, "Computing the power distribution in the IMF",
arXiv:1603.01443) and of Chakravarty, Mitra & Sarkar (2015), *A Course on Cooperative Game
Theory*, ch. on weighted majority games.

Arithmetic
----------
Counts reach ``2^(n-1)``.  All array work is done modulo several primes just below ``2^49``
(numpy ``int64``; every sum of at most ``2^13`` such residues fits in 63 bits) and the exact
integers are recovered by the Chinese remainder theorem, with enough primes that their product
exceeds ``2^n``; the recovered values are then checked to lie in ``[0, 2^(n-1)]``.
:func:`winning_counts` uses Python integers (numpy ``dtype=object``) directly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from powershare.games.lazy_numpy import np
from powershare.power.kernels.pivots import largest_primes_below

if TYPE_CHECKING:
    import numpy.typing as npt

    I64 = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]

__all__ = [
    "coalitions_by_size",
    "estimate_by_size",
    "estimate_winning",
    "size_bound",
    "subset_sum_counts",
    "winning_counts",
]

_PRIME_BITS = 49
Kind = Literal["mwc", "critical"]


# -- primes and CRT --------------------------------------------------------------------------
def _primes_for(bits: int) -> tuple[int, ...]:
    """Enough primes (each above ``2**48``) that their product exceeds ``2**bits``."""
    return largest_primes_below(_PRIME_BITS, bits // (_PRIME_BITS - 1) + 1)


def _crt(residues: Sequence[int], primes: Sequence[int]) -> int:
    value, modulus = 0, 1
    for r, p in zip(residues, primes, strict=True):
        # value + modulus * t == r (mod p)
        t = (int(r) - value) * pow(modulus, -1, p) % p
        value += modulus * t
        modulus *= p
    return value


# -- winning coalitions ----------------------------------------------------------------------
def subset_sum_counts(weights: Sequence[int], limit: int) -> npt.NDArray[np.object_]:
    """``c[t]`` = number of subsets of ``weights`` of total weight ``t``, for ``0 <= t < limit``.

    The counting DP of Brams & Affuso (1976): multiply ``1 + z^w`` member by member,
    truncated below ``limit`` (at least one entry is kept).  Exact Python integers (numpy
    ``dtype=object``), ``O(n * limit)``.

    Examples
    --------
    >>> subset_sum_counts([2, 1, 1], 3).tolist()
    [1, 2, 2]
    """
    c = np.zeros(max(int(limit), 1), dtype=object)
    c[:] = 0
    c[0] = 1
    for w in weights:
        if w == 0:
            c = c * 2
        elif w < limit:
            c[w:] = c[w:] + c[:-w]
    return c


def winning_counts(weights: Sequence[int], quota: int) -> tuple[list[int], int]:
    """Winning coalitions: per member the number containing it, and the total.

    Counting DP over subset weights below the quota with exact Python integers, then one
    removal (deconvolution by ``1 + z^w``) per distinct weight: ``O(n q)`` (Brams & Affuso
    1976; Uno 2012).

    Returns
    -------
    (per_member, total)
        ``per_member[i]`` winning coalitions containing ``i``; ``total`` all winning coalitions.

    Examples
    --------
    >>> winning_counts([2, 1, 1], 3)
    ([3, 2, 2], 3)
    """
    n, q = len(weights), int(quota)
    c = subset_sum_counts(weights, q)
    total = 2**n - int(sum(c))
    per_class: dict[int, int] = {}
    for w in set(weights):
        limit = q - w  # coalitions of the others lighter than this lose even with the member
        if limit <= 0:
            per_class[w] = 2 ** (n - 1)
            continue
        if w == 0:
            losing = int(sum(c[:limit])) // 2
        else:
            r = c[:limit].copy()
            for b in range(w, limit, w):
                r[b : b + w] = r[b : b + w] - r[b - w : min(b, limit - w)]
            losing = int(sum(r))
        per_class[w] = 2 ** (n - 1) - losing
    return [per_class[w] for w in weights], total


def estimate_winning(weights: Sequence[int], quota: int) -> tuple[float, int]:
    """(seconds, bytes) for :func:`winning_counts`, on the high side."""
    n, q = len(weights), int(quota)
    ops = n * q + len(set(weights)) * q
    return 0.005 + 1.5e-7 * ops * max(1.0, n / 64), 200 * q + 10**6


# -- sizes -----------------------------------------------------------------------------------
def size_bound(weights: Sequence[int], quota: int) -> int:
    """Largest number of positive-weight members whose total stays below the quota.

    Every coefficient ``[z^s y^k]`` with ``s < quota`` and ``k`` above this bound is zero,
    which the flat layout of :class:`_Poly` relies on.
    """
    total, d = 0, 0
    for w in sorted(w for w in weights if w > 0):
        if total + w > quota - 1:
            break
        total += w
        d += 1
    return d


class _Poly:
    """Coefficients of a polynomial in ``z`` (below ``z^q``) and ``y`` (up to ``y^d``), modulo
    several primes, stored flat as ``(primes, q * (d + 2))`` ``int64`` (column ``d + 1`` is
    always zero, so shifts by ``u * (d + 2) + 1`` multiply by ``y z^u`` without wrapping).

    Residues are reduced lazily: ``bits`` bounds ``log2 |value|`` and a full reduction happens
    only when the next operation could exceed 62 bits.
    """

    def __init__(self, q: int, d: int, primes: tuple[int, ...]) -> None:
        self.q, self.d, self.stride = q, d, d + 2
        self.primes = np.array(primes, dtype=np.int64)[:, None]
        self.a: I64 = np.zeros((len(primes), q * self.stride), dtype=np.int64)
        self.a[:, 0] = 1
        self.bits = 1
        self._spare: I64 | None = None

    def reduce(self) -> None:
        np.remainder(self.a, self.primes, out=self.a)
        self.bits = _PRIME_BITS

    def _room(self, extra_bits: int) -> None:
        if self.bits + extra_bits > 62:
            self.reduce()

    def resize(self, d: int) -> None:
        """Change the largest power of ``y`` kept (exact when no kept coefficient is lost)."""
        if d == self.d:
            return
        keep = min(d, self.d) + 1
        new = np.zeros((self.a.shape[0], self.q * (d + 2)), dtype=np.int64)
        new.reshape(self.a.shape[0], self.q, d + 2)[:, :, :keep] = self.a.reshape(
            self.a.shape[0], self.q, self.stride
        )[:, :, :keep]
        self.a, self.d, self.stride = new, d, d + 2
        self._spare = None

    def times(self, u: int, with_y: bool) -> None:
        """Multiply by ``1 + y z^u`` (``with_y``) or ``1 + z^u``."""
        if u == 0 and not with_y:
            self._room(1)
            self.a += self.a
            self.bits += 1
            return
        shift = u * self.stride + (1 if with_y else 0)
        if u >= self.q or (with_y and self.d == 0):
            return
        self._room(1)
        spare = self._spare if self._spare is not None else np.empty_like(self.a)
        np.add(self.a[:, shift:], self.a[:, :-shift], out=spare[:, shift:])
        spare[:, :shift] = self.a[:, :shift]
        self.a, self._spare = spare, self.a
        self.bits += 1

    def divide(self, u: int, with_y: bool) -> None:
        """Divide by ``1 + y z^u`` or ``1 + z^u`` (``u >= 1``): ``r[f] = a[f] - r[f - shift]``."""
        if u >= self.q or (with_y and self.d == 0):
            return
        shift = u * self.stride + (1 if with_y else 0)
        size = self.a.shape[1]
        chain = -(-self.q // u)
        step = 1 << 12
        self._room(min(chain, step).bit_length())
        a = self.a
        for n_block, b in enumerate(range(shift, size, shift), start=1):
            end = min(b + shift, size)
            block = a[:, b:end]
            block -= a[:, b - shift : end - shift]
            if n_block % step == 0:  # keep long chains within 64 bits
                np.remainder(block, self.primes, out=block)
        self.bits += min(chain, step).bit_length()

    def coefficient_of_quotient(self, t: int, w: int, base: I64, mask: Bools) -> I64:
        """``[z^t y^k] a / (1 + y z^w)`` for ``k = 0..d`` as residues ``(primes, d + 1)``:
        the alternating sum ``sum_l (-1)^l a[t - l w, k - l]``."""
        length = base.shape[0]
        out = np.zeros((self.a.shape[0], self.d + 1), dtype=np.int64)
        self._room(1)
        chunk = max(1, 1 << (62 - self.bits - 1))
        if chunk < 64:
            self.reduce()
            chunk = 1 << (62 - self.bits - 1)
        for lo in range(0, length, chunk):
            hi = min(length, lo + chunk)
            idx = np.where(mask[lo:hi], t * self.stride + base[lo:hi], self.d + 1)
            vals = np.take(self.a, idx.ravel(), axis=1).reshape(self.a.shape[0], hi - lo, -1)
            vals[:, (1 - lo % 2) :: 2] *= -1
            out += vals.sum(axis=1) % self.primes
            out %= self.primes
        return out


def _bound_above(descending: Sequence[int], quota: int, e: int) -> int:
    """:func:`size_bound` of the members heavier than ``e`` (``descending`` weights)."""
    return size_bound([w for w in descending if w > e], quota)


def _gather_pattern(w: int, length: int, d: int) -> tuple[I64, Bools]:
    ls = np.arange(length, dtype=np.int64)[:, None]
    ks = np.arange(d + 1, dtype=np.int64)[None, :]
    base: I64 = ks - ls * (w * (d + 2) + 1)
    mask: Bools = ks >= ls
    return base, mask


def coalitions_by_size(
    weights: Sequence[int], quota: int, kind: Kind
) -> tuple[dict[int, list[int]], int]:
    """Per distinct weight, coalition counts by size (see the module docstring for the method).

    Parameters
    ----------
    weights, quota
        The weighted game (integer weights >= 0, ``1 <= quota <= sum(weights)``).
    kind
        ``"mwc"``: entry ``k`` of the list for weight ``w`` is the number of minimal winning
        coalitions of size ``k + 1`` containing a given member of weight ``w``.
        ``"critical"``: entry ``k`` is the number of winning coalitions in which a given member
        of weight ``w`` is critical together with exactly ``k`` other critical members.

    Returns
    -------
    (by_weight, d)
        ``by_weight[w]`` lists ``d + 1`` exact integers (weight 0 is absent: such members are in
        no minimal winning coalition and never critical).

    Examples
    --------
    >>> coalitions_by_size([2, 1, 1], 3, "mwc")[0]
    {1: [0, 1, 0], 2: [0, 2, 0]}
    """
    n, q = len(weights), int(quota)
    d = size_bound(weights, q)
    primes_t = _primes_for(n + 1)
    positive = sorted((w for w in weights if w > 0), reverse=True)
    classes = sorted(set(positive))
    acc = {w: np.zeros((len(primes_t), d + 1), dtype=np.int64) for w in classes}
    poly = _Poly(q, d, primes_t)
    patterns: dict[tuple[int, int, int], tuple[I64, Bools]] = {}
    wmax = classes[-1] if classes else 0
    if kind == "mwc":
        # downwards in e: heavy members (weight > e) only ever join, a product per member
        order = iter([*positive, 0])
        nxt = next(order)
        e_values: range = range(wmax - 1, -1, -1)
        poly.resize(min(d, _bound_above(positive, q, wmax - 1) + 8))
    else:
        # upwards in e: start with every member heavy (weight-0 members light), then members
        # of weight e turn light: multiply by (1 + z^e), divide by (1 + y z^e)
        for w in positive:
            poly.times(w, with_y=True)
        for _ in range(n - len(positive)):
            poly.times(0, with_y=False)
        light = Counter(positive)
        e_values = range(wmax)
    for e in e_values:
        if kind == "mwc":
            need = _bound_above(positive, q, e)
            if need > poly.d:  # grow the y range ahead of need, by a quarter at a time
                poly.resize(min(d, max(need, poly.d + poly.d // 4 + 4)))
            while nxt > e:
                poly.times(nxt, with_y=True)
                nxt = next(order)
        elif e >= 1:
            for _ in range(light.get(e, 0)):
                poly.times(e, with_y=False)
                poly.divide(e, with_y=True)
            need = _bound_above(positive, q, e)
            if need < poly.d * 4 // 5:  # fewer heavy members: keep fewer powers of y
                poly.resize(need)
        for w in classes:
            t = q - w + e
            if w <= e or t < 0:
                continue
            length = min(t // w, poly.d) + 1
            key = (w, length, poly.d)
            if key not in patterns:
                patterns[key] = _gather_pattern(w, length, poly.d)
            base, mask = patterns[key]
            total = acc[w][:, : poly.d + 1]
            total += poly.coefficient_of_quotient(t, w, base, mask)
            total %= poly.primes
    limit = 1 << max(n - 1, 0)
    out: dict[int, list[int]] = {}
    for w, residues in acc.items():
        values = [_crt(residues[:, k].tolist(), primes_t) for k in range(d + 1)]
        for v in values:
            if not 0 <= v <= limit:  # pragma: no cover - would be a bug, never silent
                raise ArithmeticError(f"count {v} outside [0, 2^(n-1)]: modular overflow")
        out[w] = values
    return out, d


def estimate_by_size(weights: Sequence[int], quota: int, kind: Kind) -> tuple[float, int]:
    """(seconds, bytes) for :func:`coalitions_by_size`, deliberately on the high side.

    Computed in ``O(n)`` whatever the size of the numbers: the reads over the excesses
    ``e = 0..w-1`` of each class are summed in closed form (``t = q - w + e`` runs over at most
    ``w`` consecutive values, on which ``t // w`` is at most ``(q - 1) // w``), and the outer
    loop over ``e < max(w)`` is charged per step.
    """
    n, q = len(weights), int(quota)
    d = size_bound(weights, q)
    npr = len(_primes_for(n + 1))
    cells = q * (d + 2) * npr
    positive = [w for w in weights if w > 0 and w < q]
    classes = sorted(set(w for w in weights if w > 0))
    wmax = classes[-1] if classes else 0
    seconds = len(positive) * cells * 2.5e-9
    if kind == "critical":
        seconds *= 2
        seconds += sum(q / w * 3e-6 + cells * 6e-9 for w in positive)
    read = 0
    calls = 0
    for w in classes:
        steps = min(w, q)  # the e with t = q - w + e >= 0
        calls += steps
        read += steps * (min((q - 1) // w, d) + 1) * (d + 1) * npr
    seconds += 0.01 + read * 1.5e-8 + calls * 3e-5 + wmax * (2e-7 * n + 1e-6 * len(classes))
    largest_read = max(((min(q // w, d) + 1) * (d + 1) * npr for w in classes), default=0)
    return seconds * 1.3, 8 * (cells + 3 * largest_read) + 10**6


def mwc_total(by_weight: dict[int, list[int]], weights: Sequence[int]) -> int:
    """The number of minimal winning coalitions from the per-member counts by size."""
    total = 0
    for size in range(1, len(weights) + 1):
        members = sum(
            by_weight[w][size - 1]
            for w in weights
            if w in by_weight and size - 1 < len(by_weight[w])
        )
        count, rem = divmod(members, size)
        if rem:  # pragma: no cover - would be a bug
            raise ArithmeticError("minimal winning coalitions by size do not add up")
        total += count
    return total
