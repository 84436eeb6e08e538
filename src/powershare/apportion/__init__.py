"""Apportionment: seats from populations or votes, exactly, with ties and paradoxes.

Divisor methods (D'Hondt/Jefferson, Sainte-Laguë/Webster, modified Sainte-Laguë,
Huntington-Hill, Adams, Dean, Danish, custom sequences) and largest-remainder methods
(Hare, Droop, Hagenbach-Bischoff, Imperiali), with thresholds, seat bounds, reserved
seats and tie reporting; analysis of disproportionality and paradoxes.

References
----------
Balinski, M. L., & Young, H. P. (1982). *Fair Representation*. Yale University Press.
Pukelsheim, F. (2017). *Proportional Representation*, 2nd ed. Springer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from powershare.games import lazy_package

if TYPE_CHECKING:  # what type checkers see; at run time the names are imported on first use
    from powershare.apportion._values import to_seat_count
    from powershare.apportion.analysis import (
        AlabamaParadox,
        Disproportionality,
        NewStateParadox,
        PopulationParadox,
        Sweep,
        alabama_paradoxes,
        check_sweep,
        disproportionality,
        estimate_sweep,
        house_sweep,
        new_state_paradox,
        population_paradoxes,
    )
    from powershare.apportion.api import METHOD_NAMES, Apportionment, apportion, get_method
    from powershare.apportion.base import Allocation, Method
    from powershare.apportion.constraints import Constraints, InfeasibleConstraintsError, Threshold
    from powershare.apportion.divisor import (
        Adams,
        CustomDivisor,
        Danish,
        Dean,
        DHondt,
        DivisorMethod,
        EqualProportions,
        HuntingtonHill,
        Jefferson,
        ModifiedSainteLague,
        SainteLague,
        Webster,
    )
    from powershare.apportion.io import UnitTable, read_units_csv
    from powershare.apportion.largest_remainder import (
        Droop,
        HagenbachBischoff,
        Hamilton,
        Hare,
        Imperiali,
        LargestRemainder,
    )
    from powershare.apportion.result import ApportionmentResult, Tie, seats_as_body
    from powershare.apportion.ties import FirstListed, LargerFirst, Lot, SmallerFirst, TieBreakRule

__all__ = [
    "METHOD_NAMES",
    "Adams",
    "AlabamaParadox",
    "Allocation",
    "Apportionment",
    "ApportionmentResult",
    "Constraints",
    "CustomDivisor",
    "DHondt",
    "Danish",
    "Dean",
    "Disproportionality",
    "DivisorMethod",
    "Droop",
    "EqualProportions",
    "FirstListed",
    "HagenbachBischoff",
    "Hamilton",
    "Hare",
    "HuntingtonHill",
    "Imperiali",
    "InfeasibleConstraintsError",
    "Jefferson",
    "LargerFirst",
    "LargestRemainder",
    "Lot",
    "Method",
    "ModifiedSainteLague",
    "NewStateParadox",
    "PopulationParadox",
    "SainteLague",
    "SmallerFirst",
    "Sweep",
    "Threshold",
    "Tie",
    "TieBreakRule",
    "UnitTable",
    "Webster",
    "alabama_paradoxes",
    "apportion",
    "check_sweep",
    "disproportionality",
    "estimate_sweep",
    "get_method",
    "house_sweep",
    "new_state_paradox",
    "population_paradoxes",
    "read_units_csv",
    "to_seat_count",
    "seats_as_body",
]

lazy_package(
    __name__,
    {
        "powershare.apportion._values": ("to_seat_count",),
        "powershare.apportion.analysis": (
            "AlabamaParadox",
            "Disproportionality",
            "NewStateParadox",
            "PopulationParadox",
            "Sweep",
            "alabama_paradoxes",
            "check_sweep",
            "disproportionality",
            "estimate_sweep",
            "house_sweep",
            "new_state_paradox",
            "population_paradoxes",
        ),
        "powershare.apportion.api": ("METHOD_NAMES", "Apportionment", "apportion", "get_method"),
        "powershare.apportion.base": ("Allocation", "Method"),
        "powershare.apportion.constraints": (
            "Constraints",
            "InfeasibleConstraintsError",
            "Threshold",
        ),
        "powershare.apportion.divisor": (
            "Adams",
            "CustomDivisor",
            "Danish",
            "Dean",
            "DHondt",
            "DivisorMethod",
            "EqualProportions",
            "HuntingtonHill",
            "Jefferson",
            "ModifiedSainteLague",
            "SainteLague",
            "Webster",
        ),
        "powershare.apportion.io": ("UnitTable", "read_units_csv"),
        "powershare.apportion.largest_remainder": (
            "Droop",
            "HagenbachBischoff",
            "Hamilton",
            "Hare",
            "Imperiali",
            "LargestRemainder",
        ),
        "powershare.apportion.result": ("ApportionmentResult", "Tie", "seats_as_body"),
        "powershare.apportion.ties": (
            "FirstListed",
            "LargerFirst",
            "Lot",
            "SmallerFirst",
            "TieBreakRule",
        ),
    },
)
