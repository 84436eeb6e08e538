"""Minimal winning coalitions containing each member of a weighted game, without their sizes.

What the Holler (public good) index and its absolute form need (Holler 1982; Holler & Packel
1983): per member ``i`` the number ``M_i`` of minimal winning coalitions containing it, and
their total number ``M``.  :func:`powershare.power.mwc.coalitions_by_size` also splits these by
coalition size (which Deegan-Packel needs); dropping that dimension saves its factor ``d``
(the largest size of a losing coalition) in time and memory.

Algorithm
---------
A winning coalition ``S`` is minimal iff its *excess* ``e = w(S) - q`` is below the weight of
its lightest member (Matsui & Matsui 2000; Kurz 2016), i.e. iff every member of ``S`` is heavier
than ``e``.  With ``K_e = prod_{j : w_j > e} (1 + z^{w_j})`` (the heavy members), the minimal
winning coalitions containing ``i`` (weight ``w``) and the total are

    M_i = sum_{e=0}^{w-1} [z^(q-w+e)] K_e / (1 + z^w),     M = sum_e [z^(q+e)] K_e,

where dividing by ``1 + z^w`` removes ``i`` itself (the subtraction of Uno 2012), one
coefficient of the quotient being the alternating sum ``sum_l (-1)^l K_e[q - w + e - l w]``.

``K_e`` only changes when ``e`` falls below a weight: with the distinct weights
``v_1 > ... > v_D`` it is the product ``K_k`` over the classes ``1..k`` on the *segment*
``v_(k+1) <= e < v_k``.  Summed over a segment, the alternating sums of a class become sums of
``K_k`` over windows of length ``g = v_k - v_(k+1)`` spaced ``w`` apart, i.e. differences
``P[b - l w] - P[b - l w - g]`` of the prefix sums ``P`` of ``K_k``.  Multiplying ``K`` by
``1 + z^w`` multiplies ``P`` by ``1 + z^w`` too (``P'[t] = P[t] + P[t - w]``), so the kernel
keeps ``P`` itself, below ``z^(q + v_1 + 1)``:

1. for each class, heaviest first, one shift-and-add of ``P`` per member, one prime's row at
   a time (it stays in cache over the class);
2. after each class ``k``, for every class ``j < k`` the alternating sum of ``P_k - P_(k-1)``
   at ``q - v_j + v_k - l v_j`` (summing the window differences of consecutive segments by
   parts): one gathered word per term, ``P_(k-1)`` shifted by ``v_k`` when the class has one
   member, else ``P_k`` and ``P_(k-1)``; for class ``k`` itself ``P_k`` at ``q - l v_k``, and
   at the end ``-P_D`` at ``q - v_j - l v_j``.  All reads of one segment are one numpy gather
   from a fixed pattern (positions at or below 0 read ``P[0] = 0``).

Time ``O(n (q + v_1) r)`` word additions for the products (``r`` primes, below) and
``O(r sum_j (D - j) q / v_j)`` gathered words for the reads; memory ``O((q + v_1) r)``
words: proportional to the quota, no size dimension.  This is the pseudo-polynomial method of
EPIC (Kurz 2016, "Computing the power distribution in the IMF", arXiv:1603.01443) without the
size variable.  Large games split the primes between two threads (numpy releases the GIL).

Exact-arithmetic scheme (multi-modular, CRT)
--------------------------------------------
Minimal winning coalitions form an antichain, so every count is at most ``C(m, m // 2) < 2^m``
(Sperner; ``m`` members of positive weight).  The arrays hold residues modulo the largest primes
below ``2^b``, as many as needed for their product to exceed that bound; the exact counts are
recovered by the Chinese remainder theorem.  A shift-and-add at most doubles a value; a
reduction ``x - (x >> b) p`` brings values below ``2^(b + 1)`` (``p`` is within ``2^(2b - 62)``
of ``2^b``), and values are reduced before they could pass ``2^62``.  A read sums pieces of
``2^piece`` gathered words (below ``2^(62 - piece)`` each), reduces the pieces and adds them;
``b = min(49, (118 - bitlen(L)) // 2)`` (``L = q + v_1 + 1`` coefficients) keeps the pieces of
one block, at most ``L / 2^piece`` of them, below ``2^62`` too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from powershare.games.lazy_numpy import np
from powershare.power.kernels._game import equivalent_weights, prepare
from powershare.power.kernels.pivots import crt_basis, largest_primes_below
from powershare.power.kernels.swings_modular import threads_for

if TYPE_CHECKING:
    import numpy.typing as npt

    I64 = npt.NDArray[np.int64]

__all__ = ["estimate_mwc_members", "mwc_members"]


_MAX_BITS = 49  # primes below 2^49 at most
_GATHER = 1 << 20  # words gathered at once by the window reads


class _Plan:
    """The reduced problem: classes heaviest first, array length, primes."""

    def __init__(self, weights: Sequence[int], quota: int) -> None:
        reduced, q = equivalent_weights(weights, quota)  # the same game, the same coalitions
        self.reduced, self.q = reduced, q
        counter = Counter(w for w in reduced if w > 0)
        self.classes = sorted(counter.items(), reverse=True)
        self.weights = np.array([w for w, _ in self.classes], dtype=np.int64)
        self.length = q + self.classes[0][0] + 1  # P[0..q + v_1]
        bound = sum(counter.values())  # every count is below C(m, m // 2) < 2^m
        # a read sums pieces of at most 2^piece differences (below 2^(bits + 2 + doublings)),
        # then reduces them; the reduced pieces of one block (at most length / 2^piece of
        # them) sum below 2^62 too: so 2 bits + 2 + doublings + bitlen(length) <= 122
        self.bits = min(_MAX_BITS, (118 - self.length.bit_length()) // 2)
        self.prime_count = bound // (self.bits - 1) + 1
        self.min_piece = max(4, self.bits + self.length.bit_length() - 62)
        self.max_doublings = 62 - (self.bits + 2) - self.min_piece

    @property
    def primes(self) -> tuple[int, ...]:
        return largest_primes_below(self.bits, self.prime_count)

    def low(self, k: int) -> int:
        """The lower end ``v_(k+1)`` of segment ``k`` (0 for the lightest class)."""
        return self.classes[k + 1][0] if k + 1 < len(self.classes) else 0


def _exclusive_cumsum(counts: I64) -> I64:
    out = np.zeros(len(counts), dtype=np.int64)
    np.cumsum(counts[:-1], out=out[1:])
    return out


class _Pattern:
    """Where the alternating sums ``sum_l (-1)^l X[q - v_j + shift - l v_j]`` of every class
    ``j`` read, for any ``0 <= shift <= v_j``.

    Class ``j`` has ``ceil(q / v_j)`` terms, enough for every shift; positions that fall at or
    below 0 are read at 0, where ``P`` and its differences are 0.  The entries of even ``l``,
    then those of odd ``l``, form blocks ``2 j`` and ``2 j + 1`` of :attr:`base` (the positions
    at shift 0), so the reads of a range of classes are a slice.
    """

    def __init__(self, q: int, w: I64) -> None:
        n = (q + w - 1) // w
        self.counts = np.empty(2 * len(w), dtype=np.int64)
        self.counts[0::2], self.counts[1::2] = (n + 1) // 2, n // 2
        self.ends = np.cumsum(self.counts)
        starts = self.ends - self.counts
        owner = np.repeat(np.arange(len(self.counts)), self.counts)
        steps = 2 * (np.arange(len(owner), dtype=np.int64) - starts[owner]) + owner % 2
        cls = owner // 2
        self.base = q - w[cls] - steps * w[cls]
        self.clamped = np.maximum(self.base, 0)
        self._layouts: dict[int, tuple[I64, I64, I64]] = {}

    def entries(self, first: int, last: int) -> slice:
        """The entries of classes ``first..last-1``."""
        return slice(int(self.ends[2 * first - 1]) if first else 0, int(self.ends[2 * last - 1]))

    def positions(self, first: int, last: int, shift: int) -> I64:
        """Where classes ``first..last-1`` read at ``shift``."""
        if shift == 0:
            return self.clamped[self.entries(first, last)]
        shifted: I64 = np.maximum(self.base[self.entries(first, last)] + shift, 0)
        return shifted

    def _layout(self, piece: int) -> tuple[I64, I64, I64]:
        """Blocks cut into pieces of at most ``2^piece`` entries: each piece's first entry,
        each block's first piece, and the pieces before each block (with the total)."""
        if piece not in self._layouts:
            pieces = -(-self.counts // (1 << piece))
            before = np.zeros(len(pieces) + 1, dtype=np.int64)
            np.cumsum(pieces, out=before[1:])
            owner = np.repeat(np.arange(len(pieces)), pieces)
            starts = self.ends[owner] - self.counts[owner]
            starts += (np.arange(len(owner), dtype=np.int64) - before[owner]) << piece
            self._layouts[piece] = (starts, before[:-1], before)
        return self._layouts[piece]

    def sums(self, gathered: I64, first: int, last: int, piece: int, modulus: I64) -> I64:
        """``(primes, classes)`` alternating sums mod p of ``gathered`` (``(primes, entries)``
        of classes ``first..last-1``, ``|values| < 2^(62 - piece)``): blocks are summed in
        pieces of ``2^piece`` entries, each reduced before the pieces of a block are added."""
        starts, first_piece, before = self._layout(piece)
        offset = self.entries(first, last).start
        pieces = slice(int(before[2 * first]), int(before[2 * last]))
        partial = np.add.reduceat(gathered, starts[pieces] - offset, axis=1)
        partial %= modulus
        blocks = slice(2 * first, 2 * last)
        nonempty = self.counts[blocks] > 0
        out = np.zeros((gathered.shape[0], 2 * (last - first)), dtype=np.int64)
        out[:, nonempty] = np.add.reduceat(
            partial, first_piece[blocks][nonempty] - pieces.start, axis=1
        )
        return out[:, 0::2] - out[:, 1::2]


class _Rows:
    """The ``(primes, L)`` residues of ``P`` and their lazy reductions (module docstring)."""

    def __init__(self, primes: tuple[int, ...], length: int, bits: int) -> None:
        self.bits = bits
        self.modulus = np.array(primes, dtype=np.int64)[:, None]
        self.now = np.ones((len(primes), length), dtype=np.int64)
        self.now[:, 0] = 0  # P[t] = sum_{s < t} K[s] with K = 1
        self.spare = np.empty_like(self.now)
        self.doublings = 0  # values are below 2^(bits + 1 + doublings)

    def reduce(self) -> None:
        """``x - (x >> b) p``: below ``2^b + 2^(62 - b) (2^b - p) < 2^(b + 1)``."""
        high = self.spare
        np.right_shift(self.now, self.bits, out=high)
        high *= self.modulus
        self.now -= high
        self.doublings = 0

    def times(self, v: int, members: int) -> None:
        """Multiply by ``(1 + z^v)^members``, one prime's row at a time (it stays in cache)."""
        while members:
            run = min(members, 62 - (self.bits + 1) - self.doublings)
            if run == 0:
                self.reduce()
                continue
            for src, dst in zip(self.now, self.spare, strict=True):
                for _ in range(run):
                    np.add(src[v:], src[:-v], out=dst[v:])
                    dst[:v] = src[:v]
                    src, dst = dst, src
            if run % 2:
                self.now, self.spare = self.spare, self.now
            self.doublings += run
            members -= run

    def ready(self, limit: int) -> int:
        """Reduce when more than ``limit`` doublings; the doublings now."""
        if self.doublings > limit:
            self.reduce()
        return self.doublings


def _chunks(plan: _Plan, pattern: _Pattern, first: int, last: int) -> list[tuple[int, int]]:
    """Classes ``first..last-1`` in ranges of at most about ``_GATHER`` gathered words
    (``length`` words per prime when the rows are larger)."""
    primes = plan.prime_count
    budget = max(_GATHER, plan.length * primes) // primes
    out = []
    while first < last:
        done = pattern.entries(0, first).stop
        ends = pattern.ends[2 * first + 1 : 2 * last : 2]
        stop = first + max(1, int(np.searchsorted(ends, done + budget, side="right")))
        out.append((first, stop))
        first = stop
    return out


def _read_segment(plan: _Plan, pattern: _Pattern, rows: _Rows, k: int, acc: I64) -> None:
    """Multiply by class ``k`` and add its segment's reads of the classes before it: the
    alternating sums of ``P_k - P_(k-1)`` (for one member, ``z^v P_(k-1)``)."""
    (v, c), modulus = plan.classes[k], rows.modulus
    chunks = _chunks(plan, pattern, 0, k)
    before = rows.ready(plan.max_doublings)
    if c == 1:  # P_k - P_(k-1) = z^v P_(k-1): read at shift 0 before multiplying
        for first, last in chunks:
            gathered = np.take(rows.now, pattern.positions(first, last, 0), axis=1)
            piece = 62 - (plan.bits + 1) - before
            acc[:, first:last] += pattern.sums(gathered, first, last, piece, modulus)
        rows.times(v, c)
        rows.ready(plan.max_doublings)
        return
    kept = [np.take(rows.now, pattern.positions(*chunk, v), axis=1) for chunk in chunks[:1]]
    previous = rows.now.copy() if len(chunks) > 1 else rows.now  # (the copy is read only then)
    rows.times(v, c)
    after = rows.ready(plan.max_doublings)
    piece = 62 - (plan.bits + 2) - max(before, after)
    for i, (first, last) in enumerate(chunks):
        positions = pattern.positions(first, last, v)
        earlier = kept[0] if i == 0 else np.take(previous, positions, axis=1)
        diffs = np.take(rows.now, positions, axis=1)
        diffs -= earlier
        acc[:, first:last] += pattern.sums(diffs, first, last, piece, modulus)


def _residues(plan: _Plan, primes: tuple[int, ...]) -> I64:
    """Per prime, per class (and the total, last column): the counts modulo the prime.

    With ``b_jk = q - v_j + v_k`` the count of class ``j`` is (module docstring), summing the
    window differences of consecutive segments by parts,

        sum_l (-1)^l (P_j[q - l v_j] + sum_(k > j) (P_k - P_(k-1))[b_jk - l v_j]
                      - P_D[q - v_j - l v_j]):

    one gathered word per term (two when a class has several members).
    """
    rows = _Rows(primes, plan.length, plan.bits)
    modulus = rows.modulus
    acc = np.zeros((len(primes), len(plan.classes) + 1), dtype=np.int64)
    q, pattern = plan.q, _Pattern(plan.q, plan.weights)
    for k, (v, _c) in enumerate(plan.classes):
        _read_segment(plan, pattern, rows, k, acc)
        gathered = np.take(rows.now, pattern.positions(k, k + 1, v), axis=1)
        piece = 62 - (plan.bits + 1) - rows.doublings
        acc[:, k : k + 1] += pattern.sums(gathered, k, k + 1, piece, modulus)
        top, bottom = q + v, q + plan.low(k)
        acc[:, -1:] += (rows.now[:, top : top + 1] - rows.now[:, bottom : bottom + 1]) % modulus
        acc %= modulus
    piece = 62 - (plan.bits + 1) - rows.doublings
    for first, last in _chunks(plan, pattern, 0, len(plan.classes)):
        gathered = np.take(rows.now, pattern.positions(first, last, 0), axis=1)
        acc[:, first:last] -= pattern.sums(gathered, first, last, piece, modulus)
    acc %= modulus
    return acc


def mwc_members(weights: Sequence[int], quota: int) -> tuple[list[int], int]:
    """Minimal winning coalitions containing each member, and their total number.

    Parameters
    ----------
    weights : sequence of int
        Nonnegative integer weights.
    quota : int
        ``1 <= quota <= sum(weights)``; a coalition wins iff its weight is at least ``quota``.

    Returns
    -------
    (per_member, total)
        ``per_member[i]``: minimal winning coalitions containing member ``i``; ``total``: all
        minimal winning coalitions.  Exact Python ints (method in the module docstring).

    Examples
    --------
    >>> mwc_members([2, 1, 1], 3)
    ([2, 1, 1], 2)
    >>> mwc_members([4, 4, 4, 2, 2, 1], 12)  # EEC Council 1958: Luxembourg in none
    ([3, 3, 3, 3, 3, 0], 4)
    """
    prepare(weights, quota)  # validates
    plan = _Plan(weights, quota)
    primes = plan.primes
    members = sum(c for _, c in plan.classes)
    if threads_for(members * plan.length * len(primes), len(primes)) > 1:
        half = len(primes) // 2  # numpy releases the GIL in its array work
        from concurrent.futures import ThreadPoolExecutor  # on use: 4 ms (start-up)

        with ThreadPoolExecutor(2) as pool:
            parts = list(pool.map(partial(_residues, plan), (primes[:half], primes[half:])))
        residues = np.vstack(parts)
    else:
        residues = _residues(plan, primes)
    basis, modulus = crt_basis(plan.primes)
    exact = []
    for column in residues.T.tolist():
        exact.append(sum(r * e for r, e in zip(column, basis, strict=True)) % modulus)
    by_weight = {w: exact[j] for j, (w, _) in enumerate(plan.classes)}
    return [by_weight[w] if w > 0 else 0 for w in plan.reduced], exact[-1]


def estimate_mwc_members(weights: Sequence[int], quota: int) -> tuple[float, int]:
    """Conservative ``(seconds, bytes)`` for :func:`mwc_members`, in ``O(n)``.

    Model (CPU time measured on the 2-core development machine, then times 1.5; two threads
    sharing the primes are not counted on, the cores being often busy): ``1 ns`` per
    word addition of the products and ``6 us`` per numpy call, ``4 ns`` per word and ``0.1 ms``
    per class for the reductions and reads after each class, ``3 ns`` per gathered word (two
    per term; an ``O(D)`` closed form of their number: class ``j`` is read on every later
    segment, about ``q / v_j`` words each time).  Memory: three ``(primes, L)`` arrays and three
    gathered chunks with their positions.
    """
    prepare(weights, quota)
    plan = _Plan(weights, quota)
    r, length, q = plan.prime_count, plan.length, plan.q
    members = sum(c for _, c in plan.classes)
    seconds = 0.003 + r * members * (1e-9 * length + 6e-6)
    seconds += len(plan.classes) * (4e-9 * r * length + 1e-4)
    later, reads = len(plan.classes), 0.0
    for w, _ in plan.classes:  # class j is read on segments j..D
        reads += later * (q / w + 1)
        later -= 1
    seconds += 3e-9 * r * reads * 2
    entries = sum(-(-q // w) for w, _ in plan.classes)  # the read pattern of all classes
    chunk = min(max(_GATHER, r * length), r * entries)
    threads = threads_for(members * length * r, r)
    nbytes = 8 * 3 * r * length + threads * 8 * (3 * chunk + 4 * entries) + 2**20
    return 1.5 * seconds, nbytes
