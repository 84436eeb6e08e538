"""``import powershare`` is lazy (PEP 562) and still offers every public name (issue 16)."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

import powershare


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout


def test_import_powershare_loads_no_library_module() -> None:
    loaded = _run("import sys, powershare; print(' '.join(sys.modules))").split()
    assert "numpy" not in loaded and "powershare.games" not in loaded
    assert "powershare.power" not in loaded


def test_the_function_power_is_not_hidden_by_the_subpackage() -> None:
    out = _run(
        "import powershare.power.api, powershare\n"
        "import powershare.power.compound.register\n"
        "print(type(powershare.power).__name__, powershare.power.__module__)"
    )
    assert out.split() == ["function", "powershare.power.api"]


def test_every_public_name_and_dir() -> None:
    for name in powershare.__all__:
        value = getattr(powershare, name)
        assert not isinstance(value, types.ModuleType), name
    assert set(powershare.__all__) <= set(dir(powershare))
    assert powershare.__version__ == "0.1.0"
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = powershare.nope


def test_load_game_takes_paths_and_names(tmp_path: Path) -> None:
    path = tmp_path / "body.csv"
    path.write_text("name,weight\nA,2\nB,1\nC,1\n", encoding="utf-8")
    assert powershare.load_game(path, quota=3).names == ("A", "B", "C")
    assert powershare.load_game("eec-1958").n == 6
    table = powershare.power_table(powershare.load_game("[3; 2, 1, 1]"))
    assert isinstance(table, powershare.PowerTable)
