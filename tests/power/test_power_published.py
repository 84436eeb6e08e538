"""Published voting-power values (sources in tests/published/power_cases.yaml)."""

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from powershare import power
from powershare.games import parse_notation

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parents[1] / "published" / "power_cases.yaml").read_text(encoding="utf-8")
)["cases"]
METHODS = ["generating-function", "enumeration"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_published_values(case: dict[str, Any], method: str) -> None:
    game = parse_notation(case["game"])
    banzhaf = power(game, "banzhaf", method=method)
    if "swings" in case:
        assert list(banzhaf.counts or ()) == case["swings"]
    for index in ("banzhaf", "banzhaf_absolute", "shapley"):
        if index in case:
            result = power(game, index, method=method)
            assert result.is_exact
            assert list(result.exact or ()) == [Fraction(v) for v in case[index]]
    if "floats" in case:
        places = case["floats"]["places"]
        for index in ("banzhaf", "shapley"):
            result = power(game, index, method=method)
            assert [round(v, places) for v in result.floats] == pytest.approx(
                case["floats"][index], abs=10 ** (-places)
            )


def test_luxembourg_is_powerless() -> None:
    """The issue's motivating example: in [12; 4,4,4,2,2,1] Luxembourg never decides."""
    result = power(parse_notation("[12; 4, 4, 4, 2, 2, 1]"), "banzhaf")
    assert result.exact is not None and result.exact[5] == 0
    assert result.floats[5] == 0.0


def test_weights_beyond_64_bits_are_exact() -> None:
    """Weights and totals past 2^63 go through exact Python integers, never int64."""
    game = parse_notation("[majority; 1e30, 1, 1]")
    result = power(game, "banzhaf")
    assert list(result.exact or ()) == [Fraction(1), Fraction(0), Fraction(0)]
    big = parse_notation(f"[majority; {', '.join(str(10**20 + i) for i in range(9))}]")
    assert power(big, "shapley").exact == tuple(Fraction(1, 9) for _ in range(9))
