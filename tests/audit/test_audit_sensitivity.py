"""Power by quota, what-ifs and blocking against hand-computed cases."""

from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

from powershare.audit.blocking import blocking_summary, count_smallest, smallest_coalitions
from powershare.audit.sensitivity import power_by_quota
from powershare.audit.whatif import requota, what_if
from powershare.games.weighted import WeightedGame


def test_power_by_quota_hand_computed() -> None:
    game = WeightedGame(3, [2, 1, 1], ["A", "B", "C"])
    curve = power_by_quota(game)
    assert curve.quotas == (3, 4) and not curve.sampled
    # q=3: A swings 3, B and C 1 each -> 3/5, 1/5, 1/5; q=4 unanimity -> equal
    assert curve.power[0] == (F(3, 5), F(1, 5), F(1, 5))
    assert curve.power[1] == (F(1, 3),) * 3
    assert curve.gini[1] == 0 and curve.effective[1] == 3


def test_power_by_quota_samples_and_says_so() -> None:
    game = WeightedGame(300, [100, 90, 80, 70, 60, 50, 40, 30])
    curve = power_by_quota(game, max_points=20)
    assert curve.sampled and len(curve.quotas) <= 21 and 300 in curve.quotas
    assert "sampled" in curve.note() and str(curve.range_size) in curve.note()


def test_what_if_hand_computed() -> None:
    game = WeightedGame.from_values([2, 1, 1], "majority", ["A", "B", "C"])
    table = what_if(game)
    rows = {r.label: r for r in table.rows}
    # A leaves: [2; 1, 1] (majority of 2) -> B and C need each other: 1/2 each
    leave = rows["A leaves"]
    assert leave.power == {"B": F(1, 2), "C": F(1, 2)}
    assert leave.delta == {"A": F(-3, 5), "B": F(3, 10), "C": F(3, 10)}
    # B and C merge: [2; 2, 2] -> both needed, 1/2 each; B+C gained 1/2 - 2/5
    merge = rows["B and C merge"]
    assert merge.delta["B+C"] == F(1, 10) and merge.delta["A"] == F(-1, 10)
    move = rows["one seat moves from A to C"]  # [3; 1, 1, 2]: C 3/5, A and B 1/5
    assert move.delta["C"] == F(2, 5) and move.delta["A"] == F(-2, 5)


def test_requota_keeps_definition() -> None:
    game = WeightedGame.from_values([4, 4, 4, 2, 2, 1], "2/3", list("ABCDEF"))
    assert requota(game, [4, 4, 4, 2, 2], list("ABCDE")).quota == 11  # ceil(2/3 * 16)
    absolute = WeightedGame(12, [4, 4, 4, 2, 2, 1])
    assert requota(absolute, [4, 4, 4, 2, 2], list("ABCDE")).quota == 12  # ceil(12 * 16/17)


def test_blocking_hand_computed() -> None:
    eec = WeightedGame(12, [4, 4, 4, 2, 2, 1], ["FR", "DE", "IT", "BE", "NL", "LU"])
    b = blocking_summary(eec)
    assert b.named(b.dummies) == ["LU"] and b.veto == ()
    assert b.smallest_winning_size == 3 and b.smallest_winning_count == 1
    assert b.named(b.smallest_winning[0]) == ["FR", "DE", "IT"]
    # blocking needs 17 - 12 + 1 = 6: two big, or a big and a middle one (3 + 6 = 9 pairs)
    assert b.smallest_blocking_size == 2 and b.smallest_blocking_count == 9
    assert len(b.blocking_pairs) == 9
    assert smallest_coalitions([3, 2, 1, 1], 4) == (2, ((0, 1), (0, 2), (0, 3)))
    assert count_smallest([5, 5, 5, 5], 10) == 6


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 6), min_size=2, max_size=7).flatmap(
        lambda ws: st.tuples(st.just(ws), st.integers(1, max(sum(ws), 1)))
    )
)
def test_weighted_blocking_pairs_match_the_coalition_definition(
    case: tuple[list[int], int],
) -> None:
    """Blocking pairs of a weighted game are found by arithmetic (w_a + w_b > W - q); the same
    rule given as its minimal winning coalitions goes through the coalition test."""
    from powershare.games.compound import MinimalWinning
    from powershare.structure import minimal_winning_coalitions

    weights, quota = case
    if sum(weights) == 0 or quota > sum(weights):
        return
    game = WeightedGame(quota, weights)
    names = list(game.names)
    mwc = [[names[i] for i in c] for c in minimal_winning_coalitions(game)]
    other = MinimalWinning(mwc, names)
    assert blocking_summary(game).blocking_pairs == blocking_summary(other).blocking_pairs


def test_quota_curve_refuses_what_does_not_fit_its_time() -> None:
    import pytest

    from powershare.errors import ResourceLimitError

    game = WeightedGame(300, [(i % 17) + 1 for i in range(60)])
    with pytest.raises(ResourceLimitError, match="quota curve of"):
        power_by_quota(game, max_seconds=1e-9)
    assert power_by_quota(game, max_points=3, max_seconds=60).quotas[-1] == game.total_weight


def test_count_smallest_gives_up_past_its_bound() -> None:
    assert count_smallest([3] * 1000, 1600) is None  # 534 of 1,000 members: 10^8 cells
    assert count_smallest([1] * 30, 16) == 145422675  # C(30, 16)


def test_audit_of_weights_past_the_tables_takes_dummies_from_power() -> None:
    """Found by the fourth long fuzz run: weights of 1e400 reached structure's tables over the
    weights (ValueError: maximum dimension; a 24 PiB allocation for 1e177)."""
    import json

    from typer.testing import CliRunner

    from powershare.cli.app import app

    for game in ("[2/3; 30267274739914072064, 1e400, 1e400]", "A:1.24e-175, B:1192/22"):
        out = CliRunner().invoke(app, ["audit", game, "--json", "--quota", "50%+1"])
        assert out.exit_code == 0, out.output
        data = json.loads(out.output)
        if "1e400" in game:
            assert "too large for tables" in json.dumps(data)
