"""The verdict and the findings speak plainly: ties named as ties, percentage points, no
scientific notation."""

from __future__ import annotations

from powershare.audit import AuditScenario, audit
from powershare.audit.verdict import verdict
from powershare.audit.wording import chance, percent_sig, points, tied
from powershare.games.weighted import WeightedGame


def _audit(weights: list[int], names: list[str], pops: tuple[int, ...] | None = None):  # type: ignore[no-untyped-def]
    game = WeightedGame.from_values(weights, "majority", names)
    return audit(AuditScenario("t", "T", game, populations=pops), what_ifs=True, curve=False)


def test_ties_are_named_as_ties() -> None:
    a = _audit([5, 3, 3, 3], ["North", "Centre", "South", "Islands"])
    assert "the least powerful are Centre, South and Islands (tied)" in a.findings[0]
    text = verdict(a)
    assert "Centre, South and Islands (tied) the least" in text
    assert "Centre, South and Islands (tied) lose most" in text


def test_equal_power_is_said_so() -> None:
    a = _audit([1, 1, 1], ["A", "B", "C"])
    assert a.verdict.startswith("Power is equally distributed: each of the 3 members holds 33.3%")


def test_veto_and_dummies() -> None:
    a = _audit([6, 3, 1], ["Big", "Mid", "Small"])  # majority (6 of 10): Big decides alone
    assert "Big can block any decision alone (veto)" in a.verdict
    assert "Mid and Small never decide anything (zero power)" in a.verdict


def test_gains_against_population() -> None:
    a = _audit([4, 3, 2], ["A", "B", "C"], pops=(100, 400, 500))  # equal power, unequal people
    assert a.verdict.startswith("Power is equally distributed")
    assert "Against population, A gains most" in a.verdict and "C loses most" in a.verdict


def test_merges_in_percentage_points() -> None:
    a = _audit([5, 3, 2, 1], ["A", "B", "C", "D"])
    merge = next(f for f in a.findings if "merge" in f)
    assert "percentage points more Banzhaf power" in merge and "%" not in merge


def test_wording() -> None:
    assert chance(1.915e-4) == "1.9 in 10,000" and percent_sig(1.915e-4) == "0.019%"
    assert chance(0.00999) == "1 in 100" and chance(0.5) == "50%"
    assert points(-0.0836) == "8.36 percentage points"
    assert tied(["A"]) == "A" and tied(["A", "B"]) == "A and B (tied)"
