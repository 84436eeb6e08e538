"""Monte Carlo through the API and the CLI: only when allowed, and labelled approximate."""

import json

import pytest
from typer.testing import CliRunner

from powershare import WeightedGame, power
from powershare.cli import app
from powershare.errors import ResourceLimitError
from powershare.power import Limits
from powershare.power.api import Approximation, power_table

runner = CliRunner()
TIGHT = Limits(max_seconds=1e-9)


def test_refused_exact_work_suggests_approximation() -> None:
    game = WeightedGame(30, list(range(1, 11)))
    with pytest.raises(ResourceLimitError, match="--allow-approx"):
        power(game, "shapley", limits=TIGHT)


def test_approximation_only_where_exact_is_refused() -> None:
    game = WeightedGame(30, list(range(1, 11)))
    exact = power(game, "shapley")
    approx = power(game, "shapley", limits=TIGHT, approximate=Approximation(samples=200_000))
    assert not approx.is_exact and approx.exact is None and approx.method == "monte-carlo"
    assert approx.error_bound is not None and approx.error_bound < 0.01
    assert approx.sampling is not None
    for i in range(game.n):  # the exact value lies in every reported 99% interval here
        assert approx.sampling.lower[i] <= exact.floats[i] <= approx.sampling.upper[i]
    table = power_table(game, ["banzhaf", "shapley"], approximate=Approximation())
    assert table.is_exact  # nothing refused: nothing sampled


def test_cli_monte_carlo_is_labelled() -> None:
    result = runner.invoke(
        app,
        ["power", "[30; 1,2,3,4,5,6,7,8,9,10]", "--method", "monte-carlo", "--samples", "20000"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.stderr
    assert "APPROXIMATE" in result.stdout and "±" in result.stdout
    result = runner.invoke(
        app,
        ["power", "[30; 1,2,3,4,5,6,7,8,9,10]", "--method", "monte-carlo", "--json", "--seed", "3"],
    )
    data = json.loads(result.stdout)
    assert data["exact"] is False and data["approximation"]["banzhaf"]["seed"] == 3
    low, high = data["members"][0]["banzhaf_interval"]
    assert low <= data["members"][0]["banzhaf"] <= high


def test_precision_without_approximation_is_an_error() -> None:
    result = runner.invoke(app, ["power", "[3; 2,1,1]", "--precision", "0.01"])
    assert result.exit_code == 2 and "--allow-approx" in result.stderr


def test_monte_carlo_budget_holds_for_the_whole_table() -> None:
    """--max-seconds 2 for three sampled indices: 2 s in all, not 2 s each (was 10.7 s for 5)."""
    import time

    game = WeightedGame(3000, [i % 97 + 1 for i in range(120)])
    start = time.perf_counter()
    table = power_table(
        game,
        "banzhaf,banzhaf_absolute,shapley",
        method="monte-carlo",
        approximate=Approximation(max_seconds=2.0),
    )
    assert time.perf_counter() - start < 3.0
    assert not table.is_exact and len(table.results) == 3


def test_fixed_samples_past_the_time_limit_are_refused_up_front() -> None:
    import time

    start = time.perf_counter()
    code = runner.invoke(
        app,
        ["power", "A:1, B:1", "--quota", "majority", "--method", "monte-carlo",
         "--samples", "1000000000", "--max-seconds", "2"],
    )  # fmt: skip
    assert code.exit_code == 3
    assert "Monte Carlo samples would take" in code.stderr
    assert time.perf_counter() - start < 2
