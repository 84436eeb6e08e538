"""Exact path counting by a split variable on a layered diagram, modulo small primes.

A :class:`Layered` diagram has one layer of states per member (in the diagram's member order)
and, from each state of layer ``i``, a few transitions (a *no*, a *yes*, ...) to states of layer
``i + 1`` (or nowhere: the path dies).  Each transition carries a *gain* of 0 or 1 in a split
variable ``z`` (the coalition size, or the number of critical members).  The diagrams of
:mod:`powershare.power.compound.minimal` are of this kind: their accepted paths are the minimal
winning coalitions, or the winning coalitions with their critical members.

:func:`count_by_split` computes, exactly,

* the number of accepted paths by total gain (the polynomial ``G_0(root)``), and
* for each member ``i`` asked for, ``sum_s F_i(s) * G_{i+1}(t(s))`` summed over the *marked*
  transitions ``t`` of layer ``i``, as polynomials in ``z``: ``F_i(s)`` counts the paths from
  the root to state ``s`` by gain, ``G_{i+1}`` the accepted completions by gain.

This is the forward/backward path counting of Bolus (2011), *Power indices of simple games and
vector-weighted majority games by means of binary decision diagrams*, EJOR 210:258-272 (section
4: swings as ``f * (g_yes - g_no)``), with the counts kept as polynomials in ``z`` as for the
Shapley-Shubik index there.

Arithmetic: every count is at most ``2^n``, so a polynomial in ``z`` of degree at most ``n`` is
packed into one integer with a slot of ``n + 1`` bits (rounded up to whole bytes) per
coefficient (Kronecker substitution): a gain of 1 is a shift by one slot, the sum over states of
``F_i(s) G_{i+1}(t(s))`` is a sum of integer products (GMP through ``gmpy2``), and no coefficient
ever overflows its slot because each is a count of coalitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from powershare.games.lazy_numpy import np

if TYPE_CHECKING:
    Array = np.ndarray[Any, Any]

__all__ = ["INT64_MEMBERS", "Layered", "Move", "count_by_split", "slot_bits", "split_work"]


@dataclass
class Move:
    """Transitions of one layer: ``child[s]`` (``-1``: the path dies) and ``gain[s]`` in {0, 1};
    the paths through a move count ``sign`` times (``-1``: subtracted)."""

    child: Array
    gain: Array
    sign: int = 1


@dataclass
class Layered:
    """A layered diagram: ``size[i]`` states in layer ``i`` (the root is state 0 of layer 0).

    ``moves[i]`` are the transitions of member ``order[i]``; ``marks[i]`` the transitions summed
    for that member's counts (empty: not asked); ``accept`` flags the accepting states of layer
    ``n``.
    """

    order: list[int]
    size: list[int]
    moves: list[list[Move]]
    accept: Array
    marks: list[list[Move]] = field(default_factory=list)

    @property
    def states(self) -> int:
        """Number of states over all layers."""
        return sum(self.size)


def slot_bits(n: int) -> int:
    """Bits per coefficient: counts reach ``2^n``; whole bytes, for fast unpacking.

    >>> slot_bits(27), slot_bits(537)
    (32, 544)
    """
    return 8 * ((n + 1 + 7) // 8)


def split_work(diagram: Layered) -> float:
    """Bit operations, roughly: every state's packed polynomial is shifted and added once per
    move, and the marked layers multiply packed polynomials (GMP, about linear)."""
    n = len(diagram.order)
    bits = slot_bits(n) * (n + 1)
    moves = sum(k * len(diagram.moves[i]) for i, k in enumerate(diagram.size[:-1]))
    marked = sum(diagram.size[i] * len(diagram.marks[i]) * 4 for i in range(n) if diagram.marks[i])
    return float((moves + marked) * bits)


INT64_MEMBERS = 61
"""Up to this many members every count fits int64 (``2^n <= 2^61``): numpy arrays are used."""


def count_by_split(diagram: Layered) -> tuple[list[int], dict[int, list[int]]]:
    """Accepted paths by gain, and for each member with marks its polynomial (see module doc).

    Returns
    -------
    (total, per_member)
        ``total[s]``: accepted paths of total gain ``s``; ``per_member[i][s]`` for each member
        ``i`` whose layer has marked transitions; lists of length ``n + 1``.
    """
    if len(diagram.order) <= INT64_MEMBERS:
        return _count_int64(diagram)
    return _count_packed(diagram)


def _shifted(rows: Array, gain: Array, length: int) -> Array:
    """``rows`` (``k x L``) moved right by ``gain`` (0 or 1) in rows of ``length``."""
    out = np.zeros((rows.shape[0], length), dtype=np.int64)
    flat = gain == 0
    width = rows.shape[1]
    out[flat, :width] = rows[flat]
    out[~flat, 1 : width + 1] = rows[~flat]
    return out


def _scatter(size: int, index: Array, rows: Array) -> Array:
    """``out[index[s]] += rows[s]``, by sorting and block sums."""
    out = np.zeros((size, rows.shape[1]), dtype=rows.dtype)
    if index.size:
        order = np.argsort(index, kind="stable")
        keys = index[order]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        out[keys[starts]] = np.add.reduceat(rows[order], starts, axis=0)
    return out


def _forward_needed(diagram: Layered) -> list[Array]:
    """Per layer, the states from which a marked move can still be reached: the forward
    counts of the others are never read (the second phase of the critical-member diagram)."""
    n = len(diagram.order)
    wanted = [np.zeros(k, dtype=bool) for k in diagram.size]
    for i in range(n - 1, -1, -1):
        here = wanted[i]
        for m in diagram.marks[i]:
            here |= m.child >= 0
        nxt = np.r_[wanted[i + 1], False]
        for move in diagram.moves[i]:
            here |= nxt[move.child]
    return wanted


def _count_int64(diagram: Layered) -> tuple[list[int], dict[int, list[int]]]:
    """Polynomials as int64 rows (``n <= 61``): no count, sum or product term exceeds ``2^n``."""
    n = len(diagram.order)
    g = diagram.accept.astype(np.int64)[:, None]
    gathered: dict[int, list[tuple[Array, Array]]] = {}
    for i in range(n - 1, -1, -1):
        nxt = np.concatenate([g, np.zeros((1, g.shape[1]), dtype=np.int64)])
        length = n - i + 1
        gathered[i] = []
        for m in diagram.marks[i]:
            rows = np.flatnonzero(m.child >= 0)
            values = _shifted(nxt[m.child[rows]], m.gain[rows], length)
            gathered[i].append((rows, values if m.sign > 0 else -values))
        g = np.zeros((diagram.size[i], length), dtype=np.int64)
        for move in diagram.moves[i]:
            if move.sign > 0:
                g += _shifted(nxt[move.child], move.gain, length)
            else:
                g -= _shifted(nxt[move.child], move.gain, length)
    per: dict[int, list[int]] = {}
    wanted = _forward_needed(diagram)
    f = np.ones((1, 1), dtype=np.int64)
    for i in range(n):
        if diagram.marks[i]:
            by = np.zeros(n + 2, dtype=np.int64)
            for rows, values in gathered[i]:
                product = f[rows].T @ values  # a gains before, b from here
                for a in range(product.shape[0]):
                    by[a : a + product.shape[1]] += product[a]
            per[diagram.order[i]] = [int(x) for x in by[: n + 1]]
        parts, index = [], []
        for move in diagram.moves[i]:
            alive = move.child >= 0
            alive[alive] = wanted[i + 1][move.child[alive]]
            parts.append(move.sign * _shifted(f[alive], move.gain[alive], i + 2))
            index.append(move.child[alive])
        f = _scatter(diagram.size[i + 1], np.concatenate(index), np.concatenate(parts))
    return [int(x) for x in g[0]], per


def _count_packed(diagram: Layered) -> tuple[list[int], dict[int, list[int]]]:
    """Polynomials packed into integers (GMP), for any ``n``."""
    import gmpy2  # on use: 30-50 ms to import (start-up)

    n = len(diagram.order)
    slot = slot_bits(n)
    zero = gmpy2.mpz(0)
    g: list[Any] = [gmpy2.mpz(int(x)) for x in diagram.accept.tolist()]
    gathered: dict[int, list[list[tuple[int, Any]]]] = {}
    for i in range(n - 1, -1, -1):
        nxt = [*g, zero]  # child -1 reads the zero at the end
        gathered[i] = [
            [
                (s, m.sign * (nxt[c] << (slot * e)))
                for s, (c, e) in enumerate(zip(m.child.tolist(), m.gain.tolist(), strict=True))
                if c >= 0
            ]
            for m in diagram.marks[i]
        ]
        g = [zero] * diagram.size[i]
        for move in diagram.moves[i]:
            child, gain, sign = move.child.tolist(), move.gain.tolist(), move.sign
            g = [
                acc + sign * (nxt[c] << (slot * e))
                for acc, c, e in zip(g, child, gain, strict=True)
            ]
    total = _unpack(g[0], slot, n + 1)
    per: dict[int, list[int]] = {}
    f: list[Any] = [gmpy2.mpz(1)]
    for i in range(n):
        if diagram.marks[i]:
            acc = zero
            for pairs in gathered[i]:
                for s, value in pairs:
                    if f[s]:
                        acc += f[s] * value
            per[diagram.order[i]] = _unpack(acc, slot, n + 1)
        nf = [zero] * diagram.size[i + 1]
        for move in diagram.moves[i]:
            for fs, c, e in zip(f, move.child.tolist(), move.gain.tolist(), strict=True):
                if c >= 0 and fs:
                    nf[c] += move.sign * (fs << (slot * e))
        f = nf
    return total, per


def _unpack(value: Any, slot: int, length: int) -> list[int]:
    """The ``length`` coefficients of a packed polynomial (slots of ``slot`` bits)."""
    width = slot // 8
    raw = int(value).to_bytes(width * length + 1, "little")
    return [int.from_bytes(raw[j * width : (j + 1) * width], "little") for j in range(length)]
