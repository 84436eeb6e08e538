"""Audit and design through the API: report, quota curve, what-if, design and settlement jobs."""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient

from powershare.web.jobs import JobManager


def wait_job(client: TestClient, job_id: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_web_quota_curve_and_what_if(client: TestClient, eec: dict[str, Any]) -> None:
    curve = client.post("/api/audit/quota-curve", json={"scenario": eec})
    assert curve.status_code == 200, curve.text
    data = curve.json()
    assert data["current_quota"] == 12 and data["points"][0]["quota"] == 9
    assert data["points"][-1]["power"]["Luxembourg"] > 0  # unanimity: everyone is needed
    table = client.post("/api/audit/what-if", json={"scenario": eec})
    assert table.status_code == 200, table.text
    assert any(r["label"] == "Luxembourg leaves" for r in table.json()["rows"])
    lisbon = client.get("/api/datasets/eu-council-lisbon").json()["scenario"]
    refused = client.post("/api/audit/quota-curve", json={"scenario": lisbon})
    assert refused.status_code == 400 and "compound" in refused.json()["message"]


def test_web_audit_report_download(client: TestClient, eec: dict[str, Any]) -> None:
    for i, m in enumerate(eec["members"]):
        m["population"] = [49_000_000, 54_000_000, 50_000_000, 9_000_000, 11_000_000, 300_000][i]
    r = client.post("/api/audit/report.html", json={"scenario": eec})
    assert r.status_code == 200, r.text
    assert r.headers["content-disposition"] == 'attachment; filename="EEC-1958-audit.html"'
    assert r.headers["content-security-policy"].startswith("default-src 'none'")
    assert "<html" in r.text.lower() and "Luxembourg" in r.text
    assert "http://" not in r.text.replace("http://www.w3.org", "")
    md = client.post("/api/audit/report.html", json={"scenario": eec, "format": "markdown"})
    assert md.status_code == 200 and "Luxembourg" in md.text


def test_web_design_job(client: TestClient, eec: dict[str, Any]) -> None:
    r = client.post(
        "/api/jobs/design",
        json={"scenario": eec, "target": "equal", "total_weight": 6, "method": "exhaustive"},
    )
    assert r.status_code == 200, r.text
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "done", job
    result = job["result"]
    assert result["frontier"] and result["chosen"] is None and result["tradeoff"]
    assert all(r["rule"].startswith("[") for r in result["frontier"])
    bad = client.post("/api/jobs/design", json={"scenario": eec, "target": "proportional"})
    assert bad.status_code == 400 and "population" in bad.json()["message"]


def test_web_settle_job(client: TestClient) -> None:
    text = (
        "members: {A: 4, B: 3, C: 2, D: 1}\n"
        "families: [weighted]\n"
        "demands:\n  - {party: D, not_dummy: true}\n  - {cap: 45%}\n"
    )
    r = client.post("/api/jobs/settle", json={"text": text, "max_seconds": 20})
    assert r.status_code == 200, r.text
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "done", job
    assert job["result"]["found"] is True and job["result"]["results"]
    bad = client.post("/api/jobs/settle", json={"text": "members: {}\n"})
    assert bad.status_code == 400
    neither = client.post("/api/jobs/settle", json={})
    assert neither.status_code == 400


def test_web_jobs_cancel_stops_at_next_progress_report() -> None:
    manager = JobManager()
    reports: list[int] = []

    def work(progress: Any) -> dict[str, Any]:
        for i in range(10_000):
            reports.append(i)
            progress(i, 10_000, f"step {i}")
            time.sleep(0.005)
        return {"finished": True}

    job = manager.submit("test", work)
    deadline = time.monotonic() + 10
    while job.status != "running" or not reports:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    manager.cancel(job.id)
    while job.finished is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert job.status == "cancelled" and job.result is None and len(reports) < 10_000
    assert manager.get(job.id).to_dict()["status"] == "cancelled"


def test_web_jobs_failures_are_reported() -> None:
    from powershare.errors import InvalidInputError

    manager = JobManager()

    def bad(progress: Any) -> dict[str, Any]:
        raise InvalidInputError("target has 2 values for 3 members")

    job = manager.submit("test", bad)
    deadline = time.monotonic() + 10
    while job.finished is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert job.status == "failed" and "2 values" in job.to_dict()["error"]["message"]
