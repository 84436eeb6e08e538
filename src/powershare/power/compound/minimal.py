"""Minimal winning coalitions and critical members of compound rules, on the decision diagram.

Both counts run on the layered diagram of :mod:`powershare.power.compound.bdd` (Bolus 2011,
*Power indices of simple games and vector-weighted majority games by means of binary decision
diagrams*, EJOR 210:258-272) and are read off a second layered diagram built on top of it,
counted by :func:`powershare.power.compound.layered.count_by_split`.

Minimal winning coalitions (Holler, absolute PGI, Deegan-Packel)
----------------------------------------------------------------
A coalition ``S`` is minimal winning iff it wins and ``S - {j}`` loses for every ``j`` in
``S``.  Follow ``S`` down the diagram and, beside it, every path ``S - {j}`` for the members
``j`` of ``S`` already passed: at member ``i`` the state is ``(a, B)``, ``a`` the node of ``S``
and ``B`` the set of nodes of the paths ``S - {j}``.  A *yes* moves ``a`` to its yes child and
adds ``a``'s no child to ``B`` (the path of ``S - {i}``); every node of ``B`` follows the same
choice.  A node of ``B`` that reaches *win* kills the path (``S - {j}`` wins), one that reaches
*lose* leaves ``B``; ``S`` is minimal winning iff ``a`` ends in *win* with ``B`` empty.  This is
the product construction behind the minimal-solutions operator ``min(f) = x (min(f_1) and not
f_0) + not-x min(f_0)`` of monotone Boolean functions (Rauzy 1993, *New algorithms for fault
tree analysis*, Reliab. Eng. Syst. Saf. 40:203-211; for simple games on QOBDDs see Bolus
2012, *A QOBDD-based approach to simple games*, PhD thesis, Kiel), read forwards.  ``B``
only needs its strongest nodes: if ``f_b <= f_c`` and ``c`` loses, so does ``b``; the order of
two nodes is decided soundly on their canonical needs (a larger need is a smaller leaf
function; a leaf that does not matter may be given any value).

Critical members (Johnston)
---------------------------
Counted for *complete* rules, whose members are ordered by their weight columns: then the
critical members of a winning coalition are its first ``k`` members, and a pair of nodes per
path suffices (``S``, and ``S`` without its last critical member) until the next member of
``S``, after which the count has a closed form; see :mod:`powershare.power.compound.complete`,
which also counts the minimal winning coalitions of such rules with one extra node per path
instead of a set.  Rules that are not complete in this sense are left to enumeration and
symmetric classes: tracking how many of the paths ``S - {j}`` lose would need a multiset of
nodes per state, measured at 1.7 million states for the EU Council's 27 members (and the rule
being complete is what lets the diagram do without it).

Winning coalitions and swings by size (Public Help xi, Coleman-Shapley)
-----------------------------------------------------------------------
:func:`size_counts` counts on the base diagram itself, with the coalition size as the split
variable: a member's *yes* moves give its winning coalitions; subtracting its *no* moves
(counted as if it had joined) leaves its swings.

Members with identical columns are interchangeable, so their counts are equal: one member of
each class is counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from powershare.errors import ResourceLimitError
from powershare.games.circuit import Circuit
from powershare.games.lazy_numpy import np
from powershare.power.compound.bdd import DONT_CARE, IMPOSSIBLE, LOSE, WIN, build_diagram
from powershare.power.compound.complete import (
    complete_critical_diagram,
    complete_mwc_diagram,
    complete_order,
)
from powershare.power.compound.layered import Layered, Move, count_by_split
from powershare.power.compound.symmetric import member_classes

if TYPE_CHECKING:
    Array = np.ndarray[Any, Any]

__all__ = [
    "DIAGRAM_STATE_LIMIT",
    "critical_diagram",
    "critical_counts",
    "mwc_diagram",
    "mwc_counts",
    "mwc_totals",
    "size_counts",
]

DIAGRAM_STATE_LIMIT = 2_000_000
"""The most states the diagrams of this module may hold (a few hundred bytes each)."""

_BIG = 1 << 62
_DEAD = -1


class _Layer:
    """The nodes of one layer of the base diagram: terminal flags and the order of functions."""

    def __init__(self, states: Array) -> None:
        first = states[:, 0]
        self.win: list[bool] = (first == WIN).tolist()
        self.lose: list[bool] = (first == LOSE).tolist()
        need = np.where(states == IMPOSSIBLE, _BIG, states)
        self.need: list[list[int]] = need.tolist()
        self.free: list[list[bool]] = (states == DONT_CARE).tolist()
        self.memo: dict[tuple[int, int], bool] = {}

    def leq(self, b: int, c: int) -> bool:
        """Whether ``f_b <= f_c`` is proven (live nodes): leaf by leaf, ``b`` needs at least
        what ``c`` needs, or the leaf does not matter to one of them."""
        key = (b, c)
        known = self.memo.get(key)
        if known is None:
            nb, nc, fb, fc = self.need[b], self.need[c], self.free[b], self.free[c]
            known = all(fb[k] or fc[k] or nb[k] >= nc[k] for k in range(len(nb)))
            self.memo[key] = known
        return known

    def strongest(self, nodes: set[int]) -> tuple[int, ...]:
        """The nodes not below another (of two equal functions, the smaller id)."""
        if len(nodes) < 2:
            return tuple(nodes)
        items = sorted(nodes)
        return tuple(
            b
            for b in items
            if not any(c != b and self.leq(b, c) and (c < b or not self.leq(c, b)) for c in items)
        )


class _Builder:
    """Numbers the states of each new layer and collects the moves."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.total = 1
        self.layer: dict[Any, int] = {}

    def state(self, key: Any) -> int:
        sid = self.layer.get(key)
        if sid is None:
            sid = self.layer[key] = len(self.layer)
            self.total += 1
            if self.total > self.limit:
                raise _TooLarge
        return sid


class _TooLarge(Exception):
    """The diagram exceeds its state limit."""


def _moves(rows: Sequence[Sequence[tuple[int, int]]]) -> list[Move]:
    """Per move kind, the children and gains of every state."""
    kinds = len(rows[0]) if rows else 0
    out = []
    for j in range(kinds):
        child = np.array([r[j][0] for r in rows], dtype=np.int64)
        gain = np.array([r[j][1] for r in rows], dtype=np.int64)
        out.append(Move(child, gain))
    return out


def _representatives(circuit: Circuit) -> dict[int, list[int]]:
    """One member per class of interchangeable members -> the class."""
    return {members[0]: members for members in member_classes(circuit)}


# -- minimal winning coalitions -----------------------------------------------------------------
@lru_cache(maxsize=4)
def mwc_diagram(circuit: Circuit, limit: int = DIAGRAM_STATE_LIMIT) -> Layered | None:
    """The diagram whose accepted paths are the minimal winning coalitions (``None`` when it
    would exceed ``limit`` states); gain 1 per member, marks on the *yes* moves."""
    order = complete_order(circuit)
    if order is not None:  # one extra node per path instead of a set
        return complete_mwc_diagram(circuit, order, limit)
    d = build_diagram(circuit)
    n = circuit.n
    layer: dict[Any, int] = {(0, ()): 0}
    sizes, layers = [1], []
    build = _Builder(limit)
    try:
        for i in range(n):
            no, yes = d.no[i].tolist(), d.yes[i].tolist()
            nodes = _Layer(d.states[i + 1])
            build.layer = {}

            def go(a: int, src: list[int], nodes: _Layer = nodes) -> int:
                if nodes.lose[a]:
                    return _DEAD
                live: set[int] = set()
                for b in src:
                    if nodes.win[b] or b == a:
                        return _DEAD
                    if not nodes.lose[b]:
                        if not nodes.win[a] and nodes.leq(a, b):
                            return _DEAD  # f_a <= f_b <= f_a: S - {j} wins with S
                        live.add(b)
                return build.state((a, nodes.strongest(live)))

            rows = []
            for a, B in layer:
                rows.append(
                    (
                        (go(no[a], [no[b] for b in B]), 0),
                        (go(yes[a], [yes[b] for b in B] + [no[a]]), 1),
                    )
                )
            layers.append(_moves(rows))
            layer = build.layer
            sizes.append(len(layer))
    except _TooLarge:
        return None
    accept = np.ones(sizes[-1], dtype=bool)  # every surviving path ends in (win, {})
    reps = _representatives(circuit)
    marks = [[kinds[1]] if d.order[i] in reps else [] for i, kinds in enumerate(layers)]
    return Layered(d.order, sizes, layers, accept, marks)


def _too_large(kind: str, limit: int = DIAGRAM_STATE_LIMIT) -> str:
    return (
        f"the rule's {kind} diagram exceeds {limit:,} states"
        + ("" if limit >= DIAGRAM_STATE_LIMIT else " (several times its estimate)")
        + "; use --method monte-carlo for an estimate"
    )


def _spread(per: dict[int, list[int]], reps: dict[int, list[int]], n: int) -> list[list[int]]:
    out = [[0] * (n + 1) for _ in range(n)]
    for rep, members in reps.items():
        for m in members:
            out[m] = list(per.get(rep, [0] * (n + 1)))
    return out


def mwc_counts(circuit: Circuit, limit: int = DIAGRAM_STATE_LIMIT) -> tuple[list[list[int]], int]:
    """``out[i][s]``: minimal winning coalitions of ``s`` members containing ``i``; and their
    number.

    >>> from powershare.games import AllOf, AtLeast, Criterion
    >>> abc = ["A", "B", "C"]
    >>> rule = AllOf([Criterion([3, 2, 1], "60%", abc), AtLeast(2, abc)])
    >>> mwc_counts(rule.circuit)  # {0, 1} and {0, 2}
    ([[0, 0, 2, 0], [0, 0, 1, 0], [0, 0, 1, 0]], 2)
    """
    diagram = mwc_diagram(circuit, limit)
    if diagram is None:
        raise ResourceLimitError(_too_large("minimal-winning-coalition", limit))
    total, per = count_by_split(diagram)
    return _spread(per, _representatives(circuit), circuit.n), sum(total)


def mwc_totals(circuit: Circuit, limit: int = DIAGRAM_STATE_LIMIT) -> tuple[list[int], int]:
    """Minimal winning coalitions containing each member, and their number (no split by size:
    the same diagram counted with every gain 0, what the Holler index needs).

    >>> from powershare.games import AllOf, AtLeast, Criterion
    >>> abc = ["A", "B", "C"]
    >>> mwc_totals(AllOf([Criterion([3, 2, 1], "60%", abc), AtLeast(2, abc)]).circuit)
    ([2, 1, 1], 2)
    """
    diagram = mwc_diagram(circuit, limit)
    if diagram is None:
        raise ResourceLimitError(_too_large("minimal-winning-coalition", limit))
    flat = [[Move(m.child, np.zeros_like(m.gain)) for m in kinds] for kinds in diagram.moves]
    marks = [[Move(m.child, np.zeros_like(m.gain)) for m in kinds] for kinds in diagram.marks]
    total, per = count_by_split(replace(diagram, moves=flat, marks=marks))
    table = _spread(per, _representatives(circuit), circuit.n)
    return [row[0] for row in table], total[0]


# -- critical members (complete rules) ----------------------------------------------------------
@lru_cache(maxsize=4)
def critical_diagram(circuit: Circuit, limit: int = DIAGRAM_STATE_LIMIT) -> Layered | None:
    """The diagram of the winning coalitions with their last critical member
    (:func:`~powershare.power.compound.complete.complete_critical_diagram`); ``None`` when the
    rule is not complete or the diagram would exceed ``limit`` states."""
    order = complete_order(circuit)
    return None if order is None else complete_critical_diagram(circuit, order, limit)


def critical_counts(circuit: Circuit) -> list[list[int]] | None:
    """``out[i][k]``: winning coalitions in which ``i`` is critical and ``k`` members are;
    ``None`` when the rule is not complete (see :func:`complete_order`).

    >>> from powershare.games import AllOf, AtLeast, Criterion
    >>> abc = ["A", "B", "C"]
    >>> rule = AllOf([Criterion([3, 2, 1], "60%", abc), AtLeast(2, abc)])
    >>> critical_counts(rule.circuit)  # {0, 1}: both; {0, 2}: both; {0, 1, 2}: 0 only
    [[0, 1, 2, 0], [0, 0, 1, 0], [0, 0, 1, 0]]
    """
    if complete_order(circuit) is None:
        return None
    diagram = critical_diagram(circuit)
    if diagram is None:
        raise ResourceLimitError(_too_large("critical-member"))
    _total, per = count_by_split(diagram)
    return _spread(per, _representatives(circuit), circuit.n)


# -- winning coalitions and swings by size ------------------------------------------------------
def size_counts(circuit: Circuit, quantity: str) -> list[list[int]]:
    """``out[i][s]``: for ``"winning_by_size"`` the winning coalitions of ``s`` members that
    contain ``i``; for ``"swings_by_size"`` those among them that lose without ``i``.

    Counted on the base diagram itself (gain 1 per *yes*): a member's winning coalitions are
    its marked *yes* moves; its swings subtract its *no* moves counted as if it had joined
    (the coalitions ``S`` with ``S - {i}`` winning, which ``S`` then wins too).

    >>> from powershare.games import AllOf, AtLeast, Criterion
    >>> abc = ["A", "B", "C"]
    >>> rule = AllOf([Criterion([3, 2, 1], "60%", abc), AtLeast(2, abc)])
    >>> size_counts(rule.circuit, "swings_by_size")  # {0, 1}, {0, 2} and {0, 1, 2}
    [[0, 0, 2, 1], [0, 0, 1, 0], [0, 0, 1, 0]]
    """
    d = build_diagram(circuit)
    reps = _representatives(circuit)
    layers: list[list[Move]] = []
    marks: list[list[Move]] = []
    for i in range(circuit.n):
        no = Move(d.no[i], np.zeros_like(d.no[i]))
        yes = Move(d.yes[i], np.ones_like(d.yes[i]))
        layers.append([no, yes])
        if d.order[i] not in reps:
            marks.append([])
        elif quantity == "winning_by_size":
            marks.append([yes])
        else:
            marks.append([yes, Move(d.no[i], np.ones_like(d.no[i]), sign=-1)])
    sizes = [s.shape[0] for s in d.states]
    accept = d.states[-1][:, 0] == WIN
    _total, per = count_by_split(Layered(d.order, sizes, layers, accept, marks))
    return _spread(per, reps, circuit.n)
