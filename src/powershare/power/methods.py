"""The counting methods shipped with powershare, registered in :data:`registry`.

* ``generating-function``: exact pseudo-polynomial counting for weighted games
  (see :mod:`powershare.power.kernels.swings` and :mod:`powershare.power.kernels.pivots`).
* ``compiled-generating-function``: the same generating function for Shapley-Shubik, compiled
  by numba (optional), cache-blocked and halved by complementation
  (:mod:`powershare.power.kernels.pivots_fast`); ``auto`` takes it where its estimate is lower.
* ``enumeration``: exact brute force over all ``2**n`` coalitions, for any simple game with
  ``n <=`` :data:`~powershare.power.brute.ENUMERATION_MAX_MEMBERS`; the independent reference
  the fast methods are tested against (in plain Python for weighted games of at most
  :data:`~powershare.power.kernels.enumeration.PLAIN_MAX_MEMBERS` members, see
  :func:`plain_enumeration`).

Each method declares one counting function per quantity (``"swings"``, ``"pivots"``):

>>> from powershare.games.weighted import WeightedGame
>>> from powershare.power.registry import registry
>>> gf = registry.get("generating-function")
>>> sorted(gf.quantities)
['pivots', 'swings']
>>> gf.count(WeightedGame(3, [2, 1, 1]), "swings").per_member
(3, 1, 1)
"""

from __future__ import annotations

from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame
from powershare.power.brute import ENUMERATION_MAX_MEMBERS
from powershare.power.kernels import cost, enumeration, pivots_fast, swings_fast
from powershare.power.kernels._game import equivalent_weights
from powershare.power.kernels.pivots import pivot_counts
from powershare.power.kernels.swings import swing_counts
from powershare.power.registry import CountingMethod, Counts, Estimate, registry

__all__ = [
    "COMPILED_GENERATING_FUNCTION",
    "COMPILED_SUBSET_SUM",
    "ENUMERATION",
    "GENERATING_FUNCTION",
    "equivalent_game",
    "plain_enumeration",
]


def equivalent_game(game: WeightedGame) -> WeightedGame:
    """The same game (same names, same winning coalitions) with the smallest equivalent weights
    :func:`~powershare.power.kernels._game.equivalent_weights` finds in ``O(n)``: what every
    pseudo-polynomial method and estimate works on, so huge numbers cost nothing when the game
    does not need them.

    >>> equivalent_game(WeightedGame(2, [1, 10**999, 1])).weights
    (1, 2, 1)
    """
    weights, quota = equivalent_weights(game.weights, game.quota)
    if weights == game.weights and quota == game.quota:
        return game
    return WeightedGame(quota, weights, game.names)


def _weighted(game: SimpleGame) -> tuple[tuple[int, ...], int]:
    """The game's weights and quota, reduced to the smallest equivalent ones found in O(n)."""
    assert isinstance(game, WeightedGame), "requires() admits only weighted games"
    return equivalent_weights(game.weights, game.quota)


def _gf_requires(game: SimpleGame, quantity: str) -> str | None:
    if not isinstance(game, WeightedGame):
        return "it needs a weighted game"
    return cost.kernel_range(*_weighted(game))


def _gf_swings_estimate(game: SimpleGame) -> Estimate:
    seconds, nbytes = cost.estimate_swings(*_weighted(game))
    return Estimate(seconds + cost.first_use_seconds("numpy", "gmpy2"), nbytes)


def _gf_pivots_estimate(game: SimpleGame) -> Estimate:
    seconds, nbytes = cost.estimate_pivots(*_weighted(game))
    return Estimate(seconds + cost.first_use_seconds("numpy"), nbytes)


def _gf_swings(game: SimpleGame) -> Counts:
    return Counts("swings", tuple(swing_counts(*_weighted(game))))


def _gf_pivots(game: SimpleGame) -> Counts:
    return Counts("pivots", tuple(pivot_counts(*_weighted(game))))


def _compiled_requires(game: SimpleGame, quantity: str) -> str | None:
    if not pivots_fast.available():
        return "it needs numba: pip install 'powershare[fast]'"
    return _gf_requires(game, quantity)


def _compiled_swings_requires(game: SimpleGame, quantity: str) -> str | None:
    if not swings_fast.available():
        return "it needs numba: pip install 'powershare[fast]'"
    return _gf_requires(game, quantity)


def _compiled_swings_estimate(game: SimpleGame) -> Estimate:
    return Estimate(*swings_fast.estimate_fast_swings(*_weighted(game)))


def _compiled_swings(game: SimpleGame) -> Counts:
    return Counts("swings", tuple(swings_fast.fast_swing_counts(*_weighted(game))))


def _compiled_pivots_estimate(game: SimpleGame) -> Estimate:
    return Estimate(*cost.estimate_fast_pivots(*_weighted(game)))


def _compiled_pivots(game: SimpleGame) -> Counts:
    return Counts("pivots", tuple(pivots_fast.fast_pivot_counts(*_weighted(game))))


def _enum_requires(game: SimpleGame, quantity: str) -> str | None:
    if game.n > ENUMERATION_MAX_MEMBERS:
        return (
            f"enumeration visits all 2^n coalitions and is limited to "
            f"{ENUMERATION_MAX_MEMBERS} members; this body has {game.n}"
        )
    return None


def plain_enumeration(game: SimpleGame) -> WeightedGame | None:
    """The game when it is a weighted game small enough to enumerate in plain Python
    (:data:`~powershare.power.kernels.enumeration.PLAIN_MAX_MEMBERS`), else ``None``."""
    if isinstance(game, WeightedGame) and game.n <= enumeration.PLAIN_MAX_MEMBERS:
        return game
    return None


def _enum_estimate(game: SimpleGame) -> Estimate:
    if plain_enumeration(game) is not None:
        return Estimate(*cost.estimate_plain_enumeration(game.n))
    seconds, nbytes = cost.estimate_enumeration(game.n)
    return Estimate(seconds + cost.first_use_seconds("numpy"), nbytes)


def _enum_by_size(game: SimpleGame) -> list[list[int]]:
    small = plain_enumeration(game)
    if small is not None:
        return enumeration.weighted_pivot_counts_by_size_plain(small.weights, small.quota)
    return enumeration.enumerate_pivots_by_size(game.n, game.winning_masks)


def _enum_swings(game: SimpleGame) -> Counts:
    return Counts("swings", tuple(sum(row) for row in _enum_by_size(game)))


def _enum_pivots(game: SimpleGame) -> Counts:
    return Counts("pivots", tuple(enumeration.pivots_from_counts_by_size(_enum_by_size(game))))


GENERATING_FUNCTION = registry.register(
    CountingMethod(
        name="generating-function",
        exact=True,
        summary="Exact generating-function counting over weights, pseudo-polynomial in the quota.",
        reference="Brams & Affuso (1976); Uno (2012); Kurz (2016); see docs/methods.md",
        counters={"swings": _gf_swings, "pivots": _gf_pivots},
        estimators={"swings": _gf_swings_estimate, "pivots": _gf_pivots_estimate},
        requires=_gf_requires,
    )
)
COMPILED_GENERATING_FUNCTION = registry.register(
    CountingMethod(
        name="compiled-generating-function",
        exact=True,
        summary="Exact Shapley-Shubik by the generating function, compiled (numba) and "
        "cache-blocked; for large bodies.",
        reference="Brams & Affuso (1976); Uno (2012); Wolf & Lam (1991); see docs/methods.md",
        counters={"pivots": _compiled_pivots},
        estimators={"pivots": _compiled_pivots_estimate},
        requires=_compiled_requires,
    )
)
ENUMERATION = registry.register(
    CountingMethod(
        name="enumeration",
        exact=True,
        summary="Brute force over all 2^n coalitions (any simple game, n <= 25): the reference.",
        reference="Definitions: Banzhaf (1965); Shapley & Shubik (1954)",
        counters={"swings": _enum_swings, "pivots": _enum_pivots},
        estimators={"swings": _enum_estimate, "pivots": _enum_estimate},
        requires=_enum_requires,
    )
)
COMPILED_SUBSET_SUM = registry.register(
    CountingMethod(
        name="compiled-subset-sum",
        exact=True,
        summary="Exact Banzhaf swings by the subset-sum DP, compiled (numba), multi-modular; "
        "for wide weight ranges.",
        reference="Brams & Affuso (1976); Uno (2012); Kurz (2016); see docs/methods.md",
        counters={"swings": _compiled_swings},
        estimators={"swings": _compiled_swings_estimate},
        requires=_compiled_swings_requires,
    )
)
