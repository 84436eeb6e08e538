"""Counting and power indices.

>>> from powershare import WeightedGame
>>> from powershare.power import power
>>> power(WeightedGame(12, [4, 4, 4, 2, 2, 1]), "banzhaf").exact[-1]
Fraction(0, 1)
"""

from powershare.power import extended as _extended  # noqa: F401  (more indices and methods)
from powershare.power import indices_more as _indices_more  # noqa: F401  (scholars' indices)
from powershare.power import methods as _methods  # noqa: F401  (fills the registry)
from powershare.power.api import PowerTable, estimate_table, power, power_table, resolve_indices
from powershare.power.blocs import Blocs, GameWithBlocs, QuotientGame, bloc_game
from powershare.power.compound import register as _compound  # noqa: F401  (compound rules)
from powershare.power.graph import GameWithGraph, Graph, RestrictedGame, minimal_connected_winning
from powershare.power.graph_methods import GRAPH_ENUMERATION as _graph  # noqa: F401  (graphs)
from powershare.power.indices import INDICES, IndexSpec, get_index, register_index
from powershare.power.registry import (
    CountingMethod,
    Counts,
    Estimate,
    Limits,
    MethodRegistry,
    registry,
)
from powershare.power.result import PowerResult, Sampling

__all__ = [
    "INDICES",
    "Blocs",
    "GameWithBlocs",
    "GameWithGraph",
    "Graph",
    "RestrictedGame",
    "minimal_connected_winning",
    "QuotientGame",
    "bloc_game",
    "estimate_table",
    "Counts",
    "CountingMethod",
    "Estimate",
    "IndexSpec",
    "Limits",
    "MethodRegistry",
    "PowerResult",
    "PowerTable",
    "Sampling",
    "get_index",
    "power",
    "power_table",
    "register_index",
    "registry",
    "resolve_indices",
]
