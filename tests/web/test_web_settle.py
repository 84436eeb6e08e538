"""The design and settlement jobs' results through the API: the shapes of ``powershare design
--json`` and ``powershare settle --json``, each settlement's scenario (the same game), the
conflicting demands, a search stopped by its budget."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .test_web_analysis import wait_job

ROOT = Path(__file__).resolve().parents[2]

FOUR: dict[str, Any] = {
    "title": "Four parties",
    "members": {"A": {"min": 3, "max": 4}, "B": 2, "C": 2, "D": {"min": 1, "max": 2}},
    "total_seats": 9,
    "families": ["weighted", {"type": "veto", "max_size": 2}],
    "demands": [
        {"party": "A", "veto": True},
        {"party": "B", "veto": False},
        {"party": "D", "not_dummy": True},
        {"party": "C", "cannot_block_with": ["D"]},
        {"min_decisiveness": "10%"},
    ],
}


def run_settle(client: TestClient, **req: Any) -> dict[str, Any]:
    r = client.post("/api/jobs/settle", json=req)
    assert r.status_code == 200, r.text
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "done", job
    result: dict[str, Any] = job["result"]
    return result


def test_web_settle_result_has_the_cli_shape(client: TestClient) -> None:
    r = run_settle(client, problem=FOUR, top=5)
    assert r["found"] and r["complete"] and r["evaluated"] == r["total"] == 20
    (s,) = r["results"]
    assert s["seats"] == {"A": 3, "B": 2, "C": 2, "D": 2}
    assert s["vetoes"] == ["A"] and s["blocking"]["smallest"] == [["A"]]
    assert s["decisiveness_exact"] == "7/16"
    assert s["descriptions"][1].startswith("seats 4/2/2/1")  # also written as
    assert s["weighted_vote"] == {"weights": [3, 1, 1, 1], "quota": 4}
    assert s["shares"]["banzhaf"]["A"] == pytest.approx(0.7)
    assert r["conflict"] == []


def test_web_settle_scenario_is_the_same_game(client: TestClient) -> None:
    """Each result's ``scenario`` (what "use this rule" loads) gives the result's power."""
    problem = {
        "members": {"A": 22, "B": 18, "C": 14, "D": 12, "E": 9, "F": 8, "G": 5},
        "blocs": {"N": ["A", "C"], "S": ["B", "D", "E"]},
        "families": [
            "weighted",
            {"type": "veto", "members": ["A", "B"], "max_size": 2},
            {"type": "bloc_consent", "bloc_quota": ["majority", "2/3"]},
            {"type": "two_tier", "bloc_quota": ["2/3"], "upper": ["seats", "equal"]},
        ],
        "demands": [{"party": "G", "not_dummy": True}],
        "rank": {"by": "decisiveness"},
    }
    r = run_settle(client, problem=problem, top=100)
    families = {s["family"] for s in r["results"]}
    assert families == {"weighted", "veto", "bloc_consent", "two_tier"}
    seen: set[str] = set()
    for s in r["results"]:
        if s["family"] in seen:
            continue
        seen.add(s["family"])
        scenario = {"name": "check", **s["scenario"]}
        p = client.post("/api/power", json={"scenario": scenario, "indices": ["banzhaf"]})
        assert p.status_code == 200, p.text
        rows = p.json()["members"]
        got = {m["name"]: m["banzhaf"] for m in rows}
        for name, share in s["shares"]["banzhaf"].items():
            assert got[name] == pytest.approx(share), (s["family"], name)


def test_web_settle_conflicting_demands(client: TestClient) -> None:
    problem = {
        **FOUR,
        "demands": [
            {"party": "A", "veto": True},
            {"party": "B", "min_share": "30%"},
            {"party": "D", "not_dummy": True},
        ],
    }
    r = run_settle(client, problem=problem)
    assert not r["found"] and r["complete"] and r["results"] == []
    assert r["conflict"] == ["B: at least 30% of banzhaf power", "D: not a dummy"]
    assert r["conflict_proven_minimum"] and "Smallest set of demands" in r["statement"]


def test_web_settle_stopped_by_budget_says_so(client: TestClient) -> None:
    text = (ROOT / "bench" / "settle_six_parties.yaml").read_text()
    r = run_settle(client, text=text, max_seconds=0.05)
    assert r["complete"] is False and r["evaluated"] < r["total"]
    assert r["coverage"].startswith(f"stopped after {r['evaluated']:,} of {r['total']:,} rules")


def test_web_settle_every_demand_kind(client: TestClient) -> None:
    demands = [
        {"party": "A", "min_share": "20%"},
        {"party": "A", "max_share": "90%", "index": "shapley"},
        {"cap": "95%"},
        {"party": "A", "veto": True},
        {"party": "B", "veto": False},
        {"party": "A", "block_with": ["B"]},
        {"party": "C", "cannot_block_with": ["D"]},
        {"party": "D", "not_dummy": True},
        {"min_decisiveness": "5%"},
    ]
    r = run_settle(client, problem={**FOUR, "demands": demands})
    assert len(r["demands"]) == 9 and r["found"]


def test_web_design_job_returns_the_frontier(client: TestClient) -> None:
    scenario = {
        "name": "Five",
        "members": [
            {"name": n, "weight": 1, "population": p}
            for n, p in (("P", 42), ("T", 27), ("H", 9), ("U", 9), ("O", 13))
        ],
        "rule": {"quota": "majority"},
    }
    req = {
        "scenario": scenario,
        "target": "proportional",
        "total_weight": 20,
        "min_decisiveness": "30%",
    }
    r = client.post("/api/jobs/design", json=req)
    assert r.status_code == 200, r.text
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "done", job
    f = job["result"]
    assert f["proven"] and len(f["frontier"]) >= 2
    for rule in f["frontier"]:
        assert {
            "weights",
            "quota",
            "rule",
            "distance",
            "decisiveness",
            "vetoes",
            "blocking",
        } <= set(rule)
    ds = [rule["decisiveness"] for rule in f["frontier"]]
    assert ds == sorted(ds, reverse=True)  # from the most decisive to the closest
    chosen = f["chosen"]
    assert chosen is not None and chosen["decisiveness"] >= 0.3
    assert f["rule"] == chosen["rule"] and "Chosen under the floor of 30%" in f["tradeoff"]
    # bounds tie weights to the target's values: an equal target has none
    bad = client.post("/api/jobs/design", json={**req, "target": "equal", "bounds": 0.2})
    assert bad.status_code == 400 and "bounds" in bad.json()["message"]
    tied = client.post("/api/jobs/design", json={**req, "bounds": 0.5})
    assert tied.status_code == 200, tied.text
    done = wait_job(client, tied.json()["id"])
    assert done["status"] == "done", done
    for rule in done["result"]["frontier"]:
        assert 4 <= rule["weights"]["P"] <= 13  # 42% of 20 = 8.4, within +-50%
