"""The store's schema version: an old (unversioned) file is migrated, a newer one is refused,
and the default data folder comes from platformdirs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import platformdirs
import pytest

from powershare.web.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    ScenarioStore,
    StoreVersionError,
    checksum,
    data_dir,
    migrate,
    schema_version,
)

# The database exactly as the store wrote it before the schema had a version (user_version 0):
# the tables of powershare 0.1.0 development builds, with two saved versions of one scenario.
OLD_SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS scenarios (
    name    TEXT PRIMARY KEY,
    current INTEGER NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS versions (
    name    TEXT NOT NULL REFERENCES scenarios(name) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    data    TEXT NOT NULL,
    sha256  TEXT NOT NULL,
    saved   TEXT NOT NULL,
    PRIMARY KEY (name, version)
);
"""

OLD_DATA = [
    {"members": [{"name": "A", "weight": 2}, {"name": "B", "weight": 1}], "rule": {"quota": 2}},
    {"members": [{"name": "A", "weight": 2}, {"name": "B", "weight": 1}], "rule": {"quota": 3}},
]


def make_old_store(path: Path) -> Path:
    """Write a version-0 store file with raw SQL, as the store wrote it before versions."""
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(OLD_SCHEMA)
    saved = ["2026-01-02T03:04:05.000+00:00", "2026-01-03T03:04:05.000+00:00"]
    db.execute(
        "INSERT INTO scenarios(name, current, created, updated) VALUES (?, ?, ?, ?)",
        ("council", 2, saved[0], saved[1]),
    )
    for version, (data, when) in enumerate(zip(OLD_DATA, saved, strict=True), start=1):
        text = json.dumps(data, separators=(",", ":"))
        db.execute(
            "INSERT INTO versions(name, version, data, sha256, saved) VALUES (?, ?, ?, ?, ?)",
            ("council", version, text, checksum(text), when),
        )
    assert db.execute("PRAGMA user_version").fetchone()[0] == 0
    db.close()
    return path


def test_web_store_migrates_an_unversioned_file_and_keeps_its_data(tmp_path: Path) -> None:
    path = make_old_store(tmp_path / "scenarios.sqlite3")
    with ScenarioStore(path) as store:
        assert store.integrity_check() == []
        current = store.get("council")
        assert (current.version, current.versions, current.data) == (2, 2, OLD_DATA[1])
        assert store.get("council", 1).data == OLD_DATA[0]
        assert store.undo("council").data == OLD_DATA[0]
        assert store.save("council", OLD_DATA[1]).version == 3
    db = sqlite3.connect(path)
    assert schema_version(db) == SCHEMA_VERSION >= 1
    db.close()
    with ScenarioStore(path) as store:  # reopening a current file changes nothing
        assert [v.version for v in store.versions("council")] == [3, 2, 1]


def test_web_store_new_file_is_stamped_with_the_current_version(tmp_path: Path) -> None:
    with ScenarioStore(tmp_path) as store:
        path = store.path
    db = sqlite3.connect(path)
    assert schema_version(db) == SCHEMA_VERSION == len(MIGRATIONS)
    db.close()


def test_web_store_refuses_a_newer_file_in_one_line(tmp_path: Path) -> None:
    path = make_old_store(tmp_path / "future.sqlite3")
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreVersionError) as info:
        ScenarioStore(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message and f"schema version {SCHEMA_VERSION + 1}" in message
    assert "upgrade powershare" in message
    db = sqlite3.connect(path)  # the refused file is left as it was
    assert schema_version(db) == SCHEMA_VERSION + 1
    assert db.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == 2
    db.close()


def test_web_store_migrations_run_in_order_each_once(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "m.sqlite3", isolation_level=None)
    steps = (
        ("CREATE TABLE log (step INTEGER)", "INSERT INTO log VALUES (1)"),
        ("INSERT INTO log VALUES (2)",),
        ("ALTER TABLE log ADD COLUMN note TEXT", "INSERT INTO log VALUES (3, 'x')"),
    )
    assert migrate(db, steps[:2]) == 0
    assert schema_version(db) == 2
    assert migrate(db, steps) == 2
    assert migrate(db, steps) == 3
    assert [r[0] for r in db.execute("SELECT step FROM log ORDER BY rowid")] == [1, 2, 3]
    db.close()


def test_web_store_failed_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "m.sqlite3", isolation_level=None)
    steps = (
        ("CREATE TABLE t (a INTEGER)",),
        ("INSERT INTO t VALUES (1)", "INSERT INTO no_such_table VALUES (1)"),
    )
    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        migrate(db, steps)
    assert schema_version(db) == 1
    assert db.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 0  # step 2 rolled back
    assert not db.in_transaction
    db.close()


def test_web_store_default_folder_is_the_platform_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("POWERSHARE_DATA_DIR", raising=False)
    assert data_dir() == Path(platformdirs.user_data_dir("powershare", appauthor=False))
    monkeypatch.setenv("POWERSHARE_DATA_DIR", str(tmp_path / "explicit"))
    assert data_dir() == tmp_path / "explicit"
