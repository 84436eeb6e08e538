"""Interval coverage at the stated rate (deterministic: computed exactly, or from fixed seeds).

The coverage of an interval for a binomial proportion at a given ``(p, n)`` is computed exactly
as ``sum_k P(K = k) [p in CI(k)]``.  Wilson's interval oscillates around the nominal level as p
and n vary (Brown, Cai & DasGupta 2001, *Statistical Science* 16, Fig. 4-5: within about 0.03
of 0.90 for n >= 50); Clopper-Pearson's never falls below it (Clopper & Pearson 1934).

The pipeline test then checks that the intervals reported by :func:`analyse_uncertain` over
300 seeded runs cover the exact probability (from enumeration) as often as that exact coverage
says, within 4 binomial standard errors of 300 trials (about 0.07): a wrong interval (e.g. the
Wald interval, or the wrong level) would miss it.  The seeds are fixed, so it cannot flake.
"""

from __future__ import annotations

import math

from scipy.stats import binom

from powershare.uncertainty import (
    analyse_uncertain,
    clopper_pearson_interval,
    scenario_from_mapping,
    wilson_interval,
)


def exact_coverage(interval, p: float, n: int, level: float) -> float:  # type: ignore[no-untyped-def]
    return float(
        sum(
            binom.pmf(k, n, p)
            for k in range(n + 1)
            if interval(k, n, level)[0] <= p <= interval(k, n, level)[1]
        )
    )


def test_exact_coverage_of_wilson_and_clopper_pearson() -> None:
    for n in (60, 100, 200):
        for p in (0.05, 0.1, 0.3, 0.5):
            wilson = exact_coverage(wilson_interval, p, n, 0.9)
            cp = exact_coverage(clopper_pearson_interval, p, n, 0.9)
            assert abs(wilson - 0.9) <= 0.035, (p, n, wilson)
            assert cp >= 0.9 - 1e-9, (p, n, cp)


def test_p_veto_interval_covers_exact_value_at_stated_rate() -> None:
    """The whole pipeline: 300 seeded runs of 80 draws; the exact P(veto) from enumeration."""
    s = scenario_from_mapping(
        {
            "members": [
                {"name": "A", "seats": [1, 12]},
                {"name": "B", "seats": 5},
                {"name": "C", "seats": 4},
            ],
            "rule": {"quota": "2/3"},
        }
    )
    exact = float(analyse_uncertain(s).members[0].p_veto.value)
    assert 0.2 < exact < 0.8
    draws, trials = 80, 300
    expected = exact_coverage(wilson_interval, exact, draws, 0.9)
    assert abs(expected - 0.9) <= 0.035
    hits = 0
    for seed in range(trials):
        r = analyse_uncertain(s, exact=False, draws=draws, seed=seed, level=0.9)
        p = r.members[0].p_veto
        hits += p.low <= exact <= p.high
    tolerance = 4 * math.sqrt(expected * (1 - expected) / trials)
    assert abs(hits / trials - expected) <= tolerance, (hits / trials, expected)
