"""Maps: shipped Afghan boundaries, a user's GeoJSON joined by member name, and its limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from powershare.audit import AuditScenario, audit, load_audit_scenario
from powershare.audit.geometry import MAX_GEOJSON_BYTES, read_geojson, read_geojson_file
from powershare.audit.maps import map_panels, map_svg
from powershare.cli import app
from powershare.errors import InvalidInputError, ParseError
from powershare.games.weighted import WeightedGame


def _square(x: float, y: float) -> list[list[list[float]]]:
    return [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]


def _collection(names: list[str], key: str = "name") -> str:
    features = [
        {
            "type": "Feature",
            "properties": {key: n, "code": f"C{i}"},
            "geometry": {"type": "Polygon", "coordinates": _square(10 + i, 45)},
        }
        for i, n in enumerate(names)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features})


def test_shipped_afghan_boundaries_join_every_province() -> None:
    sc = load_audit_scenario("afghanistan")
    assert sc.geometry is not None and sc.geometry.key == "province"
    assert len(sc.geometry.shapes) == 34
    assert sc.geometry.missing == ("Kuchi (nomads)", "Hindu and Sikh seat")
    west, south, east, north = sc.geometry.bounds()
    assert 60 < west < 61 and 74 < east < 75 and 29 < south < 30 and 38 < north < 39
    assert load_audit_scenario("afghanistan-wolesi-jirga").geometry is not None
    assert load_audit_scenario("eu-council-lisbon").geometry is None


def test_map_panels_and_svg() -> None:
    a = audit(load_audit_scenario("afghanistan"), what_ifs=False, curve=False)
    titles = [t for t, _ in map_panels(a)]
    assert titles == ["Seats per person", "Power per person (Banzhaf)", "Citizen power (two-tier)"]
    svg = map_svg(a)
    assert svg.startswith("<svg") and "<text" not in svg and "http" not in svg


def test_user_geojson_joins_by_name_ignoring_case_and_accents() -> None:
    regions = read_geojson(_collection(["north", "Céntre", "SOUTH"]), ["North", "Centre", "South"])
    assert regions.key == "name" and sorted(regions.shapes) == ["Centre", "North", "South"]
    assert regions.missing == ()


def test_user_geojson_mismatch_lists_the_names() -> None:
    with pytest.raises(InvalidInputError) as err:
        read_geojson(_collection(["North", "Centr", "South"]), ["North", "Centre", "South"])
    message = str(err.value)
    assert "match no member: Centr" in message and "Centre" in message


def test_user_geojson_key_option_and_errors() -> None:
    text = _collection(["North", "South"], key="NAME_1")
    assert read_geojson(text, ["North", "South"], key="NAME_1").key == "NAME_1"
    with pytest.raises(InvalidInputError, match="no property 'nom'"):
        read_geojson(text, ["North", "South"], key="nom")
    with pytest.raises(InvalidInputError, match="--map-key"):
        read_geojson(text, ["East", "West"])
    with pytest.raises(ParseError, match="FeatureCollection"):
        read_geojson('{"type": "Feature"}', ["North"])
    bad = json.loads(text)
    bad["features"][0]["geometry"] = {"type": "Point", "coordinates": [1, 2]}
    with pytest.raises(ParseError, match="Point"):
        read_geojson(json.dumps(bad), ["North", "South"])


def test_geojson_size_is_bounded(tmp_path: Path) -> None:
    big = tmp_path / "big.geojson"
    with big.open("wb") as f:
        f.truncate(MAX_GEOJSON_BYTES + 1)
    with pytest.raises(ParseError, match="input files are limited to"):
        read_geojson_file(big, ["North"])


def test_geojson_fifo_is_refused_unread(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "regions.geojson"
    os.mkfifo(fifo)
    with pytest.raises(ParseError, match="not a regular file"):
        read_geojson_file(fifo, ["North"])


def test_cli_map_option(tmp_path: Path) -> None:
    scenario = tmp_path / "body.csv"
    scenario.write_text("name,weight\nNorth,5\nCentre,3\nSouth,2\n", encoding="utf-8")
    pops = tmp_path / "pops.csv"
    pops.write_text("name,population\nNorth,900001\nCentre,500001\nSouth,300001\n")
    good = tmp_path / "regions.geojson"
    good.write_text(_collection(["North", "Centre", "South"]), encoding="utf-8")
    out = tmp_path / "report.html"
    args = ["audit", str(scenario), "--quota", "majority", "--populations", str(pops)]
    args += ["--output", str(out)]
    result = CliRunner().invoke(app, [*args, "--map", str(good)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<section id="map">' in page and "regions.geojson" in page
    bad = tmp_path / "typo.geojson"
    bad.write_text(_collection(["North", "Centr", "South"]), encoding="utf-8")
    result = CliRunner().invoke(app, [*args, "--map", str(bad)])
    assert result.exit_code == 2 and "Centr" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(app, [*args, "--map-key", "name"])
    assert result.exit_code == 2 and "--map" in result.output


def test_no_map_without_populations() -> None:
    game = WeightedGame.from_values([5, 3, 2], "majority", ["North", "Centre", "South"])
    regions = read_geojson(_collection(["North", "Centre", "South"]), game.names)
    a = audit(AuditScenario("m", "M", game, geometry=regions), what_ifs=False, curve=False)
    assert map_panels(a) == [] and map_svg(a) == ""
