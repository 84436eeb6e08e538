"""Decision rules (simple games) and the ways to read them.

A quota always means *at least*; ``"majority"`` means more than half.  See
:mod:`powershare.games.quota`.
"""

from powershare.games.base import SimpleGame
from powershare.games.loading import load_game
from powershare.games.notation import parse_csv_text, parse_member_list, parse_notation, read_csv
from powershare.games.quota import QuotaSpec, parse_quota
from powershare.games.scenario import Scenario, load_scenario, parse_scenario_text
from powershare.games.weighted import WeightedGame

__all__ = [
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
