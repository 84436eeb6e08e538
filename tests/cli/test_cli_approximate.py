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
