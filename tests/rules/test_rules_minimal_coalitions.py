"""Minimal winning coalitions and critical members of compound rules, on the decision diagram
and over symmetric classes (Holler, absolute PGI, Deegan-Packel, Johnston).

Checked against the brute-force tables of :mod:`powershare.power.brute` (every coalition) on
random compound rules (hypothesis), against each other on the shipped US federal lawmaking rule
(537 members), and through ``power(..., index)`` for every index that needs them.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from powershare.datasets import load
from powershare.errors import MethodNotApplicableError
from powershare.games import AllOf, AnyOf, AtLeast, Criterion, Veto
from powershare.games.base import SimpleGame
from powershare.games.circuit import Circuit, circuit_of
from powershare.power import brute, power, registry
from powershare.power.compound import minimal
from powershare.power.compound.complete import complete_order
from powershare.power.compound.minimal import (
    critical_counts,
    critical_diagram,
    mwc_counts,
    mwc_diagram,
    size_counts,
)
from powershare.power.compound.symmetric import symmetric_coalitions
from powershare.power.extended import SizedCounts


def _circuit(rule: SimpleGame) -> Circuit:
    circuit = circuit_of(rule)
    assert circuit is not None
    return circuit


def _trimmed(table: list[list[int]]) -> list[tuple[int, ...]]:
    out = []
    for row in table:
        r = list(row)
        while r and r[-1] == 0:
            r.pop()
        out.append(tuple(r))
    return out


def _mwc_total(table: list[list[int]], n: int) -> int:
    return sum(sum(row[s] for row in table) // s for s in range(1, n + 1))


@st.composite
def compound_rules(draw: st.DrawFn, max_weight: int = 6) -> SimpleGame:
    """AND/OR of 1-3 weighted criteria or head counts over up to 8 members, maybe a veto."""
    n = draw(st.integers(1, 8))
    names = [chr(ord("A") + i) for i in range(n)]
    parts: list[SimpleGame] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            weights = draw(st.lists(st.integers(0, max_weight), min_size=n, max_size=n))
            weights[0] = max(weights[0], 1)
            parts.append(Criterion(weights, f"{draw(st.integers(30, 95))}%", names))
        else:
            parts.append(AtLeast(draw(st.integers(1, n)), names))
    rule: SimpleGame = AllOf(parts) if draw(st.booleans()) else AnyOf(parts)
    if draw(st.booleans()):
        rule = AllOf([rule, Veto([names[draw(st.integers(0, n - 1))]], names)])
    return rule


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(compound_rules())
def test_diagram_minimal_winning_coalitions_match_enumeration(rule: SimpleGame) -> None:
    table, total = mwc_counts(_circuit(rule))
    expected = brute.mwc_by_size(rule)
    assert _trimmed(table) == _trimmed(expected)
    assert total == _mwc_total(expected, rule.n)


@SETTINGS
@given(compound_rules(max_weight=2))
def test_diagram_critical_members_match_enumeration(rule: SimpleGame) -> None:
    circuit = _circuit(rule)
    table = critical_counts(circuit)
    if complete_order(circuit) is None:
        assert table is None and critical_diagram(circuit) is None
        return
    assert table is not None
    assert _trimmed(table) == _trimmed(brute.critical_by_size(rule))


@SETTINGS
@given(compound_rules(max_weight=2))
def test_symmetric_classes_match_enumeration(rule: SimpleGame) -> None:
    circuit = _circuit(rule)
    table, total = symmetric_coalitions(circuit, "mwc")
    expected = brute.mwc_by_size(rule)
    assert _trimmed(table) == _trimmed(expected)
    assert total == _mwc_total(expected, rule.n)
    critical, _ = symmetric_coalitions(circuit, "critical")
    assert _trimmed(critical) == _trimmed(brute.critical_by_size(rule))


def test_complete_order_needs_dominating_columns() -> None:
    names = ["A", "B", "C"]
    ordered = AllOf([Criterion([1, 3, 2], "50%", names), AtLeast(2, names)])
    assert complete_order(ordered.circuit) == [1, 2, 0]
    crossed = AllOf([Criterion([1, 3, 2], "50%", names), Criterion([3, 1, 2], "50%", names)])
    assert complete_order(crossed.circuit) is None
    with pytest.raises(MethodNotApplicableError, match="complete rule"):
        power(crossed, "johnston", method="decision-diagram")


def test_us_lawmaking_diagram_and_classes_agree() -> None:
    """537 members: the diagram and the symmetric classes count the same minimal winning
    coalitions (House 218 + Senate 51 or 50 + Vice-President, + President; or 290 + 67)."""
    circuit = _circuit(load("us-federal-lawmaking").game)
    table, total = mwc_counts(circuit)
    sym_table, sym_total = symmetric_coalitions(circuit, "mwc")
    assert total == sym_total
    assert table == sym_table


@pytest.mark.parametrize("index", ["holler", "holler_absolute", "deegan_packel", "johnston"])
def test_indices_on_compound_rules_agree_with_enumeration(index: str) -> None:
    names = [chr(ord("A") + i) for i in range(9)]
    rule = AnyOf(
        [
            AllOf([AtLeast(5, names), Criterion([9, 8, 6, 5, 4, 3, 2, 2, 1], "65%", names)]),
            AtLeast(8, names),
        ]
    )
    exact = power(rule, index, method="enumeration")
    for method in ("decision-diagram", "symmetric-classes"):
        assert power(rule, index, method=method).exact == exact.exact, method


def test_methods_declare_the_coalition_quantities() -> None:
    for name in ("decision-diagram", "symmetric-classes"):
        assert {"mwc", "critical"} <= registry.get(name).quantities


def test_many_members_diagram_and_classes_agree() -> None:
    """70 members (counts beyond int64, packed polynomials): a complete rule of three weight
    classes, counted on the diagram and over the classes."""
    names = [f"M{i}" for i in range(70)]
    weights = [5] * 10 + [3] * 25 + [1] * 35
    rule = AnyOf(
        [AllOf([Criterion(weights, "60%", names), AtLeast(30, names)]), AtLeast(60, names)]
    )
    circuit = _circuit(rule)
    assert complete_order(circuit) is not None
    assert mwc_counts(circuit) == symmetric_coalitions(circuit, "mwc")
    assert critical_counts(circuit) == symmetric_coalitions(circuit, "critical")[0]


def test_eu_council_complete_and_set_diagrams_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    """The EU Council (27 members, past enumeration): the vectorised diagram of complete rules
    and the diagram of node sets count the same minimal winning coalitions."""
    circuit = _circuit(load("eu-council-lisbon").game)
    fast = mwc_counts(circuit)
    mwc_diagram.cache_clear()
    monkeypatch.setattr(minimal, "complete_order", lambda c: None)
    try:
        assert mwc_counts(circuit) == fast
    finally:
        mwc_diagram.cache_clear()
    assert fast[1] == 4358018


@SETTINGS
@given(compound_rules(max_weight=3), st.sampled_from(["winning_by_size", "swings_by_size"]))
def test_counts_by_size_match_enumeration(rule: SimpleGame, quantity: str) -> None:
    """Public Help xi and Coleman-Shapley: the base diagram and the symmetric classes against
    the enumeration of every coalition."""
    expected = registry.get("size-enumeration").count(rule, quantity)
    assert isinstance(expected, SizedCounts)
    want = _trimmed([list(r) for r in expected.by_size])
    assert _trimmed(size_counts(_circuit(rule), quantity)) == want
    assert _trimmed(symmetric_coalitions(_circuit(rule), quantity)[0]) == want


def test_diagram_stops_at_its_state_budget() -> None:
    """A diagram that outgrows its budget stops with a ResourceLimitError naming it, rather
    than run far past the time it was admitted under (the budget is ten times the estimate)."""
    import pytest

    from powershare.errors import ResourceLimitError
    from powershare.games import AllOf, Criterion, Veto
    from powershare.power.compound.minimal import mwc_counts, mwc_totals

    names = [f"P{i}" for i in range(12)]
    rule = AllOf([Criterion([i % 7 + 1 for i in range(12)], "60%", names), Veto(["P3"], names)])
    with pytest.raises(ResourceLimitError, match="exceeds 5 states"):
        mwc_totals(rule.circuit, 5)
    with pytest.raises(ResourceLimitError, match="several times its estimate"):
        mwc_counts(rule.circuit, 5)
    assert mwc_totals(rule.circuit)[1] == mwc_counts(rule.circuit)[1]
