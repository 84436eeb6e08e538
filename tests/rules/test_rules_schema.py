"""The scenario-file schema: every rule kind, YAML and JSON, errors that name the key path."""

from __future__ import annotations

import json

import pytest
import yaml

from powershare.errors import ParseError
from powershare.games.compound import BlocConsent, TwoTier
from powershare.games.rule_schema import parse_rule_text, rule_from_data

MEMBERS = [
    {"name": "A", "seats": 4, "population": "40.5", "community": "X"},
    {"name": "B", "seats": 3, "population": 30, "community": "X"},
    {"name": "C", "seats": 2, "population": 20, "community": "Y"},
    {"name": "D", "seats": 1, "population": 9.5, "community": "Y"},
]


def game(rule):
    return rule_from_data({"members": MEMBERS, "rule": rule}, source="test")


def test_rules_schema_weighted_default_type():
    g = game({"quota": 6, "weight": "seats"})
    assert g.is_winning(["A", "C"]) and not g.is_winning(["B", "C"])


def test_rules_schema_all_of_vector_weights():
    g = game(
        {
            "type": "all_of",
            "criteria": [
                {"type": "weighted", "weight": "seats", "quota": "majority"},
                {"type": "weighted", "weight": "population", "quota": "65%"},
            ],
        }
    )
    assert g.is_winning(["A", "B"]) and not g.is_winning(["A", "C"])
    assert "65% of population" in g.describe()


def test_rules_schema_veto_at_least_minimal():
    assert not game({"type": "veto", "members": ["A"]}).is_winning(["B", "C", "D"])
    assert game({"type": "at_least", "count": 2, "among": ["C", "D"]}).is_winning(["C", "D"])
    g = game({"type": "minimal_winning", "coalitions": [["A", "B"], ["C", "D"], ["A", "B", "C"]]})
    assert g.coalitions == ((0, 1), (2, 3))


def test_rules_schema_bloc_consent_by_column_and_list():
    g1 = game(
        {
            "type": "bloc_consent",
            "group_by": "community",
            "bloc_rule": {"weight": "seats", "quota": "majority"},
        }
    )
    g2 = game(
        {
            "type": "bloc_consent",
            "required": "all",
            "blocs": [
                {
                    "name": "X",
                    "members": ["A", "B"],
                    "rule": {"weight": "seats", "quota": "majority"},
                },
                {
                    "name": "Y",
                    "members": ["C", "D"],
                    "rule": {"weight": "seats", "quota": "majority"},
                },
            ],
        }
    )
    assert isinstance(g1, BlocConsent)
    for c in (["A", "C"], ["B", "C"], ["A", "D"], ["A", "B", "C", "D"]):
        assert g1.is_winning(c) == g2.is_winning(c)
    assert g1.is_winning(["A", "C"]) and not g1.is_winning(["B", "C"])


def test_rules_schema_two_tier():
    g = game(
        {
            "type": "two_tier",
            "group_by": "community",
            "units": [
                {"name": "X", "votes": 2},
                {"name": "Y", "votes": 1, "rule": {"type": "at_least", "count": 1}},
            ],
            "unit_rule": {"weight": "seats", "quota": "majority"},
            "upper": {"weight": "votes", "quota": 2},
        }
    )
    assert isinstance(g, TwoTier)
    assert g.is_winning(["A"]) and not g.is_winning(["B", "C", "D"])


def test_rules_schema_member_count_expands():
    g = rule_from_data(
        {
            "members": [{"name": "Rep", "count": 3, "w": 1}, {"name": "Boss"}],
            "rule": {
                "type": "all_of",
                "criteria": [{"weight": "w", "quota": 2}, {"type": "veto", "members": ["Boss"]}],
            },
        }
    )
    assert g.names == ("Rep 1", "Rep 2", "Rep 3", "Boss")


@pytest.mark.parametrize(
    ("rule", "path"),
    [
        (
            {
                "type": "all_of",
                "criteria": [{"weight": "seats", "quota": 2}, {"weight": "seats", "quota": "abc"}],
            },
            "rule.criteria[1].quota",
        ),
        (
            {
                "type": "all_of",
                "criteria": [{"weight": "seats", "quota": 2}, {"weight": "seat", "quota": 2}],
            },
            "rule.criteria[1].weight",
        ),
        ({"type": "veto", "members": ["A", "Q"]}, "rule.members[1]"),
        ({"type": "any_of", "criteria": [{"type": "nope"}]}, "rule.criteria[0]"),
        ({"type": "at_least", "count": 9}, "rule.count"),
        ({"type": "bloc_consent", "group_by": "community", "required": 3}, "rule.required"),
        ({"type": "weighted", "quota": 2, "wieght": "seats"}, "rule.wieght"),
    ],
)
def test_rules_schema_errors_name_the_path(rule, path):
    with pytest.raises(ParseError) as info:
        game(rule)
    assert f"test: {path}" in str(info.value)


def test_rules_schema_yaml_line_and_json_equivalent():
    data = {
        "members": MEMBERS,
        "rule": {
            "type": "all_of",
            "criteria": [{"weight": "seats", "quota": 2}, {"weight": "seats", "quota": "abc"}],
        },
    }
    text = yaml.safe_dump(data, sort_keys=False)
    with pytest.raises(ParseError, match=r"rule\.criteria\[1\]\.quota \(line \d+\)"):
        parse_rule_text(text, source="s.yaml")
    ok = {"members": MEMBERS, "rule": {"weight": "seats", "quota": 6}}
    g1, _ = parse_rule_text(yaml.safe_dump(ok), source="s.yaml")
    g2, _ = parse_rule_text(json.dumps(ok), source="s.json", is_json=True)
    assert g1.circuit.leaf_weights == g2.circuit.leaf_weights
