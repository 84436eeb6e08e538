"""Citizen power (psi(N) x unit power) against brute force through a TwoTier game."""

import itertools
import math
from fractions import Fraction as F

import numpy as np
import pytest

from powershare.audit.citizen import (
    EXACT_MAX_CITIZENS,
    citizen_power,
    compare_centralisation,
    decisive_probability,
    jagiellonian_game,
    penrose_approximation,
)
from powershare.design import citizen_decisiveness
from powershare.design import citizen_power as design_citizen_power
from powershare.errors import InvalidInputError
from powershare.games import TwoTier
from powershare.games.weighted import WeightedGame
from powershare.power import power, twotier


def test_decisive_probability_hand_values() -> None:
    assert decisive_probability(1).exact == 1
    assert decisive_probability(3).exact == F(1, 2)  # the other two split 1-1
    assert decisive_probability(5).exact == F(6, 16)
    assert decisive_probability(4).exact == F(3, 8)  # others split 2-1 for yes: C(3,2)/8


def test_decisive_probability_by_enumeration() -> None:
    for n in range(1, 10):
        quota = n // 2 + 1
        decisive = sum(
            1
            for votes in itertools.product((0, 1), repeat=n - 1)
            if sum(votes) + 1 >= quota > sum(votes)
        )
        assert decisive_probability(n).exact == F(decisive, 2 ** (n - 1))


def test_large_n_is_labelled_approximation_and_close() -> None:
    exact = decisive_probability(20_001)
    approx = decisive_probability(20_001, exact_max=10)
    assert exact.is_exact and not approx.is_exact and approx.exact is None
    assert approx.value == pytest.approx(exact.value, rel=2e-15)
    assert decisive_probability(EXACT_MAX_CITIZENS).is_exact
    assert not decisive_probability(EXACT_MAX_CITIZENS + 1).is_exact
    big = decisive_probability(5_000_001)
    assert big.value == pytest.approx(penrose_approximation(5_000_001), rel=1e-6)
    assert penrose_approximation(100) == pytest.approx(math.sqrt(2 / (math.pi * 100)))


def test_decisive_probability_by_enumerating_every_vote() -> None:
    # all 2^N yes/no votes of N citizens; citizen 0 is decisive when flipping her vote flips
    # the simple-majority outcome (more than half yes; a tie fails)
    for n in range(1, 10):
        decisive = 0
        for votes in itertools.product((0, 1), repeat=n):
            flipped = (1 - votes[0], *votes[1:])
            decisive += (2 * sum(votes) > n) != (2 * sum(flipped) > n)
        expected = F(decisive, 2**n)
        assert decisive_probability(n).exact == expected
        assert twotier.decisive_probability(n).value == float(expected)
        assert citizen_decisiveness(n) == float(expected)


@pytest.mark.parametrize("n", [2_000, 2_001, 6_000, 20_002, 99_999, 1_000_000])
def test_decisive_probability_series_against_exact(n: int) -> None:
    # above the exact limit the asymptotic series: within 2e-15 of the exact fraction
    m = n // 2
    exact = F(math.comb(2 * m, m), 4**m)
    assert exact == F(math.comb(n - 1, (n - 1) // 2), 2 ** (n - 1))
    series = decisive_probability(n, exact_max=1)
    assert not series.is_exact
    assert abs(series.value - float(exact)) <= 2e-15 * float(exact)
    assert decisive_probability(n, exact_max=n).value == float(exact)


def test_citizen_power_one_implementation() -> None:
    upper = WeightedGame(5, [3, 2, 2, 1], ["A", "B", "C", "D"])
    pops = [9_000_001, 2_500_000, 30_001, 7]
    core = twotier.citizen_power(upper, pops)
    audit_rule = citizen_power(upper, pops)
    assert audit_rule.citizen == core.values
    assert design_citizen_power(pops, list(upper.weights), upper.quota) == list(core.values)


def _federation(sizes: list[int], upper_weights: list[int], quota: int) -> TwoTier:
    units = []
    for j, size in enumerate(sizes):
        names = [f"u{j}c{k}" for k in range(size)]
        units.append((f"U{j}", WeightedGame(size // 2 + 1, [1] * size, names)))
    upper = WeightedGame(quota, upper_weights, [f"U{j}" for j in range(len(sizes))])
    return TwoTier(units, upper)


@pytest.mark.parametrize(
    ("sizes", "weights", "quota"),
    [([3, 5, 3], [2, 3, 2], 4), ([5, 3, 3, 5], [3, 2, 1, 3], 5), ([3, 3, 5], [1, 1, 1], 2)],
)
def test_citizen_power_matches_brute_force(
    sizes: list[int], weights: list[int], quota: int
) -> None:
    federation = _federation(sizes, weights, quota)
    upper = federation.upper
    # brute force: enumerate every vote of every citizen through the two-tier rule
    n = federation.n
    masks = np.arange(1 << n, dtype=np.int64)
    win = federation.winning_masks(masks)
    assert bool(win[-1]) and not bool(win[0])
    assert all(  # spot-check the vectorised table against the rule itself
        bool(win[m]) == federation.is_winning([i for i in range(n) if m >> i & 1])
        for m in range(0, 1 << n, 97)
    )
    swings = []
    for i in range(n):
        with_i = masks[(masks >> i) & 1 == 1]
        swings.append(int(np.count_nonzero(win[with_i] & ~win[with_i ^ (1 << i)])))
    brute = [F(s, 2 ** (n - 1)) for s in swings]
    # and the library's exact value on the compound game
    library = power(federation, "banzhaf_absolute").exact
    assert library is not None and list(library) == brute
    result = citizen_power(upper, sizes)
    assert result.citizen_exact is not None
    start = 0
    for j, size in enumerate(sizes):
        for k in range(size):
            assert brute[start + k] == result.citizen_exact[j]
        start += size


def test_compare_centralisation_rules() -> None:
    upper = WeightedGame(3, [2, 1, 1], ["A", "B", "C"])
    rules = compare_centralisation(upper, [9, 3, 3])
    labels = [r.label for r in rules]
    assert labels[0] == "centralised" and labels[-1] == "Penrose square-root weights"
    central = rules[0]
    assert central.citizen_exact == (decisive_probability(15).exact,) * 3
    assert central.gini == 0 and central.max_min_ratio == 1
    given = rules[1]
    means = sum(c * p for c, p in zip(given.citizen, [9, 3, 3], strict=True)) / 15
    assert given.mean == pytest.approx(means)


def test_jagiellonian_quota() -> None:
    game = jagiellonian_game(["A", "B", "C"], [100, 400, 900])  # roots 10, 20, 30
    assert game.weights == (10, 20, 30)
    share = (1 + math.sqrt(1400) / 60) / 2
    assert game.quota == math.ceil(share * 60)


def test_missing_population_and_bad_input() -> None:
    upper = WeightedGame(2, [1, 1, 1], ["A", "B", "C"])
    r = citizen_power(upper, [3, None, 5])
    assert r.units == ("A", "C") and any("no population for B" in n for n in r.notes)
    with pytest.raises(InvalidInputError):
        citizen_power(upper, [3, 0, 5])
    with pytest.raises(InvalidInputError):
        citizen_power(upper, [3, 5])
