"""Check the package's architecture: layers, import cycles, private names and file sizes.

Run it from the repository root (``make architecture`` or
``.venv/bin/python tools/check_architecture.py``); it prints every problem on one line and exits
with 1 when there is any.  ``tests/test_architecture.py`` runs the same checks in ``make test``.

What it checks, over every module of ``src/powershare`` (docs/architecture.md explains why):

* **layers**: a module imports only its own layer and the layers listed before it in
  :data:`LAYERS`;
* **no import cycles**, counting imports inside functions too (an import moved into a function
  hides a cycle from Python but not from the reader);
* **no private names across modules**: ``from powershare.x import _name`` and ``module._name``
  are allowed only inside the module that defines ``_name``;
* **files by topic**: no module over :data:`MAX_LINES` lines.

The import graph is read from the source with :mod:`ast`; nothing is imported or run.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "powershare"
MAX_LINES = 600

LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "_version"),
    ("games",),
    ("power",),
    ("structure",),
    ("apportion",),
    ("packages",),
    ("datasets",),
    ("design",),
    ("uncertainty",),
    ("audit",),
    ("web",),
    ("cli", "__main__"),
)
"""Subpackages from the bottom up; a subpackage may import those on earlier lines.

``datasets`` sits above ``apportion`` (the illustrative Afghan council apportions its seats) and
below ``design`` and ``audit`` (which analyse the shipped bodies).  ``web`` and ``cli`` are the
two faces; the CLI may import the web app (``powershare serve`` starts it), never the reverse.
``_version`` (the one place the version is written) sits at the bottom with ``errors``;
``__main__`` (``python -m powershare``) is a face beside ``cli``.
"""


@dataclass
class Module:
    """One module of the package: its name, file, and the package modules it imports."""

    name: str
    path: Path
    imports: set[str] = field(default_factory=set)
    private: list[str] = field(default_factory=list)


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def load_modules(root: Path = ROOT) -> dict[str, Module]:
    """Every module of the package with its imports (including imports inside functions)."""
    paths = sorted((root / PACKAGE).rglob("*.py"))
    modules = {_module_name(p, root): Module(_module_name(p, root), p) for p in paths}
    for mod in modules.values():
        _read_imports(mod, modules)
    return modules


def _resolve_relative(mod: Module, node: ast.ImportFrom) -> str:
    package = mod.name if mod.path.name == "__init__.py" else mod.name.rpartition(".")[0]
    base = package.split(".")
    if node.level > 1:
        base = base[: len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _read_imports(mod: Module, modules: dict[str, Module]) -> None:
    tree = ast.parse(mod.path.read_text(encoding="utf-8"), filename=str(mod.path))
    aliases: dict[str, str] = {}  # local name -> package module it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _resolve_relative(mod, node) if node.level else (node.module or "")
            if source != PACKAGE and not source.startswith(PACKAGE + "."):
                continue
            for alias in node.names:
                full = f"{source}.{alias.name}"
                if full in modules:
                    mod.imports.add(full)
                    aliases[alias.asname or alias.name] = full
                elif source in modules:
                    mod.imports.add(source)
                if _is_private(alias.name) and source != mod.name:
                    mod.private.append(f"{source}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    mod.imports.add(alias.name)
                    if alias.asname:
                        aliases[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and _is_private(node.attr)
            and aliases[node.value.id] != mod.name
        ):
            mod.private.append(f"{aliases[node.value.id]}.{node.attr}")
    mod.imports.discard(mod.name)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def layer_of(name: str) -> int | None:
    """Position of the module's subpackage in :data:`LAYERS` (``None``: the top package)."""
    parts = name.split(".")
    if len(parts) < 2:
        return None
    for level, group in enumerate(LAYERS):
        if parts[1] in group:
            return level
    raise ValueError(
        f"module {name} is in no layer; add {parts[1]!r} to LAYERS in tools/check_architecture.py"
    )


def cycles(modules: dict[str, Module]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan 1972), iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in modules:
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(modules[start].imports)))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(modules[child].imports))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def problems(root: Path = ROOT) -> list[str]:
    """Every architecture problem, one line each (empty when all is well)."""
    modules = load_modules(root)
    out: list[str] = []
    for component in cycles(modules):
        out.append("import cycle: " + " <-> ".join(component))
    for mod in modules.values():
        here = layer_of(mod.name)
        for dep in sorted(mod.imports):
            there = layer_of(dep)
            if here is not None and there is not None and there > here:
                out.append(
                    f"layer: {mod.name} imports {dep}, a later layer "
                    f"({'/'.join(LAYERS[there])} comes after {'/'.join(LAYERS[here])})"
                )
        for name in sorted(set(mod.private)):
            out.append(f"private name: {mod.name} uses {name}")
        lines = len(mod.path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            out.append(f"file size: {mod.path.relative_to(root)} has {lines} lines (> {MAX_LINES})")
    return out


def main() -> int:
    """Print the problems; exit status 1 when there is any."""
    found = problems()
    for line in found:
        print(line)
    modules = load_modules()
    edges = sum(len(m.imports) for m in modules.values())
    print(f"{len(modules)} modules, {edges} import edges, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
