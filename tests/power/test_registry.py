"""The registries' contracts: no silent wrong quantity, no silent replacement, typed results."""

from __future__ import annotations

import ast
import dataclasses
import importlib
from pathlib import Path

import pytest

from powershare.errors import MethodNotApplicableError, RegistryError, UnknownNameError
from powershare.games import AllOf, AtLeast, Criterion
from powershare.games.weighted import WeightedGame
from powershare.power import (
    INDICES,
    CountingMethod,
    Counts,
    Estimate,
    MethodRegistry,
    get_index,
    power,
    power_table,
    register_index,
    registry,
)
from powershare.power.api import Approximation
from powershare.power.result import Sampling

EEC = WeightedGame(12, [4, 4, 4, 2, 2, 1])


def _method(name: str = "toy", returns: str = "members") -> CountingMethod:
    return CountingMethod(
        name=name,
        exact=True,
        summary="A toy.",
        reference="-",
        counters={"members": lambda g: Counts(returns, (1,) * g.n)},
        estimators={"members": lambda g: Estimate(0.0, 0)},
    )


@pytest.mark.parametrize("method", list(registry), ids=lambda m: m.name)
def test_undeclared_quantity_raises_for_every_method(method: CountingMethod) -> None:
    for ask in (method.count, method.estimate, method.applies):
        with pytest.raises(MethodNotApplicableError, match="does not count no-such-quantity"):
            ask(EEC, "no-such-quantity")


def test_coalition_dp_asked_for_another_quantity_raises() -> None:
    """Regression: the DP used to return Johnston's critical counts under any other name."""
    dp = registry.get("coalition-dp")
    with pytest.raises(MethodNotApplicableError, match="critical, mwc, mwc_total, winning"):
        dp.count(EEC, "shift")
    with pytest.raises(MethodNotApplicableError):
        registry.choose(EEC, "shift", "coalition-dp")
    with pytest.raises(MethodNotApplicableError):
        registry.get("generating-function").count(EEC, "x")  # used to return pivots


def test_auto_refuses_a_quantity_no_method_counts() -> None:
    with pytest.raises(MethodNotApplicableError, match="no exact method can count shift"):
        registry.choose(EEC, "shift")


def test_counter_returning_another_quantity_raises() -> None:
    with pytest.raises(RegistryError, match="asked for members and returned swings"):
        _method(returns="swings").count(EEC, "members")
    assert _method().count(EEC, "members").per_member == (1,) * 6


def test_estimators_must_match_counters() -> None:
    with pytest.raises(RegistryError, match="one estimate per counted quantity"):
        dataclasses.replace(_method(), estimators={})
    with pytest.raises(RegistryError, match="declares no quantity"):
        dataclasses.replace(_method(), counters={}, estimators={})


def test_duplicate_method_name_raises() -> None:
    before = registry.names()
    with pytest.raises(RegistryError, match="already registered"):
        registry.register(registry.get("enumeration"))
    with pytest.raises(RegistryError, match="already registered"):
        registry.register(_method("coalition-dp"))
    assert registry.names() == before
    fresh = MethodRegistry()
    fresh.register(_method())
    with pytest.raises(RegistryError):
        fresh.register(_method())
    with pytest.raises(RegistryError):
        fresh.register(_method("auto"))


def test_duplicate_index_key_or_alias_raises() -> None:
    before = dict(INDICES)
    banzhaf = get_index("banzhaf")
    with pytest.raises(RegistryError, match="already taken by 'banzhaf'"):
        register_index(banzhaf)
    with pytest.raises(RegistryError, match="already taken by 'shapley'"):
        register_index(dataclasses.replace(banzhaf, key="new_index", aliases=("SS",)))
    with pytest.raises(RegistryError, match="already taken by 'banzhaf_absolute'"):
        register_index(dataclasses.replace(banzhaf, key="Penrose", aliases=()))
    with pytest.raises(RegistryError, match="already taken by 'coleman_prevent'"):
        register_index(dataclasses.replace(banzhaf, key="x", aliases=("coleman-preventive",)))
    with pytest.raises(RegistryError, match="reserved"):
        register_index(dataclasses.replace(banzhaf, key="all", aliases=()))
    assert before == INDICES  # nothing half-registered
    with pytest.raises(UnknownNameError):
        get_index("new_index")


def test_unknown_names_list_the_known_ones() -> None:
    with pytest.raises(UnknownNameError, match=r"known methods: auto, .*enumeration"):
        registry.get("nope")
    with pytest.raises(UnknownNameError, match=r"known indices: banzhaf, .*shapley"):
        get_index("nope")


def test_aliases_resolve_whatever_the_case_and_dashes() -> None:
    assert get_index("SS").key == "shapley"
    assert get_index("deegan-packel").key == "deegan_packel"
    assert get_index("Coleman-Preventive").key == "coleman_prevent"


def test_family_names_pick_the_method_that_counts_the_quantity() -> None:
    assert registry.get("coalition-enumeration").family == "enumeration"
    assert registry.get("coalition-dp").family == "generating-function"
    rule = AllOf([Criterion([3, 2, 1, 1], "60%"), AtLeast(2, ["P1", "P2", "P3", "P4"])])
    assert power(rule, "holler", method="enumeration").method == "coalition-enumeration"
    assert power(EEC, "johnston", method="generating-function").method == "coalition-dp"


def test_monte_carlo_details_are_typed_and_json_is_unchanged() -> None:
    table = power_table(EEC, "banzhaf", method="monte-carlo", approximate=Approximation(seed=3))
    res = table.results["banzhaf"]
    assert isinstance(res.sampling, Sampling) and res.extra == {}
    assert res.sampling.samples == 100_000 and res.sampling.seed == 3
    assert len(res.sampling.lower) == len(res.sampling.upper) == EEC.n
    out = table.to_dict()
    assert list(out["approximation"]["banzhaf"]) == [
        "samples",
        "confidence",
        "seed",
        "bound",
        "stopped",
        "method",
        "largest_halfwidth",
    ]
    assert out["members"][0]["banzhaf_interval"] == [res.sampling.lower[0], res.sampling.upper[0]]
    exact = power(EEC, "banzhaf")
    assert exact.sampling is None


# -- the import graph of the power layer --------------------------------------------------------
POWER = Path(str(importlib.import_module("powershare.power").__file__)).parent
OPTIONAL = {"pandas", "matplotlib"}  # imported where used, so that they stay optional
# imported where used for start-up (30-50 ms for gmpy2, 12 ms for process pools): never a
# powershare module, which would hide an import cycle
ON_USE = {"gmpy2", "multiprocessing", "concurrent"}


def _module(path: Path) -> str:
    parts = path.relative_to(POWER.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.Module, modules: set[str]) -> set[str]:
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found & modules


def test_power_layer_has_no_import_cycle_and_no_hidden_imports() -> None:
    files = {_module(p): p for p in POWER.rglob("*.py")}
    trees = {name: ast.parse(path.read_text()) for name, path in files.items()}
    hidden = [
        f"{name}:{node.lineno}"
        for name, tree in trees.items()
        for top in tree.body
        if isinstance(top, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        for node in ast.walk(top)
        if isinstance(node, ast.Import | ast.ImportFrom)
        and not {(getattr(node, "module", None) or a.name).split(".")[0] for a in node.names}
        <= OPTIONAL | ON_USE
    ]
    assert not hidden, f"imports inside functions: {hidden}"
    graph = {name: _imports(tree, set(files)) for name, tree in trees.items()}
    packages = {n for n, p in files.items() if p.name == "__init__.py"}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if nxt in packages and node.startswith(nxt + "."):
                continue  # a submodule importing its own package: not a cycle of modules
            if state.get(nxt) == 1:
                raise AssertionError(f"import cycle: {' -> '.join([*path, node, nxt])}")
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_every_bloc_index_names_its_plain_counterpart() -> None:
    from powershare.power.indices import INDICES

    for spec in INDICES.values():
        if spec.needs_blocs:
            assert spec.without_blocs in INDICES, spec.key
            assert not INDICES[spec.without_blocs].needs_blocs, spec.key
        else:
            assert spec.without_blocs is None, spec.key
        assert spec.column and spec.short
