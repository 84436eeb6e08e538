"""Saved scenarios: a small SQLite store in the user's data directory.

Every save is one transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``) in WAL mode with
``synchronous=FULL``: a save that returned is on disk, and a process killed in the middle of a
save leaves the store as it was before that save.  Each save of a name adds a *version*; the
scenario points at its current version, so an overwrite can be undone (:meth:`ScenarioStore.undo`)
and any older version restored.

The data directory is ``$POWERSHARE_DATA_DIR``, else the platform's user data folder from
:mod:`platformdirs` (``$XDG_DATA_HOME/powershare`` or ``~/.local/share/powershare`` on Linux,
``~/Library/Application Support/powershare`` on macOS, ``%LOCALAPPDATA%\\powershare`` on
Windows); the database file is ``scenarios.sqlite3``.

The schema has a version, kept in the file's ``PRAGMA user_version``; opening a store applies the
missing steps of :data:`MIGRATIONS` in order, each in one transaction with its version stamp, and
refuses (:class:`StoreVersionError`) a file written by a newer powershare.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from powershare.errors import InvalidInputError, import_optional

__all__ = [
    "DB_FILENAME",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ScenarioNotFoundError",
    "ScenarioStore",
    "StoreVersionError",
    "StoredScenario",
    "Summary",
    "VersionInfo",
    "checksum",
    "data_dir",
    "migrate",
    "schema_version",
]

DB_FILENAME = "scenarios.sqlite3"
MAX_NAME_LENGTH = 200
DEFAULT_KEEP = 200

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the tables of the first releases.  Files written before the schema had a version have
    # them already (user_version 0), hence IF NOT EXISTS: the step then only stamps version 1.
    (
        """CREATE TABLE IF NOT EXISTS scenarios (
            name    TEXT PRIMARY KEY,
            current INTEGER NOT NULL,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS versions (
            name    TEXT NOT NULL REFERENCES scenarios(name) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            data    TEXT NOT NULL,
            sha256  TEXT NOT NULL,
            saved   TEXT NOT NULL,
            PRIMARY KEY (name, version)
        )""",
    ),
)
"""The schema's history: step ``i`` (from 0) takes a file from version ``i`` to ``i + 1``.

Append a step for every change of the tables, never edit a released one: a user's file may be
at any earlier version.
"""

SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this code writes and reads."""


class ScenarioNotFoundError(InvalidInputError):
    """No saved scenario (or version) has that name."""


class StoreVersionError(InvalidInputError):
    """The store's file has a schema version this powershare does not know (a newer one)."""


def data_dir() -> Path:
    """The directory of the user's powershare data (created on first use by the store).

    ``$POWERSHARE_DATA_DIR`` if set, else ``platformdirs.user_data_dir("powershare")``: the
    platform's own place for application data (on Linux ``$XDG_DATA_HOME/powershare``, else
    ``~/.local/share/powershare``).

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict("os.environ", {"POWERSHARE_DATA_DIR": "/srv/powershare"}):
    ...     data_dir().as_posix()
    '/srv/powershare'
    """
    explicit = os.environ.get("POWERSHARE_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser()
    platformdirs = import_optional("platformdirs", "the web app's store of saved scenarios")
    return Path(str(platformdirs.user_data_dir("powershare", appauthor=False)))


def schema_version(db: sqlite3.Connection) -> int:
    """The schema version stamped in an open store (``PRAGMA user_version``; 0 if never)."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    db: sqlite3.Connection,
    migrations: tuple[tuple[str, ...], ...] = MIGRATIONS,
    *,
    where: str = "the scenario store",
) -> int:
    """Bring an open store up to ``len(migrations)``; returns the version it was at.

    Each missing step runs in its own ``BEGIN IMMEDIATE`` transaction together with its
    ``PRAGMA user_version`` stamp, so a failed or interrupted step leaves the file at the
    previous version, and two processes opening the same old file apply each step once.
    ``db`` must be in autocommit mode (``isolation_level=None``).

    Raises
    ------
    StoreVersionError
        When the file's version is newer than ``len(migrations)``.

    Examples
    --------
    >>> import sqlite3
    >>> db = sqlite3.connect(":memory:", isolation_level=None)
    >>> steps = (("CREATE TABLE t (a INTEGER)",), ("ALTER TABLE t ADD COLUMN b TEXT",))
    >>> migrate(db, steps), schema_version(db), migrate(db, steps)
    (0, 2, 2)
    >>> migrate(db, steps[:1], where="x.sqlite3")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    powershare.web.store.StoreVersionError: x.sqlite3 has schema version 2, newer than the 1 ...
    """
    found = schema_version(db)
    target = len(migrations)
    if found > target:
        raise StoreVersionError(
            f"{where} has schema version {found}, newer than the {target} this powershare "
            "knows: upgrade powershare (pip install -U 'powershare[web]') or choose another "
            "data folder (--data-dir or $POWERSHARE_DATA_DIR)"
        )
    for version in range(found, target):
        db.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(db) == version:  # another process may have just done it
                for statement in migrations[version]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1:d}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return found


def canonical_json(data: dict[str, Any]) -> str:
    """The stored text of a scenario: compact JSON with the keys in their given order."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def checksum(text: str) -> str:
    """SHA-256 of the stored text (hex), kept beside each version to detect damage."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    """A valid scenario name (stripped) or :class:`InvalidInputError`."""
    stripped = name.strip()
    if not stripped or len(stripped) > MAX_NAME_LENGTH:
        raise InvalidInputError(
            f"scenario name {name[:40]!r} must have 1 to {MAX_NAME_LENGTH} characters"
        )
    if any(ord(c) < 32 or c == "\x7f" for c in stripped):
        raise InvalidInputError(f"scenario name {stripped!r} must not contain control characters")
    if _RESERVED_END.search(stripped):
        raise InvalidInputError(
            f"scenario name {stripped!r} must not end in /versions, /undo, /download.yaml or "
            "/restore/<number> (those are addresses of the saved scenario)"
        )
    return stripped


_RESERVED_END = re.compile(r"/(versions|undo|download\.yaml|restore/\d+)$")
"""Name endings that would be read as the routes of ``/api/scenarios/{name}/...``."""


@dataclass(frozen=True)
class VersionInfo:
    """One saved version of a scenario."""

    version: int
    saved: str
    sha256: str
    current: bool


@dataclass(frozen=True)
class StoredScenario:
    """A scenario as saved: its name, version and data."""

    name: str
    version: int
    saved: str
    data: dict[str, Any]
    sha256: str
    versions: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description."""
        return {
            "name": self.name,
            "version": self.version,
            "saved": self.saved,
            "sha256": self.sha256,
            "versions": self.versions,
            "scenario": self.data,
        }


@dataclass(frozen=True)
class Summary:
    """A line of the list of saved scenarios."""

    name: str
    version: int
    versions: int
    created: str
    updated: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class ScenarioStore:
    """Saved scenarios with versions, in one SQLite file.

    Parameters
    ----------
    path
        The database file, or a directory to hold ``scenarios.sqlite3``; ``None`` for
        :func:`data_dir`.
    keep
        How many versions to keep per scenario (the oldest beyond this are dropped; the
        current version is always kept).

    Notes
    -----
    One connection is shared by the threads of a server, behind a lock: operations are short.
    """

    def __init__(self, path: str | Path | None = None, *, keep: int = DEFAULT_KEEP) -> None:
        target = Path(path) if path is not None else data_dir()
        if target.suffix == "" or target.is_dir():
            target.mkdir(parents=True, exist_ok=True, mode=0o700)
            target = target / DB_FILENAME
        else:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if keep < 1:
            raise InvalidInputError(f"keep={keep} must be at least 1")
        self.path = target
        self.keep = keep
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            str(target), timeout=30.0, isolation_level=None, check_same_thread=False
        )
        self._db.row_factory = sqlite3.Row
        with self._lock:
            mode = self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":  # pragma: no cover - e.g. a network file system
                raise InvalidInputError(f"{target}: SQLite cannot use WAL mode here ({mode})")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA busy_timeout=30000")
            try:
                migrate(self._db, where=str(target))
            except BaseException:
                self._db.close()
                raise

    # -- life cycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (the data is already on disk)."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> ScenarioStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------
    def save(self, name: str, data: dict[str, Any]) -> StoredScenario:
        """Save ``data`` as a new version of ``name`` (atomically) and make it current."""
        name = check_name(name)
        if not isinstance(data, dict):
            raise InvalidInputError("a scenario must be a mapping (members, rule, ...)")
        try:
            text = canonical_json(data)
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(f"scenario {name!r} cannot be stored as JSON: {exc}") from None
        digest = checksum(text)
        now = _now()
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute(
                    "SELECT COALESCE(MAX(version), 0) FROM versions WHERE name = ?", (name,)
                ).fetchone()
                version = int(row[0]) + 1
                db.execute(
                    "INSERT INTO scenarios(name, current, created, updated) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(name) DO UPDATE SET current = excluded.current, "
                    "updated = excluded.updated",
                    (name, version, now, now),
                )
                db.execute(
                    "INSERT INTO versions(name, version, data, sha256, saved) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (name, version, text, digest, now),
                )
                db.execute(
                    "DELETE FROM versions WHERE name = ? AND version <= ? AND version != ?",
                    (name, version - self.keep, version),
                )
                count = db.execute(
                    "SELECT COUNT(*) FROM versions WHERE name = ?", (name,)
                ).fetchone()[0]
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return StoredScenario(name, version, now, json.loads(text), digest, int(count))

    def _set_current(self, name: str, version: int) -> StoredScenario:
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(
                    "UPDATE scenarios SET current = ?, updated = ? WHERE name = ?",
                    (version, _now(), name),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return self.get(name)

    def undo(self, name: str) -> StoredScenario:
        """Make the version before the current one current again (undo an overwrite).

        Raises
        ------
        ScenarioNotFoundError
            When the scenario does not exist or its current version is its oldest.
        """
        current = self.get(name)
        with self._lock:
            row = self._db.execute(
                "SELECT MAX(version) FROM versions WHERE name = ? AND version < ?",
                (current.name, current.version),
            ).fetchone()
        if row[0] is None:
            raise ScenarioNotFoundError(
                f"scenario {current.name!r} has no version before {current.version} to go back to"
            )
        return self._set_current(current.name, int(row[0]))

    def restore(self, name: str, version: int) -> StoredScenario:
        """Make a kept version current again."""
        self.get(name, version)  # raises when absent
        return self._set_current(check_name(name), version)

    def delete(self, name: str) -> int:
        """Delete a scenario and all its versions; returns how many versions went."""
        name = check_name(name)
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                count = db.execute(
                    "SELECT COUNT(*) FROM versions WHERE name = ?", (name,)
                ).fetchone()[0]
                db.execute("DELETE FROM versions WHERE name = ?", (name,))
                gone = db.execute("DELETE FROM scenarios WHERE name = ?", (name,)).rowcount
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        if not gone:
            raise ScenarioNotFoundError(f"no saved scenario is named {name!r}")
        return int(count)

    # -- reading ----------------------------------------------------------------------------
    def get(self, name: str, version: int | None = None) -> StoredScenario:
        """The current (or a given) version of a saved scenario.

        Raises
        ------
        ScenarioNotFoundError
            When there is no such scenario or version.
        """
        name = check_name(name)
        with self._lock:
            head = self._db.execute(
                "SELECT current, (SELECT COUNT(*) FROM versions v WHERE v.name = s.name) AS n "
                "FROM scenarios s WHERE name = ?",
                (name,),
            ).fetchone()
            if head is None:
                raise ScenarioNotFoundError(f"no saved scenario is named {name!r}")
            wanted = int(head["current"]) if version is None else version
            row = self._db.execute(
                "SELECT version, data, sha256, saved FROM versions WHERE name = ? AND version = ?",
                (name, wanted),
            ).fetchone()
        if row is None:
            raise ScenarioNotFoundError(f"scenario {name!r} has no version {wanted}")
        return StoredScenario(
            name,
            int(row["version"]),
            row["saved"],
            json.loads(row["data"]),
            row["sha256"],
            int(head["n"]),
        )

    def summaries(self) -> list[Summary]:
        """Every saved scenario, most recently updated first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT s.name, s.current, s.created, s.updated, "
                "(SELECT COUNT(*) FROM versions v WHERE v.name = s.name) AS n "
                "FROM scenarios s ORDER BY s.updated DESC, s.name"
            ).fetchall()
        return [
            Summary(r["name"], int(r["current"]), int(r["n"]), r["created"], r["updated"])
            for r in rows
        ]

    def versions(self, name: str) -> list[VersionInfo]:
        """The kept versions of a scenario, newest first."""
        current = self.get(name)
        with self._lock:
            rows = self._db.execute(
                "SELECT version, saved, sha256 FROM versions WHERE name = ? ORDER BY version DESC",
                (current.name,),
            ).fetchall()
        return [
            VersionInfo(int(r["version"]), r["saved"], r["sha256"], r["version"] == current.version)
            for r in rows
        ]

    def integrity_check(self) -> list[str]:
        """Problems found: SQLite's ``PRAGMA integrity_check`` and each version's checksum.

        Returns an empty list when the store is sound.
        """
        problems: list[str] = []
        with self._lock:
            result = [r[0] for r in self._db.execute("PRAGMA integrity_check").fetchall()]
            rows = self._db.execute("SELECT name, version, data, sha256 FROM versions").fetchall()
            dangling = self._db.execute(
                "SELECT s.name FROM scenarios s LEFT JOIN versions v "
                "ON v.name = s.name AND v.version = s.current WHERE v.name IS NULL"
            ).fetchall()
        if result != ["ok"]:
            problems.extend(result)
        problems.extend(
            f"{r['name']!r} version {r['version']}: checksum mismatch"
            for r in rows
            if checksum(r["data"]) != r["sha256"]
        )
        problems.extend(f"{r['name']!r}: current version is missing" for r in dangling)
        return problems
