"""The SQLite scenario store: versions, undo, atomic saves, and survival of a killed writer."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from powershare.errors import InvalidInputError
from powershare.web.store import ScenarioNotFoundError, ScenarioStore, checksum, data_dir

SCENARIO = {
    "members": [{"name": "A", "weight": 2}, {"name": "B", "weight": 1}],
    "rule": {"quota": 2},
}


def test_web_store_save_get_versions_and_undo(tmp_path: Path) -> None:
    with ScenarioStore(tmp_path) as store:
        first = store.save("council", SCENARIO)
        second = store.save("council", {**SCENARIO, "rule": {"quota": 3}})
        assert (first.version, second.version) == (1, 2)
        assert store.get("council").data["rule"] == {"quota": 3}
        assert [v.version for v in store.versions("council")] == [2, 1]
        undone = store.undo("council")
        assert undone.version == 1 and undone.data == SCENARIO
        with pytest.raises(ScenarioNotFoundError, match="no version before 1"):
            store.undo("council")
        assert store.restore("council", 2).data["rule"] == {"quota": 3}
        third = store.save("council", SCENARIO)
        assert third.version == 3 and store.get("council", 2).version == 2
        assert [s.name for s in store.summaries()] == ["council"]
        assert store.integrity_check() == []
        assert store.delete("council") == 3
        with pytest.raises(ScenarioNotFoundError):
            store.get("council")


def test_web_store_wal_mode_and_private_directory(tmp_path: Path) -> None:
    with ScenarioStore(tmp_path / "d") as store:
        store.save("x", SCENARIO)
        mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert (tmp_path / "d").stat().st_mode & 0o077 == 0


def test_web_store_keeps_a_bounded_number_of_versions(tmp_path: Path) -> None:
    with ScenarioStore(tmp_path, keep=3) as store:
        for q in range(1, 7):
            store.save("x", {**SCENARIO, "rule": {"quota": q}})
        assert [v.version for v in store.versions("x")] == [6, 5, 4]


@pytest.mark.parametrize("name", ["", "   ", "a/versions", "b/restore/2", "tab\there", "x" * 201])
def test_web_store_refuses_bad_names(tmp_path: Path, name: str) -> None:
    with ScenarioStore(tmp_path) as store, pytest.raises(InvalidInputError):
        store.save(name, SCENARIO)


def test_web_store_data_dir_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POWERSHARE_DATA_DIR", str(tmp_path / "ps"))
    assert data_dir() == tmp_path / "ps"
    monkeypatch.delenv("POWERSHARE_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "powershare"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert data_dir() == Path.home() / ".local" / "share" / "powershare"


WRITER = textwrap.dedent(
    """
    import json, sys
    from powershare.web.store import ScenarioStore

    store = ScenarioStore(sys.argv[1])
    i = 0
    while True:
        name = f"scenario-{i % 7}"
        data = {
            "name": name,
            "members": [{"name": f"M{j}", "weight": (i * 31 + j) % 97 + 1} for j in range(40)],
            "rule": {"quota": "majority"},
            "description": "x" * (i % 500),
            "serial": i,
        }
        saved = store.save(name, data)
        print(json.dumps({"name": name, "version": saved.version, "sha256": saved.sha256,
                          "serial": i}), flush=True)
        i += 1
    """
)


def test_web_store_survives_sigkill_during_writes(tmp_path: Path) -> None:
    """Kill a writer mid-stream; every save it reported as committed must be intact."""
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    db = tmp_path / "store"
    committed: list[dict[str, object]] = []
    for round_ in range(3):  # several kills at different moments, on the same store
        proc = subprocess.Popen(
            [sys.executable, str(script), str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        target = 40 + 25 * round_
        lines: list[str] = []
        deadline = time.monotonic() + 60
        while len(lines) < target and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
        os.kill(proc.pid, signal.SIGKILL)
        rest, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err
        # lines printed after a completed save count too: they were committed
        lines.extend(line for line in rest.splitlines() if line.strip().endswith("}"))
        assert len(lines) >= target, err
        committed.extend(json.loads(line) for line in lines)

    with ScenarioStore(db) as store:
        assert store.integrity_check() == []
        for entry in committed:
            name, version = str(entry["name"]), int(entry["version"])  # type: ignore[call-overload]
            found = store.get(name, version)
            assert found.sha256 == entry["sha256"]
            assert checksum(json.dumps(found.data, separators=(",", ":"))) == entry["sha256"]
            assert found.data["serial"] == entry["serial"]
        # the newest committed version of each name is at least as new as the last report
        last: dict[str, int] = {}
        for entry in committed:
            last[str(entry["name"])] = max(last.get(str(entry["name"]), 0), int(entry["version"]))  # type: ignore[call-overload]
        for name, version in last.items():
            assert store.get(name).version >= version
