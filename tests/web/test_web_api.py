"""The JSON API with FastAPI's TestClient: results, errors (4xx with reasons), limits, store."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from powershare.games.scenario import read_scenario
from powershare.web import Settings, create_app
from powershare.web import runner as runner_module
from powershare.web.deps import RunnerDep, static_dir

JSON = {"content-type": "application/json"}


def test_web_health_and_openapi(client: TestClient) -> None:
    assert client.get("/api/health").json()["status"] == "ok"
    schema = client.get("/api/openapi.json").json()
    assert "/api/power" in schema["paths"] and "/api/scenarios/{name}" in schema["paths"]
    # the interactive docs would load scripts from a CDN: they are not served
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


def test_web_power_of_the_eec(client: TestClient, eec: dict[str, Any]) -> None:
    r = client.post("/api/power", json={"scenario": eec, "indices": ["banzhaf", "shapley"]})
    assert r.status_code == 200, r.text
    data = r.json()
    rows = {m["name"]: m for m in data["members"]}
    assert rows["France"]["banzhaf_exact"] == "5/21"
    assert rows["Luxembourg"]["banzhaf"] == 0.0
    assert rows["France"]["shapley_exact"] == "7/30"
    assert data["exact"] is True and data["method"]
    assert data["shares"]["weight"][0] == pytest.approx(4 / 17)
    assert data["quota"] == 12 and data["n"] == 6


def test_web_power_population_share_and_blocs(client: TestClient, eec: dict[str, Any]) -> None:
    for i, m in enumerate(eec["members"]):
        m["population"] = 10 * (i + 1)
    eec["blocs"] = {"Benelux": ["Belgium", "Netherlands", "Luxembourg"]}
    r = client.post("/api/power", json={"scenario": eec, "indices": ["banzhaf", "owen"]})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["shares"]["population"][5] == pytest.approx(60 / 210)
    assert "Benelux" in [b["name"] for b in data["blocs"]]


def test_web_power_compound_rule_dataset(client: TestClient) -> None:
    scenario = client.get("/api/datasets/eu-council-lisbon").json()["scenario"]
    r = client.post("/api/power", json={"scenario": scenario, "indices": ["banzhaf"]})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["n"] == 27 and data["exact"] is True
    assert "population" in data["shares"]


@pytest.mark.parametrize(
    ("scenario", "fragment"),
    [
        ({"members": [{"name": "A", "weight": "x"}], "rule": {"quota": 1}}, "'x' is not a number"),
        ({"members": [{"name": "A", "weight": -1}], "rule": {"quota": 1}}, "weight"),
        ({"members": [{"name": "A", "weight": 1}], "rule": {"quota": 5}}, "quota"),
        ({"members": [{"name": "A", "weight": 1}], "rule": {"type": "nope"}}, "rule"),
        (
            {"members": [{"name": "A", "weight": 1}], "rule": {"type": "veto", "members": ["Z"]}},
            "Z",
        ),
    ],
)
def test_web_bad_scenarios_are_400_with_the_reason(
    client: TestClient, scenario: dict[str, Any], fragment: str
) -> None:
    r = client.post("/api/power", json={"scenario": scenario})
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["error"] == "invalid_input" and fragment in body["message"]


def test_web_bad_requests_are_4xx_never_500(client: TestClient, eec: dict[str, Any]) -> None:
    cases = [
        client.post(
            "/api/power", content=b"{not json", headers={"content-type": "application/json"}
        ),
        client.post("/api/power", json={"scenario": {"members": []}}),
        client.post("/api/power", json={"scenario": eec, "indices": ["nope"]}),
        client.post("/api/power", json={"scenario": eec, "method": "nope"}),
        client.post("/api/power", json={"scenario": eec, "indices": ["owen"]}),
        client.post("/api/power", json={"scenario": eec, "max_seconds": -1}),
        client.post(
            "/api/power",
            content=b"[" * 100_000 + b"]" * 100_000,
            headers={"content-type": "application/json"},
        ),
        client.post("/api/scenario/parse", json={"text": "members: [", "format": "yaml"}),
        client.get("/api/datasets/nope"),
        client.get("/api/scenarios/nope"),
        client.get("/api/jobs/nope"),
    ]
    for r in cases:
        assert 400 <= r.status_code < 500, (r.status_code, r.text)
        assert r.json()["message"], r.text


def test_web_validation_errors_name_the_field(client: TestClient) -> None:
    r = client.post("/api/power", json={"scenario": {"members": [{"name": "A"}]}})
    assert r.status_code == 422
    assert "scenario.rule" in r.json()["message"]


def test_web_resource_limit_offers_approximation(client: TestClient) -> None:
    scenario = client.get("/api/datasets/us-federal-lawmaking").json()["scenario"]
    req = {"scenario": scenario, "indices": ["banzhaf"], "max_seconds": 0.001}
    refused = client.post("/api/power", json=req)
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["error"] == "resource_limit" and body["can_approximate"] is True
    assert "would take about" in body["message"]
    approx = client.post(
        "/api/power",
        json={**req, "max_seconds": 0.3, "approximate": {"samples": 2000, "seed": 1}},
    )
    assert approx.status_code == 200, approx.text
    data = approx.json()
    assert data["exact"] is False and data["approximation"]["banzhaf"]["samples"] == 2000
    assert "banzhaf_interval" in data["members"][0]


def test_web_time_budget_backstop(
    tmp_path: Path, eec: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A computation that overruns its budget ends the request with a clear 422."""
    monkeypatch.setattr(runner_module, "GRACE_SECONDS", 0.05)
    app = create_app(tmp_path, settings=Settings(max_seconds=0.05))

    def sleepy() -> dict[str, Any]:
        time.sleep(1)
        return {}

    async def slow(runner: RunnerDep) -> dict[str, Any]:
        return await runner.run(0.05, sleepy, approximable=True)

    app.add_api_route("/api/_slow", slow, methods=["POST"])
    with TestClient(app) as c:
        r = c.post("/api/_slow", json={})
    assert r.status_code == 422
    assert r.json()["error"] == "time_budget" and r.json()["can_approximate"] is True


def test_web_member_and_size_limits(tmp_path: Path) -> None:
    app = create_app(tmp_path, settings=Settings(max_members=10, max_request_bytes=20_000))
    with TestClient(app) as c:
        many = {
            "members": [{"name": f"M{i}", "weight": 1} for i in range(11)],
            "rule": {"quota": 6},
        }
        r = c.post("/api/power", json={"scenario": many})
        assert r.status_code == 413 and "at most 10" in r.json()["message"]
        counted = {"members": [{"name": "S", "count": 10**9, "weight": 1}], "rule": {"quota": 6}}
        r = c.post("/api/power", json={"scenario": counted})
        assert r.status_code == 413
        big = {"members": [{"name": "x" * 30_000, "weight": 1}], "rule": {"quota": 1}}
        r = c.post("/api/power", json={"scenario": big})
        assert r.status_code == 413 and r.json()["error"] == "too_large"


def test_web_structure(client: TestClient, eec: dict[str, Any]) -> None:
    r = client.post("/api/structure", json={"scenario": eec})
    assert r.status_code == 200, r.text
    assert r.json()["dummies"] == ["Luxembourg"]
    big = client.get("/api/datasets/eu-council-lisbon").json()["scenario"]
    r = client.post("/api/structure", json={"scenario": big})  # past enumeration: swing counts
    assert r.status_code == 200, r.text
    assert r.json()["veto_players"] == [] and r.json()["enumerated"] is False


def test_web_compare(client: TestClient, eec: dict[str, Any]) -> None:
    other = {**eec, "rule": {"quota": "majority"}}
    r = client.post("/api/compare", json={"a": eec, "b": other, "indices": ["banzhaf"]})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["a"]["members"][5]["banzhaf"] == 0.0
    assert data["b"]["members"][5]["banzhaf"] > 0.0


def test_web_datasets_round_trip(client: TestClient) -> None:
    names = [d["name"] for d in client.get("/api/datasets").json()]
    assert "eec-1958" in names and "us-electoral-college-2024" in names
    for name in names:
        d = client.get(f"/api/datasets/{name}").json()
        r = client.post("/api/scenario/check", json=d["scenario"])
        assert r.status_code == 200, (name, r.text)


def test_web_scenario_yaml_download_reads_back(client: TestClient, eec: dict[str, Any]) -> None:
    eec["blocs"] = {"Benelux": ["Belgium", "Netherlands"]}
    r = client.post("/api/export/scenario.yaml", json=eec)
    assert r.status_code == 200, r.text
    assert r.headers["content-disposition"].startswith("attachment;")
    assert yaml.safe_load(r.text)["members"][0] == {"name": "France", "weight": 4}
    back = read_scenario(r.text, source="download.yaml")
    assert back.game.notation() == "[12; 4, 4, 4, 2, 2, 1]" and back.blocs
    j = client.post("/api/export/scenario.json", json=eec)
    assert json.loads(j.text)["rule"] == {"quota": 12}
    lisbon = client.get("/api/datasets/eu-council-lisbon").json()["scenario"]
    y = client.post("/api/export/scenario.yaml", json=lisbon)
    assert read_scenario(y.text).game.n == 27


def test_web_results_downloads(client: TestClient, eec: dict[str, Any]) -> None:
    r = client.post("/api/export/results.csv", json={"scenario": eec, "indices": ["banzhaf"]})
    assert r.status_code == 200, r.text
    lines = r.text.splitlines()
    assert lines[0].startswith("name,weight,banzhaf") and "share_weight" in lines[0]
    assert lines[1].startswith("France,4,")
    j = client.post("/api/export/results.json", json={"scenario": eec})
    assert j.json()["scenario"]["rule"] == {"quota": 12}


def test_web_parse_scenario_file_text(client: TestClient) -> None:
    text = "members:\n  - {name: A, weight: 2}\n  - {name: B, weight: 1}\nrule: {quota: abc}\n"
    r = client.post("/api/scenario/parse", json={"text": text, "filename": "body.yaml"})
    assert r.status_code == 400
    assert "quota 'abc' is not a number" in r.json()["message"]
    r = client.post("/api/scenario/parse", json={"text": "members: [", "filename": "body.yaml"})
    assert r.status_code == 400 and "body.yaml" in r.json()["message"]
    good = text.replace("abc", "2")
    r = client.post("/api/scenario/parse", json={"text": good, "filename": "body.yaml"})
    assert r.status_code == 200 and r.json()["n"] == 2


def test_web_store_endpoints(client: TestClient, eec: dict[str, Any]) -> None:
    r = client.put("/api/scenarios/My council", json={"scenario": eec})
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 1
    changed = {**eec, "rule": {"quota": 13}}
    assert (
        client.put("/api/scenarios/My council", json={"scenario": changed}).json()["version"] == 2
    )
    assert client.get("/api/scenarios/My council").json()["scenario"]["rule"] == {"quota": 13}
    assert [s["name"] for s in client.get("/api/scenarios").json()] == ["My council"]
    assert [v["version"] for v in client.get("/api/scenarios/My council/versions").json()] == [2, 1]
    undone = client.post("/api/scenarios/My council/undo", headers=JSON).json()
    assert undone["version"] == 1 and undone["scenario"]["rule"] == {"quota": 12}
    assert client.post("/api/scenarios/My council/restore/2", headers=JSON).json()["version"] == 2
    y = client.get("/api/scenarios/My council/download.yaml?version=1")
    assert read_scenario(y.text).game.quota == 12
    bad = client.put("/api/scenarios/broken", json={"scenario": {**eec, "rule": {"quota": 99}}})
    assert bad.status_code == 400
    assert client.delete("/api/scenarios/My council", headers=JSON).json()["deleted_versions"] == 2
    assert client.get("/api/scenarios/My council").status_code == 404


def test_web_security_headers_and_pages(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "powershare" in r.text
    assert r.headers["content-security-policy"].startswith("default-src 'self'")
    assert r.headers["x-content-type-options"] == "nosniff"
    for name in (
        "app.js",
        "app.css",
        "util.js",
        "rule.js",
        "chart.js",
        "analysis.js",
        "results.js",
        "saved.js",
    ):
        assert client.get(f"/static/{name}").status_code == 200


def test_web_static_assets_reference_nothing_external() -> None:
    for path in static_dir().iterdir():
        text = path.read_text("utf-8")
        for needle in ("http://", "https://", "//cdn", "@import", "fonts.g"):
            allowed = needle == "http://" and "http://www.w3.org/2000/svg" in text
            if needle in text and not allowed:
                pytest.fail(f"{path.name} references {needle!r}")


def test_web_cross_site_and_non_json_writes_are_refused(
    client: TestClient, eec: dict[str, Any]
) -> None:
    r = client.put(
        "/api/scenarios/x", json={"scenario": eec}, headers={"origin": "http://evil.example"}
    )
    assert r.status_code == 403
    r = client.put(
        "/api/scenarios/x",
        content=json.dumps({"scenario": eec}),
        headers={"content-type": "text/plain"},
    )
    assert r.status_code == 415
    assert client.get("/api/scenarios/x").status_code == 404


def test_web_host_header_checked_on_loopback(client: TestClient) -> None:
    assert client.get("/api/health", headers={"host": "evil.example"}).status_code == 421
    assert client.get("/api/health", headers={"host": "127.0.0.1:8765"}).status_code == 200


def test_web_token_on_every_request(tmp_path: Path) -> None:
    token = "s3cret-token-0123456789"
    app = create_app(tmp_path, token=token, allowed_hosts=None)
    with TestClient(app) as c:
        assert c.get("/api/health").status_code == 401
        assert c.get("/static/app.js").status_code == 401
        assert c.get("/").status_code == 401
        assert c.get("/api/health", headers={"authorization": "Bearer nope"}).status_code == 401
        assert c.get("/api/health", headers={"authorization": f"Bearer {token}"}).status_code == 200
        assert c.get("/api/health", headers={"x-powershare-token": token}).status_code == 200
        page = c.get(f"/?token={token}")
        assert page.status_code == 200 and "HttpOnly" in page.headers["set-cookie"]
        # the cookie set by the page now carries the token
        assert c.get("/static/app.js").status_code == 200
    with TestClient(app) as fresh:
        assert fresh.get("/api/health").status_code == 401
