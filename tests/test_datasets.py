"""Shipped datasets load with their published totals; every one is usable by every command."""

import json

import pytest
from typer.testing import CliRunner

from powershare import datasets
from powershare.audit.scenarios import load_audit_scenario, scenario_names
from powershare.cli import app
from powershare.games.scenario import read_scenario
from powershare.web.service import dataset_scenario, datasets_list

runner = CliRunner()


def test_electoral_college_totals() -> None:
    game = datasets.load("us-electoral-college-2024").game
    assert game.n == 51 and game.total_weight == 538 and game.quota == 270


def test_unsc_rule() -> None:
    game = datasets.load("un-security-council").game
    assert game.n == 15 and game.quota == 39 and sorted(game.weights)[-5:] == [7] * 5


def test_eec() -> None:
    data = datasets.load("eec-1958")
    assert data.game.notation() == "[12; 4, 4, 4, 2, 2, 1]"
    assert "Felsenthal" in data.source


@pytest.mark.parametrize(
    "info",
    [
        i
        for i in datasets.DATASETS.values()
        if i.scenario_file and not i.scenario_file.startswith("rules/")
    ],
    ids=lambda i: i.name,
)
@pytest.mark.parametrize("quota", [None, "2/3"])
def test_shipped_scenarios_pass_the_schema_and_give_the_same_game(
    info: datasets.DatasetInfo, quota: str | None
) -> None:
    """The registry reads shipped single-quota files without the scenario schema (pydantic,
    for start-up); each must still pass the schema and give the same game through it."""
    from powershare.datasets.files import read_text
    from powershare.games.scenario import parse_scenario_text

    assert info.scenario_file is not None
    validated = parse_scenario_text(read_text(info.scenario_file), source=info.name)
    game = datasets.load(info.name, quota=quota).game
    assert game == validated.to_game(quota)
    assert game.notation() == validated.to_game(quota).notation()


def test_every_csv_has_its_source() -> None:
    from importlib import resources

    files = {p.name for p in (resources.files("powershare.datasets") / "data").iterdir()}
    for name in files:
        if name.endswith(".csv"):
            assert name.replace(".csv", ".source.md") in files


def test_one_registry_with_aliases() -> None:
    assert {"eu-council-nice", "us-house-2020", "eu-council-lisbon"} <= set(datasets.names())
    assert datasets.load("eu-council").name == "eu-council-lisbon"
    assert datasets.load("EU_Council_Nice").game.total_weight == 323  # type: ignore[attr-defined]
    assert set(scenario_names()) == set(datasets.names()) | {"eu-council"}


@pytest.mark.parametrize("name", datasets.names())
def test_every_dataset_in_every_command(name: str) -> None:
    data = datasets.load(name)
    assert data.caveats and data.sources and data.source
    for command in ("power", "structure"):
        args = [command, name, "--json", *(["--index", "banzhaf"] if command == "power" else [])]
        result = runner.invoke(app, [*args, *(["--limit", "2"] if command == "structure" else [])])
        if result.exit_code == 2:  # too large for this command: one clear line why
            assert (
                result.output.startswith("powershare: error: ") and result.output.count("\n") == 1
            )
            continue
        assert result.exit_code == 0, (command, name, result.output)
        json.loads(result.stdout)
    scenario = load_audit_scenario(name)
    assert scenario.game.names == data.game.names and scenario.caveats == data.caveats
    assert name in [d["name"] for d in datasets_list()]
    mapping = dataset_scenario(name)["scenario"]
    assert read_scenario(json.dumps(mapping), is_json=True).game.names == data.game.names


def test_dataset_details_command() -> None:
    result = runner.invoke(app, ["datasets", "us-house-2020"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Census 2020 apportionment population (50 of 50 members)" in result.output
    listing = runner.invoke(app, ["datasets"], env={"COLUMNS": "200"})
    assert listing.exit_code == 0 and "eu-council-nice" in listing.output


def test_populations_reach_the_web_scenario() -> None:
    mapping = dataset_scenario("us-house-2020")["scenario"]
    assert mapping["members"][0] == {"name": "Alabama", "weight": 7, "population": 5030053}
    assert read_scenario(json.dumps(mapping), is_json=True).populations is not None
