"""Decision rules (simple games) and the ways to read them.

A quota always means *at least*; ``"majority"`` means more than half.  See
:mod:`powershare.games.quota`.

The public names are imported on first use (PEP 562, :class:`LazyPackage`): ``import
powershare.games.base`` loads neither the YAML schemas nor pydantic's models of compound rules.

>>> import powershare.games as games
>>> games.WeightedGame(3, [2, 1, 1]).notation()
'[3; 2, 1, 1]'
>>> "parse_rule_text" in dir(games)
True
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers see; at run time LazyPackage.__getattr__
    from powershare.games.base import SimpleGame
    from powershare.games.body import Body, expand_members
    from powershare.games.circuit import circuit_of
    from powershare.games.columns import (
        NamedValues,
        parse_inline,
        parse_table,
        read_named_values,
    )
    from powershare.games.compound import (
        AllOf,
        AnyOf,
        AtLeast,
        Bloc,
        BlocConsent,
        Criterion,
        MinimalWinning,
        TwoTier,
        Veto,
    )
    from powershare.games.loading import load_body, load_game
    from powershare.games.notation import (
        parse_csv_text,
        parse_member_list,
        parse_notation,
        read_csv,
    )
    from powershare.games.quota import QuotaSpec, parse_quota
    from powershare.games.rule_schema import load_rule_scenario, parse_rule_text, rule_from_data
    from powershare.games.scenario import (
        Scenario,
        load_scenario,
        parse_scenario_text,
        read_scenario,
        read_scenario_file,
    )
    from powershare.games.weighted import WeightedGame

__all__ = [
    "Body",
    "LazyPackage",
    "NamedValues",
    "expand_members",
    "lazy_package",
    "load_body",
    "parse_inline",
    "parse_table",
    "read_named_values",
    "read_scenario",
    "read_scenario_file",
    "AllOf",
    "AnyOf",
    "AtLeast",
    "Bloc",
    "BlocConsent",
    "Criterion",
    "MinimalWinning",
    "TwoTier",
    "Veto",
    "circuit_of",
    "load_rule_scenario",
    "parse_rule_text",
    "rule_from_data",
    "QuotaSpec",
    "Scenario",
    "SimpleGame",
    "WeightedGame",
    "load_game",
    "load_scenario",
    "parse_csv_text",
    "parse_member_list",
    "parse_notation",
    "parse_quota",
    "parse_scenario_text",
    "read_csv",
]


class LazyPackage(types.ModuleType):
    """A package whose public names are imported from their modules on first access (PEP 562).

    :func:`lazy_package` turns a package into one.  A public name that is also the name of a
    submodule (``powershare.structure.solutions``, the function and the module) keeps meaning
    the public name when the submodule is imported: Python's binding of the submodule as an
    attribute of its package is ignored for those names.
    """

    _lazy_homes: Mapping[str, str]

    def __getattr__(self, name: str) -> Any:
        home = self.__dict__.get("_lazy_homes", {}).get(name)
        if home is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        self.__dict__[name] = value  # later accesses skip this method
        return value

    def __dir__(self) -> list[str]:
        return sorted({*self.__dict__, *self.__dict__.get("_lazy_homes", {})})

    def __setattr__(self, name: str, value: object) -> None:
        if (
            name in self.__dict__.get("_lazy_homes", {})
            and isinstance(value, types.ModuleType)
            and value.__name__ == f"{self.__name__}.{name}"
        ):
            return  # the submodule, bound by the import system: the public name wins
        super().__setattr__(name, value)


def lazy_package(name: str, homes: Mapping[str, tuple[str, ...]]) -> None:
    """Make the package ``name`` a :class:`LazyPackage` exporting its ``__all__``.

    ``homes`` maps each module to the public names it defines; together they must be the
    package's ``__all__`` (less the names the package defines itself), so that no public name
    is missing or left over.

    Raises
    ------
    RuntimeError
        When ``homes`` and ``__all__`` disagree (a bug in the package, caught on import).
    """
    package = sys.modules[name]
    where = {public: module for module, names in homes.items() for public in names}
    own = {k for k in vars(package) if not k.startswith("_")}
    expected = set(getattr(package, "__all__", ())) - own
    if set(where) != expected:
        raise RuntimeError(
            f"{name}: lazy names {sorted(set(where) ^ expected)} differ from __all__"
        )
    package.__class__ = LazyPackage
    package.__dict__["_lazy_homes"] = where


lazy_package(
    __name__,
    {
        "powershare.games.base": ("SimpleGame",),
        "powershare.games.body": ("Body", "expand_members"),
        "powershare.games.circuit": ("circuit_of",),
        "powershare.games.columns": (
            "NamedValues",
            "parse_inline",
            "parse_table",
            "read_named_values",
        ),
        "powershare.games.compound": (
            "AllOf",
            "AnyOf",
            "AtLeast",
            "Bloc",
            "BlocConsent",
            "Criterion",
            "MinimalWinning",
            "TwoTier",
            "Veto",
        ),
        "powershare.games.loading": ("load_body", "load_game"),
        "powershare.games.notation": (
            "parse_csv_text",
            "parse_member_list",
            "parse_notation",
            "read_csv",
        ),
        "powershare.games.quota": ("QuotaSpec", "parse_quota"),
        "powershare.games.rule_schema": ("load_rule_scenario", "parse_rule_text", "rule_from_data"),
        "powershare.games.scenario": (
            "Scenario",
            "load_scenario",
            "parse_scenario_text",
            "read_scenario",
            "read_scenario_file",
        ),
        "powershare.games.weighted": ("WeightedGame",),
    },
)
