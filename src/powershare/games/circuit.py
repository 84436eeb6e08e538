"""The normal form of every rule: a monotone **threshold circuit**, and the base of compound rules.

A :class:`Circuit`'s *leaves* are weighted quotas over the members ("at least 65% of
population"), its *gates* are weighted quotas over other nodes ("at least 2 of these 3 blocs";
AND = all, OR = at least one).  Every rule of :mod:`powershare.games.compound` compiles to one
(:class:`CompoundRule` with :meth:`~CompoundRule.build_circuit`), and so does a
:class:`~powershare.games.weighted.WeightedGame` (:func:`circuit_of`); the exact counting
methods in :mod:`powershare.power.compound` and the Monte Carlo estimator work on this form.
The circuit view of simple games follows Bolus (2011), EJOR 210:258-272 (vector-weighted and
compound games as combinations of threshold functions).

>>> from powershare.games.weighted import WeightedGame
>>> c = circuit_of(WeightedGame(12, [4, 4, 4, 2, 2, 1]))
>>> c.n_leaves, c.leaf_quota, len(c.gates)
(1, (12,), 0)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from powershare.errors import InvalidGameError
from powershare.games.base import SimpleGame
from powershare.games.lazy_numpy import np
from powershare.games.weighted import WeightedGame

if TYPE_CHECKING:
    from powershare.games.base import BoolArray, IntArray

__all__ = [
    "INT64_SAFE",
    "Circuit",
    "CircuitBuilder",
    "CompoundRule",
    "Gate",
    "Var",
    "circuit_of",
    "compile_rule",
    "phrase_of",
]

INT64_SAFE = 2**62
"""Leaf sums below this bound fit int64 with room for one addition."""


@dataclass(frozen=True)
class Gate:
    """A weighted quota over other nodes: true when ``sum(weights[j] * child_j) >= quota``."""

    children: tuple[int, ...]
    weights: tuple[int, ...]
    quota: int


@dataclass(frozen=True, eq=False)
class Circuit:
    """A monotone threshold circuit over ``n`` member variables.

    Nodes ``0 .. L-1`` are leaves: leaf ``lf`` is true when
    ``leaf_weights[lf] @ x >= leaf_quota[lf]``.
    Node ``L + j`` is ``gates[j]``, whose children have smaller ids.  The root is the last node.
    """

    n: int
    leaf_weights: tuple[tuple[int, ...], ...]
    leaf_quota: tuple[int, ...]
    gates: tuple[Gate, ...]

    @property
    def n_leaves(self) -> int:
        """Number of leaves."""
        return len(self.leaf_quota)

    @property
    def root(self) -> int:
        """Id of the root node."""
        return self.n_leaves + len(self.gates) - 1

    def weight_matrix(self) -> np.ndarray[Any, Any]:
        """Leaf weights as an ``L x n`` array (int64, or object if sums could overflow)."""
        big = any(sum(row) >= INT64_SAFE for row in self.leaf_weights)
        return np.array(self.leaf_weights, dtype=object if big else np.int64).reshape(
            self.n_leaves, self.n
        )

    @property
    def fits_int64(self) -> bool:
        """Whether every leaf's total weight is below 2**62 (so int64 sums cannot overflow)."""
        return all(sum(row) < INT64_SAFE for row in self.leaf_weights)

    def leaves_from_sums(self, sums: np.ndarray[Any, Any]) -> BoolArray:
        """Leaf truth values from leaf sums (``L x ...``)."""
        quota = np.array(self.leaf_quota, dtype=sums.dtype).reshape(
            (self.n_leaves,) + (1,) * (sums.ndim - 1)
        )
        return np.asarray(sums >= quota, dtype=np.bool_)

    def root_from_leaves(self, leaves: BoolArray | Sequence[BoolArray]) -> BoolArray:
        """Evaluate the gates given leaf truth values (one array per leaf; they broadcast)."""
        values: list[BoolArray] = [np.asarray(v, dtype=np.bool_) for v in leaves]
        for gate in self.gates:
            kids = [values[c] for c in gate.children]
            if all(w == 1 for w in gate.weights) and gate.quota == len(kids):
                out = kids[0]
                for k in kids[1:]:
                    out = out & k
            elif all(w >= gate.quota for w in gate.weights):
                out = kids[0]
                for k in kids[1:]:
                    out = out | k
            else:
                total: Any = 0
                for k, w in zip(kids, gate.weights, strict=True):
                    total = total + k.astype(np.int64) * w
                out = np.asarray(total >= gate.quota)
            values.append(out)
        return values[self.root]

    def evaluate(self, x: np.ndarray[Any, Any]) -> BoolArray:
        """Winning or not, for each row of the 0/1 matrix ``x`` (coalitions x members)."""
        w = self.weight_matrix()
        x = np.asarray(x)
        sums = (w @ x.T.astype(w.dtype)) if x.ndim == 2 else (w @ x.astype(w.dtype))
        return self.root_from_leaves(self.leaves_from_sums(np.asarray(sums)))

    def node_depends(self) -> list[frozenset[int]]:
        """For each node, the set of leaves below it."""
        deps: list[frozenset[int]] = [frozenset({i}) for i in range(self.n_leaves)]
        for gate in self.gates:
            deps.append(frozenset().union(*(deps[c] for c in gate.children)))
        return deps


class CircuitBuilder:
    """Collects leaves and gates; identical leaves are shared."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.leaves: list[tuple[tuple[int, ...], int]] = []
        self.leaf_ids: dict[tuple[tuple[int, ...], int], int] = {}
        self.gates: list[tuple[tuple[int, ...], tuple[int, ...], int]] = []

    # A "var" is ("m", member index) or ("g", gate/leaf node reference).
    def threshold(
        self, weights: Sequence[int], quota: int, variables: Sequence[tuple[str, int]]
    ) -> tuple[str, int]:
        kinds = {kind for (kind, _), w in zip(variables, weights, strict=True) if w}
        if kinds <= {"m"}:
            row = [0] * self.n
            for (_, i), w in zip(variables, weights, strict=True):
                row[i] += int(w)
            key = (tuple(row), int(quota))
            if key not in self.leaf_ids:
                self.leaf_ids[key] = len(self.leaves)
                self.leaves.append(key)
            return ("L", self.leaf_ids[key])
        children = []
        ws = []
        for var, w in zip(variables, weights, strict=True):
            if w:
                children.append(var)
                ws.append(int(w))
        return self.gate(children, ws, quota)

    def gate(
        self, children: Sequence[tuple[str, int]], weights: Sequence[int], quota: int
    ) -> tuple[str, int]:
        if len(children) == 1 and weights[0] >= quota:
            return children[0]
        self.gates.append((tuple(c for c in children), tuple(weights), int(quota)))  # type: ignore[misc]
        return ("G", len(self.gates) - 1)

    def finish(self, root: tuple[str, int]) -> Circuit:
        n_leaves = len(self.leaves)

        def node_id(ref: tuple[str, int]) -> int:
            return ref[1] if ref[0] == "L" else n_leaves + ref[1]

        gates = [
            Gate(tuple(node_id(c) for c in ch), ws, q)  # type: ignore[arg-type]
            for ch, ws, q in self.gates
        ]
        if (root[0] == "L" and gates) or (
            root[0] == "G" and root[1] != len(gates) - 1
        ):  # make the root the last node
            gates.append(Gate((node_id(root),), (1,), 1))
        return Circuit(
            self.n,
            tuple(w for w, _ in self.leaves),
            tuple(q for _, q in self.leaves),
            tuple(gates),
        )


Var = tuple[str, int]


def compile_rule(game: SimpleGame, builder: CircuitBuilder, variables: Sequence[Var]) -> Var:
    """Compile ``game`` into ``builder``; member ``i`` of the game is ``variables[i]``."""
    if isinstance(game, CompoundRule):
        return game.build_circuit(builder, variables)
    if isinstance(game, WeightedGame):
        return builder.threshold(game.weights, game.quota, variables)
    raise InvalidGameError(
        f"a {type(game).__name__} cannot be used inside a compound rule; use WeightedGame, "
        "Criterion, AtLeast, Veto, AllOf, AnyOf, BlocConsent, TwoTier or MinimalWinning"
    )


def circuit_of(game: SimpleGame) -> Circuit | None:
    """The threshold circuit of a weighted or compound game (``None`` for other games)."""
    if isinstance(game, CompoundRule):
        return game.circuit
    if isinstance(game, WeightedGame):
        b = CircuitBuilder(game.n)
        return b.finish(b.threshold(game.weights, game.quota, [("m", i) for i in range(game.n)]))
    return None


class CompoundRule(SimpleGame):
    """Base of the rules in this module: evaluation through the compiled :class:`Circuit`."""

    names: tuple[str, ...]

    def build_circuit(
        self, builder: CircuitBuilder, variables: Sequence[Var]
    ) -> Var:  # pragma: no cover
        """Compile the rule into ``builder``; member ``i`` is ``variables[i]``."""
        raise NotImplementedError

    def phrase(self) -> str:  # pragma: no cover
        """The rule in words, without the leading "passes with "."""
        raise NotImplementedError

    @property
    def circuit(self) -> Circuit:
        """The compiled threshold circuit (computed once)."""
        cached = self.__dict__.get("_circuit")
        if cached is None:
            b = CircuitBuilder(self.n)
            cached = b.finish(self.build_circuit(b, [("m", i) for i in range(self.n)]))
            object.__setattr__(self, "_circuit", cached)
        return cached

    def is_winning(self, coalition: Iterable[int | str]) -> bool:
        """Whether the coalition (indices or names) wins."""
        x = np.zeros(self.n, dtype=np.int64)
        for i in self._coalition_indices(coalition):
            x[i] = 1
        return bool(self.circuit.evaluate(x[None, :])[0])

    def winning_masks(self, masks: IntArray) -> BoolArray:
        """Vectorised test over bitmask-encoded coalitions (n <= 62)."""
        if self.n > 62:
            raise InvalidGameError(f"bitmask evaluation supports at most 62 members, not {self.n}")
        masks = np.asarray(masks, dtype=np.int64)
        flat = masks.reshape(-1)
        c = self.circuit
        w = c.weight_matrix()
        sums = np.zeros((c.n_leaves, flat.size), dtype=w.dtype)
        for i in range(self.n):
            col = w[:, i]
            if np.any(col != 0):
                bit = ((flat >> i) & 1).astype(w.dtype)
                sums += col[:, None] * bit[None, :]
        return c.root_from_leaves(c.leaves_from_sums(sums)).reshape(masks.shape)

    def describe(self) -> str:
        """The rule in words."""
        return "passes with " + self.phrase()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.describe()!r}, n={self.n})"


def phrase_of(game: SimpleGame) -> str:
    if isinstance(game, CompoundRule):
        return game.phrase()
    if isinstance(game, WeightedGame):
        return game.describe().removeprefix("passes with ")
    return game.describe()
