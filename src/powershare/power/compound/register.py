"""Registration of the compound-rule methods in :data:`powershare.power.registry.registry`.

Importing this module registers:

* ``decision-diagram``: :func:`~powershare.power.compound.bdd.diagram_counts`, any weighted or
  compound rule whose leaf weights fit 62 bits;
* ``symmetric-classes``: :func:`~powershare.power.compound.symmetric.symmetric_counts`, any such
  rule with at most 20 million count vectors.

Both count ``"swings"`` and ``"pivots"`` exactly and report ``winning_coalitions`` as a scalar;
both also count ``"mwc"`` (minimal winning coalitions by size, with the scalar
``minimal_winning_coalitions``: Holler, absolute PGI, Deegan-Packel) and ``"critical"``
(critical members by their number: Johnston), ``"mwc_total"`` (``"mwc"`` without sizes:
Holler), ``"winning_by_size"`` (Public Help xi) and ``"swings_by_size"`` (Coleman-Shapley), the
decision diagram through :mod:`powershare.power.compound.minimal` (``"critical"`` for complete
rules only).
Estimates were measured on a 2-core machine and rounded up (see ``docs/rules.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from powershare.games.base import SimpleGame
from powershare.games.circuit import Circuit, circuit_of
from powershare.games.weighted import WeightedGame
from powershare.power.compound.bdd import diagram_counts, estimate_states
from powershare.power.compound.complete import complete_order
from powershare.power.compound.layered import INT64_MEMBERS, slot_bits
from powershare.power.compound.minimal import (
    DIAGRAM_STATE_LIMIT,
    critical_counts,
    mwc_counts,
    mwc_totals,
    size_counts,
)
from powershare.power.compound.symmetric import (
    grid_size,
    member_classes,
    symmetric_coalitions,
    symmetric_counts,
)
from powershare.power.extended import SizedCounts
from powershare.power.registry import CountingMethod, Counts, Estimate, registry

__all__ = ["DECISION_DIAGRAM", "SYMMETRIC_CLASSES", "SYMMETRIC_MAX_GRID"]

SYMMETRIC_MAX_GRID = 20_000_000
Counter = Callable[[Circuit, str], tuple[list[int], int]]


def _circuit(game: SimpleGame) -> Circuit:
    c = circuit_of(game)
    assert c is not None, "requires() admits only games with a circuit"
    return c


def _counters(counter: Counter) -> dict[str, Callable[[SimpleGame], Counts]]:
    """One counting function per quantity: ``"swings"``, ``"pivots"`` and ``"winning"``.

    ``"winning"`` (winning coalitions containing each member) is derived from the swings: in a
    monotone game ``swings_i = W_i^+ - W_i^-`` and ``W_i^+ + W_i^- = W``, so
    ``W_i^+ = (W + swings_i) / 2`` exactly.
    """

    def swings(game: SimpleGame) -> Counts:
        counts, winning = counter(_circuit(game), "swings")
        return Counts("swings", tuple(counts), {"winning_coalitions": winning})

    def pivots(game: SimpleGame) -> Counts:
        counts, winning = counter(_circuit(game), "pivots")
        return Counts("pivots", tuple(counts), {"winning_coalitions": winning})

    def winning(game: SimpleGame) -> Counts:
        counts, total = counter(_circuit(game), "swings")
        per = tuple((total + s) // 2 for s in counts)
        return Counts("winning", per, {"winning_coalitions": total})

    return {"swings": swings, "pivots": pivots, "winning": winning}


Table = list[list[int]]
_COALITION_QUANTITIES = ("mwc", "mwc_total", "critical")
_SIZE_QUANTITIES = ("winning_by_size", "swings_by_size")


def _sized(quantity: str, table: Table, scalars: dict[str, int]) -> SizedCounts:
    by_size = tuple(tuple(row) for row in table)
    return SizedCounts(quantity, tuple(sum(r) for r in by_size), scalars, by_size)


def _state_budget(game: SimpleGame, quantity: str) -> int:
    """States the minimal-winning-coalition diagram may reach: ten times the estimate behind
    :func:`_coalition_estimate` (at least 200,000, at most :data:`DIAGRAM_STATE_LIMIT`), so
    that a rule whose diagram outgrows its estimate stops within about ten times the
    estimated time instead of running far past the limits it was admitted under."""
    estimated = _estimated_states(_circuit(game), quantity)
    return int(min(DIAGRAM_STATE_LIMIT, max(200_000, 10 * estimated)))


def _dd_mwc(game: SimpleGame) -> Counts:
    table, total = mwc_counts(_circuit(game), _state_budget(game, "mwc"))
    return _sized("mwc", table, {"minimal_winning_coalitions": total})


def _dd_mwc_total(game: SimpleGame) -> Counts:
    per, total = mwc_totals(_circuit(game), _state_budget(game, "mwc_total"))
    return Counts("mwc_total", tuple(per), {"minimal_winning_coalitions": total})


def _sym_mwc_total(game: SimpleGame) -> Counts:
    counts = _sym_mwc(game)
    return Counts("mwc_total", counts.per_member, dict(counts.scalars))


def _dd_critical(game: SimpleGame) -> Counts:
    table = critical_counts(_circuit(game))
    assert table is not None, "requires() admits only complete rules"
    return _sized("critical", table, {})


def _dd_by_size(quantity: str) -> Callable[[SimpleGame], Counts]:
    def count(game: SimpleGame) -> Counts:
        return _sized(quantity, size_counts(_circuit(game), quantity), {})

    return count


def _sym_by_size(quantity: str) -> Callable[[SimpleGame], Counts]:
    def count(game: SimpleGame) -> Counts:
        return _sized(quantity, symmetric_coalitions(_circuit(game), quantity)[0], {})

    return count


def _sym_mwc(game: SimpleGame) -> Counts:
    table, total = symmetric_coalitions(_circuit(game), "mwc")
    return _sized("mwc", table, {"minimal_winning_coalitions": total})


def _sym_critical(game: SimpleGame) -> Counts:
    table, _total = symmetric_coalitions(_circuit(game), "critical")
    return _sized("critical", table, {})


def _dd_applies(game: SimpleGame, quantity: str) -> str | None:
    """Swings and pivots: any compound rule.  Minimal winning coalitions and critical members:
    a rule whose base diagram's bound fits :data:`DIAGRAM_STATE_LIMIT` nodes; critical members
    only for complete rules (cheap checks: the diagrams are built by the count)."""
    reason = _applies(game, quantity)
    if reason is not None or quantity not in _COALITION_QUANTITIES + _SIZE_QUANTITIES:
        return reason
    c = _circuit(game)
    if quantity == "critical" and complete_order(c) is None:
        return (
            "critical members are counted on the diagram only when every member's weights "
            "dominate or are dominated by every other's (a complete rule), and this rule's "
            "are not"
        )
    nodes, _work = estimate_states(c)
    if nodes > DIAGRAM_STATE_LIMIT:
        return f"its decision diagram may have {nodes:.3g} nodes, over {DIAGRAM_STATE_LIMIT:,}"
    return None


# Measured (2-core machine, rounded up): states of the coalition diagram per node of the
# base diagram's bound, and seconds per state to build and to count it.  EU Council (27,
# complete): bound 83,680 nodes; 37,682 states for mwc (0.5 s), 74,878 for critical (0.5 s).
# US lawmaking (537, not complete, sets of nodes): bound 85,065; 64,103 states, 3 s to build,
# 2.3 s to count with 544-bit slots.
# The base diagram itself (winning coalitions and swings by size): its bound, 7 us per node.
_STATES_PER_NODE = {"complete": 2.0, "sets": 1.5, "critical": 1.5, "base": 1.0}
_BUILD_SECONDS = {"complete": 1e-5, "sets": 5e-5, "critical": 4e-6, "base": 7e-6}


def _diagram_kind(c: Circuit, quantity: str) -> str:
    if quantity in ("critical", *_SIZE_QUANTITIES):
        return "critical" if quantity == "critical" else "base"
    return "complete" if complete_order(c) is not None else "sets"


def _estimated_states(c: Circuit, quantity: str) -> float:
    """States of the diagram counting ``quantity``, from the base diagram's bound on nodes
    and the measured ratios above (no diagram is built)."""
    nodes, _work = estimate_states(c)
    return nodes * _STATES_PER_NODE[_diagram_kind(c, quantity)]


def _coalition_estimate(game: SimpleGame, quantity: str) -> Estimate:
    """From the base diagram's bound on nodes (no diagram is built), with the measured ratios
    above: states, then build time per state and counting time per move (about 1 us in
    int64 rows up to 61 members; 3 us plus 50 ps per bit of the packed polynomials above)."""
    c = _circuit(game)
    states = _estimated_states(c, quantity)
    kind = _diagram_kind(c, quantity)
    n = c.n
    length = 1 if quantity == "mwc_total" else n + 1
    moves = states * (4 if quantity == "critical" else 2)
    if n <= INT64_MEMBERS:
        count = moves * length * 4e-8 + moves * 1e-6
        row_bytes = 16 * length
    else:
        row_bytes = slot_bits(n) * length // 8
        count = moves * (3e-6 + row_bytes * 8 * 5e-11)
    seconds = 0.02 + states * _BUILD_SECONDS[kind] + count
    # polynomials of a few layers (a layer taken as 4 times the mean), and of the marked moves
    # of one layer per class of interchangeable members
    width = 4 * states / n
    rows = min(width * (4 + 2 * len(member_classes(c))), 2 * states)
    return Estimate(seconds, int(states * 300 + rows * row_bytes) + 10**6)


def _applies(game: SimpleGame, quantity: str) -> str | None:
    if isinstance(game, WeightedGame):
        # one quota: the generating-function kernels are faster, and skipping the diagram's
        # estimate keeps method="auto" cheap for the live updates of the web app
        return "a single weighted quota is counted by the generating-function method"
    circuit = circuit_of(game)
    if circuit is None:
        return "it needs a weighted or compound rule (powershare.games.compound)"
    if not circuit.fits_int64:
        return "a criterion's total weight reaches 2^62; rescale the weights"
    return None


def _dd_estimate(game: SimpleGame, *, pivots: bool) -> Estimate:
    c = _circuit(game)
    nodes, work = estimate_states(c)
    big = c.n > 61
    nodes_l = nodes * (c.n_leaves + 1)
    seconds = 0.02 + c.n * (c.n_leaves + len(c.gates)) * 3e-4 + nodes_l * 5e-6
    nbytes = int(nodes_l * 8 * 4) + 10**6
    if big:
        seconds += nodes * 1e-5
    if pivots:
        seconds += work * (2e-5 if big else 2e-8)
        nbytes += int(work * (40 if big else 8) * 2)
    return Estimate(seconds, nbytes)


def _sym_applies(game: SimpleGame, quantity: str) -> str | None:
    reason = _applies(game, quantity)
    if reason is not None:
        return reason
    c = _circuit(game)
    grid = grid_size(c)
    if grid > SYMMETRIC_MAX_GRID:
        return (
            f"its {len(member_classes(c))} classes of interchangeable members give "
            f"{grid:.3g} count "
            f"vectors, over the limit of {SYMMETRIC_MAX_GRID:,}"
        )
    return None


def _sym_coalition_estimate(game: SimpleGame) -> Estimate:
    """Grid cells times classes, in Python integers (measured 0.4 s for US lawmaking)."""
    c = _circuit(game)
    grid = grid_size(c)
    m = len(member_classes(c))
    return Estimate(0.01 + grid * (m + 2) * 1e-6, grid * (m + 6) * 16 + 10**6)


def _sym_estimate(game: SimpleGame, *, pivots: bool) -> Estimate:
    c = _circuit(game)
    grid = grid_size(c)
    m = len(member_classes(c))
    per = 1e-6 if c.n > 61 else 5e-8
    seconds = 0.005 + grid * (c.n_leaves + len(c.gates)) * 3e-8 + grid * m * per
    if pivots:
        seconds += grid * m * 2e-6
    nbytes = grid * (8 * (c.n_leaves + 3) + (64 if c.n > 61 else 8)) + 10**5
    return Estimate(seconds, int(nbytes))


def _estimators(
    estimate: Callable[..., Estimate],
) -> dict[str, Callable[[SimpleGame], Estimate]]:
    """Per quantity: pivots cost more; winning costs what swings cost (it is derived)."""
    plain = partial(estimate, pivots=False)
    return {"swings": plain, "pivots": partial(estimate, pivots=True), "winning": plain}


DECISION_DIAGRAM = registry.register(
    CountingMethod(
        name="decision-diagram",
        exact=True,
        summary="Layered reduced decision diagram over the rule's criteria; any compound rule.",
        reference="Bolus (2011), EJOR 210:258-272; Bolus (2012), QOBDD-based approach to "
        "simple games (Kiel); minimal winning coalitions: Rauzy (1993), Reliab. Eng. Syst. "
        "Saf. 40:203-211; see powershare.power.compound.minimal and docs/rules.md",
        counters={
            **_counters(diagram_counts),
            "mwc": _dd_mwc,
            "mwc_total": _dd_mwc_total,
            "critical": _dd_critical,
            **{q: _dd_by_size(q) for q in _SIZE_QUANTITIES},
        },
        estimators={
            **_estimators(_dd_estimate),
            "mwc": partial(_coalition_estimate, quantity="mwc"),
            "mwc_total": partial(_coalition_estimate, quantity="mwc_total"),
            **{q: partial(_coalition_estimate, quantity=q) for q in _SIZE_QUANTITIES},
            "critical": partial(_coalition_estimate, quantity="critical"),
        },
        requires=_dd_applies,
    )
)

SYMMETRIC_CLASSES = registry.register(
    CountingMethod(
        name="symmetric-classes",
        exact=True,
        summary="Counting over classes of interchangeable members with binomials (chambers).",
        reference="Banzhaf (1968), Villanova Law Review 13:304-332; Owen (1975), APSR 69:947-953",
        counters={
            **_counters(symmetric_counts),
            "mwc": _sym_mwc,
            "mwc_total": _sym_mwc_total,
            "critical": _sym_critical,
            **{q: _sym_by_size(q) for q in _SIZE_QUANTITIES},
        },
        estimators={
            **_estimators(_sym_estimate),
            "mwc": _sym_coalition_estimate,
            "mwc_total": _sym_coalition_estimate,
            **{q: _sym_coalition_estimate for q in _SIZE_QUANTITIES},
            "critical": _sym_coalition_estimate,
        },
        requires=_sym_applies,
    )
)
