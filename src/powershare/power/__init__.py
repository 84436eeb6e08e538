"""Counting and power indices.

>>> from powershare import WeightedGame
>>> from powershare.power import power
>>> power(WeightedGame(12, [4, 4, 4, 2, 2, 1]), "banzhaf").exact[-1]
Fraction(0, 1)

The public names are imported on first use (PEP 562).  The counting methods and the indices
are registered by their modules; the registry imports all of them, in a fixed order, the first
time it or :data:`INDICES` is read (:func:`register_methods_and_indices`), so that a command
that counts nothing never loads them and a command that counts sees every one.

>>> from powershare.power import registry
>>> "enumeration" in registry.names() and "banzhaf" in INDICES
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from powershare.games import lazy_package
from powershare.power.indices import INDICES
from powershare.power.registry import registry

if TYPE_CHECKING:  # what type checkers see; at run time the names are imported on first use
    from powershare.power.api import (
        PowerTable,
        estimate_table,
        power,
        power_table,
        resolve_indices,
    )
    from powershare.power.blocs import Blocs, GameWithBlocs, QuotientGame, bloc_game
    from powershare.power.graph import (
        GameWithGraph,
        Graph,
        RestrictedGame,
        minimal_connected_winning,
    )
    from powershare.power.indices import IndexSpec, get_index, register_index
    from powershare.power.registry import (
        CountingMethod,
        Counts,
        Estimate,
        Limits,
        MethodRegistry,
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
    "REGISTERING_MODULES",
    "Sampling",
    "get_index",
    "power",
    "power_table",
    "register_index",
    "register_methods_and_indices",
    "registry",
    "resolve_indices",
]


REGISTERING_MODULES: tuple[str, ...] = (
    "powershare.power.extended",  # more indices and methods (imports powershare.power.methods)
    "powershare.power.indices_more",  # scholars' indices, PGI with blocs, shift and size counts
    "powershare.power.methods",  # the generating functions and enumeration
    "powershare.power.compound.register",  # compound rules
    "powershare.power.graph_methods",  # restricted cooperation (graphs)
)
"""Every module that registers counting methods or indices, in registration order (hence the
order of ``powershare methods`` and of ``--index all``).  A new module of methods or indices
is one line here."""


def register_methods_and_indices() -> None:
    """Import every module of :data:`REGISTERING_MODULES`, in order.

    A module that fails to import raises here (and the registry stays unloaded, see
    :meth:`~powershare.power.registry.MethodRegistry.load`): no method or index is ever
    silently missing.
    """
    for module in REGISTERING_MODULES:
        importlib.import_module(module)


registry.load_with(register_methods_and_indices)

lazy_package(
    __name__,
    {
        "powershare.power.api": (
            "PowerTable",
            "estimate_table",
            "power",
            "power_table",
            "resolve_indices",
        ),
        "powershare.power.blocs": ("Blocs", "GameWithBlocs", "QuotientGame", "bloc_game"),
        "powershare.power.graph": (
            "GameWithGraph",
            "Graph",
            "RestrictedGame",
            "minimal_connected_winning",
        ),
        "powershare.power.indices": ("IndexSpec", "get_index", "register_index"),
        "powershare.power.registry": (
            "CountingMethod",
            "Counts",
            "Estimate",
            "Limits",
            "MethodRegistry",
        ),
        "powershare.power.result": ("PowerResult", "Sampling"),
    },
)
