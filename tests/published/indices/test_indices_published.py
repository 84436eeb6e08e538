"""Published and textbook values of every coalition-based index (see indices_cases.yaml)."""

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from powershare.games.weighted import WeightedGame
from powershare.power import power, power_table

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "indices_cases.yaml").read_text("utf-8")
)


def _params() -> list[Any]:
    out = []
    for case in CASES:
        for key in case["values"]:
            for method in ("generating-function", "enumeration"):
                out.append(pytest.param(case, key, method, id=f"{case['name']}-{key}-{method}"))
    return out


@pytest.mark.parametrize(("case", "key", "method"), _params())
def test_published_value(case: dict[str, Any], key: str, method: str) -> None:
    game = WeightedGame(case["quota"], case["weights"])
    result = power(game, key, method=method, blocs=case.get("blocs"))
    assert list(result.exact or ()) == [Fraction(v) for v in case["values"][key]]
    assert case["source"] and case["check"] in {"printed", "definition"}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_published_game_counts(case: dict[str, Any]) -> None:
    game = WeightedGame(case["quota"], case["weights"])
    data = power_table(game, "all", blocs=case.get("blocs")).to_dict(exact=True)
    if "winning_coalitions" in case:
        assert data["winning_coalitions"] == case["winning_coalitions"]
    if "minimal_winning_coalitions" in case:
        assert data["minimal_winning_coalitions"] == case["minimal_winning_coalitions"]
    if "coleman_collectivity" in case:
        assert data["coleman_collectivity_exact"] == case["coleman_collectivity"]
