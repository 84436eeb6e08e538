"""Coleman and Rae on compound rules: winning counts derived from the exact swings.

Checked against enumeration of every coalition (the definitions), on rules small enough for it.
"""

import pytest

from powershare.games import AllOf, AnyOf, Criterion, Veto
from powershare.games.base import SimpleGame
from powershare.power import power

NAMES = ["A", "B", "C", "D", "E", "F", "G"]


def _rules() -> list[SimpleGame]:
    seats = Criterion([3, 3, 2, 2, 1, 1, 1], "majority", NAMES, label="seats")
    people = Criterion([10, 1, 7, 2, 5, 3, 1], "65%", NAMES, label="population")
    heads = Criterion([1] * 7, "4", NAMES, label="members")
    return [
        AllOf([seats, people]),
        AnyOf([AllOf([seats, heads]), people]),
        AllOf([seats, Veto(["C"], NAMES)]),
    ]


@pytest.mark.parametrize("rule", _rules(), ids=["all_of", "any_of", "veto"])
@pytest.mark.parametrize("method", ["decision-diagram", "symmetric-classes"])
@pytest.mark.parametrize("index", ["coleman_prevent", "coleman_initiate", "rae"])
def test_winning_based_indices_match_enumeration(rule: SimpleGame, method: str, index: str) -> None:
    fast = power(rule, index, method=method)
    reference = power(rule, index, method="enumeration")
    assert fast.exact == reference.exact
    assert fast.extra["winning_coalitions"] == reference.extra["winning_coalitions"]
