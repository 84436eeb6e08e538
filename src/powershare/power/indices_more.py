"""More power indices from the literature, each exact, each from counts of one quantity.

========================  ======================  =============================================
index key                 quantity counted        source
========================  ======================  =============================================
``public_help``           ``winning``             Bertini, Gambarelli & Stach (2008)
``public_help_xi``        ``winning_by_size``     Bertini & Stach (2015); Stach (2016)
``koenig_braeuninger``    ``winning``             Koenig & Braeuninger (1998)
``nevison``               ``winning``             Nevison (1979)
``chow``                  ``winning``             Chow (1961); Taylor & Zwicker (1999)
``tijs``                  ``winning``             Tijs (1981)
``felsenthal``            ``mwc``                 Felsenthal (2016)
``colomer_martinez``      ``mwc_by_weight``       Colomer & Martinez (1995)
``shift``                 ``shift_mwc``           Alonso-Meijide & Freixas (2010)
``shift_deegan_packel``   ``shift_mwc``           Alonso-Meijide & Freixas (2010)
``coleman_shapley``       ``swings_by_size``      Casajus & Huettner (2019)
``union_pgi``             ``quotient_mwc``        Alonso-Meijide et al. (2010); EPIC
``solidarity_pgi``        ``quotient_mwc``        EPIC (Staudacher et al.)
``threat_pgi_1``..``3``   ``threat_mwc``          Holler & Nohn (2009); Staudacher (2025)
========================  ======================  =============================================

The last five need blocs and live in :mod:`powershare.power.pgi_variants`; the shift-minimal
coalitions of weighted games are counted by :mod:`powershare.power.shift_dp` (``shift-dp``).

Write ``W`` for the winning coalitions, ``W_i`` for those containing ``i``, ``M`` (``M_i``)
for the minimal winning ones.  Every value is a :class:`~fractions.Fraction` of exact counts.

>>> from powershare.games.weighted import WeightedGame
>>> from powershare.power import power
>>> power(WeightedGame(2, [1, 1, 1]), "public_help").exact[0]
Fraction(1, 3)
"""

from __future__ import annotations

import math
from fractions import Fraction

from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame
from powershare.power import pgi_variants as _pgi_variants  # noqa: F401  (PGI with blocs)
from powershare.power import shift_dp as _shift_dp  # noqa: F401  (registers shift-dp)
from powershare.power import sizes as _sizes  # noqa: F401  (registers size-dp, size-enumeration)
from powershare.power.extended import SizedCounts
from powershare.power.indices import define_index
from powershare.power.registry import Counts

__all__ = ["coleman_shapley_weights"]

Values = tuple[tuple[Fraction, ...], int | None]


def _by_size(counts: Counts) -> tuple[tuple[int, ...], ...]:
    assert isinstance(counts, SizedCounts), "this index needs counts by size"
    return counts.by_size


def _over(counts: Counts, denominator: int) -> Values:
    if denominator == 0:
        return tuple(Fraction(0) for _ in counts.per_member), None
    return tuple(Fraction(c, denominator) for c in counts.per_member), denominator


def _public_help(counts: Counts, game: SimpleGame) -> Values:
    return _over(counts, sum(counts.per_member))


def _koenig_braeuninger(counts: Counts, game: SimpleGame) -> Values:
    return _over(counts, counts.scalars["winning_coalitions"])


def _nevison(counts: Counts, game: SimpleGame) -> Values:
    return _over(counts, 2 ** (game.n - 1))


def _chow(counts: Counts, game: SimpleGame) -> Values:
    return tuple(Fraction(c) for c in counts.per_member), 1


def _tijs(counts: Counts, game: SimpleGame) -> Values:
    total = counts.scalars["winning_coalitions"]
    vetoes = [c == total for c in counts.per_member]
    k = sum(vetoes)
    return tuple(Fraction(int(v), k) if k else Fraction(0) for v in vetoes), k or None


def _vetoes(counts: Counts, game: SimpleGame) -> tuple[int, ...]:
    total = counts.scalars["winning_coalitions"]
    return tuple(int(c == total) for c in counts.per_member)


def _public_help_xi(counts: Counts, game: SimpleGame) -> Values:
    rows = _by_size(counts)
    per = [sum((Fraction(c, s * s) for s, c in enumerate(r) if s and c), Fraction(0)) for r in rows]
    # sum over winning S of 1/|S|: the members' counts of size s add up to s W(s)
    total = sum(
        (Fraction(sum(r[s] for r in rows if s < len(r)), s * s) for s in range(1, game.n + 1)),
        Fraction(0),
    )
    return tuple(v / total if total else Fraction(0) for v in per), None


def _least_size(rows: tuple[tuple[int, ...], ...]) -> int | None:
    sizes = [s for r in rows for s, c in enumerate(r) if s and c]
    return min(sizes) if sizes else None


def _felsenthal(counts: Counts, game: SimpleGame) -> Values:
    rows = _by_size(counts)
    s = _least_size(rows)
    per = [r[s] if s is not None and s < len(r) else 0 for r in rows]
    total = sum(per)
    return tuple(Fraction(c, total) if total else Fraction(0) for c in per), total or None


def _felsenthal_counts(counts: Counts, game: SimpleGame) -> tuple[int, ...]:
    rows = _by_size(counts)
    s = _least_size(rows)
    return tuple(r[s] if s is not None and s < len(r) else 0 for r in rows)


def _colomer_martinez(counts: Counts, game: SimpleGame) -> Values:
    assert isinstance(game, WeightedGame)
    rows = _by_size(counts)
    total = counts.scalars["minimal_winning_coalitions"]
    per = [
        sum(
            (Fraction(game.weights[i] * c, game.quota + e) for e, c in enumerate(r) if c),
            Fraction(0),
        )
        for i, r in enumerate(rows)
    ]
    return tuple(v / total if total else Fraction(0) for v in per), None


def _shift(counts: Counts, game: SimpleGame) -> Values:
    return _over(counts, sum(counts.per_member))


def _shift_deegan_packel(counts: Counts, game: SimpleGame) -> Values:
    total = counts.scalars["shift_minimal_winning_coalitions"]
    per = [
        sum((Fraction(c, s) for s, c in enumerate(r) if s and c), Fraction(0))
        for r in _by_size(counts)
    ]
    return tuple(v / total if total else Fraction(0) for v in per), None


def coleman_shapley_weights(n: int) -> list[Fraction]:
    """``c[t]``: the weight of a swing in a coalition of ``t`` members in the Coleman-Shapley
    index of an ``n``-member game (Casajus & Huettner 2019, appendix A):
    ``c_t = sum_(s=0)^(n-t) (n-t)! (s+t-1)! / (n! s! 2^(s+t-1))``.

    >>> coleman_shapley_weights(2)
    [Fraction(0, 1), Fraction(3, 4), Fraction(1, 4)]
    """
    # one common denominator n! 2^(n-1) per t, and integer numerators: (s+t-1)!/s! is
    # perm(s+t-1, t-1); Fraction sums of n terms each would cost O(n^2) gcds
    out = [Fraction(0)]
    top = n - 1
    for t in range(1, n + 1):
        num = sum(math.perm(s + t - 1, t - 1) << (top - (s + t - 1)) for s in range(n - t + 1))
        out.append(Fraction(math.factorial(n - t) * num, math.factorial(n) << top))
    return out


def _coleman_shapley(counts: Counts, game: SimpleGame) -> Values:
    c = coleman_shapley_weights(game.n)
    return tuple(
        sum((c[t] * k for t, k in enumerate(r) if t and k), Fraction(0)) for r in _by_size(counts)
    ), None


def _swings_total(counts: Counts, game: SimpleGame) -> tuple[int, ...]:
    return counts.per_member


define_index(
    "public_help",
    "Public Help theta",
    "winning",
    "winning",
    True,
    _public_help,
    "Bertini, Gambarelli & Stach (2008), A public help index, in Braham & Steffen (eds.), "
    "Power, Freedom, and Voting, Springer, pp. 83-98: |W_i| / sum_j |W_j|",
    aliases=("public_help_theta", "phi_theta", "theta"),
    header="Public Help",
    abbreviation="PHI",
    null_player=False,
)
define_index(
    "public_help_xi",
    "Public Help xi",
    "winning_by_size",
    "winning",
    True,
    _public_help_xi,
    "Bertini & Stach (2015), On public values and power indices, Decision Making in "
    "Manufacturing and Services 9:9-25; Stach (2016), Transactions on Computational "
    "Collective Intelligence 23:99-110: sum_(S in W_i) 1/|S|^2 over sum_(S in W) 1/|S|",
    aliases=("public_help_chi", "xi"),
    abbreviation="PHxi",
    null_player=False,
)
define_index(
    "koenig_braeuninger",
    "Koenig-Braeuninger",
    "winning",
    "winning",
    False,
    _koenig_braeuninger,
    "Koenig & Braeuninger (1998), The inclusiveness of European decision rules, J. Theoretical "
    "Politics 10:125-142: |W_i| / |W|",
    aliases=("kb", "konig_brauninger", "koenig_brauninger", "inclusiveness"),
    abbreviation="KB",
    null_player=False,
)
define_index(
    "nevison",
    "Nevison",
    "winning",
    "winning",
    False,
    _nevison,
    "Nevison (1979), Structural power and satisfaction in simple games, in Brams, Schotter & "
    "Schwoediauer (eds.), Applied Game Theory, pp. 39-57: |W_i| / 2^(n-1)",
    aliases=("nevison_index",),
    abbreviation="Nev",
    null_player=False,
)
define_index(
    "chow",
    "Chow parameters",
    "winning",
    "winning",
    False,
    _chow,
    "Chow (1961), On the characterization of threshold functions, Proc. IEEE SCTLD 34-38; "
    "Taylor & Zwicker (1999), Simple Games, sec. 2.4: |W_i|, the winning coalitions with i",
    aliases=("chow_parameters",),
    abbreviation="Chow",
    null_player=False,
)
define_index(
    "tijs",
    "Tijs",
    "winning",
    "veto",
    False,  # sums to 1 only when the game has a veto player (else undefined: all 0)
    _tijs,
    "Tijs (1981), Bounds for the core and the tau-value, in Moeschlin & Pallaschke (eds.), Game "
    "Theory and Mathematical Economics, pp. 123-132: the tau-value of a simple game with veto "
    "players shares equally among them (all 0 when there is no veto player: undefined)",
    display_counts=_vetoes,
    aliases=("tau", "tau_value"),
)
define_index(
    "felsenthal",
    "Felsenthal",
    "mwc",
    "mwc",
    True,
    _felsenthal,
    "Felsenthal (2016), A well-behaved index of a priori P-power for simplified n-person "
    "games, Homo Oeconomicus 33:367-381 (after Felsenthal & Machover 1998): least-size minimal "
    "winning coalitions with i over those of all members",
    display_counts=_felsenthal_counts,
    aliases=("felsenthal_index", "least_size"),
    abbreviation="Fel",
)
define_index(
    "colomer_martinez",
    "Colomer-Martinez",
    "mwc_by_weight",
    "mwc",
    True,
    _colomer_martinez,
    "Colomer & Martinez (1995), The paradox of coalition trading, J. Theoretical Politics "
    "7:41-63: (1/|M|) sum_(S in M_i) w_i / w(S); depends on the weights, weighted games only",
    aliases=("colomer", "colomer_martinez_index"),
    abbreviation="CM",
)
define_index(
    "shift",
    "Shift",
    "shift_mwc",
    "coalitions",
    True,
    _shift,
    "Alonso-Meijide & Freixas (2010), A new power index based on minimal winning coalitions "
    "without any surplus, Decision Support Systems 49:70-76: shift-minimal winning coalitions",
    aliases=("shift_index",),
    abbreviation="Sh",
)
define_index(
    "shift_deegan_packel",
    "Shift Deegan-Packel",
    "shift_mwc",
    "coalitions",
    True,
    _shift_deegan_packel,
    "Alonso-Meijide & Freixas (2010), Decision Support Systems 49:70-76: Deegan-Packel over "
    "the shift-minimal winning coalitions, (1/|SW|) sum_(S in SW_i) 1/|S|",
    aliases=("shift_dp",),
    abbreviation="ShDP",
)
define_index(
    "coleman_shapley",
    "Coleman-Shapley",
    "swings_by_size",
    "swings",
    False,
    _coleman_shapley,
    "Casajus & Huettner (2019), The Coleman-Shapley-index: being decisive within the coalition "
    "of the interested, Public Choice 181:275-289: swings weighted by c_t (appendix A)",
    display_counts=_swings_total,
    aliases=("csi", "colemanshapley"),
    abbreviation="CS",
)
