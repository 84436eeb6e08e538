"""powershare: measure and design power-sharing.

Seats are not power.  powershare computes, exactly, how often each member of a body is decisive
(Banzhaf/Penrose, Shapley-Shubik, ...), for rules as they are written.

>>> from powershare import WeightedGame, power
>>> eec = WeightedGame(12, [4, 4, 4, 2, 2, 1], ["FR", "DE", "IT", "BE", "NL", "LU"])
>>> power(eec, "banzhaf")["LU"]
Fraction(0, 1)
"""

from powershare.errors import (
    InvalidGameError,
    InvalidInputError,
    InvalidQuotaError,
    ParseError,
    PowershareError,
    ResourceLimitError,
)
from powershare.games import SimpleGame, WeightedGame, load_game
from powershare.power import Limits, PowerResult, PowerTable, power, power_table

__version__ = "0.1.0"

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
