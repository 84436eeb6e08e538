"""Start-up (issue 16, item 4): a command imports only what it needs.

Which modules a command loads is checked in a fresh interpreter (not its timing, which
``bench/bench_startup.py`` measures); the lazy packages and the lazily filled registry of
counting methods are checked here too.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import subprocess
import sys
import threading
import types
from pathlib import Path

import pytest

import powershare
from powershare.errors import RegistryError
from powershare.games import LazyPackage, lazy_package
from powershare.power.registry import CountingMethod, Counts, Estimate, MethodRegistry

_RUN = """
import json, sys
from powershare.cli import main
sys.argv = ["powershare", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)))
"""

NEVER_FOR_POWER = (
    "scipy",
    "matplotlib",
    "pandas",
    "fastapi",
    "dask",
    "powershare.apportion",
    "powershare.audit",
    "powershare.datasets.afghanistan",
    "powershare.datasets.package_registry",
    "powershare.design",
    "powershare.games.rule_schema",
    "powershare.packages",
    "powershare.structure.solutions",
    "powershare.uncertainty",
    "powershare.web",
    "pydantic",  # the scenario schema is for users' files; typer < 0.29 parses without it
    "powershare.games.scenario",
    "numpy",  # a dozen members are counted in plain Python faster than numpy imports
    "yaml",  # single-quota bodies ship as CSV with source notes
)
"""Modules ``powershare power eec-1958`` (a six-member weighted body) has no use for."""


def _modules(*args: str) -> tuple[str, set[str]]:
    """The output of ``powershare ARGS`` and the modules it loaded."""
    done = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    loaded = done.stderr.rsplit("MODULES ", 1)[1]
    return done.stdout, set(json.loads(loaded))


def _loaded(modules: set[str], prefix: str) -> list[str]:
    return sorted(m for m in modules if m == prefix or m.startswith(prefix + "."))


def test_power_json_loads_neither_rich_nor_unrelated_layers() -> None:
    out, modules = _modules("power", "eec-1958", "--json")
    assert json.loads(out)["members"][0]["name"] == "France"  # the command did run
    for name in (*NEVER_FOR_POWER, "rich"):
        assert not _loaded(modules, name), f"{name} was imported: {_loaded(modules, name)}"


def test_power_table_loads_no_unrelated_layer() -> None:
    out, modules = _modules("power", "eec-1958")
    assert "Luxembourg" in out
    for name in NEVER_FOR_POWER:
        assert not _loaded(modules, name), f"{name} was imported: {_loaded(modules, name)}"


def test_help_loads_no_library_code() -> None:
    out, modules = _modules("--help")
    assert "power" in out
    for name in ("numpy", "pydantic", "yaml", "powershare.games", "powershare.power"):
        assert not _loaded(modules, name), f"{name} was imported: {_loaded(modules, name)}"


LAZY_PACKAGES = sorted(
    f"powershare.{info.name}"
    for info in pkgutil.iter_modules(powershare.__path__)
    if info.ispkg and info.name not in {"cli", "web"}  # the faces: not libraries
)
"""Every library subpackage: each imports its public names on first use."""


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_public_name_of_a_lazy_package(package: str) -> None:
    module = importlib.import_module(package)
    assert isinstance(module, LazyPackage)
    for name in module.__all__:
        value = getattr(module, name)
        assert not isinstance(value, types.ModuleType), f"{package}.{name} is a module"
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        _ = module.nope  # type: ignore[attr-defined]


def test_a_public_name_shadowing_its_submodule_stays_the_function() -> None:
    for submodule in ("decisiveness", "solutions"):  # the import system binds it on the package
        importlib.import_module(f"powershare.structure.{submodule}")
    from powershare.structure import decisiveness, solutions

    assert callable(decisiveness) and not isinstance(decisiveness, types.ModuleType)
    assert callable(solutions) and not isinstance(solutions, types.ModuleType)
    assert decisiveness is sys.modules["powershare.structure.decisiveness"].decisiveness


def test_lazy_package_refuses_names_missing_from_all() -> None:
    module = types.ModuleType("powershare_test_lazy")
    module.__all__ = ["present"]  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    try:
        with pytest.raises(RuntimeError, match=r"\['absent', 'present'\]"):
            lazy_package(module.__name__, {"powershare.errors": ("absent",)})
    finally:
        del sys.modules[module.__name__]


def _method(name: str) -> CountingMethod:
    return CountingMethod(
        name=name,
        exact=True,
        summary="Counts members.",
        reference="-",
        counters={"members": lambda g: Counts("members", (1,) * g.n)},
        estimators={"members": lambda g: Estimate(0.0, 0)},
    )


def test_registry_loads_once_on_first_read() -> None:
    reg = MethodRegistry()
    calls: list[str] = []

    def loader() -> None:
        calls.append("load")
        reg.register(_method("late"))

    reg.load_with(loader)
    reg.register(_method("early"))
    assert calls == []  # registering does not load
    assert reg.names() == ["early", "late"]
    assert [m.name for m in reg] == ["early", "late"] and reg.get("late").name == "late"
    assert calls == ["load"]


def test_registry_with_a_failing_loader_is_never_read_incomplete() -> None:
    reg = MethodRegistry()
    attempts: list[int] = []

    def broken() -> None:
        attempts.append(1)
        raise ImportError("no module named 'powershare.power.missing'")

    reg.load_with(broken)
    for _ in range(2):  # the failure is not forgotten: every read raises
        with pytest.raises(ImportError, match="missing"):
            reg.names()
    assert len(attempts) == 2


def test_the_global_registry_has_every_method_after_a_lazy_import() -> None:
    code = (
        "import sys\n"
        "from powershare.power.registry import registry\n"
        "from powershare.power.indices import INDICES\n"
        "before = 'powershare.power.extended' in sys.modules\n"
        "print(before, len(registry.names()), len(INDICES))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    before, methods, indices = done.stdout.split()
    from powershare.power import INDICES, registry

    assert before == "False"  # importing the registry loads no method module
    assert int(methods) == len(registry.names()) and int(indices) == len(INDICES)


def test_registering_a_taken_name_after_loading_still_raises() -> None:
    from powershare.power import registry

    with pytest.raises(RegistryError, match="already registered"):
        registry.register(_method(registry.names()[0]))


def _registers(tree: ast.Module) -> bool:
    """Whether a module calls ``registry.register``, ``define_index`` or ``register_index``
    outside its functions (that is, when imported)."""
    for top in tree.body:
        if isinstance(top, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(top):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "register":
                return True
            if isinstance(func, ast.Name) and func.id in {"define_index", "register_index"}:
                return True
    return False


def test_every_module_that_registers_is_loaded_with_the_registry() -> None:
    """A new module of methods or indices missing from REGISTERING_MODULES (and imported by
    none of them) would be silently absent from the lazily loaded registry."""
    from powershare.power import REGISTERING_MODULES, registry

    registry.load()
    root = Path(str(importlib.import_module("powershare.power").__file__)).parent
    registering = {
        ".".join(path.relative_to(root.parent.parent).with_suffix("").parts)
        for path in root.rglob("*.py")
        if _registers(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert {"powershare.power.methods", "powershare.power.indices"} <= registering
    missing = sorted(m for m in registering if m not in sys.modules)
    assert not missing, f"register methods or indices but are not loaded: {missing}"
    assert all(m in sys.modules for m in REGISTERING_MODULES)


def test_a_thread_reading_while_another_loads_waits_for_every_method() -> None:
    reg = MethodRegistry()
    started, release = threading.Event(), threading.Event()

    def slow() -> None:
        started.set()
        release.wait(10)
        reg.register(_method("late"))

    reg.load_with(slow)
    first = threading.Thread(target=reg.load)
    first.start()
    assert started.wait(10)
    seen: list[list[str]] = []
    second = threading.Thread(target=lambda: seen.append(reg.names()))
    second.start()
    second.join(0.2)
    assert second.is_alive()  # waits for the loader rather than reading half a registry
    release.set()
    first.join(10)
    second.join(10)
    assert seen == [["late"]]


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("4", "4")])
def test_cli_runs_openblas_with_one_thread_unless_told(
    given: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OpenBLAS's spinning threads cost 0.05-0.15 s of start-up on two cores (numpy loads it;
    nothing here multiplies float matrices); a user's setting is kept."""
    from powershare.cli import main

    if given is None:
        monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", given)
    monkeypatch.setattr(sys, "argv", ["powershare", "--version"])
    with pytest.raises(SystemExit):
        main()
    import os

    assert os.environ["OPENBLAS_NUM_THREADS"] == expected


def test_cli_leaves_its_objects_to_the_exit_uncollected(monkeypatch: pytest.MonkeyPatch) -> None:
    """The interpreter's last collection of the CLI's ~25,000 objects costs 30 ms of a 0.2 s
    command; main() freezes them at exit (reference counting still frees them)."""
    import atexit
    import gc

    from powershare.cli import main

    registered: list[object] = []
    monkeypatch.setattr(atexit, "register", registered.append)
    monkeypatch.setattr(sys, "argv", ["powershare", "--version"])
    with pytest.raises(SystemExit):
        main()
    assert registered == [gc.freeze]
