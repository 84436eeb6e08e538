"""Cross-site requests, hostile inputs, the time budget of every route and the bounded job queue."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from powershare.web import Settings, analysis_api, create_app, service
from powershare.web.security import cross_site_refusal

OWN = {"origin": "http://testserver", "content-type": "application/json"}


def saved_twice(client: TestClient, eec: dict[str, Any]) -> None:
    for quota in (12, 13):
        scenario = {**eec, "rule": {"quota": quota}}
        r = client.put("/api/scenarios/council", json={"scenario": scenario}, headers=OWN)
        assert r.status_code == 200, r.text


def current_quota(client: TestClient) -> int:
    quota: int = client.get("/api/scenarios/council").json()["scenario"]["rule"]["quota"]
    return quota


@pytest.mark.parametrize(
    ("headers", "status", "error"),
    [
        ({"origin": "null", "content-type": "application/json"}, 403, "bad_origin"),
        (
            {"origin": "http://testserver:8766", "content-type": "application/json"},
            403,
            "bad_origin",
        ),
        ({"origin": "https://testserver", "content-type": "application/json"}, 403, "bad_origin"),
        ({"origin": "http://evil.example", "content-type": "application/json"}, 403, "bad_origin"),
        ({"sec-fetch-site": "same-site", "content-type": "application/json"}, 403, "bad_origin"),
        ({"sec-fetch-site": "cross-site", "content-type": "application/json"}, 403, "bad_origin"),
        ({"origin": "http://testserver"}, 415, "bad_content_type"),
        ({"origin": "http://testserver", "content-type": "text/plain"}, 415, "bad_content_type"),
        (
            {"origin": "http://testserver", "content-type": "multipart/form-data; boundary=x"},
            415,
            "bad_content_type",
        ),
        (
            {"origin": "http://testserver", "content-type": "application/x-www-form-urlencoded"},
            415,
            "bad_content_type",
        ),
        ({}, 415, "bad_content_type"),
    ],
)
def test_web_undo_and_restore_refuse_cross_site_requests(
    client: TestClient, eec: dict[str, Any], headers: dict[str, str], status: int, error: str
) -> None:
    saved_twice(client, eec)
    for path in ("/api/scenarios/council/undo", "/api/scenarios/council/restore/1"):
        r = client.post(path, headers=headers)
        assert r.status_code == status, (path, r.text)
        assert r.json()["error"] == error and r.json()["message"]
    r = client.delete("/api/scenarios/council", headers=headers)
    assert r.status_code == status
    assert current_quota(client) == 13
    assert len(client.get("/api/scenarios/council/versions").json()) == 2


@pytest.mark.parametrize(
    "headers",
    [
        OWN,
        {"sec-fetch-site": "same-origin", "content-type": "application/json"},
        {"content-type": "application/json"},  # a program, not a browser
        {"origin": "HTTP://TESTSERVER:80", "content-type": "application/json; charset=utf-8"},
    ],
)
def test_web_same_origin_json_changes_are_accepted(
    client: TestClient, eec: dict[str, Any], headers: dict[str, str]
) -> None:
    saved_twice(client, eec)
    r = client.post("/api/scenarios/council/undo", headers=headers)
    assert r.status_code == 200, r.text
    assert current_quota(client) == 12


def test_web_origin_must_match_the_port() -> None:
    json_ct = {"content-type": "application/json", "host": "127.0.0.1:8765"}
    assert cross_site_refusal("PUT", {**json_ct, "origin": "http://127.0.0.1:8765"}, "http") is None
    for origin in ("http://127.0.0.1:8766", "http://127.0.0.1", "http://localhost:8765", "null"):
        refused = cross_site_refusal("PUT", {**json_ct, "origin": origin}, "http")
        assert refused is not None and refused[0] == 403, origin
    assert cross_site_refusal("GET", {"origin": "null"}, "http") is None


HOSTILE_NUMBERS: list[Any] = ["1e400", "9" * 4400, 2**63 + 9, "1e30000000", "-1e400", 1e308]


def hostile_scenarios() -> list[dict[str, Any]]:
    out = []
    for value in HOSTILE_NUMBERS:
        members = [{"name": "A", "weight": value, "population": value}, {"name": "B", "weight": 1}]
        out.append({"members": members, "rule": {"quota": 2}})
        out.append(
            {
                "members": [{"name": "A", "weight": 3}, {"name": "B", "weight": 1}],
                "rule": {"quota": value},
            }
        )
        out.append(
            {
                "members": members,
                "rule": {
                    "type": "all_of",
                    "criteria": [
                        {"type": "weighted", "weight": "weight", "quota": value},
                        {"type": "weighted", "weight": "population", "quota": "50%"},
                    ],
                },
            }
        )
    return out


ROUTES = [
    ("/api/power", lambda sc: {"scenario": sc}),
    ("/api/structure", lambda sc: {"scenario": sc}),
    ("/api/compare", lambda sc: {"a": sc, "b": sc}),
    ("/api/scenario/check", lambda sc: sc),
    ("/api/export/scenario.yaml", lambda sc: sc),
    ("/api/export/results.csv", lambda sc: {"scenario": sc}),
    ("/api/audit/report.html", lambda sc: {"scenario": sc}),
    ("/api/audit/quota-curve", lambda sc: {"scenario": sc}),
    ("/api/audit/what-if", lambda sc: {"scenario": sc}),
    ("/api/jobs/design", lambda sc: {"scenario": sc}),
]


def test_web_hostile_numbers_are_4xx_or_answers_within_the_budget(tmp_path: Path) -> None:
    app = create_app(
        tmp_path, settings=Settings(max_seconds=2.0, max_jobs=100, jobs_per_client=100)
    )
    with TestClient(app, raise_server_exceptions=False) as c:
        for scenario in hostile_scenarios():
            for path, wrap in ROUTES:
                started = time.monotonic()
                r = c.post(path, json=wrap(scenario), headers=OWN)
                took = time.monotonic() - started
                assert r.status_code < 500, (path, scenario, r.text)
                assert took < 3 * 2.0 + 3, (path, scenario, took)
                if r.status_code >= 400:
                    assert r.json()["message"], (path, r.text)
            saved = c.put("/api/scenarios/x", json={"scenario": scenario}, headers=OWN)
            assert saved.status_code < 500, saved.text


def test_web_odd_bodies_are_4xx(client: TestClient) -> None:
    cases = [
        client.post("/api/power", content=b"\xff\xfe{\x80"),  # not UTF-8, no content type
        client.post("/api/power", content=b"\xff\xfe{\x80", headers=OWN),
        client.post("/api/power", content=b'{"scenario": ' + b"9" * 4400 + b"}", headers=OWN),
        client.post("/api/power", content=b"[" * 5000 + b"]" * 5000, headers=OWN),
        client.post("/api/scenario/check", content=b"", headers=OWN),
    ]
    for r in cases:
        assert 400 <= r.status_code < 500, r.text
        assert r.json()["message"]


ALIAS_BOMB = (
    "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "members: [{name: A, weight: 1, x: *h}]\nrule: {quota: 1}\n"
)


def test_web_yaml_alias_bombs_are_refused_up_front(client: TestClient) -> None:
    started = time.monotonic()
    r = client.post("/api/scenario/parse", json={"text": ALIAS_BOMB}, headers=OWN)
    assert r.status_code in (400, 413) and "aliases" in r.json()["message"], r.text
    r = client.post("/api/jobs/settle", json={"text": ALIAS_BOMB}, headers=OWN)
    assert r.status_code in (400, 413) and "aliases" in r.json()["message"], r.text
    assert time.monotonic() - started < 5


def test_web_parsing_runs_inside_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a scenario is work: past the budget it ends with a clear 422, not a hang."""
    from powershare.web import runner as runner_module

    monkeypatch.setattr(runner_module, "GRACE_SECONDS", 0.05)

    def slow(*args: Any) -> dict[str, Any]:
        time.sleep(1.5)
        return {}

    monkeypatch.setattr(service, "parse_text", slow)
    monkeypatch.setattr(service, "check_plain", slow)
    app = create_app(tmp_path, settings=Settings(max_seconds=0.1))
    with TestClient(app) as c:
        for path, body in (
            ("/api/scenario/parse", {"text": "members: []"}),
            ("/api/scenario/check", {"members": [{"name": "A"}], "rule": {"quota": 1}}),
            ("/api/scenarios/x", None),
        ):
            started = time.monotonic()
            if body is None:
                scenario = {"members": [{"name": "A", "weight": 1}], "rule": {"quota": 1}}
                r = c.put(path, json={"scenario": scenario}, headers=OWN)
            else:
                r = c.post(path, json=body, headers=OWN)
            assert r.status_code == 422, r.text
            assert r.json()["error"] == "time_budget" and r.json()["can_approximate"] is False
            assert time.monotonic() - started < 1.2


def test_web_job_queue_is_bounded_with_a_clear_429(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def blocking_settle(problem: Any, *, progress: Any, **kwargs: Any) -> Any:
        while not release.wait(0.02):
            progress(0, None, "waiting")
        raise AssertionError("released")

    monkeypatch.setattr(analysis_api, "settle", blocking_settle)
    text = "members: {A: 4, B: 3, C: 2, D: 1}\ndemands:\n  - {cap: 45%}\n"
    settings = Settings(job_workers=1, max_jobs=3, jobs_per_client=2)
    threads_before = threading.active_count()
    with TestClient(create_app(tmp_path, settings=settings)) as c:
        accepted: list[Any] = []
        refusals: list[Any] = []
        for _ in range(200):
            r = c.post("/api/jobs/settle", json={"text": text}, headers=OWN)
            (accepted if r.status_code == 200 else refusals).append(r)
        assert len(accepted) == 2, refusals[0].text
        assert {r.status_code for r in refusals} == {429}
        body = refusals[0].json()
        assert body["error"] == "busy" and body["limit"] == 2
        assert body["running"] + body["queued"] == 2
        assert "cancel" in body["message"] and "wait" in body["message"]
        assert refusals[0].headers["retry-after"]
        # no thread per queued job: one worker thread for all of them
        assert threading.active_count() <= threads_before + 4
        # cancelling a queued job frees its place at once
        queued = [j for j in c.get("/api/jobs").json() if j["status"] == "queued"]
        assert queued
        assert c.delete(f"/api/jobs/{queued[0]['id']}", headers=OWN).json()["status"] == "cancelled"
        again = c.post("/api/jobs/settle", json={"text": text}, headers=OWN)
        assert again.status_code == 200, again.text
        release.set()
