"""Shipped rule examples: published values and cross-checks between independent methods."""

from __future__ import annotations

import csv
from fractions import Fraction
from importlib import resources
from itertools import combinations

import pytest

import powershare.power.compound.register  # noqa: F401
from powershare.games.rule_schema import parse_rule_text
from powershare.power import power

PERMANENT = ["China", "France", "Russian Federation", "United Kingdom", "United States"]


def shipped(name):
    text = (resources.files("powershare.datasets") / "data" / "rules" / name).read_text("utf-8")
    return parse_rule_text(text, source=name)[0]


def test_rules_unsc_shapley_published():
    # Felsenthal & Machover (1998), The Measurement of Voting Power, sec. 9.3: 0.1963 / 0.001865.
    game = shipped("un_security_council.yaml")
    res = power(game, "shapley")
    assert res["China"] == Fraction(421, 2145)
    assert res["Latvia"] == Fraction(4, 2145)
    assert round(float(res["France"]), 4) == 0.1963
    assert round(float(res["Denmark"]), 6) == 0.001865


def test_rules_unsc_banzhaf_published():
    # Felsenthal & Machover (1998) sec. 9.3: normalised Banzhaf 0.1669 (permanent),
    # 0.0165 (elected);
    # swings 848 and 84 (Penrose measure 848/16384 = 0.0518, 84/16384 = 0.0051).
    res = power(shipped("un_security_council.yaml"), "banzhaf")
    assert res.counts[:5] == (848,) * 5 and res.counts[5:] == (84,) * 10
    assert round(float(res["China"]), 4) == 0.1669


def test_rules_eu_matches_csv_and_brute_force_on_sub_rule():
    game = shipped("eu_council_lisbon.yaml")
    text = (resources.files("powershare.datasets") / "data" / "eu_council.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert list(game.names) == [r["member_state"] for r in rows]
    crit = game.rules[0].rules[1].game  # the population criterion
    assert [crit.original_weight(i) for i in range(27)] == [
        Fraction(r["council_qmv_population_share_2025_percent"]) for r in rows
    ]
    res = power(game, "banzhaf")
    assert res.method == "decision-diagram"
    assert res.extra["winning_coalitions"] == 17729938
    # independent check of the definition on the whole rule: a member's swings, counted directly
    # over the coalitions of a 12-member sub-council with the same rule shape
    assert res.floats[0] > res.floats[1] > res.floats[2]


def _direct_count(game, member):
    n = game.n
    others = [i for i in range(n) if i != member]
    swings = 0
    for k in range(n):
        for c in combinations(others, k):
            if game.is_winning([*c, member]) and not game.is_winning(c):
                swings += 1
    return swings


def test_rules_eu_sub_council_against_direct_definition():
    from powershare.games.compound import AllOf, AnyOf, AtLeast, Criterion

    game = shipped("eu_council_lisbon.yaml")
    names = list(game.names[:12])
    pop = [game.rules[0].rules[1].game.original_weight(i) for i in range(12)]
    sub = AnyOf(
        [
            AllOf([Criterion([1] * 12, "55%", names), Criterion(pop, "65%", names)]),
            AtLeast(10, names),
        ]
    )
    res = power(sub, "banzhaf_absolute", method="decision-diagram")
    for member in (0, 5, 11):
        assert res.counts[member] == _direct_count(sub, member)


@pytest.mark.parametrize("index", ["banzhaf", "shapley"])
def test_rules_us_lawmaking_methods_agree(index):
    game = shipped("us_federal_lawmaking.yaml")
    assert game.n == 537
    sym = power(game, index, method="symmetric-classes")
    assert sym.method == "symmetric-classes"
    if index == "banzhaf":
        dd = power(game, index, method="decision-diagram")
        assert dd.counts == sym.counts
    assert sum(sym.exact) == 1
    pres = sym["President"]
    assert sym["Vice-President"] < sym["Senator 1"] < pres


def test_rules_northern_ireland_parallel_consent():
    game = shipped("northern_ireland_cross_community.yaml")
    res = power(game, "banzhaf")
    # Sinn Féin (27 of 35 Nationalist seats) and the DUP (25 of 37 Unionist) each hold a veto and
    # together have a majority: the rule reduces to their joint consent.
    assert res["Sinn Féin"] == res["Democratic Unionist Party"] == Fraction(1, 2)
    assert game.is_winning(["Sinn Féin", "Democratic Unionist Party"])
    assert not game.is_winning(["Sinn Féin", "SDLP", "Alliance Party", "Ulster Unionist Party"])
