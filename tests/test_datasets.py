"""Shipped datasets load with their published totals; every one is usable by every command."""

import json
from fractions import Fraction
from pathlib import Path

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


def test_eec_ships_as_csv_with_its_sources_and_the_published_swings() -> None:
    """Felsenthal & Machover (1998), section 2.3: normalised Banzhaf 5/21, ..., 3/21, 0."""
    from powershare.power import power

    data = datasets.load("eec-1958")
    assert data.source_file == "eec_council_1958.source.md" and "Art. 148(2)" in data.source
    assert data.populations is None and data.scenario_file is None
    result = power(data.game, "banzhaf")
    assert result.exact == tuple(Fraction(s, 21) for s in (5, 5, 5, 3, 3, 0))
    assert result.counts == (10, 10, 10, 6, 6, 0)  # France: FGI, +B, +N, +L, +BL, +NL; FGBN(L)...
    assert datasets.load("eec-1958", quota="2/3").game.quota == 12  # ceil(2/3 of 17)


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


def test_shipped_files_are_read_through_importlib_resources_off_the_file_system(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The package's folder is read directly (start-up); where it is not a folder (a zip),
    through importlib.resources, with the same text."""
    from powershare.datasets import files

    direct = files.read_text("eec_council_1958.csv")
    monkeypatch.setattr(files, "_DATA", tmp_path / "not-a-folder")
    assert files.read_text("eec_council_1958.csv") == direct
    with pytest.raises(FileNotFoundError):
        files.read_text("no_such_file.csv")
