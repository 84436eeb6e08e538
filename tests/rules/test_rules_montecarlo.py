"""Monte Carlo estimates: reproducible, stop at a precision, intervals cover at the stated rate."""

from __future__ import annotations

import numpy as np
import pytest

import powershare.power.compound.register  # noqa: F401
from powershare.errors import InvalidInputError
from powershare.games.compound import AllOf, AtLeast, Criterion, Veto
from powershare.games.weighted import WeightedGame
from powershare.power import power
from powershare.power.montecarlo import estimate_power

NAMES = [f"M{i}" for i in range(8)]
GAME = AllOf(
    [Criterion([6, 5, 4, 3, 3, 2, 1, 1], "60%", NAMES), AtLeast(4, NAMES), Veto(["M2"], NAMES)]
)


def test_rules_mc_reproducible_and_labelled():
    a = estimate_power(GAME, "shapley", samples=5000, seed=7)
    b = estimate_power(GAME, "shapley", samples=5000, seed=7)
    assert a.sampling is not None and b.sampling is not None
    assert a.floats == b.floats and a.sampling.lower == b.sampling.lower
    assert not a.is_exact and a.exact is None and a.method == "monte-carlo"
    assert a.error_bound is not None and a.sampling.samples == 5000


@pytest.mark.parametrize("index", ["banzhaf_absolute", "shapley", "banzhaf"])
def test_rules_mc_interval_coverage(index):
    """Per-member intervals at confidence 0.9 must miss the exact value at most 10% of the time.

    Over 150 seeded trials a member's number of misses is at most Binomial(150, 0.1) (mean 15,
    sd 3.7) if the interval is valid; we fail above 15 + 4 sd = 30, which a valid method exceeds
    with probability below 1e-4 per member.  Our bounds are conservative, so far fewer misses are
    expected; the test guards against intervals that are too narrow.
    """
    exact = np.array(power(GAME, index, method="decision-diagram").floats)
    misses = np.zeros(GAME.n, dtype=int)
    for seed in range(150):
        r = estimate_power(GAME, index, samples=400, confidence=0.9, seed=seed)
        assert r.sampling is not None
        lo, hi = np.array(r.sampling.lower), np.array(r.sampling.upper)
        misses += (exact < lo - 1e-12) | (exact > hi + 1e-12)
    assert misses.max() <= 30


def test_rules_mc_stops_at_precision():
    r = estimate_power(GAME, "banzhaf_absolute", precision=0.01, confidence=0.95, seed=1)
    assert r.sampling is not None and r.sampling.stopped == "precision"
    assert r.error_bound <= 0.01
    exact = np.array(power(GAME, "banzhaf_absolute").floats)
    assert np.all(np.abs(exact - np.array(r.floats)) <= 0.01)


def test_rules_mc_large_weighted_game_and_progress():
    rng = np.random.default_rng(3)
    w = rng.integers(1, 50, 300).tolist()
    game = WeightedGame(sum(w) // 2 + 1, w)
    seen = []
    r = estimate_power(
        game, "banzhaf", samples=20_000, progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (20_000, 20_000)
    assert abs(sum(r.floats) - 1) < 1e-9
    # heavier members are not estimated weaker on average
    order = np.argsort(w)
    assert np.mean(np.array(r.floats)[order[-30:]]) > np.mean(np.array(r.floats)[order[:30]])


def test_rules_mc_bad_arguments():
    with pytest.raises(InvalidInputError, match="confidence"):
        estimate_power(GAME, confidence=1.5)
    with pytest.raises(InvalidInputError, match="precision"):
        estimate_power(GAME, precision=0)
