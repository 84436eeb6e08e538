"""Results in Python, pandas and Jupyter: short reprs, ``_repr_html_``, ``to_pandas()`` that
rounds nothing silently, ``power`` with a list of indices, and ``plot(ax)`` on the axes given
(issue 16)."""

from __future__ import annotations

import html
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from powershare.datasets.resolve import load_game
from powershare.errors import UnknownNameError
from powershare.games.display import HTML_ROWS, TableData, html_table, to_dataframe
from powershare.games.weighted import WeightedGame
from powershare.power.api import PowerTable, power, power_table
from powershare.power.result import PowerResult

pd = pytest.importorskip("pandas")

EEC = WeightedGame(12, [4, 4, 4, 2, 2, 1], ["FR", "DE", "IT", "BE", "NL", "LU"])


def test_power_with_a_list_is_the_power_table() -> None:
    table = power(EEC, ["banzhaf", "shapley"])
    assert isinstance(table, PowerTable)
    assert table.to_dict() | {"seconds": 0} == power_table(
        EEC, ["banzhaf", "shapley"]
    ).to_dict() | {"seconds": 0}
    assert isinstance(power(EEC, ("shapley",)), PowerTable)
    assert isinstance(power(EEC, "shapley"), PowerResult)
    with pytest.raises(UnknownNameError, match="known indices"):
        power(EEC, {"banzhaf"})  # type: ignore[call-overload]


def test_the_electoral_college_repr_is_a_line() -> None:
    game = load_game("us-electoral-college-2024")
    table = power(game, ["banzhaf", "shapley"])
    assert repr(table) == "PowerTable(51 members, indices banzhaf, shapley; exact)"
    assert len(repr(table.results["banzhaf"])) < 80
    assert len(repr(game)) < 120
    page = table._repr_html_()
    assert len(page) < 4000  # 14,203 characters of repr before
    assert page.count("<tr>") == HTML_ROWS + 2  # header, shown rows, the gap row
    assert "… 31 rows …" in page and "Alabama" in page and "Wyoming" in page


def test_power_table_to_pandas_keeps_exact_values_and_big_counts() -> None:
    game = load_game("us-electoral-college-2024")
    table = power(game, ["banzhaf", "shapley"])
    df = table.to_pandas()
    assert list(df.index[:2]) == ["Alabama", "Alaska"] and df.index.name == "member"
    assert str(df["weight"].dtype) == "int64"
    assert str(df["banzhaf"].dtype) == "object" and str(df["banzhaf_float"].dtype) == "float64"
    res = table.results["shapley"]
    assert res.exact is not None and res.counts is not None
    assert list(df["shapley"]) == list(res.exact)  # Fractions, exact
    assert list(df["shapley_float"]) == list(res.floats)
    assert max(res.counts) > 2**63 and str(df["shapley_pivots"].dtype) == "object"
    assert list(df["shapley_pivots"]) == list(res.counts)  # Python ints, never rounded
    assert sum(df["banzhaf"]) == 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=7).filter(lambda w: sum(w) > 0))
def test_to_pandas_round_trips(weights: list[int]) -> None:
    game = WeightedGame.from_values(weights, "majority")
    table = power(game, ["banzhaf", "shapley", "banzhaf_absolute"])
    df = table.to_pandas()
    assert tuple(df.index) == game.names
    assert [int(w) for w in df["weight"]] == weights
    for key, res in table.results.items():
        assert res.exact is not None
        assert tuple(df[key]) == res.exact
        assert tuple(df[f"{key}_float"]) == res.floats
        assert tuple(df[f"{key}_{res.count_label}"]) == res.counts
    one = table.results["banzhaf"].to_pandas()
    assert tuple(one["banzhaf"]) == table.results["banzhaf"].exact
    assert len(repr(table)) <= 80 and len(repr(table.results["banzhaf"])) <= 80


def test_html_is_escaped() -> None:
    game = WeightedGame(2, [1, 1], ["<b>A&B</b>", "C"])
    page = power(game, ["banzhaf"])._repr_html_()
    assert "<b>A" not in page and html.escape("<b>A&B</b>") in page


def test_table_data_columns() -> None:
    q = ("q", (Fraction(1, 3), None, Fraction(2, 3)))
    table = TableData("m", ("A", "B", "C"), (q, ("n", (1, None, 2)), ("t", ("x", "y", "z"))))
    df = to_dataframe(table)
    assert list(df.columns) == ["q", "q_float", "n", "t"]
    assert df.loc["A", "q"] == Fraction(1, 3) and pd.isna(df.loc["B", "q_float"])
    assert str(df["n"].dtype) == "object"  # a gap: ints stay ints, not floats
    assert "<caption>cap</caption>" in html_table(table, "cap")


def test_plot_draws_on_the_given_axes() -> None:
    figure = pytest.importorskip("matplotlib.figure")
    table = power(EEC, ["banzhaf", "shapley"])
    ax = figure.Figure().add_subplot()
    assert table.plot(ax=ax) is ax
    assert len(ax.patches) == 3 * EEC.n  # two indices and the weight share
    assert [t.get_text() for t in ax.get_yticklabels()] == list(EEC.names)
    own = table.results["banzhaf"].plot()
    assert own is not ax and len(own.patches) == EEC.n
    assert own.figure.__class__.__name__ == "Figure"
