"""The web app is faithful to the library: shipped datasets carry their caveats, sources and
populations into every download and report; quotas keep their meaning; structure works past
the enumeration limit; member tables of any header; any scenario name; plain messages."""

from __future__ import annotations

from typing import Any

import yaml
from fastapi.testclient import TestClient

from powershare.datasets import load
from powershare.games.scenario import read_scenario

from .conftest import EEC


def dataset(client: TestClient, name: str) -> dict[str, Any]:
    response = client.get(f"/api/datasets/{name}")
    assert response.status_code == 200, response.text
    scenario: dict[str, Any] = response.json()["scenario"]
    return scenario


def test_web_faithful_report_of_a_shipped_dataset_has_caveats_sources_populations(
    client: TestClient,
) -> None:
    scenario = dataset(client, "afghanistan")
    assert scenario["dataset"] == "afghanistan"
    assert scenario["rule"] == {"quota": "majority"}
    assert "NSIA" in scenario["description"]  # the caveats
    assert "afghanistan_provinces.source.md" in scenario["source"]
    assert all("population" in m for m in scenario["members"] if m["name"] == "Kabul")
    report = client.post(
        "/api/audit/report.html", json={"scenario": scenario, "format": "markdown"}
    )
    assert report.status_code == 200, report.text
    text = report.text
    assert "None recorded" not in text and "No source notes" not in text
    assert "no populations" not in text
    assert "NSIA" in text  # caveat
    assert "afghanistan_provinces.source.md" in text  # source notes
    assert "population" in text and "pop. share" in text
    html = client.post("/api/audit/report.html", json={"scenario": scenario}).text
    assert "NSIA" in html and "None recorded" not in html
    # the same body under the two-thirds rule, as in `powershare audit afghanistan`
    assert "two-thirds" in text and "two-thirds" in html


def test_web_faithful_downloads_carry_the_notes_and_read_back(client: TestClient) -> None:
    scenario = dataset(client, "afghanistan")
    response = client.post("/api/export/scenario.yaml", json=scenario)
    assert response.status_code == 200, response.text
    data = yaml.safe_load(response.text)
    assert "NSIA" in data["description"] and "source.md" in data["source"]
    assert "dataset" not in data  # scenario files have no such key; the header comment says it
    assert "shipped dataset afghanistan" in response.text
    assert read_scenario(response.text).game.n == 36
    results = client.post("/api/export/results.json", json={"scenario": scenario}).json()
    assert results["scenario"]["description"] == scenario["description"]


def test_web_faithful_quota_keeps_its_meaning_when_seats_change(client: TestClient) -> None:
    scenario = dataset(client, "afghanistan")
    for member in scenario["members"]:
        if member["name"] == "Kabul":
            member["weight"] = 160
    data = client.post("/api/power", json={"scenario": scenario}).json()
    assert data["quota_facts"]["text"] == "majority"
    assert data["quota_facts"]["total"] == "377"
    assert data["quota_facts"]["absolute"] == "189"
    assert data["warnings"] == []
    # an absolute quota from the source stays absolute, with its share shown
    eec = dataset(client, "eec-1958")
    assert eec["rule"] == {"quota": 12}
    facts = client.post("/api/power", json={"scenario": eec}).json()["quota_facts"]
    assert facts["absolute"] == "12" and facts["total"] == "17"


def test_web_faithful_warnings_in_plain_words(client: TestClient, eec: dict[str, Any]) -> None:
    eec["rule"] = {"quota": "40%"}
    data = client.post("/api/power", json={"scenario": eec}).json()
    assert any("Two opposite proposals could both pass" in w for w in data["warnings"])
    eec["rule"] = {"quota": 16}
    data = client.post("/api/power", json={"scenario": eec}).json()
    assert any("can stop every decision" in w for w in data["warnings"])


def test_web_faithful_structure_of_compound_bodies_past_enumeration(client: TestClient) -> None:
    for name in ("eu-council-lisbon", "us-federal-lawmaking"):
        response = client.post("/api/structure", json={"scenario": dataset(client, name)})
        assert response.status_code == 200, response.text
        facts = response.json()
        assert facts["enumerated"] is False
        assert facts["veto_players"] == [] and facts["dummies"] == []
        assert "limited to" in facts["note"]
    rule = client.post(
        "/api/structure", json={"scenario": dataset(client, "un-security-council-rule")}
    )
    assert rule.json()["veto_players"] == [
        "China",
        "France",
        "Russian Federation",
        "United Kingdom",
        "United States",
    ]


def test_web_faithful_structure_agrees_with_enumeration() -> None:
    from powershare.structure import analyse, special_players

    game = load("un-security-council-rule").game
    facts = analyse(game)
    players = special_players(game)
    assert players.veto == facts.veto and players.dummies == facts.dummies


def test_web_faithful_members_of_any_header_and_separator(client: TestClient) -> None:
    for text in ("Party;Seats\nLabour;411\nReform;5\n", "Party\tSeats\nLabour\t411\nReform\t5\n"):
        read = client.post("/api/members/parse", json={"text": text}).json()
        assert read["members"] == [
            {"name": "Labour", "weight": 411},
            {"name": "Reform", "weight": 5},
        ]
    read = client.post(
        "/api/members/parse",
        json={"text": 'state,seats,population,bloc\nX,3,"1,200",north\nY,1,400,south\n'},
    ).json()
    assert read["members"][0] == {"name": "X", "weight": 3, "population": 1200, "bloc": "north"}
    bad = client.post("/api/members/parse", json={"text": "Party;Seats\n"})
    assert bad.status_code == 400 and "no members" in bad.json()["message"]


def test_web_faithful_any_scenario_name_saves(client: TestClient, eec: dict[str, Any]) -> None:
    for name in ("Plan A/B", "back\\slash", "50% / 2/3 ?#&"):
        enc = name.replace("%", "%25").replace("/", "%2F").replace("?", "%3F").replace("#", "%23")
        enc = enc.replace("&", "%26")
        saved = client.put(f"/api/scenarios/{enc}", json={"scenario": eec})
        assert saved.status_code == 200, saved.text
        assert client.get(f"/api/scenarios/{enc}").json()["name"] == name
        assert client.get(f"/api/scenarios/{enc}/versions").json()[0]["version"] == 1
        assert client.get(f"/api/scenarios/{enc}/download.yaml").status_code == 200
    assert {s["name"] for s in client.get("/api/scenarios").json()} >= {"Plan A/B"}
    refused = client.put("/api/scenarios/x%2Fversions", json={"scenario": eec})
    assert refused.status_code == 400


def test_web_faithful_messages_in_plain_words(client: TestClient) -> None:
    response = client.post(
        "/api/power", json={"scenario": {"members": [{"weight": 1}], "rule": {"quota": 1}}}
    )
    assert response.status_code == 400
    assert response.json()["message"] == "member 1: name is missing"


def test_web_faithful_dataset_audit_extras_give_the_comparisons() -> None:
    """What a shipped dataset adds to the audit (``service.dataset_audit_extras``): its
    caveats, full sources, population label and the two-thirds comparison, re-based on the
    edited seats."""
    from powershare.web import service
    from powershare.web.models import ScenarioIn

    scenario = ScenarioIn.model_validate(service.dataset_scenario("afghanistan")["scenario"])
    for member in scenario.members:
        if member["name"] == "Kabul":
            member["weight"] = 160
    result = service.build(scenario, service.Settings())
    extras = service.dataset_audit_extras(scenario, result)
    (label, game), *_ = extras["comparisons"]
    assert label == "two-thirds" and game.total_weight == 377
    assert any("NSIA" in c for c in extras["caveats"])
    assert "NSIA" in extras["population_label"]
    assert service.dataset_audit_extras(ScenarioIn.model_validate({**EEC}), result) == {}
