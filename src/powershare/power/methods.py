"""The counting methods shipped with powershare, registered in :data:`registry`.

* ``generating-function``: exact pseudo-polynomial counting for weighted games
  (see :mod:`powershare.power.kernels.swings` and :mod:`powershare.power.kernels.pivots`).
* ``enumeration``: exact brute force over all ``2**n`` coalitions, for any simple game with
  ``n <= 25``; the independent reference the fast methods are tested against.
"""

from __future__ import annotations

from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame
from powershare.power.registry import CountingMethod, Counts, Estimate, registry

__all__ = ["ENUMERATION_MAX_MEMBERS"]

ENUMERATION_MAX_MEMBERS = 25


def _gf_applies(game: SimpleGame, quantity: str) -> str | None:
    if not isinstance(game, WeightedGame):
        return "it needs a weighted game"
    return None


def _gf_estimate(game: SimpleGame, quantity: str) -> Estimate:
    from powershare.power.kernels import cost

    assert isinstance(game, WeightedGame)
    if quantity == "swings":
        seconds, nbytes = cost.estimate_swings(game.weights, game.quota)
    else:
        seconds, nbytes = cost.estimate_pivots(game.weights, game.quota)
    return Estimate(seconds, nbytes)


def _gf_count(game: SimpleGame, quantity: str) -> Counts:
    assert isinstance(game, WeightedGame)
    if quantity == "swings":
        from powershare.power.kernels.swings import swing_counts

        return Counts("swings", tuple(swing_counts(game.weights, game.quota)))
    from powershare.power.kernels.pivots import pivot_counts

    return Counts("pivots", tuple(pivot_counts(game.weights, game.quota)))


def _enum_applies(game: SimpleGame, quantity: str) -> str | None:
    if game.n > ENUMERATION_MAX_MEMBERS:
        return (
            f"enumeration visits all 2^n coalitions and is limited to "
            f"{ENUMERATION_MAX_MEMBERS} members; this body has {game.n}"
        )
    return None


def _enum_estimate(game: SimpleGame, quantity: str) -> Estimate:
    from powershare.power.kernels import cost

    seconds, nbytes = cost.estimate_enumeration(game.n)
    return Estimate(seconds, nbytes)


def _enum_count(game: SimpleGame, quantity: str) -> Counts:
    from powershare.power.kernels import enumeration

    if quantity == "swings":
        return Counts("swings", tuple(enumeration.enumerate_swings(game.n, game.winning_masks)))
    return Counts("pivots", tuple(enumeration.enumerate_pivots(game.n, game.winning_masks)))


registry.register(
    CountingMethod(
        name="generating-function",
        quantities=frozenset({"swings", "pivots"}),
        exact=True,
        summary="Exact generating-function counting over weights, pseudo-polynomial in the quota.",
        reference="Brams & Affuso (1976); Uno (2012); Kurz (2016); see docs/methods.md",
        applies=_gf_applies,
        estimate=_gf_estimate,
        count=_gf_count,
    )
)
registry.register(
    CountingMethod(
        name="enumeration",
        quantities=frozenset({"swings", "pivots"}),
        exact=True,
        summary="Brute force over all 2^n coalitions (any simple game, n <= 25): the reference.",
        reference="Definitions: Banzhaf (1965); Shapley & Shubik (1954)",
        applies=_enum_applies,
        estimate=_enum_estimate,
        count=_enum_count,
    )
)
