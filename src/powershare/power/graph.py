"""Coalitions that never form: games restricted by a communication graph, an order or conflicts.

A :class:`Graph` says which coalitions can form, in one of three ways:

``communication``
    Edges join members who can cooperate directly; a coalition forms as a whole only when it is
    connected.  The restricted game is Myerson's (1977), "Graphs and cooperation in games",
    *Math. Oper. Res.* 2:225-229:  ``v^G(S) = sum over the components C of S in G of v(C)``:
    a coalition that is not connected acts as its separate components.
``order``
    A left-right dimension (a path in the given order): only intervals are connected, so only
    "connected" coalitions in Axelrod's sense form (Axelrod 1970, *Conflict of Interest*,
    Chicago: Markham, ch. 8: minimal connected winning coalitions).  Same ``v^G`` on the path.
``conflict``
    Edges join members who are never together (``never_together``): a coalition containing
    such a pair cannot form at all.  A coalition wins exactly when it contains a winning
    coalition that can form (no listed pair inside).  This is the restricted game of Faigle
    (1989), "Cores of games with restricted cooperation", *ZOR* 33:405-422,
    ``v^F(S) = max sum v(T_k)`` over partitions of ``S`` into feasible coalitions, for rules in
    which no two disjoint coalitions both win (proper rules, such as any quota above half);
    for other rules we keep the simple game (at most one winning coalition counts).

For a proper rule (quota above half) both restrictions are again yes/no rules:
:class:`RestrictedGame` is that rule, so every index (Shapley-Shubik, Banzhaf, Holler, ...) can
be computed on it.  :func:`restricted_worths` gives ``v^G`` (or ``v^F``) on every coalition.

>>> from powershare.games.weighted import WeightedGame
>>> game = WeightedGame(3, [1, 1, 1, 1], ["L", "CL", "CR", "R"])
>>> Graph.from_order(game, "L, CL, CR, R").describe()
'order L < CL < CR < R'
>>> conflict = Graph.never_together(game, "L+R")
>>> RestrictedGame(game, conflict).is_winning(["L", "CL", "R"])
False
>>> RestrictedGame(game, Graph.from_edges(game, "L-CL, CL-CR, CR-R")).is_winning(["L", "CL", "R"])
False
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from powershare.errors import InvalidInputError
from powershare.games.base import SimpleGame
from powershare.games.lazy_numpy import np

if TYPE_CHECKING:
    import numpy.typing as npt

    from powershare.games.base import BoolArray, IntArray

__all__ = [
    "GRAPH_ENUMERATION_MAX_MEMBERS",
    "Graph",
    "GameWithGraph",
    "RestrictedGame",
    "component_of_lowest",
    "minimal_connected_winning",
    "restricted_worths",
]

Kind = Literal["communication", "order", "conflict"]
GRAPH_ENUMERATION_MAX_MEMBERS = 24
"""The most members for the methods that visit all ``2^n`` coalitions of a restricted game."""


@dataclass(frozen=True)
class Graph:
    """Which coalitions of a body can form.

    Attributes
    ----------
    names
        The members, in the game's order.
    edges
        Pairs ``(i, j)``, ``i < j``: who can cooperate (``communication``, ``order``) or who are
        never together (``conflict``).
    kind
        ``"communication"``, ``"order"`` (a path; ``order`` lists it) or ``"conflict"``.
    order
        For ``kind="order"``, member positions from left to right.
    """

    names: tuple[str, ...]
    edges: frozenset[tuple[int, int]]
    kind: Kind = "communication"
    order: tuple[int, ...] = ()

    @property
    def n(self) -> int:
        """Number of members."""
        return len(self.names)

    @property
    def adjacency(self) -> tuple[int, ...]:
        """Bitmask of each member's neighbours."""
        adj = [0] * self.n
        for i, j in self.edges:
            adj[i] |= 1 << j
            adj[j] |= 1 << i
        return tuple(adj)

    @property
    def restricts_by_components(self) -> bool:
        """Whether coalitions split into components (Myerson): communication and order."""
        return self.kind != "conflict"

    def components(self, coalition: int) -> list[int]:
        """The components (bitmasks) of a coalition (bitmask) in the graph."""
        if not self.restricts_by_components:
            raise InvalidInputError("a conflict structure has no components; use can_form()")
        adj, out, left = self.adjacency, [], coalition
        while left:
            reach = left & -left
            while True:
                grown = reach
                for i in _bits(reach):
                    grown |= adj[i]
                grown &= left
                if grown == reach:
                    break
                reach = grown
            out.append(reach)
            left &= ~reach
        return out

    def can_form(self, coalition: int) -> bool:
        """Whether a coalition (bitmask) forms as a whole: connected, or free of conflicts."""
        if coalition == 0:
            return True
        if self.restricts_by_components:
            return len(self.components(coalition)) == 1
        return not any(coalition >> i & 1 and coalition >> j & 1 for i, j in self.edges)

    def is_forest(self) -> bool:
        """Whether the communication graph has no cycle (paths, trees, forests)."""
        return self.restricts_by_components and len(self.edges) == self.n - len(
            self.components((1 << self.n) - 1)
        )

    def describe(self) -> str:
        """E.g. ``"order L < C < R"``, ``"never together: A+B"``, ``"graph A-B, B-C"``."""
        if self.kind == "order":
            return "order " + " < ".join(self.names[i] for i in self.order)
        pairs = sorted(self.edges)
        if self.kind == "conflict":
            return "never together: " + ", ".join(
                f"{self.names[i]}+{self.names[j]}" for i, j in pairs
            )
        return "graph " + (
            ", ".join(f"{self.names[i]}-{self.names[j]}" for i, j in pairs) or "(none)"
        )

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def from_edges(cls, game: SimpleGame, spec: object) -> Graph:
        """A communication graph: text ``"A-B, B-C-D"`` (a chain adds each link) or pairs.

        Raises
        ------
        InvalidInputError
            For an unknown member, a member linked to itself or a malformed pair.
        """
        return cls(tuple(game.names), _pairs(game, spec, "-", "graph"), "communication")

    @classmethod
    def never_together(cls, game: SimpleGame, spec: object) -> Graph:
        """Conflicts: text ``"A+B, C+D"`` (``"A+B+C"``: no two of them together) or pairs."""
        return cls(tuple(game.names), _pairs(game, spec, "+", "never together"), "conflict")

    @classmethod
    def from_order(cls, game: SimpleGame, spec: object) -> Graph:
        """A left-right order of every member: text ``"A, B, C"`` (or ``<``) or a list.

        Raises
        ------
        InvalidInputError
            When a member is missing, repeated or unknown.
        """
        if isinstance(spec, str):
            items: list[object] = [
                p.strip() for p in spec.replace("<", ",").split(",") if p.strip()
            ]
        elif isinstance(spec, Iterable):
            items = list(spec)
        else:
            raise InvalidInputError(f"order {spec!r} must list the members from left to right")
        order = tuple(_position(game, m, "order") for m in items)
        if len(set(order)) != len(order):
            raise InvalidInputError(f"order {spec!r} names a member twice")
        if len(order) != game.n:
            missing = [game.names[i] for i in range(game.n) if i not in order]
            raise InvalidInputError(
                f"the order must place every member; missing: {', '.join(missing)}"
            )
        edges = frozenset(tuple(sorted(p)) for p in itertools.pairwise(order))
        return cls(tuple(game.names), edges, "order", order)  # type: ignore[arg-type]

    @classmethod
    def from_spec(cls, game: SimpleGame, spec: object) -> Graph:
        """Any accepted form: a :class:`Graph`; a mapping with one of ``graph``/``edges``,
        ``never_together``, ``order``; text ``"A-B, B-C"`` or a list of pairs (communication).
        """
        if isinstance(spec, Graph):
            if spec.names != tuple(game.names):
                raise InvalidInputError("the graph's members are not the game's members")
            return spec
        if isinstance(spec, Mapping):
            given = {k: v for k, v in spec.items() if v is not None}
            if len(given) != 1:
                raise InvalidInputError(
                    "give exactly one of graph (edges), never_together and order; got "
                    + (", ".join(map(str, given)) or "none")
                )
            key, value = next(iter(given.items()))
            if key in ("graph", "edges"):
                return cls.from_edges(game, value)
            if key == "never_together":
                return cls.never_together(game, value)
            if key == "order":
                return cls.from_order(game, value)
            raise InvalidInputError(
                f"unknown structure {key!r}; use graph, never_together or order"
            )
        return cls.from_edges(game, spec)


def _bits(mask: int) -> Iterable[int]:
    i = 0
    while mask:
        if mask & 1:
            yield i
        mask >>= 1
        i += 1


def _position(game: SimpleGame, member: object, what: str) -> int:
    if isinstance(member, str):
        if member.strip() in game.names:
            return game.names.index(member.strip())
        raise InvalidInputError(
            f"unknown member {member!r} in the {what}; members are {', '.join(game.names)}"
        )
    if (
        isinstance(member, int | np.integer)
        and not isinstance(member, bool)
        and 0 <= int(member) < game.n
    ):
        return int(member)
    raise InvalidInputError(f"{what}: {member!r} is not a member name or position")


def _chain(game: SimpleGame, text: str, sep: str, what: str) -> list[int]:
    """Split ``"A-B-C"`` into known names, allowing names that contain the separator."""
    tokens = text.split(sep)
    names = set(game.names)
    # ways[k]: the segmentations of tokens[:k] into names (at most two kept: ambiguity check)
    ways: list[list[list[str]]] = [[[]]]
    ways.extend([] for _ in tokens)
    for end in range(1, len(tokens) + 1):
        for start in range(end):
            name = sep.join(tokens[start:end]).strip()
            if name in names:
                ways[end].extend([*w, name] for w in ways[start][:2])
        ways[end] = ways[end][:2]
    if not ways[-1]:
        raise InvalidInputError(
            f"{what}: {text.strip()!r} is not members joined by {sep!r}; members are "
            f"{', '.join(game.names)}"
        )
    if len(ways[-1]) > 1:
        raise InvalidInputError(f"{what}: {text.strip()!r} can be read in two ways")
    return [game.names.index(name) for name in ways[-1][0]]


def _pairs(game: SimpleGame, spec: object, sep: str, what: str) -> frozenset[tuple[int, int]]:
    groups: list[list[int]] = []
    if isinstance(spec, str):
        for part in (p for p in spec.replace(";", ",").split(",") if p.strip()):
            groups.append(_chain(game, part, sep, what))
    elif isinstance(spec, Iterable):
        for item in spec:
            if isinstance(item, str):
                groups.append(_chain(game, item, sep, what))
            elif isinstance(item, Iterable):
                groups.append([_position(game, m, what) for m in item])
            else:
                raise InvalidInputError(f"{what}: {item!r} must be a pair of members")
    else:
        raise InvalidInputError(
            f"{what} {spec!r} not understood; give text like 'A{sep}B, C{sep}D' or a list of pairs"
        )
    edges: set[tuple[int, int]] = set()
    for group in groups:
        if len(group) < 2:
            raise InvalidInputError(f"{what}: {group!r} needs at least two members")
        links = list(itertools.pairwise(group) if sep == "-" else _all_pairs(group))
        if any(i == j for i, j in links):
            raise InvalidInputError(f"{what}: a member is paired with itself in {group!r}")
        edges.update((min(i, j), max(i, j)) for i, j in links)
    return frozenset(edges)


def _all_pairs(group: Sequence[int]) -> Iterable[tuple[int, int]]:
    return ((a, b) for k, a in enumerate(group) for b in group[k + 1 :])


# -- the restricted game --------------------------------------------------------------------------
class GameWithGraph(SimpleGame):
    """A game together with a :class:`Graph`: what the graph counting methods receive.

    It behaves as the underlying game (same members, same winning coalitions).
    """

    def __init__(self, game: SimpleGame, graph: Graph) -> None:
        self.game = game
        self.graph = graph
        self.names = game.names

    def is_winning(self, coalition: Iterable[int | str]) -> bool:
        """As the underlying game."""
        return self.game.is_winning(coalition)

    def winning_masks(self, masks: IntArray) -> BoolArray:
        """As the underlying game."""
        return self.game.winning_masks(masks)

    def describe(self) -> str:
        """The rule, and the graph."""
        return f"{self.game.describe()}; {self.graph.describe()}"


class RestrictedGame(SimpleGame):
    """The yes/no rule in which only coalitions that can form count.

    A coalition wins when one of its components (communication, order) wins, or when it
    contains a winning coalition free of conflicts.  For a proper rule this is the restricted
    game ``v^G`` of Myerson (1977) (``v^F`` of Faigle 1989 for conflicts): its Shapley-Shubik
    index is the Myerson value, its Banzhaf measure the graph-restricted Banzhaf value, and its
    minimal winning coalitions the minimal connected winning coalitions (Axelrod 1970).
    """

    def __init__(self, game: SimpleGame, graph: Graph) -> None:
        if tuple(graph.names) != tuple(game.names):
            raise InvalidInputError("the graph's members are not the game's members")
        self.game = game
        self.graph = graph
        self.names = game.names

    def is_winning(self, coalition: Iterable[int | str]) -> bool:
        """Whether a component wins (or a conflict-free winning sub-coalition exists)."""
        mask = sum(1 << i for i in set(self._coalition_indices(coalition)))
        return bool(self.winning_masks(np.array([mask], dtype=np.int64))[0])

    def winning_masks(self, masks: IntArray) -> BoolArray:
        """Vectorised (conflicts: by enumerating sub-coalitions, for few members)."""
        masks = np.asarray(masks, dtype=np.int64)
        if self.graph.restricts_by_components:
            out = np.zeros(masks.shape, dtype=np.bool_)
            rest = masks.copy()
            while rest.any():
                comp = component_of_lowest(rest, self.graph.adjacency)
                out |= np.asarray(self.game.winning_masks(comp), dtype=np.bool_) & (comp != 0)
                rest ^= comp
            return out
        table = _conflict_table(self.game, self.graph)
        return np.asarray(table[masks], dtype=np.bool_)

    def describe(self) -> str:
        """The rule, restricted."""
        return (
            f"{self.game.describe()}, restricted to coalitions that form ({self.graph.describe()})"
        )


def _lookup_tables(adjacency: Sequence[int]) -> list[IntArray]:
    """Per 8-bit chunk, the members and neighbours of every byte value."""
    tables = []
    for start in range(0, len(adjacency), 8):
        table = np.zeros(256, dtype=np.int64)
        for byte in range(1, 256):
            low = (byte & -byte).bit_length() - 1
            i = start + low
            if i < len(adjacency):
                table[byte] = table[byte & (byte - 1)] | adjacency[i] | (1 << i)
        tables.append(table)
    return tables


def component_of_lowest(masks: IntArray, adjacency: Sequence[int]) -> IntArray:
    """For each coalition (bitmask), the component of its lowest member (0 for none).

    Breadth-first search on all coalitions at once, neighbourhoods looked up a byte at a time.
    """
    masks = np.asarray(masks, dtype=np.int64)
    tables = _lookup_tables(adjacency)
    reach = masks & -masks
    active = np.flatnonzero(reach)
    while active.size:
        cur = reach[active]
        grown = cur.copy()
        for k, table in enumerate(tables):
            grown |= table[(cur >> (8 * k)) & 255]
        grown &= masks[active]
        changed = grown != cur
        reach[active] = grown
        active = active[changed]
    return reach


def _conflict_table(game: SimpleGame, graph: Graph) -> npt.NDArray[np.bool_]:
    n = game.n
    if n > GRAPH_ENUMERATION_MAX_MEMBERS:
        raise InvalidInputError(
            f"conflict restrictions are evaluated over all 2^n coalitions, for at most "
            f"{GRAPH_ENUMERATION_MAX_MEMBERS} members; this body has {n}"
        )
    masks = np.arange(1 << n, dtype=np.int64)
    win = np.asarray(game.winning_masks(masks), dtype=np.bool_).copy()
    for i, j in graph.edges:
        win &= ((masks >> i) & (masks >> j) & 1) == 0
    for i in range(n):  # upward closure: supersets of feasible winning coalitions win
        view = win.reshape(1 << (n - 1 - i), 2, 1 << i)
        view[:, 1, :] |= view[:, 0, :]
    return win


def restricted_worths(game: SimpleGame, graph: Graph) -> npt.NDArray[np.int8]:
    """``v^G(S)`` (components; Myerson 1977) or ``v^F(S)`` (conflicts) for every coalition.

    For a communication graph or order the value is the number of winning components, which
    is at most 1 for a proper rule; for conflicts it is 0 or 1.

    >>> from powershare.games.weighted import WeightedGame
    >>> g = WeightedGame(1, [1, 1])
    >>> restricted_worths(g, Graph.from_edges(g, [])).tolist()  # A and B each win alone
    [0, 1, 1, 2]
    """
    n = game.n
    if n > GRAPH_ENUMERATION_MAX_MEMBERS:
        raise InvalidInputError(
            f"restricted games are enumerated for at most {GRAPH_ENUMERATION_MAX_MEMBERS} "
            f"members; this body has {n}"
        )
    if not graph.restricts_by_components:
        return _conflict_table(game, graph).astype(np.int8)
    masks = np.arange(1 << n, dtype=np.int64)
    comp = component_of_lowest(masks, graph.adjacency)
    wins = np.asarray(game.winning_masks(comp), dtype=np.int8)
    wins[0] = 0
    total = wins.copy()
    rest = masks ^ comp
    while rest.any():
        total += wins[rest]
        rest ^= comp[rest]
    return total


def minimal_connected_winning(game: SimpleGame, graph: object) -> list[tuple[str, ...]]:
    """The minimal winning coalitions among those that can form (Axelrod 1970), by size.

    With an order these are Axelrod's minimal connected winning coalitions.

    >>> from powershare.games.weighted import WeightedGame
    >>> g = WeightedGame(5, [2, 1, 3, 1], ["A", "B", "C", "D"])
    >>> minimal_connected_winning(g, Graph.from_order(g, "A, B, C, D"))  # not A+C: apart
    [('A', 'B', 'C'), ('B', 'C', 'D')]
    """
    structure = Graph.from_spec(game, graph)
    win = restricted_worths(game, structure) > 0
    n = game.n
    minimal = win.copy()
    for i in range(n):
        view_min = minimal.reshape(1 << (n - 1 - i), 2, 1 << i)
        view_win = win.reshape(1 << (n - 1 - i), 2, 1 << i)
        view_min[:, 1, :] &= ~view_win[:, 0, :]
    found = [int(m) for m in np.flatnonzero(minimal)]
    found.sort(key=lambda m: (bin(m).count("1"), [i for i in range(n) if m >> i & 1]))
    return [tuple(game.names[i] for i in range(n) if m >> i & 1) for m in found]
