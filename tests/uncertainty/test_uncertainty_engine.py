"""Sweeps: identical tables in process and on a real Dask LocalCluster; resume after a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from powershare.errors import InvalidInputError
from powershare.uncertainty import (
    Cell,
    Plan,
    TaskStore,
    load_uncertain,
    run_plan,
    run_sweep,
    scenario_from_mapping,
)

ROOT = Path(__file__).resolve().parents[2]

SCENARIO = {
    "name": "poll and ranges",
    "members": [
        {"name": "A", "seats": {"triangular": [10, 14, 20]}},
        {"name": "B", "seats": [6, 9]},
        {"name": "P", "population": {"normal": {"mean": 5e5, "sd": 5e4, "low": 3e5, "high": 7e5}}},
        {"name": "Q", "population": [2e5, 4e5]},
    ],
    "apportion": {"method": "sainte-lague", "seats": 8},
    "poll": {
        "sample_size": 800,
        "shares": {"X": 40, "Y": 35, "Z": 6},
        "seats": 20,
        "method": "dhondt",
        "threshold": "5%",
    },
    "rule": {"quota": "majority"},
    "index": ["banzhaf", "shapley"],
}


def _sweep(**kw: object):  # type: ignore[no-untyped-def]
    s = scenario_from_mapping(SCENARIO)
    return run_sweep(
        [s],
        quotas=["majority", "2/3"],
        methods=["dhondt", "hare"],
        draws=600,
        seed=9,
        chunk_size=100,
        **kw,  # type: ignore[arg-type]
    )


def test_poll_and_population_draws_fill_the_house() -> None:
    s = scenario_from_mapping(SCENARIO)
    run = run_plan(Plan((Cell(("x",), s),), 300, 4, 100), in_process=True)
    for part in run.results:
        seats = part["seats"]
        assert (seats[:, 2:4].sum(axis=1) == 8).all()
        assert (seats[:, 4:].sum(axis=1) == 20).all()


def test_sweep_identical_in_process_and_on_local_cluster() -> None:
    distributed = pytest.importorskip("distributed")
    reference = _sweep(in_process=True)
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        on_cluster = _sweep(scheduler=cluster.scheduler_address)
    assert on_cluster.mode == "dask" and on_cluster.workers == 2
    assert reference.mode == "in-process"
    assert reference.to_csv() == on_cluster.to_csv()
    assert len(reference.rows) == 2 * 2 * 7 * 2  # methods x quotas x members x indices


class Stop(Exception):
    pass


def test_resume_after_interruption_gives_the_same_table(tmp_path: Path) -> None:
    whole = _sweep(in_process=True)
    store = tmp_path / "store"

    def stop_after_5(done: int, total: int) -> None:
        if done >= 5:
            raise Stop

    with pytest.raises(Stop):
        _sweep(in_process=True, store=store, progress=stop_after_5)
    assert len(list(store.glob("task-*.npz"))) == 5
    resumed = _sweep(in_process=True, store=store)
    assert resumed.resumed == 5
    assert resumed.to_csv() == whole.to_csv()
    again = _sweep(in_process=True, store=store)  # all stored: nothing recomputed
    assert again.resumed == 24 and again.to_csv() == whole.to_csv()


def test_store_of_another_run_is_refused(tmp_path: Path) -> None:
    s = scenario_from_mapping(SCENARIO)
    TaskStore(tmp_path, Plan((Cell(("x",), s),), 100, 1))
    with pytest.raises(InvalidInputError, match="another run"):
        TaskStore(tmp_path, Plan((Cell(("x",), s),), 100, 2))


def test_killed_cli_run_resumes(tmp_path: Path) -> None:
    """A real process killed with SIGKILL mid-sweep; the rerun finishes from the store."""
    store, out1, out2 = tmp_path / "store", tmp_path / "o1", tmp_path / "o2"
    members = "\n".join(
        f"  - {{name: M{i}, seats: {{normal: {{mean: {10 + i}, sd: 3, low: 1, high: 30}}}}}}"
        for i in range(8)
    )
    scenario = tmp_path / "s.yaml"
    scenario.write_text(f"name: kill\nmembers:\n{members}\nrule: {{quota: 2/3}}\n")
    exe = str(ROOT / ".venv" / "bin" / "powershare")
    if not os.path.exists(exe):
        exe = "powershare"
    args = [exe, "sweep", str(scenario), "--draws", "2000", "--seed", "3", "--workers", "1"]
    proc = subprocess.Popen(
        [*args, "--store", str(store), "--out", str(out1), "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline and len(list(store.glob("task-*.npz"))) < 2:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = len(list(store.glob("task-*.npz")))
    assert 2 <= done_before < 4  # 2000 draws in chunks of 500
    subprocess.run(
        [*args, "--store", str(store), "--out", str(out1), "--json"],
        check=True,
        capture_output=True,
    )
    subprocess.run([*args, "--out", str(out2), "--json"], check=True, capture_output=True)
    assert (out1 / "sweep.csv").read_text() == (out2 / "sweep.csv").read_text()


def test_example_file_loads() -> None:
    s = load_uncertain(ROOT / "examples" / "uncertain_afghanistan.yaml")
    assert len(s.names) == 36 and s.apportionment is not None
    assert s.apportionment.seats == 239
    _ = sys.version
