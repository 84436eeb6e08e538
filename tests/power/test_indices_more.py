"""Published values and properties of the indices of :mod:`powershare.power.indices_more`.

Sources of the published values:

* Public Help theta: CoopGame (R package, Staudacher & Anwander), ``publicHelpIndex`` example
  ``v = (0,0,0,1,1,0,1)``: 0.4285714, 0.2857143, 0.2857143 (Bertini, Gambarelli & Stach 2008).
* Public Help xi: CoopGame ``publicHelpChiIndex``, the two examples of Stach (2016), p. 105:
  0.4583333, 0.2708333, 0.2708333 and 0.3981481, 0.2376543, 0.2376543, 0.1265432.
* Public Help theta, Stach's second example: CoopGame ``publicHelpIndex``,
  ``v = c(0,0,0,0,1,1,0,0,0,0,1,1,1,0,1)``: 0.3529412 0.2352941 0.2352941 0.176470(6) (the
  help page's printed digits, cut after six decimals for the last value).
* More games, for Public Help theta and xi, Koenig-Braeuninger, Nevison, Felsenthal and Chow:
  EPIC's unit tests (``tests/published/indices/epic_unittests.yaml``).
* Tijs: the UN Security Council, the five permanent members share equally (Tijs 1981).

No published figures were found for Colomer-Martinez, shift, shift Deegan-Packel or
Coleman-Shapley, nor for the Public Good Index with blocs: they are checked against their
definitions here, in ``tests/power/indices/`` and, for every method, in
``tests/power/test_conformance.py``.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from powershare.games.compound import MinimalWinning
from powershare.games.weighted import WeightedGame
from powershare.power import INDICES, power

NEW = [
    "public_help",
    "public_help_xi",
    "koenig_braeuninger",
    "nevison",
    "chow",
    "tijs",
    "felsenthal",
    "colomer_martinez",
    "shift",
    "shift_deegan_packel",
    "coleman_shapley",
]
UNSC = WeightedGame(39, [7] * 5 + [1] * 10)


def test_all_registered() -> None:
    assert set(NEW) <= set(INDICES)


def test_public_help_coopgame() -> None:
    game = WeightedGame(3, [2, 1, 1])  # CoopGame's v = (0,0,0,1,1,0,1)
    assert power(game, "public_help").exact == (Fraction(3, 7), Fraction(2, 7), Fraction(2, 7))
    xi = power(game, "public_help_xi").exact
    assert xi == (Fraction(11, 24), Fraction(13, 48), Fraction(13, 48))
    assert [round(float(v), 7) for v in xi] == [0.4583333, 0.2708333, 0.2708333]


def test_public_help_xi_stach_second_example() -> None:
    game = MinimalWinning([["A", "B"], ["A", "C"]], ["A", "B", "C", "D"])
    xi = power(game, "public_help_xi").exact
    assert [round(float(v), 7) for v in xi] == [0.3981481, 0.2376543, 0.2376543, 0.1265432]


def test_public_help_theta_stach_second_example() -> None:
    game = MinimalWinning([["A", "B"], ["A", "C"]], ["A", "B", "C", "D"])
    theta = power(game, "public_help").exact
    assert theta == (Fraction(6, 17), Fraction(4, 17), Fraction(4, 17), Fraction(3, 17))
    assert [round(float(v), 7) for v in theta[:3]] == [0.3529412, 0.2352941, 0.2352941]
    assert f"{float(theta[3]):.7f}".startswith("0.176470")


def test_tijs_security_council() -> None:
    assert power(UNSC, "tijs").exact == (Fraction(1, 5),) * 5 + (Fraction(0),) * 10
    assert power(WeightedGame(2, [1, 1, 1]), "tijs").exact == (Fraction(0),) * 3


def test_definitions_on_small_game() -> None:
    game = WeightedGame(3, [2, 1, 1])  # W: {1,2}, {1,3}, {1,2,3}
    assert power(game, "koenig_braeuninger").exact == (1, Fraction(2, 3), Fraction(2, 3))
    assert power(game, "nevison").exact == (Fraction(3, 4), Fraction(1, 2), Fraction(1, 2))
    assert power(game, "chow").exact == (3, 2, 2)
    assert power(game, "felsenthal").exact == (Fraction(1, 2), Fraction(1, 4), Fraction(1, 4))
    # MWC {1,2}, {1,3}, each of weight 3: member 1 gets 2/3 of each
    cm = power(game, "colomer_martinez").exact
    assert cm == (Fraction(2, 3), Fraction(1, 6), Fraction(1, 6))


def test_dummy_gets_nothing_and_efficiency() -> None:
    rng = random.Random(7)
    for _ in range(10):
        weights = [rng.randint(1, 9) for _ in range(rng.randint(2, 7))] + [0]
        game = WeightedGame(rng.randint(1, sum(weights)), weights)
        for key in NEW:
            res = power(game, key)
            # the winning-coalition indices credit dummies too (they are in winning coalitions)
            if key not in (
                "koenig_braeuninger",
                "nevison",
                "chow",
                "public_help",
                "public_help_xi",
            ):
                assert res.exact[-1] == 0, key
            if INDICES[key].normalised and sum(res.exact):
                assert sum(res.exact) == 1, key


def test_coleman_shapley_sum() -> None:
    """Over the members the index adds up to |W| / 2^(n-1) (from the authors' formula)."""
    rng = random.Random(3)
    for _ in range(5):
        weights = [rng.randint(1, 9) for _ in range(rng.randint(2, 8))]
        game = WeightedGame(rng.randint(1, sum(weights)), weights)
        cs = power(game, "coleman_shapley").exact
        wins = sum(
            1
            for mask in range(1 << game.n)
            if game.is_winning({i for i in range(game.n) if mask >> i & 1})
        )
        assert sum(cs) == Fraction(wins, 2 ** (game.n - 1)), weights


@pytest.mark.parametrize("key", ["public_help_xi", "coleman_shapley", "colomer_martinez"])
def test_dp_matches_enumeration(key: str) -> None:
    rng = random.Random(11)
    for _ in range(8):
        weights = [rng.randint(0, 12) for _ in range(rng.randint(1, 10))]
        weights[0] = max(weights[0], 1)
        game = WeightedGame(rng.randint(1, sum(weights)), weights)
        dp = power(game, key, method="size-dp")
        enum = power(game, key, method="size-enumeration")
        assert dp.exact == enum.exact, weights
