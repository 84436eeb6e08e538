"""Design: rules that give the power we want, and settlements every party accepts.

* :func:`design_weights`: weights and quota for a target power vector (inverse problem).
* :func:`design_frontier`: the rules not beaten on both distance to the target and
  decisiveness (Coleman's power to act), and the closest above a floor.
* :func:`distance_by_quota`, :func:`optimal_quota`, :func:`quota_pair_surface`: the best
  quota for fixed weights and the whole distance-by-quota curve; :func:`jagiellonian_quota`.
* :func:`square_root_design`: Penrose's square-root rule for a two-tier union with its
  optimal quota (citizen power itself is :mod:`powershare.power.twotier`).
* :func:`settle`, :func:`load_demands`: settlement search under each party's demands.

Modules by topic: ``inverse`` (the driver), ``inverse_search`` (exhaustive, iterative and
local searches), ``weight_space`` (bounds, projection, enumeration of weight vectors),
``quota``, ``twotier``, ``settlement`` (problem and result types), ``settle`` (the search),
``settle_rules``, ``settle_eval``, ``conflicts``, ``demands``, ``targets``, ``distance``.

>>> from powershare.design import design_weights, equal_target
>>> design_weights(equal_target(3), total_weight=3).weights
(1, 1, 1)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from powershare.games import lazy_package

if TYPE_CHECKING:  # what type checkers see; at run time the names are imported on first use
    from powershare.design._common import parse_floor
    from powershare.design.conflicts import deletion_filter, minimum_conflict
    from powershare.design.demands import load_demands, parse_demands, problem_from_data
    from powershare.design.distance import DISTANCES, distance, get_distance
    from powershare.design.frontier import design_frontier
    from powershare.design.frontier_result import Frontier, FrontierRule
    from powershare.design.inverse import DESIGN_METHODS, DesignResult, design_weights
    from powershare.design.quota import (
        DistanceByQuota,
        QuotaPairSurface,
        distance_by_quota,
        jagiellonian_quota,
        optimal_quota,
        penrose_limit_quota,
        quota_pair_surface,
    )
    from powershare.design.settle import (
        ESTIMATE_LIMIT_SECONDS,
        RANK_KINDS,
        SettleEstimate,
        estimate_settlement,
        settle,
    )
    from powershare.design.settlement import (
        Demand,
        Family,
        Settlement,
        SettlementProblem,
        SettlementResult,
    )
    from powershare.design.targets import (
        TARGET_KINDS,
        equal_target,
        explicit_target,
        make_target,
        proportional_target,
        square_root_target,
    )
    from powershare.design.twotier import (
        SquareRootDesign,
        citizen_decisiveness,
        citizen_power,
        square_root_design,
    )
    from powershare.design.weight_space import bounds_around, count_weight_vectors

__all__ = [
    "DESIGN_METHODS",
    "DISTANCES",
    "ESTIMATE_LIMIT_SECONDS",
    "RANK_KINDS",
    "TARGET_KINDS",
    "Demand",
    "DesignResult",
    "DistanceByQuota",
    "Frontier",
    "FrontierRule",
    "Family",
    "QuotaPairSurface",
    "SettleEstimate",
    "Settlement",
    "SettlementProblem",
    "SettlementResult",
    "SquareRootDesign",
    "bounds_around",
    "citizen_decisiveness",
    "citizen_power",
    "count_weight_vectors",
    "deletion_filter",
    "design_frontier",
    "design_weights",
    "distance",
    "distance_by_quota",
    "equal_target",
    "estimate_settlement",
    "explicit_target",
    "get_distance",
    "jagiellonian_quota",
    "load_demands",
    "make_target",
    "minimum_conflict",
    "optimal_quota",
    "parse_floor",
    "parse_demands",
    "penrose_limit_quota",
    "problem_from_data",
    "proportional_target",
    "quota_pair_surface",
    "settle",
    "square_root_design",
    "square_root_target",
]

lazy_package(
    __name__,
    {
        "powershare.design._common": ("parse_floor",),
        "powershare.design.conflicts": ("deletion_filter", "minimum_conflict"),
        "powershare.design.demands": ("load_demands", "parse_demands", "problem_from_data"),
        "powershare.design.distance": ("DISTANCES", "distance", "get_distance"),
        "powershare.design.frontier": ("design_frontier",),
        "powershare.design.frontier_result": ("Frontier", "FrontierRule"),
        "powershare.design.inverse": ("DESIGN_METHODS", "DesignResult", "design_weights"),
        "powershare.design.quota": (
            "DistanceByQuota",
            "QuotaPairSurface",
            "distance_by_quota",
            "jagiellonian_quota",
            "optimal_quota",
            "penrose_limit_quota",
            "quota_pair_surface",
        ),
        "powershare.design.settle": (
            "ESTIMATE_LIMIT_SECONDS",
            "RANK_KINDS",
            "SettleEstimate",
            "estimate_settlement",
            "settle",
        ),
        "powershare.design.settlement": (
            "Demand",
            "Family",
            "Settlement",
            "SettlementProblem",
            "SettlementResult",
        ),
        "powershare.design.targets": (
            "TARGET_KINDS",
            "equal_target",
            "explicit_target",
            "make_target",
            "proportional_target",
            "square_root_target",
        ),
        "powershare.design.twotier": (
            "SquareRootDesign",
            "citizen_decisiveness",
            "citizen_power",
            "square_root_design",
        ),
        "powershare.design.weight_space": ("bounds_around", "count_weight_vectors"),
    },
)
