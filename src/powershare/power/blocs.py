"""A-priori unions (blocs, alliances): a partition of the members that vote together.

A :class:`Blocs` structure groups members into named blocs (members not named form blocs of
their own).  It is used by the Owen value (Owen 1977) and the Banzhaf-Owen value (Owen 1982),
and :func:`bloc_game` builds the game in which each bloc votes as one (the quotient game).

>>> from powershare.games.weighted import WeightedGame
>>> game = WeightedGame(4, [3, 2, 1, 1], ["A", "B", "C", "D"])
>>> blocs = Blocs.from_spec(game, "A+D, B+C")
>>> blocs.names, blocs.groups
(('A+D', 'B+C'), ((0, 3), (1, 2)))
>>> bloc_game(game, blocs).notation()
'[4; 4, 3]'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from powershare.errors import InvalidGameError, InvalidInputError
from powershare.games.base import SimpleGame
from powershare.games.lazy_numpy import np
from powershare.games.weighted import WeightedGame

if TYPE_CHECKING:
    from powershare.games.base import BoolArray, IntArray

__all__ = ["Blocs", "GameWithBlocs", "QuotientGame", "bloc_game"]


@dataclass(frozen=True)
class Blocs:
    """A partition of a game's members into blocs (a coalition structure).

    Attributes
    ----------
    groups
        Member positions of each bloc, in the game's order (every member exactly once).
    names
        Bloc names (given, or the members joined by ``+``).
    """

    groups: tuple[tuple[int, ...], ...]
    names: tuple[str, ...]

    @property
    def m(self) -> int:
        """Number of blocs."""
        return len(self.groups)

    def bloc_of(self, member: int) -> int:
        """Position of the bloc containing a member."""
        for k, group in enumerate(self.groups):
            if member in group:
                return k
        raise InvalidInputError(f"member {member} is in no bloc")  # pragma: no cover

    def is_trivial(self) -> bool:
        """Whether every bloc is a single member (the Owen value is then Shapley-Shubik)."""
        return all(len(g) == 1 for g in self.groups)

    def describe(self, game: SimpleGame) -> str:
        """E.g. ``"A+D | B+C"`` with member names."""
        return " | ".join(
            name
            if len(group) > 1 and name != "+".join(game.names[i] for i in group)
            else "+".join(game.names[i] for i in group)
            for name, group in zip(self.names, self.groups, strict=True)
        )

    @classmethod
    def from_spec(cls, game: SimpleGame, spec: object) -> Blocs:
        """Build blocs for ``game`` from any accepted form.

        Accepted: a :class:`Blocs`; text ``"A+B, C+D"`` or ``"North: A+B; South: C+D"`` (blocs
        separated by ``,`` or ``;``, members by ``+``, an optional ``Name:`` in front); a
        mapping ``{"North": ["A", "B"], ...}``; a list of lists of member names or positions.
        Members not mentioned form single-member blocs.

        Raises
        ------
        InvalidInputError
            For an unknown member, a member in two blocs, an empty bloc or a repeated name.
        """
        if isinstance(spec, Blocs):
            if sum(len(g) for g in spec.groups) != game.n:
                raise InvalidInputError(
                    f"the blocs cover {sum(len(g) for g in spec.groups)} members but the game "
                    f"has {game.n}"
                )
            return spec
        named: list[tuple[str | None, list[str | int]]] = []
        if isinstance(spec, str):
            for part in (p.strip() for p in spec.replace(";", ",").split(",")):
                if not part:
                    continue
                name: str | None = None
                if ":" in part:
                    name, _, part = (x.strip() for x in part.partition(":"))
                    if not name:
                        raise InvalidInputError(f"bloc {part!r} has an empty name before ':'")
                members = [m.strip() for m in part.split("+")]
                if not part or any(not m for m in members):
                    raise InvalidInputError(
                        f"bloc {part!r} is malformed; write members joined by '+', e.g. 'A+B'"
                    )
                named.append((name, list(members)))
        elif isinstance(spec, Mapping):
            for key, members in spec.items():
                if isinstance(members, str | bytes) or not isinstance(members, Iterable):
                    raise InvalidInputError(
                        f"bloc {key!r} must list its members, e.g. {key}: [A, B]; got {members!r}"
                    )
                named.append((str(key), list(members)))
        elif isinstance(spec, Iterable):
            for item in spec:
                group: list[str | int]
                if isinstance(item, str | int):
                    group = [item]
                elif isinstance(item, Iterable):
                    group = list(item)
                else:
                    raise InvalidInputError(f"a bloc must be a list of members, not {item!r}")
                named.append((None, group))
        else:
            raise InvalidInputError(
                f"blocs {spec!r} not understood; give text like 'A+B, C+D', a mapping of bloc "
                "names to member lists, or a list of member lists"
            )
        return cls._build(game, named)

    @classmethod
    def _build(cls, game: SimpleGame, named: list[tuple[str | None, list[str | int]]]) -> Blocs:
        owner: dict[int, int] = {}
        groups: list[tuple[int, ...]] = []
        names: list[str] = []
        for k, (name, members) in enumerate(named):
            if not members:
                raise InvalidInputError(f"bloc {name or k + 1!r} has no members")
            positions = []
            for member in members:
                i = _member_position(game, member)
                if i in owner:
                    other = names[owner[i]] if owner[i] < len(names) else str(owner[i] + 1)
                    raise InvalidInputError(
                        f"member {game.names[i]!r} is in two blocs ({other!r} and "
                        f"{name or '+'.join(map(str, members))!r}); each member belongs to one bloc"
                    )
                owner[i] = k
                positions.append(i)
            groups.append(tuple(sorted(positions)))
            names.append(name or "+".join(game.names[i] for i in sorted(positions)))
        for i in range(game.n):
            if i not in owner:
                owner[i] = len(groups)
                groups.append((i,))
                names.append(game.names[i])
        seen: set[str] = set()
        for name in names:
            if name in seen:
                raise InvalidInputError(f"bloc name {name!r} is used twice; bloc names must differ")
            seen.add(name)
        order = sorted(range(len(groups)), key=lambda k: groups[k][0])
        return cls(tuple(groups[k] for k in order), tuple(names[k] for k in order))


def _member_position(game: SimpleGame, member: object) -> int:
    if isinstance(member, str):
        text = member.strip()
        if text in game.names:
            return game.names.index(text)
        raise InvalidInputError(
            f"unknown member {text!r} in the blocs; members are {', '.join(game.names)}"
        )
    if isinstance(member, int | np.integer) and not isinstance(member, bool):
        if 0 <= int(member) < game.n:
            return int(member)
        raise InvalidInputError(
            f"member position {member} in the blocs is out of range; allowed 0..{game.n - 1}"
        )
    raise InvalidInputError(f"bloc member {member!r} must be a member name or position")


class GameWithBlocs(SimpleGame):
    """A game together with a bloc structure: what the Owen-type counting methods receive.

    It behaves as the underlying game (same members, same winning coalitions).
    """

    def __init__(self, game: SimpleGame, blocs: Blocs) -> None:
        self.game = game
        self.blocs = blocs
        self.names = game.names

    def is_winning(self, coalition: Iterable[int | str]) -> bool:
        """As the underlying game."""
        return self.game.is_winning(coalition)

    def winning_masks(self, masks: IntArray) -> BoolArray:
        """As the underlying game."""
        return self.game.winning_masks(masks)

    def describe(self) -> str:
        """The rule, and the blocs."""
        return f"{self.game.describe()}; blocs {self.blocs.describe(self.game)}"


class QuotientGame(SimpleGame):
    """The game in which each bloc votes as one: a set of blocs wins iff their members do."""

    def __init__(self, game: SimpleGame, blocs: Blocs) -> None:
        self.game = game
        self.blocs = blocs
        self.names = blocs.names

    def is_winning(self, coalition: Iterable[int | str]) -> bool:
        """Whether the union of the given blocs wins."""
        members = [i for k in self._coalition_indices(coalition) for i in self.blocs.groups[k]]
        return self.game.is_winning(members)

    def winning_masks(self, masks: IntArray) -> BoolArray:
        """Vectorised: bit ``k`` of each mask says whether bloc ``k`` is in."""
        masks = np.asarray(masks, dtype=np.int64)
        inner = np.zeros(masks.shape, dtype=np.int64)
        for k, group in enumerate(self.blocs.groups):
            bits = sum(1 << i for i in group)
            inner |= ((masks >> k) & 1) * bits
        return self.game.winning_masks(inner)

    def describe(self) -> str:
        """The rule, voted bloc by bloc."""
        return f"{self.game.describe()}, each bloc voting as one"


def bloc_game(game: SimpleGame, blocs: object) -> SimpleGame:
    """The game of the blocs, each voting as one (a weighted game stays weighted).

    Parameters
    ----------
    game
        The body.
    blocs
        A :class:`Blocs` or any form :meth:`Blocs.from_spec` accepts.
    """
    structure = Blocs.from_spec(game, blocs)
    if isinstance(game, WeightedGame):
        weights = [sum(game.weights[i] for i in g) for g in structure.groups]
        if sum(weights) == 0:  # pragma: no cover - a WeightedGame has positive total weight
            raise InvalidGameError("the blocs have no weight")
        return WeightedGame(
            game.quota, weights, structure.names, scale=game.scale, quota_text=game.quota_text
        )
    return QuotientGame(game, structure)
