"""Power under uncertainty in the web app: the routes (result shape, exact or drawn, bad input,
the security rules of state-changing requests, the background job) and the Uncertainty panel
in a real browser."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from powershare.games.fileformat import load_mapping
from powershare.web import Settings, create_app

from .conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer

OWN = {"origin": "http://testserver", "content-type": "application/json"}
COUNCIL = Path(__file__).resolve().parents[2] / "examples" / "uncertain_council.yaml"


def council() -> dict[str, Any]:
    """The shipped example (seat ranges of the illustrative council) as a mapping."""
    data = load_mapping(COUNCIL.read_text(encoding="utf-8"), source="council", is_json=False)
    data.pop("sweep", None)
    return dict(data)


SMALL: dict[str, Any] = {
    "members": [
        {"name": "A", "seats": [3, 6]},
        {"name": "B", "seats": 3},
        {"name": "C", "seats": 2},
    ],
    "rule": {"quota": "2/3"},
}


def test_web_uncertainty_options(client: TestClient) -> None:
    o = client.get("/api/uncertainty").json()
    assert {"uniform", "triangular", "normal"} <= set(o["kinds"])
    assert "dhondt" in o["methods"] and o["exact_limit"] == 20000


def test_web_uncertainty_exact_result_shape(client: TestClient) -> None:
    r = client.post("/api/uncertainty/analyse", json={"scenario": council()}, headers=OWN)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["exact"] is True and data["mode"] == "exact" and data["draws"] == 1287
    assert data["index"] == "banzhaf" and data["level"] == 0.9
    pashtun = data["members"][0]
    assert pashtun["name"] == "Pashtun"
    assert pashtun["p_veto_exact"] == "92/117"
    assert pashtun["p_veto"] == pytest.approx(92 / 117)
    assert pashtun["p_veto_interval"] == [pytest.approx(92 / 117)] * 2
    assert pashtun["low"] <= pashtun["mean"] <= pashtun["high"]
    assert pashtun["seats"]["low"] == 38 and pashtun["seats"]["high"] == 50
    assert {"mean", "median", "low", "high"} <= set(pashtun["indices"]["shapley"])
    assert data["p_improper"]["p"] == 0.0 and data["p_improper"]["exact"] == "0"
    assert data["demands"][0]["demand"].startswith("Pashtun")
    assert data["seconds"] >= 0


def test_web_uncertainty_sampled_is_reproducible(client: TestClient) -> None:
    body = {"scenario": council(), "exact": False, "draws": 1000, "seed": 7, "level": 0.8}
    a = client.post("/api/uncertainty/analyse", json=body, headers=OWN).json()
    b = client.post("/api/uncertainty/analyse", json=body, headers=OWN).json()
    assert a["exact"] is False and a["draws"] == 1000 and a["seed"] == 7
    assert a["interval"] == "wilson" and a["level"] == 0.8
    assert a["members"] == b["members"]
    p = a["members"][0]
    assert "p_veto_exact" not in p
    lo, hi = p["p_veto_interval"]
    assert lo < p["p_veto"] < hi
    assert abs(p["p_veto"] - 92 / 117) < 0.08


def test_web_uncertainty_distributions_and_poll(client: TestClient) -> None:
    scenario = {
        "members": [
            {"name": "A", "seats": {"triangular": [30, 40, 46]}},
            {"name": "B", "seats": {"normal": {"mean": 30, "sd": 4, "low": 20, "high": 40}}},
            {"name": "C", "seats": [10, 20]},
        ],
        "rule": {"quota": "majority"},
    }
    r = client.post(
        "/api/uncertainty/analyse",
        json={"scenario": scenario, "draws": 500, "index": "shapley"},
        headers=OWN,
    )
    assert r.status_code == 200, r.text
    assert r.json()["exact"] is False and r.json()["index"] == "shapley"
    poll = {
        "poll": {
            "sample_size": 1000,
            "shares": {"X": 40, "Y": 35, "Z": 20, "W": 5},
            "method": "dhondt",
            "seats": 60,
            "threshold": "5%",
        },
        "rule": {"quota": "majority"},
    }
    r = client.post("/api/uncertainty/analyse", json={"scenario": poll, "draws": 500}, headers=OWN)
    assert r.status_code == 200, r.text
    names = [m["name"] for m in r.json()["members"]]
    assert names == ["X", "Y", "Z", "W"]
    assert r.json()["members"][3]["p_dummy"] > 0.5  # W is mostly under the threshold


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"scenario": {}}, 400, "invalid_input"),
        (
            {"scenario": {"members": [{"name": "A", "seats": [5, 2]}], "rule": {"quota": 3}}},
            400,
            "invalid_input",
        ),
        ({"scenario": {**SMALL, "rule": {"type": "all_of", "rules": []}}}, 400, "invalid_input"),
        ({"scenario": {**SMALL, "extra": 1}}, 400, "invalid_input"),
        ({"scenario": SMALL, "index": "nope"}, 400, "invalid_input"),
        (
            {"scenario": {**SMALL, "members": [{"name": "A", "seats": [1, 10**8]}]}},
            413,
            "too_large",
        ),
        ({"scenario": SMALL, "draws": 0}, 422, "invalid_request"),
        ({"scenario": SMALL, "level": 1.5}, 422, "invalid_request"),
        ({"scenario": SMALL, "interval": "bayes"}, 422, "invalid_request"),
        ({"scenario": SMALL, "surprise": True}, 422, "invalid_request"),
        (
            {"scenario": {**SMALL, "members": [{"name": "A", "seats": "many"}]}},
            400,
            "invalid_input",
        ),
        ({"scenario": {**SMALL, "poll": {"shares": {"X": 1}}}}, 400, "invalid_input"),
    ],
)
def test_web_uncertainty_bad_input_is_4xx(
    client: TestClient, body: dict[str, Any], status: int, error: str
) -> None:
    r = client.post("/api/uncertainty/analyse", json=body, headers=OWN)
    assert r.status_code == status, r.text
    assert r.json()["error"] == error
    assert r.json()["message"]


def test_web_uncertainty_exact_refused_when_too_many_outcomes(client: TestClient) -> None:
    members = [{"name": f"M{i}", "seats": [1, 9]} for i in range(6)]
    body = {"scenario": {"members": members, "rule": {"quota": "majority"}}, "exact": True}
    r = client.post("/api/uncertainty/analyse", json=body, headers=OWN)
    assert r.status_code == 400 and "draw instead" in r.json()["message"]


def test_web_uncertainty_past_the_budget_is_422(tmp_path: Path) -> None:
    app = create_app(tmp_path, settings=Settings(max_seconds=0.2))
    members = [
        {"name": f"M{i}", "seats": {"normal": {"mean": 40, "sd": 8, "low": 10, "high": 70}}}
        for i in range(30)
    ]
    body = {"scenario": {"members": members, "rule": {"quota": "2/3"}}, "draws": 20000}
    with TestClient(app) as c:
        r = c.post("/api/uncertainty/analyse", json=body, headers=OWN)
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "time_budget"
    assert "/api/jobs/uncertainty" in r.json()["message"]


@pytest.mark.parametrize("path", ["/api/uncertainty/analyse", "/api/jobs/uncertainty"])
@pytest.mark.parametrize(
    ("headers", "status", "error"),
    [
        ({"origin": "http://evil.example", "content-type": "application/json"}, 403, "bad_origin"),
        ({"origin": "null", "content-type": "application/json"}, 403, "bad_origin"),
        (
            {"origin": "http://testserver:8766", "content-type": "application/json"},
            403,
            "bad_origin",
        ),
        ({"sec-fetch-site": "cross-site", "content-type": "application/json"}, 403, "bad_origin"),
        ({"origin": "http://testserver", "content-type": "text/plain"}, 415, "bad_content_type"),
        ({"origin": "http://testserver"}, 415, "bad_content_type"),
        (
            {"origin": "http://testserver", "content-type": "application/x-www-form-urlencoded"},
            415,
            "bad_content_type",
        ),
    ],
)
def test_web_uncertainty_state_changing_requests_need_json_and_own_origin(
    client: TestClient, path: str, headers: dict[str, str], status: int, error: str
) -> None:
    content = b'{"scenario": {"members": [{"name": "A", "seats": 2}], "rule": {"quota": 2}}}'
    r = client.post(path, content=content, headers=headers)
    assert r.status_code == status, r.text
    assert r.json()["error"] == error


def wait_job(client: TestClient, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] not in ("queued", "running"):
            return dict(job)
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


def test_web_uncertainty_job_reports_draws_and_result(client: TestClient) -> None:
    body = {"scenario": council(), "exact": False, "draws": 1500, "seed": 3}
    r = client.post("/api/jobs/uncertainty", json=body, headers=OWN)
    assert r.status_code == 200, r.text
    assert r.json()["kind"] == "uncertainty"
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "done", job
    assert job["done"] == 1500 and job["total"] == 1500
    assert job["message"] == "1,500 of 1,500 draws"
    direct = client.post("/api/uncertainty/analyse", json=body, headers=OWN).json()
    assert job["result"]["members"] == direct["members"]
    exact = client.post("/api/jobs/uncertainty", json={"scenario": SMALL}, headers=OWN).json()
    done = wait_job(client, exact["id"])
    assert done["result"]["exact"] is True
    assert done["message"] == "enumerating all 4 seat outcomes exactly"


def test_web_uncertainty_job_checks_input_before_queueing(client: TestClient) -> None:
    r = client.post("/api/jobs/uncertainty", json={"scenario": {"rule": {}}}, headers=OWN)
    assert r.status_code == 400 and r.json()["error"] == "invalid_input"


def test_web_uncertainty_job_stops_after_its_limit(client: TestClient) -> None:
    members = [
        {"name": f"M{i}", "seats": {"normal": {"mean": 40, "sd": 8, "low": 10, "high": 70}}}
        for i in range(30)
    ]
    body = {
        "scenario": {"members": members, "rule": {"quota": "2/3"}},
        "draws": 100_000,
        "max_seconds": 0.5,
    }
    r = client.post("/api/jobs/uncertainty", json=body, headers=OWN)
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "failed"
    assert "time budget of 0.5 s" in job["error"]["message"]


# -- in a browser --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent (the test set-up installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_web_browser_uncertainty_panel(browser: Any, live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    page.on(
        "request",
        lambda req: (
            None
            if req.url.startswith((live_server.url, "blob:", "data:"))
            else problems.append(f"external request: {req.url}")
        ),
    )
    page.goto(live_server.url + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("#unc-form[data-ready=true]", state="attached")
    page.select_option("#dataset-select", "eec-1958")
    page.click("#load-dataset")
    page.wait_for_selector('#bars .bar-row[data-member="Luxembourg"]')

    page.click('.tabs button[data-tab="uncertainty"]')
    # the ranges start from the body's seats, +-20% by default: France 4 -> 3..5
    france = page.locator('#unc-members tr[data-member="France"]')
    expect(france.locator('[data-key="min"]')).to_have_value("3")
    expect(france.locator('[data-key="max"]')).to_have_value("5")
    assert page.input_value("#unc-quota") == "12"
    # +-50%: Belgium 2 -> 1..3, Luxembourg 1 -> 1..2 (rounded to whole seats)
    page.fill("#unc-pct", "50")
    page.click("#unc-from-body")
    lux = page.locator('#unc-members tr[data-member="Luxembourg"]')
    expect(lux.locator('[data-key="max"]')).to_have_value("2")
    page.fill("#unc-quota", "70%")
    page.select_option("#unc-ask", "France")

    page.click("#unc-run")
    page.wait_for_selector("#unc-job[data-status=done]")
    expect(page.locator("#unc-kind")).to_have_text("exact")
    ask = page.inner_text("#unc-question")
    assert ask.startswith("How likely is a veto for France? ")
    assert "seat outcomes enumerated" in ask
    assert page.locator("#unc-plot g.unc-row").count() == 6
    assert page.locator("#unc-plot rect.unc-interval").count() == 6
    assert page.locator("#unc-table tbody tr").count() == 6

    # the same request through the API gives the same numbers
    request = page.evaluate(
        "async () => (await import('/static/uncertainty.js')).uncertaintyRequest()"
    )
    assert request["scenario"]["members"][5] == {"name": "Luxembourg", "seats": [1, 2]}
    assert request["scenario"]["rule"] == {"quota": "70%"}
    api = page.evaluate(
        """async (body) => (await fetch('/api/uncertainty/analyse', {method: 'POST',
             headers: {'content-type': 'application/json'}, body: JSON.stringify(body)})).json()""",
        request,
    )
    fr = api["members"][0]
    assert api["exact"] is True
    assert page.inner_text("#unc-answer") == f"{fr['p_veto'] * 100:.1f}%"
    assert f"exact: {fr['p_veto_exact']}" in ask
    row = page.locator('#unc-table tr[data-member="France"]')
    expect(row.locator('td[data-col="mean"]')).to_have_text(f"{fr['mean'] * 100:.1f}%")

    # a triangular distribution and a normal one make the space continuous: drawn
    page.select_option('#unc-members tr[data-member="Italy"] select[data-key="kind"]', "triangular")
    page.fill('#unc-members tr[data-member="Italy"] [data-key="mid"]', "4")
    page.select_option('#unc-members tr[data-member="Germany"] select[data-key="kind"]', "normal")
    page.fill('#unc-members tr[data-member="Germany"] [data-key="sd"]', "1")
    page.fill("#unc-draws", "1500")
    page.click("#unc-run")
    page.wait_for_selector("#unc-job[data-status=done]")
    expect(page.locator("#unc-kind")).to_have_text("sampled")
    expect(page.locator("#unc-meta")).to_contain_text("from 1,500 draws")
    expect(page.locator("#unc-question")).to_contain_text("from 1,500 draws; 90% interval")
    assert page.locator("#unc-plot g.unc-row").count() == 6

    assert problems == []

    # bad input is said in one line, not a traceback (the browser logs the 400 response)
    page.fill('#unc-members tr[data-member="France"] [data-key="min"]', "9")
    page.click("#unc-run")
    expect(page.locator("#unc-status")).to_contain_text("France")
    page.close()
    assert all("status of 400" in p for p in problems), problems
