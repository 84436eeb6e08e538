"""The structure of a decision rule: who can win together, who can block, who is needed.

>>> from powershare.games.weighted import WeightedGame
>>> from powershare.structure import minimal_winning_coalitions, veto_players
>>> game = WeightedGame(5, [3, 2, 1, 1])
>>> list(minimal_winning_coalitions(game))
[(0, 1), (0, 2, 3)]
>>> veto_players(game)
(0,)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from powershare.games import lazy_package

if TYPE_CHECKING:  # what type checkers see; at run time the names are imported on first use
    from powershare.structure.core import (
        ENUMERATION_MAX_MEMBERS,
        Desirability,
        GameStructure,
        analyse,
        count_minimal_blocking,
        count_minimal_winning,
        desirability,
        dictator,
        dummies,
        equivalence_classes,
        is_decisive,
        is_homogeneous,
        is_proper,
        is_strong,
        minimal_blocking_coalitions,
        minimal_winning_coalitions,
        veto_players,
    )
    from powershare.structure.decisiveness import (
        Decisiveness,
        decisiveness,
        percent,
        winning_coalitions,
    )
    from powershare.structure.players import (
        SpecialPlayers,
        rule_warnings,
        special_players,
        structure_facts,
    )
    from powershare.structure.solutions import Solutions, solutions

__all__ = [
    "ENUMERATION_MAX_MEMBERS",
    "Decisiveness",
    "Solutions",
    "Desirability",
    "GameStructure",
    "SpecialPlayers",
    "analyse",
    "count_minimal_blocking",
    "count_minimal_winning",
    "decisiveness",
    "desirability",
    "dictator",
    "dummies",
    "equivalence_classes",
    "is_decisive",
    "is_homogeneous",
    "is_proper",
    "is_strong",
    "minimal_blocking_coalitions",
    "minimal_winning_coalitions",
    "percent",
    "solutions",
    "rule_warnings",
    "special_players",
    "structure_facts",
    "veto_players",
    "winning_coalitions",
]

lazy_package(
    __name__,
    {
        "powershare.structure.core": (
            "ENUMERATION_MAX_MEMBERS",
            "Desirability",
            "GameStructure",
            "analyse",
            "count_minimal_blocking",
            "count_minimal_winning",
            "desirability",
            "dictator",
            "dummies",
            "equivalence_classes",
            "is_decisive",
            "is_homogeneous",
            "is_proper",
            "is_strong",
            "minimal_blocking_coalitions",
            "minimal_winning_coalitions",
            "veto_players",
        ),
        "powershare.structure.decisiveness": (
            "Decisiveness",
            "decisiveness",
            "percent",
            "winning_coalitions",
        ),
        "powershare.structure.players": (
            "SpecialPlayers",
            "rule_warnings",
            "special_players",
            "structure_facts",
        ),
        "powershare.structure.solutions": ("Solutions", "solutions"),
    },
)
