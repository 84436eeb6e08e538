"""Decision rules (simple games) and the ways to read them.

A quota always means *at least*; ``"majority"`` means more than half.  See
:mod:`powershare.games.quota`.
"""

from powershare.games.base import SimpleGame
from powershare.games.body import Body, expand_members
from powershare.games.circuit import circuit_of
from powershare.games.columns import NamedValues, parse_inline, parse_table, read_named_values
from powershare.games.compound import (
    AllOf,
    AnyOf,
    AtLeast,
    Bloc,
    BlocConsent,
    Criterion,
    MinimalWinning,
    TwoTier,
    Veto,
)
from powershare.games.loading import load_body, load_game
from powershare.games.notation import parse_csv_text, parse_member_list, parse_notation, read_csv
from powershare.games.quota import QuotaSpec, parse_quota
from powershare.games.rule_schema import load_rule_scenario, parse_rule_text, rule_from_data
from powershare.games.scenario import (
    Scenario,
    load_scenario,
    parse_scenario_text,
    read_scenario,
    read_scenario_file,
)
from powershare.games.weighted import WeightedGame

__all__ = [
    "Body",
    "NamedValues",
    "expand_members",
    "load_body",
    "parse_inline",
    "parse_table",
    "read_named_values",
    "read_scenario",
    "read_scenario_file",
    "AllOf",
    "AnyOf",
    "AtLeast",
    "Bloc",
    "BlocConsent",
    "Criterion",
    "MinimalWinning",
    "TwoTier",
    "Veto",
    "circuit_of",
    "load_rule_scenario",
    "parse_rule_text",
    "rule_from_data",
    "QuotaSpec",
    "Scenario",
    "SimpleGame",
    "WeightedGame",
    "load_game",
    "load_scenario",
    "parse_csv_text",
    "parse_member_list",
    "parse_notation",
    "parse_quota",
    "parse_scenario_text",
    "read_csv",
]
