"""Design: rules that give the power we want, and settlements every party accepts.

* :func:`design_weights`: weights and quota for a target power vector (inverse problem).
* :func:`quota_curve`, :func:`optimal_quota`, :func:`quota_pair_surface`: the best quota for
  fixed weights and the whole curve; :func:`jagiellonian_quota`.
* :func:`square_root_design`: Penrose's square-root rule for a two-tier union with its
  optimal quota, and :func:`citizen_power`.
* :func:`settle`, :func:`load_demands`: settlement search under each party's demands.

>>> from powershare.design import design_weights, equal_target
>>> design_weights(equal_target(3), total_weight=3).weights
(1, 1, 1)
"""

from powershare.design.demands import load_demands, parse_demands, problem_from_data
from powershare.design.distance import DISTANCES, distance, get_distance
from powershare.design.inverse import (
    DESIGN_METHODS,
    DesignResult,
    bounds_around,
    count_weight_vectors,
    design_weights,
)
from powershare.design.quota import (
    QuotaCurve,
    QuotaPairSurface,
    jagiellonian_quota,
    optimal_quota,
    penrose_limit_quota,
    quota_curve,
    quota_pair_surface,
)
from powershare.design.settle import (
    Demand,
    Family,
    Settlement,
    SettlementProblem,
    SettlementResult,
    deletion_filter,
    minimum_conflict,
    settle,
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

__all__ = [
    "DESIGN_METHODS",
    "DISTANCES",
    "TARGET_KINDS",
    "Demand",
    "DesignResult",
    "Family",
    "QuotaCurve",
    "QuotaPairSurface",
    "Settlement",
    "SettlementProblem",
    "SettlementResult",
    "SquareRootDesign",
    "bounds_around",
    "citizen_decisiveness",
    "citizen_power",
    "count_weight_vectors",
    "deletion_filter",
    "design_weights",
    "distance",
    "equal_target",
    "explicit_target",
    "get_distance",
    "jagiellonian_quota",
    "load_demands",
    "make_target",
    "minimum_conflict",
    "optimal_quota",
    "parse_demands",
    "penrose_limit_quota",
    "problem_from_data",
    "proportional_target",
    "quota_curve",
    "quota_pair_surface",
    "settle",
    "square_root_design",
    "square_root_target",
]
