"""numpy and pandas values are accepted wherever numbers or names are, and give the same game
as plain Python values (issue 16: at home in the Python ecosystem)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from powershare.datasets.resolve import load_game
from powershare.errors import InvalidGameError, InvalidInputError, UnknownNameError
from powershare.games import loading
from powershare.games.compound import AtLeast, Criterion, Veto
from powershare.games.numbers import parse_exact, plain_values
from powershare.games.weighted import WeightedGame

pd = pytest.importorskip("pandas")

weights_st = st.lists(st.integers(0, 10**6), min_size=1, max_size=8).filter(lambda w: sum(w) > 0)
decimals_st = st.lists(
    st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False), min_size=1, max_size=8
).filter(lambda w: sum(w) > 0)


@settings(max_examples=60, deadline=None)
@given(weights_st, st.sampled_from(["majority", "2/3", "50%+1", "100%"]))
def test_numpy_and_pandas_integers_give_the_same_game(weights: list[int], quota: str) -> None:
    plain = WeightedGame.from_values(weights, quota)
    names = [f"m{i}" for i in range(len(weights))]
    for dtype in (np.int64, np.int32, np.uint64):
        if max(weights) < np.iinfo(dtype).max:
            assert WeightedGame.from_values(np.array(weights, dtype=dtype), quota) == plain
    assert WeightedGame.from_values([np.int64(w) for w in weights], quota) == plain
    named = WeightedGame.from_values(weights, quota, names)
    series = pd.Series(weights, index=names)
    assert WeightedGame.from_values(series, quota) == named  # names from the index
    assert WeightedGame.from_values(pd.Series(weights), quota, pd.Index(names)) == named
    frame = pd.DataFrame({"party": names, "seats": weights})
    assert WeightedGame.from_dataframe(frame, weight="seats", name="party", quota=quota) == named
    assert WeightedGame.from_values(dict(zip(names, weights, strict=True)), quota) == named


@settings(max_examples=60, deadline=None)
@given(decimals_st)
def test_float_arrays_are_read_at_their_shortest_decimal(values: list[object]) -> None:
    """A float64 is the decimal it prints as (0.1 is one tenth), exactly as a Python float."""
    floats = [float(v) for v in values]  # type: ignore[arg-type]
    plain = WeightedGame.from_values([repr(f) for f in floats], "majority")
    assert WeightedGame.from_values(np.array(floats), "majority") == plain
    assert WeightedGame.from_values(pd.Series(floats), "majority") == plain
    assert WeightedGame.from_values(pd.Series(floats).to_numpy(), "majority") == plain


def test_the_issue_examples() -> None:
    df = pd.DataFrame({"party": ["A", "B", "C"], "share": [0.5, 0.3, 0.2], "seats": [5, 3, 2]})
    game = WeightedGame.from_values(df.share.to_numpy(), "majority")  # was decimal.Invalid...
    assert game.notation() == "[6; 5, 3, 2]"
    named = WeightedGame.from_values(df.share, "majority", df.party)  # was "truth value..."
    assert named.names == ("A", "B", "C")
    assert WeightedGame(np.int64(6), np.array([5, 3, 2]), df.party) == named
    by_index = WeightedGame.from_dataframe(df.set_index("party"), weight="seats", quota="2/3")
    assert by_index.names == ("A", "B", "C") and by_index.quota == 7


def test_numpy_scalars_in_parse_exact() -> None:
    assert parse_exact(np.int64(3)) == 3
    assert parse_exact(np.uint8(255)) == 255
    assert parse_exact(np.float64(0.1)) == Fraction(1, 10)
    assert parse_exact(np.float32(0.1)) == Fraction(1, 10)  # its own shortest decimal
    assert parse_exact(np.float16(0.5)) == Fraction(1, 2)
    assert parse_exact(np.float64(1e300)) == 10**300
    for bad in (np.float64("nan"), np.float32("inf"), np.bool_(True)):
        with pytest.raises(InvalidInputError):
            parse_exact(bad)


def test_missing_values_and_bad_tables_are_named() -> None:
    with pytest.raises(InvalidGameError, match="member 2 must be a finite number"):
        WeightedGame.from_values(pd.Series([1.0, None]), 1)
    with pytest.raises(InvalidGameError, match="member 2"):
        WeightedGame.from_values(pd.array([1, None], dtype="Int64"), 1)
    frame = pd.DataFrame({"party": ["A"], "seats": [1]})
    with pytest.raises(InvalidInputError, match="no column 'votes'; its columns are party, seats"):
        WeightedGame.from_dataframe(frame, weight="votes", quota=1)
    with pytest.raises(InvalidInputError, match="needs a pandas DataFrame"):
        WeightedGame.from_dataframe([1, 2], quota=1)
    with pytest.raises(InvalidGameError, match="leave out names"):
        WeightedGame.from_values({"A": 1}, 1, ["A"])
    with pytest.raises(InvalidInputError, match="one-dimensional"):
        WeightedGame.from_values(np.ones((2, 2)), 1)
    with pytest.raises(InvalidInputError, match="must be a list, array or Series"):
        plain_values("abc")


def test_numpy_integers_as_members_and_counts() -> None:
    game = WeightedGame(3, [2, 1, 1], ["A", "B", "C"])
    assert game.is_winning(np.array([0, 1]))
    assert game.is_winning(pd.Series(["A", "C"]))
    assert AtLeast(np.int64(2), pd.Index(["A", "B", "C"])).k == 2
    assert Veto([np.int64(0)], ["A", "B"]).vetoers == (0,)
    by_mapping = Criterion({"A": 3, "B": 2}, "majority")
    assert by_mapping.game == Criterion(pd.Series([3, 2], index=["A", "B"]), "majority").game
    assert by_mapping.game == Criterion(np.array([3, 2]), "majority", ["A", "B"]).game


def test_load_game_takes_paths_dataset_names_and_games(tmp_path: Path) -> None:
    csv = tmp_path / "body.csv"
    csv.write_text("name,weight\nA,3\nB,2\nC,1\n", encoding="utf-8")
    assert load_game(csv, "majority").notation() == "[4; 3, 2, 1]"
    assert load_game(str(csv), "majority").notation() == "[4; 3, 2, 1]"
    assert loading.load_game(csv, "majority").notation() == "[4; 3, 2, 1]"  # the lower layer
    assert load_game("eec-1958").notation() == "[12; 4, 4, 4, 2, 2, 1]"
    assert load_game("EEC_1958").n == 6
    assert load_game("[12; 4,4,4,2,2,1]").notation() == "[12; 4, 4, 4, 2, 2, 1]"
    game = WeightedGame(2, [1, 1])
    assert load_game(game) is game
    assert load_game(game, 1).quota == 1


def test_load_game_says_what_is_allowed() -> None:
    with pytest.raises(UnknownNameError) as info:
        load_game("eec-1985")
    message = str(info.value)
    assert "did you mean eec-1958" in message
    assert "dataset name" in message and "pathlib.Path" in message and "notation" in message
    with pytest.raises(InvalidInputError, match="cannot read a body from int"):
        load_game(12)
    with pytest.raises(InvalidInputError, match="cannot read a body from DataFrame"):
        load_game(pd.DataFrame({"a": [1]}))
