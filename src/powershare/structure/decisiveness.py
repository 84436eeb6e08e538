"""How able a rule is to decide at all: the power of the collectivity to act, vetoes, and the
smallest coalitions that can block.

Equal power is trivially reached by unanimity, and a rule that gives every member a veto can
look "fair" by every power index.  :func:`decisiveness` says what such a rule costs:

* **Coleman's power of the collectivity to act** (Coleman 1971, "Control of collectivities
  and the power of a collectivity to act", in Lieberman (ed.), *Social Choice*): the share of
  all ``2^n`` coalitions that win, ``W / 2^n``, exact.  ``W`` is the registry's ``"winning"``
  quantity (:mod:`powershare.power.extended`), so every counting method that counts winning
  coalitions serves it (dynamic programming over weights for weighted games, enumeration or
  the circuit methods for compound rules);
* the **veto players** (members in every winning coalition: a monotone rule's member ``i``
  has a veto iff the coalition of all others loses);
* the **smallest blocking coalitions** (coalitions whose members together can stop every
  decision, of the fewest members): for a weighted game ``[q; w]`` a coalition blocks iff
  its weight is at least ``W - q + 1``; the fewest members needed is reached by the heaviest
  ones, and every coalition of that size reaching it is listed by a pruned depth-first
  search.  Other rules use the minimal blocking coalitions of
  :func:`powershare.structure.core.minimal_blocking_coalitions` (enumeration).

>>> from powershare.games.weighted import WeightedGame
>>> d = decisiveness(WeightedGame(100, [96, 1, 1, 1, 1], ["A", "B", "C", "D", "E"]))
>>> d.collectivity
Fraction(1, 32)
>>> for line in d.words():
...     print(line)
Only 1 of 32 possible coalitions (3.1%) can pass a decision.
Every member has a veto (any one of A, B, C, D, E can stop every decision): this is unanimity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from powershare.errors import MethodNotApplicableError
from powershare.games.base import SimpleGame
from powershare.games.circuit import circuit_of
from powershare.games.display import Displayable, TableData, member_table, plural
from powershare.games.lazy_numpy import np
from powershare.games.weighted import WeightedGame
from powershare.power.compound.symmetric import member_classes
from powershare.power.registry import Limits, registry
from powershare.structure.core import ENUMERATION_MAX_MEMBERS, minimal_blocking_coalitions

__all__ = ["Decisiveness", "decisiveness", "percent", "winning_coalitions"]

COUNT_CAP = 10_000
"""Smallest blocking coalitions are counted up to this many (beyond: "more than")."""


def percent(x: Fraction | float) -> str:
    """A share as a percentage with enough digits to tell small shares from 0.

    >>> percent(Fraction(1, 32)), percent(Fraction(1, 2)), percent(Fraction(1, 3000))
    ('3.1%', '50%', '0.033%')
    """
    v = float(x) * 100
    if v == 0 or v == 100:
        return f"{v:.0f}%"
    if v >= 10:
        text = f"{v:.1f}"
    elif v >= 1:
        text = f"{v:.2g}" if v < 9.95 else f"{v:.1f}"
    else:
        text = f"{v:.2g}"
    if "e" in text:
        text = f"{v:.2e}"
    if "." in text and "e" not in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True, repr=False)
class Decisiveness(Displayable):
    """How able a rule is to decide (see :func:`decisiveness`).

    Attributes
    ----------
    names
        Member names.
    winning, coalitions
        Winning coalitions and all ``2^n`` coalitions.
    collectivity
        Coleman's power of the collectivity to act, ``winning / coalitions``.
    vetoes
        Positions of the members with a veto.
    blocking_size
        Fewest members that together can stop every decision (``None``: not computed, for
        compound rules of more than the enumeration limit).
    smallest_blocking
        Up to ``limit`` blocking coalitions of ``blocking_size`` members (positions).
    smallest_blocking_count
        How many there are; ``None`` when more than :data:`COUNT_CAP` (or not computed).
    """

    names: tuple[str, ...]
    winning: int
    coalitions: int
    collectivity: Fraction
    vetoes: tuple[int, ...]
    blocking_size: int | None
    smallest_blocking: tuple[tuple[int, ...], ...]
    smallest_blocking_count: int | None

    @classmethod
    def of(
        cls,
        names: Sequence[str],
        winning: int,
        vetoes: tuple[int, ...],
        blocking: tuple[int | None, tuple[tuple[int, ...], ...], int | None],
    ) -> Decisiveness:
        """From the count of winning coalitions, the vetoes and ``blocking``, the smallest
        blocking coalitions as ``(size, listed, count)``; Coleman's collectivity follows.

        >>> Decisiveness.of(["A", "B"], 1, (0, 1), (1, ((0,), (1,)), 2)).collectivity
        Fraction(1, 4)
        """
        coalitions = 2 ** len(names)
        size, listed, count = blocking
        return cls(
            names=tuple(names),
            winning=winning,
            coalitions=coalitions,
            collectivity=Fraction(winning, coalitions),
            vetoes=vetoes,
            blocking_size=size,
            smallest_blocking=listed,
            smallest_blocking_count=count,
        )

    @property
    def unanimity(self) -> bool:
        """Whether only the coalition of everyone wins (every member a veto)."""
        return self.winning == 1 and len(self.vetoes) == len(self.names)

    def veto_names(self) -> list[str]:
        """Names of the members with a veto."""
        return [self.names[i] for i in self.vetoes]

    def table_data(self) -> TableData:
        """One row per member: veto, and in how many listed smallest blocking coalitions."""
        blocking = [sum(i in c for c in self.smallest_blocking) for i in range(len(self.names))]
        return member_table(self.names, {"veto": self.vetoes}, {"in_smallest_blocking": blocking})

    def short_summary(self) -> str:
        """``collectivity 7/32 (21.9%), 6 members; vetoes 0, smallest blocking 3``."""
        size = "?" if self.blocking_size is None else self.blocking_size
        facts = f"vetoes {len(self.vetoes)}, smallest blocking {size}"
        share = f"{self.collectivity} ({percent(self.collectivity)})"
        return f"collectivity {share}, {plural(len(self.names), 'member')}; {facts}"

    def blocking_names(self) -> list[list[str]]:
        """The listed smallest blocking coalitions, by member name."""
        return [[self.names[i] for i in c] for c in self.smallest_blocking]

    def short(self) -> str:
        """A table cell: ``"3.1%; vetoes: A, B"`` or ``"50%; block with 2"``."""
        text = percent(self.collectivity)
        if self.vetoes:
            return text + "; vetoes: " + ", ".join(self.veto_names())
        if self.blocking_size is not None:
            return text + f"; {self.blocking_size} can block"
        return text

    def words(self) -> list[str]:
        """Plain-words sentences: how often a decision can pass, who can stop it."""
        n = len(self.names)
        pct = percent(self.collectivity)
        if self.winning == 0:
            first = f"No coalition of the {n} members can pass a decision."
        elif self.winning == 1:
            first = (
                f"Only 1 of {self.coalitions:,} possible coalitions ({pct}) can pass a decision."
            )
        else:
            first = (
                f"{pct} of possible coalitions ({self.winning:,} of {self.coalitions:,}) can pass "
                "a decision."
            )
        out = [first]
        vetoes = self.veto_names()
        if self.unanimity and n > 1:
            out.append(
                f"Every member has a veto (any one of {', '.join(vetoes)} can stop every "
                "decision): this is unanimity."
            )
        elif len(vetoes) == 1:
            out.append(f"{vetoes[0]} alone can stop every decision (a veto).")
        elif vetoes:
            out.append(f"Any one of {', '.join(vetoes)} can stop every decision (a veto each).")
        elif self.blocking_size is not None and self.smallest_blocking:
            examples = ["+".join(c) for c in self.blocking_names()[:3]]
            count = self.smallest_blocking_count
            how_many = (
                f"{count:,} such coalitions"
                if count is not None
                else f"more than {COUNT_CAP:,} such coalitions"
            )
            more = ", ..." if count is None or count > len(examples) else ""
            out.append(
                f"No member can stop decisions alone; {self.blocking_size} members together "
                f"can ({how_many}: {', '.join(examples)}{more})."
            )
        return out

    def sentence(self) -> str:
        """:meth:`words` as one paragraph."""
        return " ".join(self.words())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description (members by name)."""
        return {
            "collectivity": float(self.collectivity),
            "collectivity_exact": str(self.collectivity),
            "winning_coalitions": self.winning,
            "coalitions": self.coalitions,
            "vetoes": self.veto_names(),
            "blocking_size": self.blocking_size,
            "smallest_blocking": self.blocking_names(),
            "smallest_blocking_count": self.smallest_blocking_count,
            "words": self.words(),
        }


def winning_coalitions(
    game: SimpleGame, *, method: str = "auto", limits: Limits | None = None
) -> int:
    """The number of winning coalitions, counted by the registry's ``"winning"`` quantity."""
    chosen, _estimate = registry.choose(game, "winning", method, limits)
    return int(chosen.count(game, "winning").scalars["winning_coalitions"])


def _vetoes(game: SimpleGame) -> tuple[int, ...]:
    if isinstance(game, WeightedGame):
        total = game.total_weight
        return tuple(i for i, w in enumerate(game.weights) if total - w < game.quota)
    circuit = circuit_of(game)
    if circuit is None:
        everyone = set(range(game.n))
        return tuple(i for i in range(game.n) if not game.is_winning(everyone - {i}))
    # interchangeable members share their veto: test one of each class, a block of rows at a
    # time (one test per member is quadratic: minutes for 5,000 members)
    classes = member_classes(circuit)
    vetoes: list[int] = []
    for start in range(0, len(classes), 256):
        block = classes[start : start + 256]
        x = np.ones((len(block), game.n), dtype=np.int64)
        x[np.arange(len(block)), [c[0] for c in block]] = 0
        for members, wins in zip(block, circuit.evaluate(x), strict=True):
            if not wins:
                vetoes.extend(members)
    return tuple(sorted(vetoes))


def _weighted_smallest(
    weights: tuple[int, ...], need: int, limit: int
) -> tuple[int, tuple[tuple[int, ...], ...], int | None]:
    """Fewest members reaching ``need``, up to ``limit`` such coalitions, and their count."""
    order = sorted(range(len(weights)), key=lambda i: -weights[i])
    w = [weights[i] for i in order]
    size, acc = 0, 0
    while acc < need:
        acc += w[size]
        size += 1
    found: list[tuple[int, ...]] = []
    count = 0
    chosen: list[int] = []
    prefix = [0]
    for x in w:
        prefix.append(prefix[-1] + x)
    # depth-first search with an explicit stack (no recursion: a thousand members deep); each
    # frame is (next position to try, members still to choose, weight chosen so far)
    stack: list[list[int]] = [[0, size, 0]]
    while stack:
        frame = stack[-1]
        j, k, total = frame
        if k == 0:
            if total >= need:
                count += 1
                if len(found) < limit:
                    found.append(tuple(sorted(order[i] for i in chosen)))
            done = True
        else:
            # the heaviest k members from j on are w[j:j+k]: prune when they fall short
            done = j > len(w) - k or total + prefix[j + k] - prefix[j] < need or count > COUNT_CAP
        if done:
            stack.pop()
            if chosen:
                chosen.pop()
            continue
        frame[0] = j + 1
        chosen.append(j)
        stack.append([j + 1, k - 1, total + w[j]])
    return size, tuple(found), (count if count <= COUNT_CAP else None)


def decisiveness(
    game: SimpleGame,
    *,
    method: str = "auto",
    limits: Limits | None = None,
    limit: int = 10,
) -> Decisiveness:
    """How able ``game`` is to decide: Coleman's power of the collectivity to act (exact), the
    veto players and the smallest blocking coalitions (up to ``limit`` listed).

    Parameters
    ----------
    game
        Any rule (weighted games of any size; compound rules as far as the registry can count
        their winning coalitions; their blocking coalitions up to
        :data:`~powershare.structure.core.ENUMERATION_MAX_MEMBERS` members).
    method, limits
        The counting method for the winning coalitions (``"auto"``) and its limits.

    Examples
    --------
    >>> from powershare.games.weighted import WeightedGame
    >>> d = decisiveness(WeightedGame(66, [37, 28, 10, 10, 15], ["P", "T", "H", "U", "O"]))
    >>> d.collectivity, d.veto_names()
    (Fraction(1, 4), ['P'])
    >>> d = decisiveness(WeightedGame(3, [1, 1, 1, 1, 1]))
    >>> d.collectivity, d.blocking_size, d.smallest_blocking_count
    (Fraction(1, 2), 3, 10)
    """
    n = game.n
    winning = winning_coalitions(game, method=method, limits=limits)
    vetoes = _vetoes(game)
    size: int | None
    listed: tuple[tuple[int, ...], ...]
    count: int | None
    if winning == 0:  # nothing passes: the empty coalition already blocks
        size, listed, count = 0, ((),), 1
    elif isinstance(game, WeightedGame):
        need = game.total_weight - game.quota + 1
        size, listed, count = _weighted_smallest(game.weights, need, limit)
    elif n <= ENUMERATION_MAX_MEMBERS:
        try:
            all_min = list(minimal_blocking_coalitions(game))
        except MethodNotApplicableError:  # pragma: no cover - guarded by the size test
            all_min = []
        if all_min:
            size = min(len(c) for c in all_min)
            smallest = [c for c in all_min if len(c) == size]
            listed, count = tuple(smallest[:limit]), len(smallest)
        else:  # pragma: no cover - a rule that wins something has a blocking coalition
            size, listed, count = None, (), None
    else:
        size, listed, count = (1, tuple((v,) for v in vetoes[:limit]), len(vetoes))
        if not vetoes:
            size, listed, count = None, (), None
    return Decisiveness.of(game.names, winning, vetoes, (size, listed, count))
