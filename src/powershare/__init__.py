"""powershare: measure and design power-sharing.

Seats are not power.  powershare computes, exactly, how often each member of a body is decisive
(Banzhaf/Penrose, Shapley-Shubik, ...), for rules as they are written.

>>> from powershare import WeightedGame, power
>>> eec = WeightedGame(12, [4, 4, 4, 2, 2, 1], ["FR", "DE", "IT", "BE", "NL", "LU"])
>>> power(eec, "banzhaf")["LU"]
Fraction(0, 1)

The public names are imported on first use (PEP 562), so that ``import powershare`` and the
command line's start-up stay fast: ``powershare --help`` loads no counting code.

>>> import powershare
>>> powershare.__version__
'0.1.0'
>>> "power_table" in dir(powershare)
True
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from powershare._version import __version__

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time see __getattr__
    from powershare.datasets.resolve import load_game
    from powershare.errors import (
        InvalidGameError,
        InvalidInputError,
        InvalidQuotaError,
        ParseError,
        PowershareError,
        ResourceLimitError,
    )
    from powershare.games.base import SimpleGame
    from powershare.games.weighted import WeightedGame
    from powershare.power.api import PowerTable, power, power_table
    from powershare.power.registry import Limits
    from powershare.power.result import PowerResult

_HOMES: dict[str, str] = {
    "InvalidGameError": "powershare.errors",
    "InvalidInputError": "powershare.errors",
    "InvalidQuotaError": "powershare.errors",
    "ParseError": "powershare.errors",
    "PowershareError": "powershare.errors",
    "ResourceLimitError": "powershare.errors",
    "SimpleGame": "powershare.games.base",
    "WeightedGame": "powershare.games.weighted",
    "load_game": "powershare.datasets.resolve",
    "Limits": "powershare.power.registry",
    "PowerResult": "powershare.power.result",
    "PowerTable": "powershare.power.api",
    "power": "powershare.power.api",
    "power_table": "powershare.power.api",
}
"""Each public name -> the module that defines it (imported on first access)."""

__all__ = [
    "InvalidGameError",
    "InvalidInputError",
    "InvalidQuotaError",
    "Limits",
    "ParseError",
    "PowerResult",
    "PowerTable",
    "PowershareError",
    "ResourceLimitError",
    "SimpleGame",
    "WeightedGame",
    "__version__",
    "load_game",
    "power",
    "power_table",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first access (PEP 562) and keep it."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'powershare' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later accesses skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """The ``powershare`` module: importing the subpackage ``powershare.power`` must not hide
    the function :func:`power` (Python binds a subpackage as an attribute of its parent)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _HOMES and isinstance(value, types.ModuleType):
            return  # the public name is looked up by __getattr__, or was already set
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
