"""The architecture holds: layers, no import cycles, no private names across modules, files by
topic.  The checks live in ``tools/check_architecture.py`` (``make architecture`` prints them)."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path
from types import ModuleType

TOOL = Path(__file__).resolve().parents[1] / "tools" / "check_architecture.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_architecture", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_package_has_no_architecture_problems() -> None:
    assert _tool().problems() == []


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "powershare" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def test_a_cycle_hidden_inside_a_function_is_found(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "__init__.py": "",
            "games/__init__.py": "",
            "games/a.py": "from powershare.games.b import f\n",
            "games/b.py": "def f():\n    from powershare.games import a\n    return a\n",
        },
    )
    found = _tool().problems(root)
    assert found == ["import cycle: powershare.games.a <-> powershare.games.b"]


def test_a_later_layer_and_a_private_name_are_found(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "__init__.py": "",
            "games/__init__.py": "",
            "games/x.py": "from powershare.audit.y import _helper\n",
            "audit/__init__.py": "",
            "audit/y.py": "def _helper():\n    return 1\n",
            "audit/z.py": "from powershare.audit import y\nVALUE = y._helper()\n",
        },
    )
    found = _tool().problems(root)
    assert any(
        line.startswith("layer: powershare.games.x imports powershare.audit.y") for line in found
    )
    assert "private name: powershare.games.x uses powershare.audit.y._helper" in found
    assert "private name: powershare.audit.z uses powershare.audit.y._helper" in found


def test_a_long_file_is_found(tmp_path: Path) -> None:
    tool = _tool()
    root = _write(
        tmp_path,
        {
            "__init__.py": "",
            "games/__init__.py": "",
            "games/long.py": "x = 1\n" * (tool.MAX_LINES + 1),
        },
    )
    assert tool.problems(root) == [
        f"file size: powershare/games/long.py has {tool.MAX_LINES + 1} lines (> {tool.MAX_LINES})"
    ]
