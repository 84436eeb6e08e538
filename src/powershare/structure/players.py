"""Veto players, dummies and the dictator of rules of any size the counting methods handle, and
plain-words warnings about a rule (not proper, vetoes).

:mod:`powershare.structure.core` enumerates the ``2^n`` coalitions of compound rules and so
stops at :data:`~powershare.structure.core.ENUMERATION_MAX_MEMBERS` members.  The special
members need far less: the registry's ``"swings"`` quantity (every exact counting method:
decision diagrams, symmetric classes, dynamic programming) gives each member's swing count
``s_i = W_i^+ - W_i^-`` and the number of winning coalitions ``W = W_i^+ + W_i^-``, where
``W_i^+`` counts the winning coalitions containing ``i`` (Banzhaf 1965; Felsenthal & Machover
1998, *The Measurement of Voting Power*, 3.2).  Hence

* ``i`` is a **dummy** (never decisive) iff ``s_i = 0``;
* ``i`` is a **veto player** (in every winning coalition) iff ``W_i^+ = W``, i.e. ``s_i = W``
  (with ``W > 0``);
* ``i`` is the **dictator** iff it is a veto player and wins alone.

:func:`structure_facts` gives the full structure (:func:`~powershare.structure.core.analyse`)
where enumeration allows, and these facts, saying what was not listed and why, beyond it.

>>> from powershare.games.weighted import WeightedGame
>>> p = special_players(WeightedGame(5, [3, 2, 1, 1], ["A", "B", "C", "D"]))
>>> p.veto_names(), p.dummy_names(), p.dictator
(['A'], [], None)
>>> rule_warnings(WeightedGame(2, [1, 1, 1, 1], ["A", "B", "C", "D"]))[0]  # doctest: +ELLIPSIS
'Two opposite proposals could both pass: ...'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from powershare.errors import MethodNotApplicableError
from powershare.games.base import SimpleGame
from powershare.games.numbers import format_fraction
from powershare.games.weighted import WeightedGame
from powershare.power.registry import Limits, registry
from powershare.structure.core import ENUMERATION_MAX_MEMBERS, analyse, is_proper, veto_players
from powershare.structure.decisiveness import winning_coalitions

__all__ = ["SpecialPlayers", "rule_warnings", "special_players", "structure_facts"]

PROPER_CHECK_MAX_MEMBERS = 16
"""Largest compound rule whose properness :func:`rule_warnings` checks (by enumeration)."""


@dataclass(frozen=True)
class SpecialPlayers:
    """Veto players, dummies and the dictator, from swing counts (see the module).

    Attributes
    ----------
    names
        Member names.
    winning
        The number of winning coalitions ``W``.
    swings
        Each member's swing count ``s_i`` (raw Banzhaf count).
    veto, dummies
        Positions of the veto players (``s_i = W``) and dummies (``s_i = 0``).
    dictator
        The member who decides alone, if any.
    method
        The counting method that counted the swings.
    """

    names: tuple[str, ...]
    winning: int
    swings: tuple[int, ...]
    veto: tuple[int, ...]
    dummies: tuple[int, ...]
    dictator: int | None
    method: str

    def veto_names(self) -> list[str]:
        """Names of the veto players."""
        return [self.names[i] for i in self.veto]

    def dummy_names(self) -> list[str]:
        """Names of the dummies."""
        return [self.names[i] for i in self.dummies]


def special_players(
    game: SimpleGame, *, method: str = "auto", limits: Limits | None = None
) -> SpecialPlayers:
    """Veto players, dummies and the dictator of ``game`` from its swing counts.

    Works for every rule a counting method of the registry can count swings of exactly, of any
    size (e.g. the Council of the EU, 27 members; US federal lawmaking, 537).

    Raises
    ------
    ResourceLimitError
        When no exact method counts the swings within ``limits`` (the message gives the
        estimate).

    Examples
    --------
    >>> from powershare.games.weighted import WeightedGame
    >>> p = special_players(WeightedGame(12, [4, 4, 4, 2, 2, 1], ["F", "D", "I", "B", "N", "L"]))
    >>> p.winning, p.dummy_names(), p.veto_names()
    (14, ['L'], [])
    """
    chosen, _estimate = registry.choose(game, "swings", method, limits)
    counts = chosen.count(game, "swings")
    swings = tuple(int(s) for s in counts.per_member)
    if "winning_coalitions" in counts.scalars:
        winning = int(counts.scalars["winning_coalitions"])
    else:  # this method counts swings only: count W by the registry's "winning" quantity
        winning = winning_coalitions(game, limits=limits)
    veto = tuple(i for i, s in enumerate(swings) if winning > 0 and s == winning)
    dummies = tuple(i for i, s in enumerate(swings) if s == 0)
    dictator = next((i for i in veto if game.is_winning([i])), None)
    return SpecialPlayers(
        names=tuple(game.names),
        winning=winning,
        swings=swings,
        veto=veto,
        dummies=dummies,
        dictator=dictator,
        method=chosen.name,
    )


def structure_facts(
    game: SimpleGame, limit: int = 20, *, limits: Limits | None = None
) -> dict[str, Any]:
    """The structure of ``game`` as a JSON-ready mapping, for rules of any size.

    Where the coalitions can be enumerated (weighted games of any size, other rules up to
    :data:`~powershare.structure.core.ENUMERATION_MAX_MEMBERS` members) this is
    :meth:`~powershare.structure.core.GameStructure.to_dict` of
    :func:`~powershare.structure.core.analyse` with ``"enumerated": True``.  Beyond, the veto
    players, dummies and dictator come from swing counts (:func:`special_players`); the
    coalition lists, their counts, the desirability classes and the properties are ``None``,
    ``"enumerated"`` is ``False`` and ``"note"`` says why.

    Examples
    --------
    >>> from powershare.datasets import load
    >>> facts = structure_facts(load("us-federal-lawmaking").game)
    >>> facts["enumerated"], facts["veto_players"], facts["dictator"]
    (False, [], None)
    """
    try:
        facts = analyse(game, limit, limits).to_dict()
    except MethodNotApplicableError:
        pass
    else:
        facts["enumerated"] = True
        facts["note"] = ""
        return facts
    players = special_players(game, limits=limits)
    return {
        "members": list(game.names),
        "minimal_winning_coalitions": None,
        "minimal_winning_count": None,
        "minimal_winning_listed_all": False,
        "minimal_blocking_coalitions": None,
        "minimal_blocking_count": None,
        "minimal_blocking_listed_all": False,
        "veto_players": players.veto_names(),
        "dummies": players.dummy_names(),
        "dictator": None if players.dictator is None else game.names[players.dictator],
        "equivalence_classes": None,
        "desirability_complete": None,
        "proper": None,
        "strong": None,
        "decisive": None,
        "homogeneous": None,
        "limit": limit,
        "winning_coalitions": players.winning,
        "method": players.method,
        "enumerated": False,
        "note": (
            f"Veto players and dummies are found from the exact swing counts (method "
            f"{players.method}). Coalitions are listed, and properness checked, by enumerating "
            f"all 2^n coalitions, which is limited to {ENUMERATION_MAX_MEMBERS} members for this "
            f"kind of rule; this body has {game.n}."
        ),
    }


def _join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _proper(game: SimpleGame) -> bool | None:
    if isinstance(game, WeightedGame) or game.n <= PROPER_CHECK_MAX_MEMBERS:
        try:
            return is_proper(game)
        except MethodNotApplicableError:  # pragma: no cover - guarded by the size test
            return None
    return None


def rule_warnings(game: SimpleGame) -> list[str]:
    """Plain-words warnings a negotiator should see about a rule.

    * the rule is not proper: a coalition and the members outside it can both win, so two
      opposite proposals could both pass (checked for weighted games of any size, other rules
      up to :data:`PROPER_CHECK_MAX_MEMBERS` members);
    * a member decides alone (dictator), or some members have a veto (each can stop every
      decision alone).

    Examples
    --------
    >>> from powershare.games.weighted import WeightedGame
    >>> for w in rule_warnings(WeightedGame(2, [2, 1, 1, 1], ["A", "B", "C", "D"])):
    ...     print(w)  # doctest: +NORMALIZE_WHITESPACE
    Two opposite proposals could both pass: the quota (2 of 5 weight, 40%) can be reached by
    a coalition and also by the members outside it (e.g. a proposal and its reverse). Raise
    the quota above half to prevent this.
    >>> rule_warnings(WeightedGame(4, [3, 1, 1], ["A", "B", "C"]))
    ['A alone can stop every decision (a veto).']
    >>> rule_warnings(WeightedGame(4, [4, 1, 1], ["A", "B", "C"]))
    ['A decides alone: every decision passes with A and fails without A (a dictator).']
    """
    out: list[str] = []
    if game.n == 0:
        return out
    if _proper(game) is False:
        if isinstance(game, WeightedGame):
            q = format_fraction(game.original_quota)
            total = format_fraction(game.total_weight / game.scale)
            share = 100 * game.quota / game.total_weight
            where = f"the quota ({q} of {total} weight, {share:.3g}%)"
            fix = " Raise the quota above half to prevent this."
        else:
            where, fix = "the rule", ""
        out.append(
            f"Two opposite proposals could both pass: {where} can be reached by a coalition "
            f"and also by the members outside it (e.g. a proposal and its reverse).{fix}"
        )
    vetoes = list(veto_players(game)) if isinstance(game, WeightedGame) else _vetoes(game)
    names = [game.names[i] for i in vetoes]
    dictator = next((i for i in vetoes if game.is_winning([i])), None)
    if dictator is not None:
        who = game.names[dictator]
        out.append(
            f"{who} decides alone: every decision passes with {who} and fails without {who} "
            "(a dictator)."
        )
    elif len(names) == game.n and game.n > 1:
        out.append("Every member has a veto: any one of them can stop every decision (unanimity).")
    elif len(names) == 1:
        out.append(f"{names[0]} alone can stop every decision (a veto).")
    elif names:
        shown = names if len(names) <= 8 else [*names[:8], f"{len(names) - 8} more"]
        out.append(f"Each of {_join(shown)} can stop every decision alone (a veto each).")
    return out


def _vetoes(game: SimpleGame) -> list[int]:
    """Veto players of a monotone rule: those without whom everyone else loses (n queries)."""
    everyone = set(range(game.n))
    if not game.is_winning(everyone):
        return []
    return [i for i in range(game.n) if not game.is_winning(everyone - {i})]
