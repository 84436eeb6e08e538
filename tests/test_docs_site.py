"""The documentation site (mkdocs.yml): its docstring extension, its pages and a strict build.

``make docs`` builds the whole site with warnings as errors and executes the tutorial
notebooks (about a minute; CI runs it).  These tests are the quick part of that check, for
``pytest``: the Griffe extension that renders the docstrings, the nav and the reference pages,
and one strict build of the site with the notebooks rendered but not executed (~12 s of CPU), which
catches what breaks most often: a docstring or a link that mkdocs cannot resolve.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
DOCS = ROOT / "docs"

# Every public layer of docs/architecture.md below the faces (web, cli) has a reference page.
PUBLIC_MODULES = [
    "powershare",
    "powershare.games",
    "powershare.power",
    "powershare.structure",
    "powershare.apportion",
    "powershare.packages",
    "powershare.datasets",
    "powershare.design",
    "powershare.uncertainty",
    "powershare.audit",
    "powershare.errors",
]

# Where each module's reference is built.
PAGES = [f"reference/{m.rsplit('.', 1)[-1]}/index.html" for m in PUBLIC_MODULES]

NO_DOCS_EXTRA = "the docs extra is not installed (pip install -e '.[docs]')"


def _extension() -> ModuleType:
    """docs/reference/griffe_docstrings.py, the Griffe extension that mkdocs.yml loads."""
    pytest.importorskip("griffe", reason=NO_DOCS_EXTRA)
    path = DOCS / "reference" / "griffe_docstrings.py"
    spec = importlib.util.spec_from_file_location("griffe_docstrings", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _public_callables(module: str) -> list[tuple[str, str]]:
    """(name, defining path) of each class and function in ``module.__all__``.

    Constants are left out: mkdocstrings shows a constant when it has a docstring.
    """
    loaded = importlib.import_module(module)
    found = []
    for name in getattr(loaded, "__all__", ()):
        value = getattr(loaded, name)
        if isinstance(value, type) or inspect.isfunction(value):
            found.append((name, f"{value.__module__}.{value.__qualname__}"))
    return found


def _config() -> dict[str, Any]:
    loaded = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _nav_files(entries: object) -> list[str]:
    if isinstance(entries, str):
        return [entries]
    if isinstance(entries, list):
        return [f for entry in entries for f in _nav_files(entry)]
    if isinstance(entries, dict):
        return [f for value in entries.values() for f in _nav_files(value)]
    return []


def test_doctest_blocks_are_fenced_where_they_stand() -> None:
    fence = _extension().fence_doctests
    text = "Text.\n\n>>> 1 + 1\n2\n\nMore.\n\nx\n    Param.\n\n    >>> f(\n    ...   1)\n    3\n"
    assert fence(text) == (
        "Text.\n\n```pycon\n>>> 1 + 1\n2\n```\n\nMore.\n\n"
        "x\n    Param.\n\n    ```pycon\n    >>> f(\n    ...   1)\n    3\n    ```\n"
    )


def test_doctests_inside_a_fence_and_quotes_are_left_alone() -> None:
    fence = _extension().fence_doctests
    fenced = "```python\n>>> 1\n1\n```\n"
    assert fence(fenced) == fenced
    assert fence("a >>> b\n") == "a >>> b\n"


def test_roles_become_optional_references_resolved_in_scope() -> None:
    ext = _extension()
    code = (
        '"""See :func:`helper`, :class:`~powershare.games.WeightedGame` and :mod:`x.y`."""\n'
        "def helper():\n"
        '    """Uses :data:`LIMIT` and :meth:`Thing.run`.\n\n'
        '    ```\n    :func:`kept`\n    ```\n    """\n'
        "LIMIT = 3\n"
        "class Thing:\n"
        "    def run(self): ...\n"
    )
    griffe = pytest.importorskip("griffe", reason=NO_DOCS_EXTRA)
    with griffe.temporary_visited_module(code, module_name="demo") as module:
        ext.MarkdownDocstrings().on_package(pkg=module, loader=None)
        assert module.docstring.value == (
            'See <autoref identifier="demo.helper" optional><code>helper</code></autoref>, '
            '<autoref identifier="powershare.games.WeightedGame" optional>'
            "<code>WeightedGame</code></autoref> and "
            '<autoref identifier="x.y" optional><code>x.y</code></autoref>.'
        )
        helper = module["helper"].docstring.value
        assert '<autoref identifier="demo.LIMIT" optional><code>LIMIT</code></autoref>' in helper
        assert '<autoref identifier="demo.Thing.run" optional>' in helper
        assert ":func:`kept`" in helper  # code in a fence is code


def test_a_function_named_like_its_module_is_referred_to_as_the_function() -> None:
    ext = _extension()
    files = {
        "__init__.py": '"""Use :func:`pkg.settle`, see :mod:`pkg.settle`."""\n'
        "from pkg.settle import settle\n",
        "settle.py": "def settle(): ...\n",
    }
    griffe = pytest.importorskip("griffe", reason=NO_DOCS_EXTRA)
    with griffe.temporary_visited_package("pkg", files) as package:
        ext.MarkdownDocstrings().on_package(pkg=package, loader=None)
        text = package.docstring.value
    assert '<autoref identifier="pkg.settle.settle" optional><code>pkg.settle</code>' in text
    assert '<autoref identifier="pkg.settle" optional><code>pkg.settle</code>' in text


def test_another_name_for_a_class_gets_a_docstring_that_links_it() -> None:
    ext = _extension()
    griffe = pytest.importorskip("griffe", reason=NO_DOCS_EXTRA)
    code = 'class DHondt:\n    """Divisors 1, 2, 3."""\n'
    code += "Jefferson = DHondt\nLIMIT = 3\nOther = Jefferson\n"
    with griffe.temporary_visited_module(code, module_name="demo") as module:
        ext.MarkdownDocstrings().on_package(pkg=module, loader=None)
        assert module["Jefferson"].docstring.value == (
            'Another name for <autoref identifier="demo.DHondt" optional>'
            "<code>DHondt</code></autoref>."
        )
        assert module["LIMIT"].docstring is None  # a constant says what it is itself
        assert module["Other"].docstring is None  # names an attribute, not a class


def test_nav_names_existing_pages_and_every_public_module_has_a_reference() -> None:
    config = _config()
    nav = _nav_files(config["nav"])
    missing = [page for page in nav if not (DOCS / page).is_file()]
    assert not missing, f"mkdocs.yml nav names pages that do not exist: {missing}"
    directives = {
        line.removeprefix("::: ").strip()
        for page in nav
        if page.startswith("reference/")
        for line in (DOCS / page).read_text(encoding="utf-8").splitlines()
        if line.startswith("::: ")
    }
    assert set(PUBLIC_MODULES) <= directives, set(PUBLIC_MODULES) - directives
    guides = {p.name for p in DOCS.glob("*.md")}
    assert guides <= {Path(page).name for page in nav}, guides - {Path(p).name for p in nav}


def _page_of(url: str) -> Path | None:
    """The source file of the site page at ``url`` (relative to the site root), if any."""
    path = url.split("#", 1)[0].strip("/")
    if not path or path == ".":
        return DOCS / "index.md"
    candidates = [DOCS / f"{path}.md", DOCS / f"{path}.ipynb", DOCS / path / "index.md"]
    return next((c for c in candidates if c.is_file()), None)


def _heading_ids(page: Path) -> set[str]:
    """The ids mkdocs gives the headings of a Markdown page (those of a notebook: none)."""
    if page.suffix != ".md":
        return set()
    slugify = pytest.importorskip("markdown.extensions.toc", reason=NO_DOCS_EXTRA).slugify
    headings = re.findall(r"^#+ (.+)$", _read(page), flags=re.MULTILINE)
    return {slugify(heading.replace("`", ""), "-") for heading in headings}


def test_links_in_the_notebooks_lead_to_pages_of_the_site() -> None:
    # mkdocs checks the links of Markdown pages but not those of notebooks, which it does not
    # rewrite either: a notebook links to the site's URLs (tutorials/NAME/ is its own page).
    nbformat = pytest.importorskip("nbformat", reason=NO_DOCS_EXTRA)
    link = re.compile(r"\]\((?P<url>[^)\s]+)\)")
    broken = []
    for notebook in sorted((DOCS / "tutorials").glob("*.ipynb")):
        here = f"tutorials/{notebook.stem}/"
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            for match in link.finditer(cell.source):
                url = match["url"]
                if "://" in url or url.startswith(("#", "mailto:")):
                    continue
                target = posixpath.normpath(posixpath.join(here, url))
                page = None if target.startswith("..") else _page_of(target)
                _, _, anchor = url.partition("#")
                if page is None or (anchor and anchor not in _heading_ids(page)):
                    broken.append(f"{notebook.name}: {url}")
    assert not broken, f"links to no page of the site: {broken}"


def test_the_site_builds_offline_with_no_warning(tmp_path: Path) -> None:
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent))
    if mkdocs is None:
        pytest.skip(NO_DOCS_EXTRA)
    config = _config()
    # The notebooks are rendered but not executed here (make docs executes them).
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "mkdocs-jupyter" in plugin:
            plugin["mkdocs-jupyter"]["execute"] = False
        if isinstance(plugin, dict) and "mkdocstrings" in plugin:
            python = plugin["mkdocstrings"]["handlers"]["python"]
            python["paths"] = [str(ROOT / p) for p in python["paths"]]
            python["options"]["extensions"] = [
                str(ROOT / e) for e in python["options"]["extensions"]
            ]
    config["docs_dir"] = str(DOCS)
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = tmp_path / "site"
    done = subprocess.run(
        [mkdocs, "build", "--strict", "-f", str(tmp_path / "mkdocs.yml"), "--site-dir", str(site)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    warnings = [line for line in done.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert done.returncode == 0 and not warnings, done.stderr[-4000:]
    missing = [
        f"{module}.{name}"
        for module, page in zip(PUBLIC_MODULES, PAGES, strict=True)
        for name, path in _public_callables(module)
        if f'id="{module}.{name}"' not in (html := _read(site / page))
        and f'id="{path}"' not in html
    ]
    assert not missing, f"public classes and functions missing from the reference: {missing}"
    reference = _read(site / "reference" / "games" / "index.html")
    assert "language-pycon" in reference or 'class="gp"' in reference  # doctests as code
    external = [page for page in site.rglob("*.html") if "fonts.googleapis.com" in _read(page)]
    assert not external, f"pages that load web fonts: {external}"
