"""Parties as the players across institutions: one game over the parties of a package.

An institution decides by its own rule over its own members (parties, communities, delegates,
office holders).  Each member belongs to one party; a party's members vote together (party
discipline, the usual modelling assumption of a-priori power in party systems, e.g. Laver &
Shepsle 1996 and the bloc models of Felsenthal & Machover 1998, ch. 7).  A coalition of parties
therefore wins an institution when the members of those parties win it, and an issue area that
needs several institutions in a chain (a law needs both chambers and the presidency) passes
when every institution of the chain passes: the ``AllOf`` of their rules over the union of
parties.  :class:`PartyGame` is that game; it compiles into the threshold circuit of
:mod:`powershare.games.circuit`, so every exact counting method of :mod:`powershare.power`
works on it unchanged.

>>> from powershare.games.weighted import WeightedGame
>>> lower = WeightedGame(3, [2, 1, 1], ["A1", "A2", "B1"])     # A1, A2 belong to party A
>>> upper = WeightedGame(2, [1, 1], ["B2", "C1"])
>>> g = PartyGame(["A", "B", "C"], [(lower, (0, 0, 1)), (upper, (1, 2))], labels=["L", "U"])
>>> [g.is_winning(c) for c in (["A"], ["A", "B"], ["A", "C"], ["A", "B", "C"])]
[False, False, False, True]
>>> g.describe()
'passes with (at least 3 of 4 weight in L) and (at least 2 of 2 weight in U)'
"""

from __future__ import annotations

from collections.abc import Sequence

from powershare.errors import InvalidGameError
from powershare.games.base import SimpleGame, validate_names
from powershare.games.circuit import CircuitBuilder, CompoundRule, Var, compile_rule, phrase_of

__all__ = ["PartyGame"]

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


class PartyGame(CompoundRule):
    """The game over ``parties`` in which every (or, with ``require="any"``, some) institution
    of a chain must pass, each institution's members voting with their party.

    Parameters
    ----------
    parties
        The players: party (or community) names.
    parts
        ``(game, party_of_member)``: an institution's rule over its own members, and for each
        of its members the index of its party in ``parties``.
    require
        ``"all"`` (a chain: every institution must pass) or ``"any"`` (alternative routes).
    labels
        Names of the institutions, for :meth:`describe`.
    """

    parts: tuple[tuple[SimpleGame, tuple[int, ...]], ...]
    require: str
    labels: tuple[str, ...]

    def __init__(
        self,
        parties: Sequence[str],
        parts: Sequence[tuple[SimpleGame, Sequence[int]]],
        *,
        require: str = "all",
        labels: Sequence[str] | None = None,
    ) -> None:
        names = validate_names(list(parties), len(list(parties)))
        if not parts:
            raise InvalidGameError("a party game needs at least one institution")
        if require not in ("all", "any"):
            raise InvalidGameError(f"require {require!r} is not known; allowed: 'all', 'any'")
        fixed: list[tuple[SimpleGame, tuple[int, ...]]] = []
        for game, mapping in parts:
            mapping_t = tuple(int(p) for p in mapping)
            if len(mapping_t) != game.n:
                raise InvalidGameError(
                    f"the party of each member is needed: got {len(mapping_t)} for {game.n} members"
                )
            if any(not 0 <= p < len(names) for p in mapping_t):
                raise InvalidGameError(f"party index out of range 0..{len(names) - 1}")
            fixed.append((game, mapping_t))
        if labels is None:
            labels = [
                f"the {_ORDINALS[k]} institution" if k < len(_ORDINALS) else f"institution {k + 1}"
                for k in range(len(fixed))
            ]
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "parts", tuple(fixed))
        object.__setattr__(self, "require", require)
        object.__setattr__(self, "labels", tuple(labels))

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError("PartyGame is immutable")

    def build_circuit(self, builder: CircuitBuilder, variables: Sequence[Var]) -> Var:
        kids = [
            compile_rule(game, builder, [variables[p] for p in mapping])
            for game, mapping in self.parts
        ]
        if len(kids) == 1:
            return kids[0]
        return builder.gate(kids, [1] * len(kids), len(kids) if self.require == "all" else 1)

    def phrase(self) -> str:
        joiner = " and " if self.require == "all" else " or "
        parts = [
            f"({phrase_of(game)} in {label})"
            for (game, _), label in zip(self.parts, self.labels, strict=True)
        ]
        if len(parts) == 1:
            return parts[0][1:-1]
        return joiner.join(parts)
