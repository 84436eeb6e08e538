"""Small weighted games are enumerated in plain Python (no numpy to import): the same counts as
the vectorised enumeration, on every small game hypothesis draws."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from powershare.games.weighted import WeightedGame
from powershare.power import brute
from powershare.power.kernels import cost, pivots_fast
from powershare.power.kernels import enumeration as E
from powershare.power.registry import registry


@st.composite
def small_games(draw: st.DrawFn, most: int = E.PLAIN_MAX_MEMBERS) -> tuple[list[int], int]:
    weights = draw(st.lists(st.integers(0, 40), min_size=1, max_size=most))
    if sum(weights) == 0:
        weights[0] = 1
    return weights, draw(st.integers(1, sum(weights)))


@settings(max_examples=150, deadline=None)
@given(small_games())
def test_plain_counts_equal_the_vectorised_enumeration(game: tuple[list[int], int]) -> None:
    weights, quota = game
    by_size = E.weighted_pivot_counts_by_size_plain(weights, quota)
    assert by_size == E.enumerate_pivots_by_size(
        len(weights), E.weighted_is_winning(weights, quota)
    )
    assert E.pivots_from_counts_by_size(by_size) == E.weighted_pivot_counts(weights, quota)
    g = WeightedGame(quota, weights)
    assert E.weighted_winning_totals_plain(weights, quota) == brute.winning_totals(g)


def test_the_enumeration_method_takes_the_plain_way_on_small_weighted_games(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_numpy(*args: object) -> None:
        raise AssertionError("the vectorised enumeration ran")

    monkeypatch.setattr(E, "enumerate_pivots_by_size", no_numpy)
    monkeypatch.setattr(brute, "winning_totals", no_numpy)
    game = WeightedGame(12, [4, 4, 4, 2, 2, 1])
    assert registry.get("enumeration").count(game, "swings").per_member == (10, 10, 10, 6, 6, 0)
    assert registry.get("enumeration").count(game, "pivots").per_member[0] == 168
    winning = registry.get("coalition-enumeration").count(game, "winning")
    assert winning.scalars["winning_coalitions"] == 14
    for quantity in ("swings", "pivots", "winning"):  # and auto picks it: it is the cheapest
        assert registry.choose(game, quantity)[0].name.endswith("enumeration")


def test_larger_games_are_enumerated_by_numpy() -> None:
    game = WeightedGame(14, [2] * (E.PLAIN_MAX_MEMBERS + 1))  # 13 members, 7 to pass
    estimate = registry.get("enumeration").estimate(game, "swings")
    assert (estimate.seconds, estimate.bytes) == cost.estimate_enumeration(13)
    # a member swings with exactly 6 of the 12 others: C(12, 6)
    assert registry.get("enumeration").count(game, "swings").per_member[0] == 924
    with pytest.raises(ValueError, match="at most 12 nonnegative weights"):
        E.weighted_pivot_counts_by_size_plain(game.weights, game.quota)
    with pytest.raises(ValueError, match="at most 12 nonnegative weights"):
        E.weighted_winning_totals_plain([1, -1], 1)


def test_plain_estimates_are_below_the_vectorised_ones_and_above_the_measured_time() -> None:
    import time

    for n in (1, 6, 12):
        assert cost.estimate_plain_enumeration(n)[0] < cost.estimate_enumeration(n)[0] or n == 12
    weights = list(range(1, 13))
    start = time.perf_counter()
    E.weighted_pivot_counts_by_size_plain(weights, sum(weights) // 2 + 1)
    # generous: a loaded machine may be 3x slower than the estimate's measurement
    assert time.perf_counter() - start < 3 * cost.estimate_plain_enumeration(12)[0]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 60), min_size=1, max_size=70),
    st.integers(1, 3000),
    st.integers(0, 70),
)
def test_support_cells_summed_in_python_and_by_numpy_agree(
    weights: list[int], cols: int, rows: int
) -> None:
    ws = sorted(weights, reverse=True)
    rows = min(rows, len(ws))
    plain = pivots_fast._support_cells(ws, cols, rows)
    old = pivots_fast._PLAIN_CELLS
    try:
        pivots_fast._PLAIN_CELLS = -1
        assert pivots_fast._support_cells(ws, cols, rows) == plain
    finally:
        pivots_fast._PLAIN_CELLS = old


@pytest.mark.parametrize(
    ("weights", "quota", "winning"),
    [([4, 4, 4, 2, 2, 1], 12, 14), ([9, 8, 7, 6, 5, 4, 3, 3, 2, 2, 1, 1], 26, 2048)],
)
def test_counting_a_small_body_never_imports_numpy(
    weights: list[int], quota: int, winning: int
) -> None:
    """Up to 12 members ``auto`` counts in plain Python: the generating function would be
    faster by a millisecond once numpy and gmpy2 are loaded, but loading them costs 0.1 s."""
    code = (
        "import sys\n"
        "from powershare.games.weighted import WeightedGame\n"
        "from powershare.power import power\n"
        "from powershare.structure.decisiveness import decisiveness\n"
        f"g = WeightedGame.from_values({weights}, {quota})\n"
        "r = power(g, ['banzhaf', 'shapley'])\n"
        "d = decisiveness(g)\n"
        f"assert d.winning == {winning}, d\n"
        "print('numpy' in sys.modules, 'gmpy2' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "False False"


def test_first_use_of_numpy_is_charged_only_while_it_is_not_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gmpy2  # noqa: F401
    import numpy  # noqa: F401

    game = WeightedGame(26, [9, 8, 7, 6, 5, 4, 3, 3, 2, 2, 1, 1])
    loaded = registry.get("generating-function").estimate(game, "swings").seconds
    assert cost.first_use_seconds("numpy", "gmpy2") == 0.0
    monkeypatch.delitem(sys.modules, "numpy")
    monkeypatch.delitem(sys.modules, "gmpy2", raising=False)
    assert cost.first_use_seconds("numpy", "gmpy2") == pytest.approx(0.13)
    first = registry.get("generating-function").estimate(game, "swings").seconds
    assert first == pytest.approx(loaded + 0.13)
    assert registry.choose(game, "swings")[0].name == "enumeration"
