"""Fast checks of the benchmark harness's pure parts (no peers, no network, no subprocess).

``bench/`` is not a package, so its modules are loaded from their files.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name: str) -> ModuleType:
    """Load ``bench/<name>.py`` as module ``_bench_<name>`` (registered: dataclasses need it)."""
    qualified = f"_bench_{name}"
    spec = importlib.util.spec_from_file_location(qualified, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module


harness = _load("harness")
peers = _load("peers")


@pytest.fixture
def run_module(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """``bench/run.py``, with its sibling imports resolved to the modules loaded above."""
    monkeypatch.setitem(sys.modules, "harness", harness)
    monkeypatch.setitem(sys.modules, "peers", peers)
    return _load("run")


# --- games ------------------------------------------------------------------------------------


def test_electoral_college_game() -> None:
    game = harness.make_game("a")
    assert game.n == 51
    assert game.total_weight == 538
    assert game.quota == 270
    assert max(game.weights) == 54 and min(game.weights) == 3


@pytest.mark.parametrize(
    ("key", "n", "max_weight"), [("b", 200, 1000), ("c", 1000, 100), ("d", 200, 100)]
)
def test_random_games(key: str, n: int, max_weight: int) -> None:
    game = harness.make_game(key)
    assert game.n == n
    assert all(1 <= w <= max_weight for w in game.weights)
    assert all(type(w) is int for w in game.weights)  # plain ints, JSON-ready
    assert game.quota == game.total_weight // 2 + 1
    assert harness.make_game(key) == game  # seeded: the same game every time
    assert len(set(game.weights)) > 1


def test_random_games_differ_by_seed() -> None:
    assert harness.make_game("c").weights[:200] != harness.make_game("d").weights


def test_unknown_game() -> None:
    with pytest.raises(ValueError, match="unknown game"):
        harness.make_game("z")


def test_default_games_per_index() -> None:
    assert harness.default_games("banzhaf") == ("a", "b", "c")
    assert harness.default_games("holler") == ("d",)


# --- values and deviations ----------------------------------------------------------------------

EEC_BANZHAF = [Fraction(c, 21) for c in (5, 5, 5, 3, 3, 0)]


def test_deviation_is_exact() -> None:
    peer = [float(v) for v in EEC_BANZHAF]
    dev = harness.max_abs_deviation(peer, EEC_BANZHAF)
    assert 0 < dev < 1e-16  # float rounding is seen, not hidden by float subtraction
    assert harness.max_abs_deviation([0.5, 0.5], [Fraction(1, 2), Fraction(1, 2)]) == 0


def test_deviation_non_finite_and_length() -> None:
    assert math.isinf(harness.max_abs_deviation([math.nan, 0.5], [Fraction(1, 2)] * 2))
    with pytest.raises(ValueError, match="2 values for 3 members"):
        harness.max_abs_deviation([0.5, 0.5], [Fraction(1, 3)] * 3)


def test_normalise_absolute_banzhaf() -> None:
    absolute = [c / 32 for c in (5, 5, 5, 3, 3, 0)]  # Penrose measure: swings / 2^(n-1)
    normalised = harness.normalise(absolute)
    assert normalised == [float(v) for v in EEC_BANZHAF]
    assert harness.normalise([0.0, 0.0]) == [0.0, 0.0]
    assert math.isnan(harness.normalise([math.nan, 1.0])[0])


def test_int64_overflow_is_exposed() -> None:
    """A count wrapped past 2^63 (as numpy int64 does silently) shows as a large deviation."""
    counts = [5, 5, 5, 3, 3, 0]
    wrapped = [*counts[:2], counts[2] - 2**64 + 2**63, *counts[3:]]  # sign flipped by the wrap
    peer = harness.normalise([float(c) for c in wrapped])
    assert harness.max_abs_deviation(peer, EEC_BANZHAF) > 0.1


def test_value_sum_error() -> None:
    assert harness.value_sum_error([0.25, 0.75]) == 0
    assert harness.value_sum_error([0.5, 0.75]) == 0.25
    assert math.isinf(harness.value_sum_error([math.inf]))


# --- repeats and formatting ---------------------------------------------------------------------


def test_repeat_policy() -> None:
    policy = harness.RepeatPolicy()
    assert policy.total_runs(0.01) == 7
    assert policy.total_runs(2.0) == 3
    assert policy.total_runs(50.0) == 1
    assert harness.RepeatPolicy(max_runs=2).total_runs(0.01) == 2
    assert harness.median_seconds([3.0, 1.0, 2.0]) == 2.0


def test_formatting() -> None:
    assert harness.format_seconds(0.00042) == "0.42 ms"
    assert harness.format_seconds(0.123) == "123 ms"
    assert harness.format_seconds(12.34) == "12.3 s"
    assert harness.format_bytes(45_000_000) == "45 MB"
    assert harness.format_bytes(None) == "-"
    assert harness.format_ratio(10.0, 0.5) == "20x"
    assert harness.format_ratio(None, 0.5) == "-"
    assert harness.format_deviation(0.0) == "0"
    assert harness.format_deviation(math.inf) == "NaN/inf values"
    table = harness.render_table(["a", "bb"], [["xyz", "1"]])
    assert table.splitlines()[0] == "a    bb"


# --- peers' static facts and the orchestration's pure parts ------------------------------------


def test_peer_support_table() -> None:
    assert peers.supports("ours", "holler")
    assert peers.supports("powerindex", "banzhaf")
    assert not peers.supports("power-bdd", "johnston")
    result = peers.run_once("powerindices", "deegan_packel", 12, [4, 4, 4, 2, 2, 1])
    assert result["status"] == "n/a"


def test_compare_flags_wrong_peer(run_module: ModuleType) -> None:
    ours = run_module.Cell(game="s", index="banzhaf", tool="ours", extra={"is_exact": True})
    reference = run_module.reference_values(
        ours, [f"{v.numerator}/{v.denominator}" for v in EEC_BANZHAF]
    )
    assert reference == EEC_BANZHAF and ours.sum_error == 0

    right = run_module.Cell(game="s", index="banzhaf", tool="power-bdd")
    run_module.compare(right, [c / 32 for c in (5, 5, 5, 3, 3, 0)], reference)
    assert right.max_deviation is not None and right.max_deviation < 1e-15

    wrong = run_module.Cell(game="s", index="banzhaf", tool="powerindex")
    run_module.compare(wrong, [0.5, 0.5, 0.0, 0.0, 0.0, 0.0], reference)
    assert wrong.max_deviation == float(Fraction(1, 2) - Fraction(5, 21))
    assert run_module.deviation_text(wrong) == "2.62e-01"


def test_parse_args_quick(run_module: ModuleType) -> None:
    args = run_module.parse_args(["--quick"])
    assert args.games == ["a", "b"] and args.indices == ["banzhaf"]
    assert args.time_limit == 20.0 and args.max_runs == 3
    args = run_module.parse_args(["--indices", "holler,johnston", "--tools", "ours"])
    assert args.games is None and args.indices == ["holler", "johnston"]
    assert args.time_limit == 120.0
    with pytest.raises(SystemExit):
        run_module.parse_args(["--tools", "nosuchtool"])
