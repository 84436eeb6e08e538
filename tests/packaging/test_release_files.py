"""The release files agree with the one source of the version, and the licence is the one the
metadata declares."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from powershare._version import __version__

ROOT = Path(__file__).resolve().parents[2]


def test_citation_names_this_version_and_licence() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["version"] == __version__
    assert cff["license"] == "MIT"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(cff["date-released"]))
    assert cff["authors"] == [{"name": "powershare developers"}]
    for key in ("title", "abstract", "repository-code"):
        assert cff[key]


def test_changelog_has_an_entry_for_this_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    heading = re.search(rf"^## \[{re.escape(__version__)}\] - (\S+)$", text, re.MULTILINE)
    assert heading, f"CHANGELOG.md has no '## [{__version__}] - DATE' heading"
    assert heading.group(1) == str(cff["date-released"])
    assert f"[{__version__}]: https://" in text


def test_licence_file_matches_the_declared_licence() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n")
    assert "Copyright (c) 2026 powershare developers" in licence
