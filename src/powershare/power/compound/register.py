"""Registration of the compound-rule methods in :data:`powershare.power.registry.registry`.

Importing this module registers:

* ``decision-diagram``: :func:`~powershare.power.compound.bdd.diagram_counts`, any weighted or
  compound rule whose leaf weights fit 62 bits;
* ``symmetric-classes``: :func:`~powershare.power.compound.symmetric.symmetric_counts`, any such
  rule with at most 20 million count vectors.

Both count ``"swings"`` and ``"pivots"`` exactly and report ``winning_coalitions`` as a scalar.
Estimates were measured on a 2-core machine and rounded up (see ``docs/rules.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from powershare.games.base import SimpleGame
from powershare.games.circuit import Circuit, circuit_of
from powershare.games.weighted import WeightedGame
from powershare.power.compound.bdd import diagram_counts, estimate_states
from powershare.power.compound.symmetric import grid_size, member_classes, symmetric_counts
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
        "simple games (Kiel); see docs/rules.md",
        counters=_counters(diagram_counts),
        estimators=_estimators(_dd_estimate),
        requires=_applies,
    )
)

SYMMETRIC_CLASSES = registry.register(
    CountingMethod(
        name="symmetric-classes",
        exact=True,
        summary="Counting over classes of interchangeable members with binomials (chambers).",
        reference="Banzhaf (1968), Villanova Law Review 13:304-332; Owen (1975), APSR 69:947-953",
        counters=_counters(symmetric_counts),
        estimators=_estimators(_sym_estimate),
        requires=_sym_applies,
    )
)
