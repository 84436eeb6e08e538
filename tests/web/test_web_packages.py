"""The package routes (list, one package, analyse, report) with the security rules of every
state-changing request, and the Packages panel in a real browser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer

OWN = {"origin": "http://testserver", "content-type": "application/json"}


def test_web_packages_list_and_one(client: TestClient) -> None:
    listed = client.get("/api/packages").json()
    names = [p["name"] for p in listed]
    assert "northern-ireland-package" in names and "bosnia-herzegovina-package" in names
    one = client.get("/api/packages/northern-ireland-package").json()
    assert one["institutions"] == ["Assembly", "Executive"]
    assert "Sinn Féin" in one["parties"] and "package" in one["mapping"]
    r = client.get("/api/packages/nope")
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_web_packages_analyse_by_name_and_mapping(client: TestClient) -> None:
    r = client.post("/api/packages/analyse", json={"name": "northern-ireland-package"}, headers=OWN)
    assert r.status_code == 200, r.text
    data = r.json()
    assert "Sinn Féin and DUP can each block budget" in data["verdict"]
    parties = {p["name"]: p for p in data["parties"]}
    assert parties["Sinn Féin"]["by_institution"]["Assembly"]["legislation"] == pytest.approx(
        0.3895, abs=1e-4
    )
    assert parties["DUP"]["by_institution"]["Executive"]["executive decisions"] == 0.5
    assert data["exact_values"]["DUP"]["by_area"]["budget"] == "1/2"
    mapping = client.get("/api/packages/bosnia-herzegovina-package").json()["mapping"]
    r = client.post(
        "/api/packages/analyse",
        json={"package": mapping, "compare": "bosnia-herzegovina-package"},
        headers=OWN,
    )
    assert r.status_code == 200, r.text
    rows = r.json()["comparison"]["parties"]
    assert all(row["difference"] == 0 for row in rows)


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({}, 400, "invalid_input"),
        ({"name": "northern-ireland-package", "package": {"package": {}}}, 400, "invalid_input"),
        ({"name": "nope"}, 404, "not_found"),
        ({"package": {"package": {"name": "x"}}}, 400, "invalid_input"),
        ({"package": {"nothing": 1}}, 400, "invalid_input"),
        ({"name": "lebanon-package", "extra": 1}, 422, "invalid_request"),
    ],
)
def test_web_packages_bad_input_is_4xx(
    client: TestClient, body: dict[str, Any], status: int, error: str
) -> None:
    r = client.post("/api/packages/analyse", json=body, headers=OWN)
    assert r.status_code == status, r.text
    assert r.json()["error"] == error


def test_web_packages_report_download(client: TestClient) -> None:
    r = client.post("/api/packages/report", json={"name": "northern-ireland-package"}, headers=OWN)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "attachment" in r.headers["content-disposition"]
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert '<section id="package">' in r.text and "<svg" in r.text
    md = client.post(
        "/api/packages/report", json={"name": "lebanon-package", "format": "markdown"}, headers=OWN
    )
    assert md.status_code == 200 and md.text.startswith("# Power-sharing audit of a package")


@pytest.mark.parametrize("path", ["/api/packages/analyse", "/api/packages/report"])
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
def test_web_packages_state_changing_requests_need_json_and_own_origin(
    client: TestClient, path: str, headers: dict[str, str], status: int, error: str
) -> None:
    r = client.post(path, content=b'{"name": "lebanon-package"}', headers=headers)
    assert r.status_code == status, r.text
    assert r.json()["error"] == error


def test_web_packages_get_needs_no_origin(client: TestClient) -> None:
    r = client.get("/api/packages", headers={"origin": "http://evil.example"})
    assert r.status_code == 200


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


def test_web_browser_packages_panel(browser: Any, live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
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
    page.click('.tabs button[data-tab="packages"]')
    page.wait_for_selector("#package-select[data-ready=true]")
    page.select_option("#package-select", "northern-ireland-package")
    page.click("#package-run")
    sf = page.locator('#package-institutions tr[data-party="Sinn Féin"]')
    dup = page.locator('#package-institutions tr[data-party="DUP"]')
    expect(sf.locator('td[data-col="Assembly: legislation"]')).to_have_text("39.0%")
    expect(dup.locator('td[data-col="Assembly: legislation"]')).to_have_text("35.5%")
    expect(sf.locator('td[data-col="Executive: executive decisions"]')).to_have_text("50.0%")
    expect(dup.locator('td[data-col="Executive: budget"]')).to_have_text("50.0%")
    expect(page.locator("#package-verdict")).to_contain_text("Sinn Féin and DUP can each block")
    assert page.locator('#package-chart svg[data-institution="Assembly"]').count() == 1
    assert page.locator('#package-chart svg[data-institution="Executive"]').count() == 1
    with page.expect_download() as info:
        page.click("#package-report")
    assert info.value.suggested_filename.endswith("-audit.html")
    context.close()
    assert problems == []
