"""Minimal winning coalitions and critical members of *complete* compound rules, vectorised.

A rule is complete in the sense used here when every member's weight column dominates or is
dominated by every other's, leaf by leaf (the EU Council's ``(1, population, 1)``): then a
member of larger weights is at least as desirable (Isbell 1958, *A class of simple games*, Duke
Math. J. 25:423-439), since every leaf sum and so, by monotonicity, the rule can only gain.
Order the members from most to least desirable and follow a coalition ``S`` down the layered
decision diagram of :mod:`powershare.power.compound.bdd` (Bolus 2011, EJOR 210:258-272) in that
order.  Two facts make one extra node per path enough:

* ``S`` is minimal winning iff it wins and ``S - {j}`` loses for its *last* (least desirable)
  member ``j``: every other ``S - {j'}`` is weaker.  The state is ``(a, b)``: the node of ``S``
  and the node of ``S`` without its last member so far (replaced at each *yes*).
* the critical members of a winning ``S`` are its first ``k`` members (a critical member makes
  every more desirable one critical).  Split by the last critical member ``j*`` (a *star* move):
  before it the state is ``S``'s node and each *yes* adds 1 to ``k``; after it the state is
  ``(a, m)``, ``m`` the node of ``S - {j*}``, which must end in *lose*, until the next member
  ``t`` of ``S``, whose removal must leave ``S`` winning (every later removal is stronger).
  There the rest has a closed form: ``b = S`` without ``t`` and ``m' = m + t`` satisfy
  ``f_m' <= f_b <= f_a``, so the completions with ``b`` winning and ``m'`` losing number
  ``|f_b| - |f_m'|``, two plain counts on the base diagram (a move with sign -1).  This
  pairs-and-difference step keeps the diagram at pairs of nodes (75,000 states for the EU
  Council instead of 335,000 for triples ``(a, m, b)``).

Each layer is computed for all states at once with numpy (children by fancy indexing, states
merged with ``np.unique``); whether ``f_a <= f_b`` (then ``f_a = f_b``, as ``b`` is below
``a``) is decided on canonical needs as in :mod:`powershare.power.compound.minimal`.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, Any

from powershare.games.circuit import Circuit
from powershare.games.lazy_numpy import np
from powershare.power.compound.bdd import DONT_CARE, IMPOSSIBLE, LOSE, WIN, build_diagram
from powershare.power.compound.layered import Layered, Move
from powershare.power.compound.symmetric import member_classes

if TYPE_CHECKING:
    Array = np.ndarray[Any, Any]

__all__ = ["complete_critical_diagram", "complete_mwc_diagram", "complete_order"]

_NONE = -1  # no node: not started, or (m) already lost


def complete_order(circuit: Circuit) -> list[int] | None:
    """Members from most to least desirable when every weight column dominates or is dominated
    by every other (leaf by leaf); ``None`` otherwise.

    >>> from powershare.games import AllOf, AtLeast, Criterion
    >>> abc = ["A", "B", "C"]
    >>> complete_order(AllOf([Criterion([1, 3, 2], "50%", abc), AtLeast(2, abc)]).circuit)
    [1, 2, 0]
    """
    rows = circuit.leaf_weights
    totals = [max(sum(row), 1) for row in rows]
    share = [sum(row[i] / t for row, t in zip(rows, totals, strict=True)) for i in range(circuit.n)]
    order = sorted(range(circuit.n), key=lambda i: (-share[i], i))
    for a, b in itertools.pairwise(order):
        if any(row[a] < row[b] for row in rows):
            return None
    return order


class _Nodes:
    """Flags and canonical needs of the nodes of one layer, for vectorised tests."""

    def __init__(self, states: Array) -> None:
        self.win = np.r_[states[:, 0] == WIN, False]  # index -1 / -2: padding, never terminal
        self.lose = np.r_[states[:, 0] == LOSE, False]
        pad = np.zeros((1, states.shape[1]), dtype=states.dtype)
        self.need = np.concatenate([np.where(states == IMPOSSIBLE, 1 << 62, states), pad])
        self.free = np.concatenate([states == DONT_CARE, pad.astype(bool)])

    def same(self, a: Array, b: Array, where: Array) -> Array:
        """``f_a = f_b`` proven, for ``b`` a live node below the node ``a`` (tested only
        ``where`` asked; false elsewhere): ``f_a <= f_b`` on canonical needs."""
        out = np.zeros(a.shape, dtype=bool)
        ai, bi = a[where], b[where]
        out[where] = (
            np.all(self.free[ai] | self.free[bi] | (self.need[ai] >= self.need[bi]), axis=1)
            & ~self.win[ai]
        )
        return out


def _child(table: Array, nodes: Array) -> Array:
    """Children of ``nodes`` (negative codes kept)."""
    return np.where(nodes >= 0, table[np.maximum(nodes, 0)], nodes)


def _layer(keys: list[Array], dead: list[Array]) -> tuple[Array, list[Array]]:
    """Merge the candidate states of the next layer: the distinct rows, and per move kind the
    child index (``-1`` where dead).  Rows (small integers, ``>= -2``) are packed into one
    int64 key each, mixed radix, so that ``np.unique`` sorts numbers, not rows."""
    live = np.concatenate([k[~d] for k, d in zip(keys, dead, strict=True)])
    if live.shape[0] == 0:
        return live, [np.full(d.shape, -1, dtype=np.int64) for d in dead]
    shifted = live + 2
    radix = [int(r) + 1 for r in shifted.max(axis=0)]
    if math.prod(radix) < 1 << 62:
        packed = np.zeros(live.shape[0], dtype=np.int64)
        for col, r in enumerate(radix):
            packed = packed * r + shifted[:, col]
        _, first, inverse = np.unique(packed, return_index=True, return_inverse=True)
    else:  # pragma: no cover - layers of over a million nodes
        _, first, inverse = np.unique(live, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    out, start = [], 0
    for d in dead:
        child = np.full(d.shape, -1, dtype=np.int64)
        count = int((~d).sum())
        child[~d] = inverse[start : start + count]
        start += count
        out.append(child)
    return live[first], out


def _marks(circuit: Circuit, order: list[int], layers: list[list[Move]], kinds: slice) -> Any:
    reps = {members[0] for members in member_classes(circuit)}
    return [moves[kinds] if order[i] in reps else [] for i, moves in enumerate(layers)]


def complete_mwc_diagram(circuit: Circuit, order: list[int], limit: int) -> Layered | None:
    """Accepted paths: the minimal winning coalitions (``None`` past ``limit`` states); moves
    *no* (gain 0) and *yes* (gain 1), marks on *yes*."""
    d = build_diagram(circuit, order)
    states = np.array([[0, _NONE]], dtype=np.int64)  # (a, b)
    sizes, layers, total = [1], [], 1
    for i in range(circuit.n):
        nodes = _Nodes(d.states[i + 1])
        no, yes = d.no[i], d.yes[i]
        a, b = states[:, 0], states[:, 1]
        keys, dead = [], []
        for a2, b2 in ((no[a], _child(no, b)), (yes[a], no[a])):
            has = b2 >= 0
            gone = nodes.lose[a2] | (has & nodes.win[b2])
            gone |= nodes.same(a2, b2, has & ~nodes.lose[b2] & ~nodes.win[b2])
            b2 = np.where(has & nodes.lose[b2], _NONE, b2)
            keys.append(np.stack([a2, b2], axis=1))
            dead.append(gone)
        states, children = _layer(keys, dead)
        layers.append([Move(children[0], np.zeros_like(a)), Move(children[1], np.ones_like(a))])
        sizes.append(states.shape[0])
        total += states.shape[0]
        if total > limit:
            return None
    accept = np.ones(sizes[-1], dtype=bool)  # a wins, b lost: every surviving path
    return Layered(d.order, sizes, layers, accept, _marks(circuit, d.order, layers, slice(1, 2)))


def complete_critical_diagram(circuit: Circuit, order: list[int], limit: int) -> Layered | None:
    """Accepted paths: the winning coalitions with their last critical member ``j*``, gain 1
    for each member up to ``j*``, marks on *yes* and *star* before ``j*`` (``None`` past
    ``limit`` states).  Moves: *no*, *yes*, *star* and *minus* (sign -1).

    Phases: 0 before ``j*`` (state ``a``); 1 after it until the next member of ``S`` (state
    ``(a, m)``, ``m = -1`` once lost); 2 the rest, counted on the base diagram (state ``x``).
    At that next member ``t`` the remaining condition has a closed form: with ``b = S`` (the
    node *no* of ``a``) and ``m' = m + t`` (the node *yes* of ``m``), ``f_m' <= f_b <= f_a``
    (``j*`` is more desirable than ``t``), so the completions where ``b`` wins and ``m'`` loses
    number ``|f_b| - |f_m'|``: a *yes* move to ``b`` and a *minus* move to ``m'``.
    """
    d = build_diagram(circuit, order)
    states = np.array([[0, 0, _NONE]], dtype=np.int64)  # (phase, a, m)
    sizes, layers, total, phases = [1], [], 1, []
    for i in range(circuit.n):
        nodes = _Nodes(d.states[i + 1])
        no, yes = d.no[i], d.yes[i]
        phase, a, m = states.T
        phases.append(phase)
        after = phase == 1
        first = np.flatnonzero(phase == 0)  # the star starts from phase-0 states
        tracked = np.flatnonzero(after & (m >= 0))  # the minus from phase-1 states with m
        nowhere = np.full_like(a, _NONE)
        candidates = [
            (phase, no[a], _child(no, m)),
            (np.where(after, 2, phase), np.where(after, no[a], yes[a]), nowhere),
            (np.ones_like(first), yes[a[first]], no[a[first]]),
            (np.full_like(tracked, 2), yes[m[tracked]], np.full_like(tracked, _NONE)),
        ]
        keys, dead = [], []
        for ph, a2, m2 in candidates:
            # before j*: S must not have won already (j* would not be critical)
            gone = nodes.lose[a2] | (ph == 0) & nodes.win[a2]
            has_m = m2 >= 0
            lost = has_m & nodes.lose[m2]
            live_m = has_m & ~lost & ~nodes.win[m2]
            gone |= has_m & ~lost & (nodes.win[m2] | (m2 == a2)) | nodes.same(a2, m2, live_m)
            keys.append(np.stack([ph, a2, np.where(lost, _NONE, m2)], axis=1))
            dead.append(gone)
        states, children = _layer(keys, dead)
        for kind, rows in ((2, first), (3, tracked)):
            full = np.full(a.shape, -1, dtype=np.int64)
            full[rows] = children[kind]
            children[kind] = full
        gains = [nowhere * 0, (phase == 0).astype(np.int64), nowhere * 0 + 1, nowhere * 0]
        signs = [1, 1, 1, -1]
        layers.append([Move(c, g, sign) for c, g, sign in zip(children, gains, signs, strict=True)])
        sizes.append(states.shape[0])
        total += states.shape[0]
        if total > limit:
            return None
    accept = ((states[:, 0] == 1) & (states[:, 2] == _NONE)) | (states[:, 0] == 2)
    marks = _marks(circuit, d.order, layers, slice(1, 3))
    for i, kinds in enumerate(marks):  # marks only before j*: the phase-0 states
        marks[i] = [Move(np.where(phases[i] == 0, k.child, -1), k.gain) for k in kinds]
    return Layered(d.order, sizes, layers, accept, marks)
