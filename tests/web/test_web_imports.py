"""The web package's import structure: routers reach the app's state only through
:mod:`powershare.web.deps`, never by importing :mod:`powershare.web.app` (which imports them)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import powershare.web

WEB = Path(powershare.web.__file__).parent
ROUTERS = ("api", "analysis_api", "jobs_api", "pages")
APP = "powershare.web.app"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (functions included), as absolute names.

    ``from powershare.web import app`` counts as importing ``powershare.web.app``.
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ["powershare", "web"][: 2 - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_imported_modules_sees_every_form(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "def f():\n    from powershare.web import app\n"
        "from . import app as a\nimport powershare.web.app\n"
    )
    assert APP in imported_modules(source)
    source.write_text("from powershare.web.deps import static_dir\n")
    assert APP not in imported_modules(source)


@pytest.mark.parametrize("name", ROUTERS)
def test_router_does_not_import_the_app(name: str) -> None:
    assert APP not in imported_modules(WEB / f"{name}.py"), (
        f"powershare.web.{name} imports {APP}; take what it needs from powershare.web.deps"
    )


def test_only_the_package_imports_the_app() -> None:
    importers = sorted(
        p.stem
        for p in WEB.glob("*.py")
        if p.stem not in ("__init__", "app") and APP in imported_modules(p)
    )
    assert importers == []
