"""Power under uncertainty: seats, populations or votes as ranges, distributions or polls.

Negotiators decide before the numbers are known.  This layer draws (or, for small finite
spaces, enumerates exactly) the possible seat vectors of a body, computes exact power for each
distinct vector once, and reports per member the distribution of power and the probabilities
of holding a veto, of being a dummy, of blocking with allies, of the rule being improper and of
each settlement demand holding, each with a confidence interval.  Large sweeps over scenarios x
rules x quotas run in process, on a local Dask cluster, or on an existing one, and resume from
an on-disk store.  See ``docs/uncertainty.md``.

>>> from powershare.uncertainty import analyse_uncertain, scenario_from_mapping
>>> s = scenario_from_mapping({"members": [{"name": "A", "seats": [3, 6]},
...                                        {"name": "B", "seats": 3}, {"name": "C", "seats": 2}],
...                            "rule": {"quota": "2/3"}})
>>> r = analyse_uncertain(s)
>>> r.exact, str(r.members[0].p_veto.value), str(r.members[1].p_veto.value)
(True, '1', '1/4')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from powershare.games import lazy_package

if TYPE_CHECKING:  # what type checkers see; at run time the names are imported on first use
    from powershare.uncertainty.analysis import (
        EXACT_LIMIT,
        MemberSummary,
        Spread,
        UncertaintyResult,
        analyse_uncertain,
    )
    from powershare.uncertainty.distributions import Distribution, parse_distribution
    from powershare.uncertainty.draws import chunk_rng, draw_seats, enumerate_seats
    from powershare.uncertainty.engine import (
        DASK_HINT,
        Cell,
        Plan,
        Run,
        TaskStore,
        dask_available,
        run_plan,
    )
    from powershare.uncertainty.evaluate import Evaluator, VectorFacts
    from powershare.uncertainty.model import (
        Poll,
        SeatRule,
        UncertainMember,
        UncertainScenario,
        load_uncertain,
        scenario_from_mapping,
    )
    from powershare.uncertainty.stats import (
        Probability,
        clopper_pearson_interval,
        probability,
        wilson_interval,
    )
    from powershare.uncertainty.sweep import SweepResult, run_sweep, sweep_cells

__all__ = [
    "DASK_HINT",
    "EXACT_LIMIT",
    "Cell",
    "Distribution",
    "Evaluator",
    "MemberSummary",
    "Plan",
    "Poll",
    "Probability",
    "Run",
    "SeatRule",
    "Spread",
    "SweepResult",
    "TaskStore",
    "UncertainMember",
    "UncertainScenario",
    "UncertaintyResult",
    "VectorFacts",
    "analyse_uncertain",
    "chunk_rng",
    "clopper_pearson_interval",
    "dask_available",
    "draw_seats",
    "enumerate_seats",
    "load_uncertain",
    "parse_distribution",
    "probability",
    "run_plan",
    "run_sweep",
    "scenario_from_mapping",
    "sweep_cells",
    "wilson_interval",
]

lazy_package(
    __name__,
    {
        "powershare.uncertainty.analysis": (
            "EXACT_LIMIT",
            "MemberSummary",
            "Spread",
            "UncertaintyResult",
            "analyse_uncertain",
        ),
        "powershare.uncertainty.distributions": ("Distribution", "parse_distribution"),
        "powershare.uncertainty.draws": ("chunk_rng", "draw_seats", "enumerate_seats"),
        "powershare.uncertainty.engine": (
            "DASK_HINT",
            "Cell",
            "Plan",
            "Run",
            "TaskStore",
            "dask_available",
            "run_plan",
        ),
        "powershare.uncertainty.evaluate": ("Evaluator", "VectorFacts"),
        "powershare.uncertainty.model": (
            "Poll",
            "SeatRule",
            "UncertainMember",
            "UncertainScenario",
            "load_uncertain",
            "scenario_from_mapping",
        ),
        "powershare.uncertainty.stats": (
            "Probability",
            "clopper_pearson_interval",
            "probability",
            "wilson_interval",
        ),
        "powershare.uncertainty.sweep": ("SweepResult", "run_sweep", "sweep_cells"),
    },
)
