"""The coalition-based power indices and the bloc (a-priori union) values.

Registers, for :func:`powershare.power.power` and :func:`powershare.power.power_table`:

========================  ===================  ==========================================
index key                 quantity counted     source
========================  ===================  ==========================================
``holler``                ``mwc_total``        Holler (1982); Holler & Packel (1983)
``holler_absolute``       ``mwc_total``        Holler & Packel (1983)
``deegan_packel``         ``mwc``              Deegan & Packel (1978)
``johnston``              ``critical``         Johnston (1978)
``coleman_prevent``       ``winning``          Coleman (1971)
``coleman_initiate``      ``winning``          Coleman (1971)
``rae``                   ``winning``          Rae (1969); Dubey & Shapley (1979)
``owen``                  ``owen_pivots``      Owen (1977)
``banzhaf_owen``          ``owen_swings``      Owen (1982)
========================  ===================  ==========================================

and the counting methods ``coalition-dp`` and ``bloc-dp`` (exact dynamic programming over
weights, for weighted games; :mod:`powershare.power.mwc`, :mod:`powershare.power.owen`,
:mod:`powershare.power.kernels.mwc_members`) and ``coalition-enumeration`` (any simple game
with few members; :mod:`powershare.power.brute`).  The quantity ``mwc_total`` is ``mwc``
without the split by size: what Holler needs, far cheaper to count.
Game-level counts go to ``Counts.scalars``: ``winning_coalitions``,
``minimal_winning_coalitions``; ``coleman_collectivity`` (Coleman's power of the collectivity
to act, ``W / 2^n``) is attached to the Coleman results.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame
from powershare.power import brute, mwc, owen
from powershare.power.blocs import GameWithBlocs
from powershare.power.brute import ENUMERATION_MAX_MEMBERS, OWEN_ENUMERATION_MAX_MEMBERS
from powershare.power.indices import define_index
from powershare.power.kernels import cost, enumeration
from powershare.power.kernels.cost import kernel_range
from powershare.power.kernels.mwc_members import estimate_mwc_members, mwc_members
from powershare.power.methods import equivalent_game, plain_enumeration
from powershare.power.registry import CountingMethod, Counts, Estimate, registry

__all__ = [
    "BLOC_DP",
    "BLOC_QUANTITIES",
    "COALITION_DP",
    "COALITION_ENUMERATION",
    "COALITION_QUANTITIES",
    "SizedCounts",
    "swings_from_winning",
]

COALITION_QUANTITIES = frozenset({"winning", "mwc", "mwc_total", "critical"})
BLOC_QUANTITIES = frozenset({"owen_pivots", "owen_swings"})


Sized = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class SizedCounts(Counts):
    """Counts per member split by size.

    ``by_size[i][s]`` is, for quantity ``"mwc"``, the number of minimal winning coalitions of
    ``s`` members containing member ``i``; for ``"critical"``, the number of winning coalitions
    in which ``i`` is critical and exactly ``s`` members are critical.
    """

    by_size: tuple[tuple[int, ...], ...] = ()


# -- counting: dynamic programming (weighted games) -------------------------------------------
def _weighted(game: SimpleGame) -> WeightedGame:
    """The game with the smallest equivalent weights (see ``methods.equivalent_game``)."""
    assert isinstance(game, WeightedGame), "requires() admits only weighted games"
    return equivalent_game(game)


def _weighted_blocs(game: SimpleGame) -> tuple[WeightedGame, GameWithBlocs]:
    assert isinstance(game, GameWithBlocs) and isinstance(game.game, WeightedGame), (
        "requires() admits only weighted games with blocs"
    )
    return equivalent_game(game.game), game


def _dp_requires(game: SimpleGame, quantity: str) -> str | None:
    if not isinstance(game, WeightedGame):
        return "it needs a weighted game"
    g = equivalent_game(game)
    return kernel_range(g.weights, g.quota)


def _bloc_dp_requires(game: SimpleGame, quantity: str) -> str | None:
    if not isinstance(game, GameWithBlocs):
        return "it needs a bloc structure"
    if not isinstance(game.game, WeightedGame):
        return "it needs a weighted game"
    g = equivalent_game(game.game)
    # the bloc generating functions run up to the quota itself, not the effective quota
    return kernel_range(g.weights, g.quota) if g.quota >= 2**35 else None


def _bloc_dp_estimate(game: SimpleGame) -> Estimate:
    inner, with_blocs = _weighted_blocs(game)
    groups = with_blocs.blocs.groups
    seconds = owen.estimate_owen(inner.weights, inner.quota, groups)
    biggest = max(len(g) for g in groups)
    return Estimate(seconds, 200 * inner.quota * (max(with_blocs.blocs.m, biggest) + 1) + 10**6)


def _winning_dp_estimate(game: SimpleGame) -> Estimate:
    g = _weighted(game)
    seconds, nbytes = mwc.estimate_winning(g.weights, g.quota)
    return Estimate(seconds + cost.first_use_seconds("numpy"), nbytes)


def _mwc_dp_estimate(game: SimpleGame) -> Estimate:
    g = _weighted(game)
    return Estimate(*mwc.estimate_by_size(g.weights, g.quota, "mwc"))


def _mwc_total_dp_estimate(game: SimpleGame) -> Estimate:
    g = _weighted(game)
    return Estimate(*estimate_mwc_members(g.weights, g.quota))


def _critical_dp_estimate(game: SimpleGame) -> Estimate:
    g = _weighted(game)
    return Estimate(*mwc.estimate_by_size(g.weights, g.quota, "critical"))


def _winning_dp(game: SimpleGame) -> Counts:
    g = _weighted(game)
    per, total = mwc.winning_counts(g.weights, g.quota)
    return Counts("winning", tuple(per), {"winning_coalitions": total})


def _by_size_dp(g: WeightedGame, kind: mwc.Kind) -> tuple[dict[int, list[int]], Sized]:
    """The DP's counts by weight class, and per member by size (index 0: size 0, none)."""
    by_weight, _d = mwc.coalitions_by_size(g.weights, g.quota, kind)
    return by_weight, tuple((0, *by_weight[w]) if w in by_weight else (0,) for w in g.weights)


def _mwc_dp(game: SimpleGame) -> Counts:
    g = _weighted(game)
    by_weight, by_size = _by_size_dp(g, "mwc")
    total = mwc.mwc_total(by_weight, g.weights)
    return SizedCounts(
        "mwc", tuple(sum(s) for s in by_size), {"minimal_winning_coalitions": total}, by_size
    )


def _mwc_total_dp(game: SimpleGame) -> Counts:
    g = _weighted(game)
    per, total = mwc_members(g.weights, g.quota)
    return Counts("mwc_total", tuple(per), {"minimal_winning_coalitions": total})


def _critical_dp(game: SimpleGame) -> Counts:
    _by_weight, by_size = _by_size_dp(_weighted(game), "critical")
    return SizedCounts("critical", tuple(sum(s) for s in by_size), by_size=by_size)


def _owen_pivots_dp(game: SimpleGame) -> Counts:
    inner, with_blocs = _weighted_blocs(game)
    groups = with_blocs.blocs.groups
    return Counts(
        "owen_pivots", tuple(owen.owen_counts(inner.weights, inner.quota, groups, banzhaf=False))
    )


def _owen_swings_dp(game: SimpleGame) -> Counts:
    inner, with_blocs = _weighted_blocs(game)
    groups = with_blocs.blocs.groups
    return Counts(
        "owen_swings", tuple(owen.owen_counts(inner.weights, inner.quota, groups, banzhaf=True))
    )


# -- counting: enumeration (any simple game) -------------------------------------------------
def _enum_requires(game: SimpleGame, quantity: str) -> str | None:
    if quantity in BLOC_QUANTITIES:
        if not isinstance(game, GameWithBlocs):
            return "it needs a bloc structure"
        limit = OWEN_ENUMERATION_MAX_MEMBERS
    else:
        limit = ENUMERATION_MAX_MEMBERS
    if game.n > limit:
        return (
            f"enumeration visits all 2^n coalitions and is limited to {limit} members; "
            f"this body has {game.n}"
        )
    return None


def _enum_estimator(passes: int) -> Callable[[SimpleGame], Estimate]:
    def estimate(game: SimpleGame) -> Estimate:
        return Estimate(*brute.estimate_enumeration(game.n, passes))

    return estimate


def _winning_enum(game: SimpleGame) -> Counts:
    small = plain_enumeration(game)
    if small is not None:
        per, total = enumeration.weighted_winning_totals_plain(small.weights, small.quota)
    else:
        per, total = brute.winning_totals(game)
    return Counts("winning", tuple(per), {"winning_coalitions": total})


def _winning_enum_estimate(game: SimpleGame) -> Estimate:
    if plain_enumeration(game) is not None:
        return Estimate(*cost.estimate_plain_enumeration(game.n))
    seconds, nbytes = brute.estimate_enumeration(game.n, 2)
    return Estimate(seconds + cost.first_use_seconds("numpy"), nbytes)


def _mwc_enum(game: SimpleGame) -> Counts:
    table = brute.mwc_by_size(game)
    by_size = tuple(tuple(row) for row in table)
    total = sum(sum(row[s] for row in table) // s for s in range(1, game.n + 1))
    return SizedCounts(
        "mwc", tuple(sum(r) for r in by_size), {"minimal_winning_coalitions": total}, by_size
    )


def _mwc_total_enum(game: SimpleGame) -> Counts:
    return _without_sizes(_mwc_enum(game))


def _without_sizes(counts: Counts) -> Counts:
    """``mwc_total`` counts from ``mwc`` counts (the same numbers, not split by size)."""
    return Counts("mwc_total", counts.per_member, dict(counts.scalars))


def _critical_enum(game: SimpleGame) -> Counts:
    by_size = tuple(tuple(row) for row in brute.critical_by_size(game))
    return SizedCounts("critical", tuple(sum(r) for r in by_size), by_size=by_size)


def _blocs_of(game: SimpleGame) -> GameWithBlocs:
    assert isinstance(game, GameWithBlocs), "requires() admits only games with blocs"
    return game


def _owen_pivots_enum(game: SimpleGame) -> Counts:
    g = _blocs_of(game)
    return Counts(
        "owen_pivots", tuple(brute.owen_enumeration(g.game, g.blocs.groups, banzhaf=False))
    )


def _owen_swings_enum(game: SimpleGame) -> Counts:
    g = _blocs_of(game)
    return Counts(
        "owen_swings", tuple(brute.owen_enumeration(g.game, g.blocs.groups, banzhaf=True))
    )


COALITION_DP = registry.register(
    CountingMethod(
        name="coalition-dp",
        exact=True,
        summary="Exact DP over weights: winning and minimal winning coalitions, critical "
        "members, by size (pseudo-polynomial; multi-modular, exact).",
        reference="Kurz (2016) arXiv:1603.01443; Matsui & Matsui (2000); Uno (2012); "
        "see powershare.power.mwc",
        counters={
            "winning": _winning_dp,
            "mwc": _mwc_dp,
            "mwc_total": _mwc_total_dp,
            "critical": _critical_dp,
        },
        estimators={
            "winning": _winning_dp_estimate,
            "mwc": _mwc_dp_estimate,
            "mwc_total": _mwc_total_dp_estimate,
            "critical": _critical_dp_estimate,
        },
        requires=_dp_requires,
        family="generating-function",
    )
)
BLOC_DP = registry.register(
    CountingMethod(
        name="bloc-dp",
        exact=True,
        summary="Exact generating functions for the Owen and Banzhaf-Owen values of weighted "
        "games with blocs.",
        reference="Alonso-Meijide & Bowles (2005), Annals of Operations Research 137:21-44",
        counters={"owen_pivots": _owen_pivots_dp, "owen_swings": _owen_swings_dp},
        estimators={"owen_pivots": _bloc_dp_estimate, "owen_swings": _bloc_dp_estimate},
        requires=_bloc_dp_requires,
        family="generating-function",
    )
)
COALITION_ENUMERATION = registry.register(
    CountingMethod(
        name="coalition-enumeration",
        exact=True,
        summary="Brute force over all 2^n coalitions (any simple game, n <= 25; blocs "
        "n <= 22): the reference.",
        reference="Definitions: Coleman (1971); Holler & Packel (1983); Deegan & Packel (1978); "
        "Johnston (1978); Owen (1977, 1982)",
        counters={
            "winning": _winning_enum,
            "mwc": _mwc_enum,
            "mwc_total": _mwc_total_enum,
            "critical": _critical_enum,
            "owen_pivots": _owen_pivots_enum,
            "owen_swings": _owen_swings_enum,
        },
        estimators={
            "winning": _winning_enum_estimate,
            "mwc": _enum_estimator(8),
            "mwc_total": _enum_estimator(8),
            "critical": _enum_estimator(8),
            "owen_pivots": _enum_estimator(12),
            "owen_swings": _enum_estimator(12),
        },
        requires=_enum_requires,
        family="enumeration",
    )
)


# -- indices ---------------------------------------------------------------------------------
Values = tuple[tuple[Fraction, ...], int | None]


def swings_from_winning(counts: Counts) -> tuple[int, ...]:
    """Swings ``2 W_i - W`` from the winning-coalition counts."""
    total = counts.scalars["winning_coalitions"]
    return tuple(2 * w - total for w in counts.per_member)


def _sized(counts: Counts) -> tuple[tuple[int, ...], ...]:
    assert isinstance(counts, SizedCounts), "this index needs counts by size"
    return counts.by_size


def _share(values: list[Fraction]) -> tuple[Fraction, ...]:
    total = sum(values, Fraction(0))
    return tuple(v / total if total else Fraction(0) for v in values)


def _holler(counts: Counts, game: SimpleGame) -> Values:
    total = sum(counts.per_member)
    return tuple(Fraction(c, total) for c in counts.per_member), total


def _holler_absolute(counts: Counts, game: SimpleGame) -> Values:
    total = counts.scalars["minimal_winning_coalitions"]
    return tuple(Fraction(c, total) for c in counts.per_member), total


def _inverse_size_sums(counts: Counts) -> list[Fraction]:
    return [
        sum((Fraction(c, s) for s, c in enumerate(row) if s and c), Fraction(0))
        for row in _sized(counts)
    ]


def _deegan_packel(counts: Counts, game: SimpleGame) -> Values:
    total = counts.scalars["minimal_winning_coalitions"]
    return tuple(v / total for v in _inverse_size_sums(counts)), None


def _johnston(counts: Counts, game: SimpleGame) -> Values:
    return _share(_inverse_size_sums(counts)), None


def _coleman_prevent(counts: Counts, game: SimpleGame) -> Values:
    total = counts.scalars["winning_coalitions"]
    return tuple(Fraction(s, total) for s in swings_from_winning(counts)), total


def _coleman_initiate(counts: Counts, game: SimpleGame) -> Values:
    losing = 2**game.n - counts.scalars["winning_coalitions"]
    return tuple(Fraction(s, losing) for s in swings_from_winning(counts)), losing


def _agreements(counts: Counts, game: SimpleGame) -> tuple[int, ...]:
    return tuple(2 ** (game.n - 1) + s for s in swings_from_winning(counts))


def _rae(counts: Counts, game: SimpleGame) -> Values:
    return tuple(Fraction(a, 2**game.n) for a in _agreements(counts, game)), 2**game.n


def _collectivity(counts: Counts, game: SimpleGame) -> dict[str, Any]:
    return {"coleman_collectivity": Fraction(counts.scalars["winning_coalitions"], 2**game.n)}


def _swings(counts: Counts, game: SimpleGame) -> tuple[int, ...]:
    return swings_from_winning(counts)


def _owen(counts: Counts, game: SimpleGame) -> Values:
    assert isinstance(game, GameWithBlocs)
    denominator = _orderings(game)
    return tuple(Fraction(c, denominator) for c in counts.per_member), denominator


def _orderings(game: GameWithBlocs) -> int:
    return math.factorial(game.blocs.m) * math.prod(
        math.factorial(len(g)) for g in game.blocs.groups
    )


def _banzhaf_owen(counts: Counts, game: SimpleGame) -> Values:
    assert isinstance(game, GameWithBlocs)
    blocs = game.blocs
    denominators = [
        2 ** (blocs.m - 1 + len(blocs.groups[blocs.bloc_of(i)]) - 1) for i in range(game.n)
    ]
    values = tuple(Fraction(c, d) for c, d in zip(counts.per_member, denominators, strict=True))
    return values, denominators[0] if len(set(denominators)) == 1 else None


define_index(
    "holler",
    "Holler (PGI)",
    "mwc_total",
    "mwc",
    True,
    _holler,
    "Holler (1982), Forming coalitions and measuring voting power, Political Studies 30:262-271; "
    "Holler & Packel (1983), Power, luck and the right index, J. Economics 43:21-29",
    aliases=("pgi", "public_good", "public_good_index", "holler_packel"),
    header="Holler",
    abbreviation="PGI",
)
define_index(
    "holler_absolute",
    "Holler absolute PGI",
    "mwc_total",
    "mwc",
    False,
    _holler_absolute,
    "Holler & Packel (1983), J. Economics 43:21-29: minimal winning coalitions containing the "
    "member over all minimal winning coalitions",
    aliases=("absolute_pgi", "pgi_absolute"),
)
define_index(
    "deegan_packel",
    "Deegan-Packel",
    "mwc",
    "mwc",
    True,
    _deegan_packel,
    "Deegan & Packel (1978), A new index of power for simple n-person games, "
    "Int. J. Game Theory 7:113-123",
    aliases=("dp", "deeganpackel"),
    abbreviation="DP",
)
define_index(
    "johnston",
    "Johnston",
    "critical",
    "swings",
    True,
    _johnston,
    "Johnston (1978), On the measurement of power: some reactions to Laver, "
    "Environment and Planning A 10:907-914",
    abbreviation="Jo",
)
define_index(
    "coleman_prevent",
    "Coleman prevent",
    "winning",
    "swings",
    False,
    _coleman_prevent,
    "Coleman (1971), Control of collectivities and the power of a collectivity to act, in "
    "Lieberman (ed.), Social Choice, pp. 269-300: swings over winning coalitions",
    display_counts=_swings,
    game_values=_collectivity,
    aliases=("coleman_preventive",),
)
define_index(
    "coleman_initiate",
    "Coleman initiate",
    "winning",
    "swings",
    False,
    _coleman_initiate,
    "Coleman (1971), in Lieberman (ed.), Social Choice, pp. 269-300: swings over losing coalitions",
    display_counts=_swings,
    game_values=_collectivity,
    aliases=("coleman_initiative",),
)
define_index(
    "rae",
    "Rae",
    "winning",
    "agreements",
    False,
    _rae,
    "Rae (1969), Decision-rules and individual values in constitutional choice, APSR "
    "63:40-56; Dubey & Shapley (1979), Math. Oper. Res. 4:99-131: Rae = (1 + Banzhaf abs.)/2",
    display_counts=_agreements,
    null_player=False,
)
define_index(
    "owen",
    "Owen",
    "owen_pivots",
    "pivots",
    True,
    _owen,
    "Owen (1977), Values of games with a priori unions, LNEMS 141:76-88",
    needs_blocs=True,
    aliases=("owen_value",),
    without_blocs="shapley",
)
define_index(
    "banzhaf_owen",
    "Banzhaf-Owen",
    "owen_swings",
    "swings",
    False,
    _banzhaf_owen,
    "Owen (1982), Modification of the Banzhaf-Coleman index for games with a priori unions, "
    "in Holler (ed.), Power, Voting and Voting Power, pp. 232-238",
    needs_blocs=True,
    aliases=("banzhafowen", "owen_banzhaf"),
    without_blocs="banzhaf_absolute",
)
