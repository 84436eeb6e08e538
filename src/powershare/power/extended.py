"""The coalition-based power indices and the bloc (a-priori union) values.

Registers, for :func:`powershare.power.power` and :func:`powershare.power.power_table`:

========================  ===================  ==========================================
index key                 quantity counted     source
========================  ===================  ==========================================
``holler``                ``mwc``              Holler (1982); Holler & Packel (1983)
``holler_absolute``       ``mwc``              Holler & Packel (1983)
``deegan_packel``         ``mwc``              Deegan & Packel (1978)
``johnston``              ``critical``         Johnston (1978)
``coleman_prevent``       ``winning``          Coleman (1971)
``coleman_initiate``      ``winning``          Coleman (1971)
``rae``                   ``winning``          Rae (1969); Dubey & Shapley (1979)
``owen``                  ``owen_pivots``      Owen (1977)
``banzhaf_owen``          ``owen_swings``      Owen (1982)
========================  ===================  ==========================================

and the counting methods ``coalition-dp`` and ``bloc-dp`` (exact dynamic programming over
weights, for weighted games; :mod:`powershare.power.mwc`, :mod:`powershare.power.owen`) and
``coalition-enumeration`` (any simple game with few members; :mod:`powershare.power.brute`).
Game-level counts go to ``Counts.scalars``: ``winning_coalitions``,
``minimal_winning_coalitions``; ``coleman_collectivity`` (Coleman's power of the collectivity
to act, ``W / 2^n``) is attached to the Coleman results.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame
from powershare.power import brute, mwc, owen
from powershare.power.blocs import GameWithBlocs
from powershare.power.indices import IndexSpec, register_index
from powershare.power.registry import CountingMethod, Counts, Estimate, registry

__all__ = [
    "BLOC_QUANTITIES",
    "COALITION_QUANTITIES",
    "ENUMERATION_MAX_MEMBERS",
    "SizedCounts",
    "swings_from_winning",
]

ENUMERATION_MAX_MEMBERS = 25
OWEN_ENUMERATION_MAX_MEMBERS = 22
COALITION_QUANTITIES = frozenset({"winning", "mwc", "critical"})
BLOC_QUANTITIES = frozenset({"owen_pivots", "owen_swings"})


@dataclass(frozen=True)
class SizedCounts(Counts):
    """Counts per member split by size.

    ``by_size[i][s]`` is, for quantity ``"mwc"``, the number of minimal winning coalitions of
    ``s`` members containing member ``i``; for ``"critical"``, the number of winning coalitions
    in which ``i`` is critical and exactly ``s`` members are critical.
    """

    by_size: tuple[tuple[int, ...], ...] = ()


# -- counting: dynamic programming (weighted games) -------------------------------------------
def _dp_applies(game: SimpleGame, quantity: str) -> str | None:
    if quantity in BLOC_QUANTITIES:
        if not isinstance(game, GameWithBlocs):
            return "it needs a bloc structure"
        if not isinstance(game.game, WeightedGame):
            return "it needs a weighted game"
        return None
    if not isinstance(game, WeightedGame):
        return "it needs a weighted game"
    return None


def _dp_estimate(game: SimpleGame, quantity: str) -> Estimate:
    if isinstance(game, GameWithBlocs):
        assert isinstance(game.game, WeightedGame)
        inner = game.game
        seconds = owen.estimate_owen(inner.weights, inner.quota, game.blocs.groups)
        biggest = max(len(g) for g in game.blocs.groups)
        return Estimate(seconds, 200 * inner.quota * (max(game.blocs.m, biggest) + 1) + 10**6)
    assert isinstance(game, WeightedGame)
    if quantity == "winning":
        seconds, nbytes = mwc.estimate_winning(game.weights, game.quota)
    else:
        seconds, nbytes = mwc.estimate_by_size(game.weights, game.quota, _kind(quantity))
    return Estimate(seconds, nbytes)


def _kind(quantity: str) -> mwc.Kind:
    return "mwc" if quantity == "mwc" else "critical"


def _dp_count(game: SimpleGame, quantity: str) -> Counts:
    if isinstance(game, GameWithBlocs):
        inner = game.game
        assert isinstance(inner, WeightedGame)
        counts = owen.owen_counts(
            inner.weights, inner.quota, game.blocs.groups, banzhaf=quantity == "owen_swings"
        )
        return Counts(quantity, tuple(counts))
    assert isinstance(game, WeightedGame)
    if quantity == "winning":
        per, total = mwc.winning_counts(game.weights, game.quota)
        return Counts("winning", tuple(per), {"winning_coalitions": total})
    by_weight, _d = mwc.coalitions_by_size(game.weights, game.quota, _kind(quantity))
    by_size = tuple((0, *by_weight[w]) if w in by_weight else (0,) for w in game.weights)
    scalars = {}
    if quantity == "mwc":
        scalars["minimal_winning_coalitions"] = mwc.mwc_total(by_weight, game.weights)
    return SizedCounts(quantity, tuple(sum(s) for s in by_size), scalars, by_size=by_size)


# -- counting: enumeration (any simple game) -------------------------------------------------
def _enum_applies(game: SimpleGame, quantity: str) -> str | None:
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


def _enum_estimate(game: SimpleGame, quantity: str) -> Estimate:
    passes = {"winning": 2, "mwc": 8, "critical": 8}.get(quantity, 12)
    seconds, nbytes = brute.estimate_enumeration(game.n, passes)
    return Estimate(seconds, nbytes)


def _enum_count(game: SimpleGame, quantity: str) -> Counts:
    if isinstance(game, GameWithBlocs):
        counts = brute.owen_enumeration(
            game.game, game.blocs.groups, banzhaf=quantity == "owen_swings"
        )
        return Counts(quantity, tuple(counts))
    if quantity == "winning":
        per, total = brute.winning_totals(game)
        return Counts("winning", tuple(per), {"winning_coalitions": total})
    if quantity == "mwc":
        table = brute.mwc_by_size(game)
        by_size = tuple(tuple(row) for row in table)
        total = sum(sum(row[s] for row in table) // s for s in range(1, game.n + 1))
        return SizedCounts(
            "mwc",
            tuple(sum(r) for r in by_size),
            {"minimal_winning_coalitions": total},
            by_size=by_size,
        )
    by_size = tuple(tuple(row) for row in brute.critical_by_size(game))
    return SizedCounts("critical", tuple(sum(r) for r in by_size), by_size=by_size)


registry.register(
    CountingMethod(
        name="coalition-dp",
        quantities=COALITION_QUANTITIES,
        exact=True,
        summary="Exact DP over weights: winning and minimal winning coalitions, critical "
        "members, by size (pseudo-polynomial; multi-modular, exact).",
        reference="Kurz (2016) arXiv:1603.01443; Matsui & Matsui (2000); Uno (2012); "
        "see powershare.power.mwc",
        applies=_dp_applies,
        estimate=_dp_estimate,
        count=_dp_count,
        extra={"family": "generating-function"},
    )
)
registry.register(
    CountingMethod(
        name="bloc-dp",
        quantities=BLOC_QUANTITIES,
        exact=True,
        summary="Exact generating functions for the Owen and Banzhaf-Owen values of weighted "
        "games with blocs.",
        reference="Alonso-Meijide & Bowles (2005), Annals of Operations Research 137:21-44",
        applies=_dp_applies,
        estimate=_dp_estimate,
        count=_dp_count,
        extra={"family": "generating-function"},
    )
)
registry.register(
    CountingMethod(
        name="coalition-enumeration",
        quantities=COALITION_QUANTITIES | BLOC_QUANTITIES,
        exact=True,
        summary="Brute force over all 2^n coalitions (any simple game, n <= 25; blocs "
        "n <= 22): the reference.",
        reference="Definitions: Coleman (1971); Holler & Packel (1983); Deegan & Packel (1978); "
        "Johnston (1978); Owen (1977, 1982)",
        applies=_enum_applies,
        estimate=_enum_estimate,
        count=_enum_count,
        extra={"family": "enumeration"},
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
    import math

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


def _spec(
    key: str,
    label: str,
    quantity: str,
    count_label: str,
    normalised: bool,
    values: Callable[[Counts, SimpleGame], Values],
    reference: str,
    **more: Any,
) -> None:
    register_index(
        IndexSpec(
            key=key,
            label=label,
            quantity=quantity,
            count_label=count_label,
            normalised=normalised,
            values=values,
            reference=reference,
            **more,
        )
    )


_spec(
    "holler",
    "Holler (PGI)",
    "mwc",
    "mwc",
    True,
    _holler,
    "Holler (1982), Forming coalitions and measuring voting power, Political Studies 30:262-271; "
    "Holler & Packel (1983), Power, luck and the right index, J. Economics 43:21-29",
)
_spec(
    "holler_absolute",
    "Holler absolute PGI",
    "mwc",
    "mwc",
    False,
    _holler_absolute,
    "Holler & Packel (1983), J. Economics 43:21-29: minimal winning coalitions containing the "
    "member over all minimal winning coalitions",
)
_spec(
    "deegan_packel",
    "Deegan-Packel",
    "mwc",
    "mwc",
    True,
    _deegan_packel,
    "Deegan & Packel (1978), A new index of power for simple n-person games, "
    "Int. J. Game Theory 7:113-123",
)
_spec(
    "johnston",
    "Johnston",
    "critical",
    "swings",
    True,
    _johnston,
    "Johnston (1978), On the measurement of power: some reactions to Laver, "
    "Environment and Planning A 10:907-914",
)
_spec(
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
)
_spec(
    "coleman_initiate",
    "Coleman initiate",
    "winning",
    "swings",
    False,
    _coleman_initiate,
    "Coleman (1971), in Lieberman (ed.), Social Choice, pp. 269-300: swings over losing coalitions",
    display_counts=_swings,
    game_values=_collectivity,
)
_spec(
    "rae",
    "Rae",
    "winning",
    "agreements",
    False,
    _rae,
    "Rae (1969), Decision-rules and individual values in constitutional choice, APSR "
    "63:40-56; Dubey & Shapley (1979), Math. Oper. Res. 4:99-131: Rae = (1 + Banzhaf abs.)/2",
    display_counts=_agreements,
)
_spec(
    "owen",
    "Owen",
    "owen_pivots",
    "pivots",
    True,
    _owen,
    "Owen (1977), Values of games with a priori unions, LNEMS 141:76-88",
    needs_blocs=True,
)
_spec(
    "banzhaf_owen",
    "Banzhaf-Owen",
    "owen_swings",
    "swings",
    False,
    _banzhaf_owen,
    "Owen (1982), Modification of the Banzhaf-Coleman index for games with a priori unions, "
    "in Holler (ed.), Power, Voting and Voting Power, pp. 232-238",
    needs_blocs=True,
)
