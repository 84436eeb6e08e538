"""The audit's maps through the API: shipped boundaries (also after editing), none, uploads."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

PATCH = re.compile(r'<g id="webmap-patch_\d+"')


def dataset(client: TestClient, name: str) -> dict[str, Any]:
    scenario: dict[str, Any] = client.get(f"/api/datasets/{name}").json()["scenario"]
    return scenario


def square(name: str, x: float) -> dict[str, Any]:
    ring = [[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]
    return {
        "type": "Feature",
        "properties": {"NAME": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def with_populations(eec: dict[str, Any]) -> dict[str, Any]:
    pops = [49_000_000, 54_000_000, 50_000_000, 9_000_000, 11_000_000, 300_000]
    for m, p in zip(eec["members"], pops, strict=True):
        m["population"] = p
    return eec


def test_web_map_afghanistan_has_34_provinces(client: TestClient) -> None:
    r = client.post("/api/audit/map", json={"scenario": dataset(client, "afghanistan")})
    assert r.status_code == 200, r.text
    m = r.json()
    assert m["regions"] == 34 and m["source"] == "afghanistan_provinces.geojson"
    assert m["panels"] == [
        "Seats per person",
        "Power per person (Banzhaf)",
        "Citizen power (two-tier)",
    ]
    assert m["missing"] == ["Kuchi (nomads)", "Hindu and Sikh seat"]
    svg = m["svg"]
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and "<script" not in svg
    # one patch per province in each of the three panels
    assert len(PATCH.findall(svg)) >= 3 * 34


def test_web_map_after_editing_seats_and_removing_a_province(client: TestClient) -> None:
    sc = dataset(client, "afghanistan-wolesi-jirga")
    sc["members"][0]["weight"] = int(sc["members"][0]["weight"]) + 10
    removed = sc["members"].pop()["name"]
    r = client.post("/api/audit/map", json={"scenario": sc})
    assert r.status_code == 200, r.text
    m = r.json()
    assert m["svg"] and m["regions"] == 33 and removed not in m["missing"]
    # the report downloaded from the web carries the same maps
    report = client.post("/api/audit/report.html", json={"scenario": sc})
    assert report.status_code == 200
    assert '<section id="map">' in report.text
    assert "Boundaries: afghanistan_provinces.geojson" in report.text


def test_web_map_without_boundaries_is_a_plain_answer(
    client: TestClient, eec: dict[str, Any]
) -> None:
    r = client.post("/api/audit/map", json={"scenario": eec})
    assert r.status_code == 200, r.text
    m = r.json()
    assert m["svg"] is None and "No boundaries" in m["note"] and "GeoJSON" in m["note"]
    report = client.post("/api/audit/report.html", json={"scenario": eec})
    assert '<section id="map">' not in report.text


def test_web_map_uploaded_geojson(client: TestClient, eec: dict[str, Any]) -> None:
    eec = with_populations(eec)
    names = [m["name"] for m in eec["members"]]
    good = {"type": "FeatureCollection", "features": [square(n, i) for i, n in enumerate(names)]}
    r = client.post(
        "/api/audit/map",
        json={"scenario": eec, "geojson": json.dumps(good), "filename": "eec.geojson"},
    )
    assert r.status_code == 200, r.text
    m = r.json()
    assert m["regions"] == 6 and m["source"] == "eec.geojson" and m["key"] == "NAME"
    assert len(m["panels"]) >= 2 and len(PATCH.findall(m["svg"])) >= 6 * len(m["panels"])

    bad = {"type": "FeatureCollection", "features": [*good["features"], square("Atlantis", 9)]}
    r = client.post(
        "/api/audit/map",
        json={"scenario": eec, "geojson": json.dumps(bad), "filename": "eec.geojson"},
    )
    assert r.status_code == 400, r.text
    message = r.json()["message"]
    assert "Atlantis" in message and "match no member" in message and "--map-key" not in message

    for text, words in (
        ("not json", "not JSON"),
        ('{"type": "Feature"}', "FeatureCollection"),
    ):
        r = client.post("/api/audit/map", json={"scenario": eec, "geojson": text})
        assert r.status_code == 400 and words in r.json()["message"], r.text
    r = client.post(
        "/api/audit/map", json={"scenario": eec, "geojson": json.dumps(good), "key": "X"}
    )
    assert r.status_code == 400 and "no property 'X'" in r.json()["message"], r.text


def test_web_map_request_bounds(client: TestClient, eec: dict[str, Any]) -> None:
    too_long = "x" * 2_000_001
    r = client.post("/api/audit/map", json={"scenario": eec, "geojson": too_long})
    assert r.status_code in (413, 422), r.text
    r = client.post("/api/audit/map", json={"scenario": eec, "colour": "red"})
    assert r.status_code == 422


@pytest.mark.parametrize(
    ("headers", "status", "error"),
    [
        ({"origin": "http://evil.example", "content-type": "application/json"}, 403, "bad_origin"),
        ({"origin": "null", "content-type": "application/json"}, 403, "bad_origin"),
        ({"origin": "http://testserver", "content-type": "text/plain"}, 415, "bad_content_type"),
        (
            {"origin": "http://testserver", "content-type": "multipart/form-data; boundary=x"},
            415,
            "bad_content_type",
        ),
    ],
)
def test_web_map_refuses_cross_site_and_non_json(
    client: TestClient, eec: dict[str, Any], headers: dict[str, str], status: int, error: str
) -> None:
    r = client.post("/api/audit/map", content=json.dumps({"scenario": eec}), headers=headers)
    assert r.status_code == status and r.json()["error"] == error, r.text
    ok = client.post(
        "/api/audit/map",
        content=json.dumps({"scenario": eec}),
        headers={"origin": "http://testserver", "content-type": "application/json"},
    )
    assert ok.status_code == 200, ok.text
