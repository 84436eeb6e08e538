"""Design and settle refuse or finish within seconds at huge totals and ranges (fuzz findings
design-exhaustive-ignores-max-seconds, design-quota-only-huge-value,
design-total-weight-memory, settle-empty-families, settle-seat-range-count-hang,
settle-seats-2-63-overflow)."""

import itertools
import time

import pytest

from powershare.design.demands import parse_demands
from powershare.design.evaluate import banzhaf_all_quotas
from powershare.design.frontier import design_frontier
from powershare.design.settle import settle
from powershare.design.weight_space import count_weight_vectors
from powershare.errors import InvalidInputError, PowershareError, ResourceLimitError


def _brute(total: int, lo: list[int], hi: list[int]) -> int:
    ranges = [range(a, b + 1) for a, b in zip(lo, hi, strict=True)]
    return sum(1 for x in itertools.product(*ranges) if sum(x) == total)


@pytest.mark.parametrize(
    ("total", "lo", "hi"),
    [
        (4, [0, 0, 0], [4, 4, 4]),
        (9, [1, 0, 2], [5, 3, 6]),
        (7, [0, 1], [3, 9]),
        (3, [2, 2], [5, 5]),
    ],
)
def test_count_weight_vectors_closed_form(total: int, lo: list[int], hi: list[int]) -> None:
    assert count_weight_vectors(total, lo, hi, False) == _brute(total, lo, hi)


def test_count_weight_vectors_independent_of_the_ranges() -> None:
    start = time.perf_counter()
    assert count_weight_vectors(5_000_000, [1, 1], [10_000_000, 1], False) == 1
    assert (
        count_weight_vectors(10**12, [0, 0, 0], [10**12] * 3, False)
        == (10**12 + 2) * (10**12 + 1) // 2
    )
    assert time.perf_counter() - start < 1


def test_exhaustive_design_honours_the_time_budget() -> None:
    start = time.perf_counter()
    f = design_frontier([1, 2, 3], total_weight=1_000_000, method="exhaustive", max_seconds=1)
    assert time.perf_counter() - start < 10
    assert f.stopped_by_budget and not f.proven


def test_huge_total_weight_is_refused_up_front() -> None:
    start = time.perf_counter()
    with pytest.raises(ResourceLimitError, match="total weight of 1,000,000,000,000"):
        design_frontier([1, 2, 3], total_weight=10**12, max_seconds=2)
    with pytest.raises(ResourceLimitError, match="about 10\\^400"):
        banzhaf_all_quotas([10**400, 2, 3])
    assert time.perf_counter() - start < 5


def test_settle_without_families_is_refused() -> None:
    with pytest.raises(PowershareError, match="'families' is empty"):
        parse_demands("members: {P0: 1}\nfamilies: []\n")


def test_settle_seats_beyond_62_bits_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="2\\^62"):
        parse_demands("members: {A: 9223372036854775808}\nfamilies: [veto]\n")


def test_settle_wide_seat_range_within_its_budget() -> None:
    problem = parse_demands("members: {A: {min: 1, max: 10000000}, B: 1}\ntotal_seats: 5000000\n")
    start = time.perf_counter()
    result = settle(problem, max_seconds=2)
    assert time.perf_counter() - start < 15
    assert result.evaluated > 0


def test_thousands_of_members_no_recursion_no_float_overflow() -> None:
    """Found by the long fuzz run: 1,482 members designed with --total-weight 50 overflowed
    Python's recursion (weight vectors) and then floats (swing counts near 2^1482)."""
    from typer.testing import CliRunner

    from powershare.cli.app import app
    from powershare.design.weight_space import count_weight_vectors

    assert count_weight_vectors(50, [0] * 1482, [50] * 1482, True) == 204226  # p(50)
    members = ", ".join(f"M{i}:{i % 19}" for i in range(1482))
    out = CliRunner().invoke(
        app, ["design", members, "--total-weight", "50", "--curve", "--max-seconds", "1"]
    )
    assert out.exit_code in (0, 3), out.output
    assert "Traceback" not in out.output


def test_huge_totals_and_populations_found_by_the_fourth_fuzz_run() -> None:
    """A quota grid in floats stepped past a total of 6e16 (ValueError in the kernel); the
    quota search ignored --max-seconds while refining; a population of 1e400 overflowed the
    two-tier series (OverflowError)."""
    from typer.testing import CliRunner

    from powershare.cli.app import app
    from powershare.power.twotier import decisive_probability

    runner = CliRunner()
    members = "A0:6.037362532484095e+16, F1:17, A2:17"
    out = runner.invoke(
        app, ["design", members, "--index", "shapley", "--quota-only", "--max-seconds", "3"]
    )
    assert out.exit_code == 0, out.output
    out = runner.invoke(app, ["design", "*:1e400", "--two-tier", "--target", "equal"])
    assert out.exit_code == 0, out.output
    assert 0 < decisive_probability(10**400).value < 1e-199


def test_quota_scan_of_one_vector_honours_the_budget() -> None:
    """Holler (one count per quota) at 5,000 quotas: the exhaustive search checked its budget
    every 256 vectors (3 s each: minutes past ``max_seconds=0.2``), the iterative search's best
    quota took 3 s inside ``max_seconds=0.14`` and the frontier 4 s inside ``--max-seconds 3``
    (the scan of one vector's quotas); fuzz run 5, ``design values.csv --index holler``."""
    from powershare.design.inverse import design_weights

    start = time.perf_counter()
    r = design_weights([28 / 31, 3 / 31], index="holler", total_weight=10_000, max_seconds=0.2)
    assert time.perf_counter() - start < 1.0 and r.stopped_by_budget
    start = time.perf_counter()
    f = design_frontier([28 / 31, 3 / 31], index="holler", total_weight=10_000, max_seconds=1.0)
    assert time.perf_counter() - start < 2.0 and f.stopped_by_budget
    assert f.rules  # the frontier so far, not nothing
