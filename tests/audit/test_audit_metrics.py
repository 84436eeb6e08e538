"""Every equality/concentration metric against a hand-computed case."""

from fractions import Fraction as F

import pytest

from powershare.audit.metrics import (
    concentration,
    effective_number,
    euclidean_distance,
    gini,
    herfindahl,
    max_min_ratio,
    shares,
    total_variation,
    weighted_gini,
)
from powershare.errors import InvalidInputError


def test_gini_hand_computed() -> None:
    # x = 1, 2, 3, 4: sum |xi - xj| over ordered pairs = 2 * (1+2+3+1+2+1) = 20;
    # G = 20 / (2 * 4^2 * 2.5) = 1/4
    assert gini([1, 2, 3, 4]) == F(1, 4)
    assert gini([4, 3, 2, 1]) == F(1, 4)
    assert gini([5, 5, 5]) == 0
    assert gini([0, 0, 0, 1]) == F(3, 4)
    assert gini([F(1, 3), F(2, 3)]) == F(1, 6)  # |1/3-2/3|*2 / (2*4*1/2) = (2/3)/4


def test_weighted_gini_matches_expanded_population() -> None:
    # 2 people with 1, 1 person with 4 -> the plain Gini of [1, 1, 4]
    assert weighted_gini([1, 4], [2, 1]) == pytest.approx(float(gini([1, 1, 4])))
    assert weighted_gini([3, 3], [10, 5]) == 0


def test_herfindahl_and_effective_number() -> None:
    # shares 1/4, 1/4, 1/2: H = 1/16 + 1/16 + 1/4 = 3/8; N = 8/3
    assert shares([1, 1, 2]) == [F(1, 4), F(1, 4), F(1, 2)]
    assert herfindahl([1, 1, 2]) == F(3, 8)
    assert effective_number([1, 1, 2]) == F(8, 3)
    assert effective_number([7, 7, 7, 7]) == 4  # Laakso & Taagepera: n equal parties -> n


def test_ratio_and_distances() -> None:
    assert max_min_ratio([2, 8, 4]) == 4
    assert max_min_ratio([0, 1]) is None
    # shares (1/2, 1/2, 0) vs equal (1/3 each): (1/6 + 1/6 + 1/3) / 2 = 1/3
    assert total_variation([1, 1, 0], [1, 1, 1]) == F(1, 3)
    assert euclidean_distance([1, 1, 0], [1, 1, 1]) == pytest.approx((1 / 36 * 2 + 1 / 9) ** 0.5)


def test_concentration_bundle_for_eec_banzhaf() -> None:
    # EEC 1958 Banzhaf swings 10,10,10,6,6,0 (Felsenthal & Machover 1998): shares /42
    values = [F(10, 42)] * 3 + [F(6, 42)] * 2 + [F(0)]
    c = concentration("Banzhaf", values, populations=[1, 1, 1, 1, 1, 1])
    assert c.max_min_ratio is None and c.max_min_ratio_positive == F(5, 3)
    assert c.herfindahl == F(3 * 100 + 2 * 36, 42 * 42)
    assert c.distance_equal == c.distance_population
    assert c.to_dict()["gini_exact"] == str(c.gini)


def test_bad_values() -> None:
    with pytest.raises(InvalidInputError):
        gini([-1, 2])
    with pytest.raises(InvalidInputError):
        shares([0, 0])
    with pytest.raises(InvalidInputError):
        gini([])
