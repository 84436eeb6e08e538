"""WeightedGame construction, exact scaling and validation."""

from fractions import Fraction

import pytest

from powershare.errors import InvalidGameError, InvalidQuotaError
from powershare.games import WeightedGame


def test_basic_facts() -> None:
    g = WeightedGame(12, [4, 4, 4, 2, 2, 1], ["FR", "DE", "IT", "BE", "NL", "LU"])
    assert g.n == 6 and g.total_weight == 17
    assert g.is_winning(["FR", "DE", "IT"]) and not g.is_winning(["FR", "DE", "LU"])
    assert g.notation() == "[12; 4, 4, 4, 2, 2, 1]"
    assert g == WeightedGame(12, (4, 4, 4, 2, 2, 1), ["FR", "DE", "IT", "BE", "NL", "LU"])


def test_decimals_and_percentages_are_scaled_exactly() -> None:
    g = WeightedGame.from_values(["0.1", "0.2", "0.7"], "majority")
    assert g.weights == (1, 2, 7) and g.scale == 10
    g = WeightedGame.from_values(["12.5%", "37.5%", "50%"], "50%")
    assert g.weights == (1, 3, 4)
    g = WeightedGame.from_values([0.1, 0.2], "2/3")  # floats are read at their decimal value
    assert g.weights == (1, 2)
    g = WeightedGame.from_values(["1/3", "2/3"], "0.5")
    assert g.weights == (1, 2) and g.original_weight(0) == Fraction(1, 3)


def test_absolute_quota_in_user_units() -> None:
    g = WeightedGame.from_values(["1.5", "2.5", "1"], "2.6")
    assert g.weights == (3, 5, 2) and g.quota == 6  # 2.6 * 2 = 5.2 -> at least 6


@pytest.mark.parametrize(
    ("weights", "quota", "fragment"),
    [
        ([], 1, "no members"),
        ([1, -2], 1, "negative"),
        ([0, 0], 1, "all weights are 0"),
        ([1, 2], 0, "out of range"),
        ([1, 2], 4, "out of range"),
        ([1.5, 2], 2, "not an integer"),
        ([True, 2], 2, "not an integer"),
    ],
)
def test_invalid_games(weights: list[object], quota: int, fragment: str) -> None:
    with pytest.raises(InvalidGameError, match=fragment):
        WeightedGame(quota, weights)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        (["x", "1"], "'x' is not a number"),
        (["nan"], "finite"),
        ([float("inf")], "finite"),
        (["-1"], "0 or more"),
    ],
)
def test_invalid_values(weights: list[object], fragment: str) -> None:
    with pytest.raises(InvalidGameError, match=fragment):
        WeightedGame.from_values(weights, 1)


def test_duplicate_and_empty_names() -> None:
    with pytest.raises(InvalidGameError, match="duplicate member name 'A'"):
        WeightedGame(2, [1, 1], ["A", "A"])
    with pytest.raises(InvalidGameError, match="non-empty"):
        WeightedGame(2, [1, 1], ["A", " "])
    with pytest.raises(InvalidGameError, match="2 names for 3 members"):
        WeightedGame(2, [1, 1, 1], ["A", "B"])


def test_quota_above_total_is_refused() -> None:
    with pytest.raises(InvalidQuotaError, match="above the total weight"):
        WeightedGame.from_values([1, 2], 4)


def test_with_quota() -> None:
    g = WeightedGame(12, [4, 4, 4, 2, 2, 1]).with_quota("majority")
    assert g.quota == 9 and "majority" in g.describe()
