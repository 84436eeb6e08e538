"""The Public Good Index for games with a-priori unions (blocs): union, solidarity, threats.

Write ``P = {P_1, ..., P_m}`` for the blocs, ``v_P`` for the quotient game (each bloc votes as
one) and ``c_k`` for the number of its minimal winning coalitions containing bloc ``k``, so that
``PGI_k(v_P) = c_k / sum_l c_l`` is the Public Good Index (Holler 1982) of bloc ``k``.  For a
member ``i`` of bloc ``P_k``:

``union_pgi`` (UPGI)
    ``c_k / sum_l |P_l| c_l``: every member of a bloc in a minimal winning coalition of the
    quotient game counts that coalition, as the PGI counts every member of a minimal winning
    coalition (the public-good property carried to the members of the unions): the first
    variation of Alonso-Meijide, Casas-Mendez, Fiestras-Janeiro & Holler (2010), "Two
    variations of the Public Good Index for games with a priori unions", *Control and
    Cybernetics* 39:839-855; EPIC's ``UPGI`` (``src/index/UnionPGI.cpp``: the quotient game's
    PGI over ``sum_l |P_l| PGI_l``).
``solidarity_pgi`` (SPGI)
    ``PGI_k(v_P) / |P_k|``: the bloc's PGI in the quotient game shared equally by its
    members; EPIC's ``SPGI`` (``src/index/SolidarityPGI.cpp``, Staudacher et al.).  We found
    this definition in EPIC only, not in a paper we could read.
``threat_pgi_1``, ``threat_pgi_2``, ``threat_pgi_3``
    ``PGI_k(v_P) t_i / sum_(j in P_k) t_j`` with ``t_j`` the PGI of ``j`` in the *threat game*
    of ``j`` (the game of the partition ``T(P, j)`` that forms when ``j`` leaves its bloc), and
    ``PGI_k(v_P) / |P_k|`` when every ``t_j`` of the bloc is 0 (EPIC's convention; for the first
    two partitions that happens only when ``PGI_k(v_P)`` is 0 too).  The three canonical threat
    partitions of Holler & Nohn (2009), "The Public Good Index with threats in a priori
    unions", in *Essays in Honor of Hannu Nurmi*, as formalised by
    Alonso-Meijide et al. (2010) and reviewed by Staudacher (2025), "Power indices with
    threats in precoalitions", *Games* 16(5):41, section 4.1, and as EPIC computes them
    (``src/index/ThreatPGI1.cpp`` .. ``ThreatPGI3.cpp``):

    1. the whole structure breaks apart: every member alone (the game itself);
    2. the members of ``j``'s bloc stand alone, the other blocs stay;
    3. ``j`` stands alone, the rest of its bloc stays together, the other blocs stay.

Every count is the number of minimal winning coalitions of a game in which groups of members
vote as one (:func:`~powershare.power.blocs.bloc_game`), counted by the best exact method
registered for ``mwc`` (``coalition-dp`` for weighted games: a weighted game stays weighted).
The indices are efficient (they add up to 1), and null players of the quotient game's blocs
get 0.

>>> from powershare.games.weighted import WeightedGame
>>> from powershare.power import power
>>> game = WeightedGame(4, [3, 2, 1, 1], ["A", "B", "C", "D"])
>>> power(game, "union_pgi", blocs="A+D, B+C").exact  # the quotient game [4; 4, 3]
(Fraction(1, 2), Fraction(0, 1), Fraction(0, 1), Fraction(1, 2))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from powershare.games.base import SimpleGame
from powershare.games.lazy_numpy import np
from powershare.games.weighted import WeightedGame
from powershare.power.blocs import Blocs, GameWithBlocs, bloc_game
from powershare.power.indices import define_index
from powershare.power.registry import CountingMethod, Counts, Estimate, registry

__all__ = [
    "BLOC_MWC",
    "FEW_UNITS",
    "PGI_QUANTITIES",
    "ThreatCounts",
    "few_unit_mwc",
    "threat_partitions",
    "unit_mwc",
]

PGI_QUANTITIES = frozenset({"quotient_mwc", "threat_mwc"})
Groups = tuple[tuple[int, ...], ...]
Values = tuple[tuple[Fraction, ...], int | None]


@dataclass(frozen=True)
class ThreatCounts(Counts):
    """Counts of ``"threat_mwc"``: ``per_member`` as for ``"quotient_mwc"`` (the quotient
    game's minimal winning coalitions containing the member's bloc), and ``threat[h][i]``, the
    PGI of member ``i`` in its threat game under threat partition ``h + 1``."""

    threat: tuple[tuple[Fraction, ...], ...] = ()


def _partition_game(game: SimpleGame, groups: Groups) -> SimpleGame:
    names = tuple("+".join(game.names[i] for i in g) for g in groups)
    return bloc_game(game, Blocs(groups, names))


def _mwc_method(game: SimpleGame) -> tuple[CountingMethod, Estimate] | None:
    exact = [(m, e) for m, e in registry.candidates(game, "mwc") if m.exact]
    return exact[0] if exact else None


def unit_mwc(game: SimpleGame, groups: Groups) -> tuple[tuple[int, ...], int]:
    """Per group, the minimal winning coalitions of the game of the groups (each voting as one)
    that contain it; and their number.

    >>> from powershare.games.weighted import WeightedGame
    >>> unit_mwc(WeightedGame(4, [3, 2, 1, 1]), ((0, 3), (1, 2)))
    ((1, 0), 1)
    """
    g = _partition_game(game, groups)
    if _few(g):
        assert isinstance(g, WeightedGame)
        return few_unit_mwc(g.weights, g.quota)
    found = _mwc_method(g)
    assert found is not None, "requires() admits only games whose partition games are counted"
    counts = found[0].count(g, "mwc")
    return counts.per_member, counts.scalars["minimal_winning_coalitions"]


FEW_UNITS = 40
"""Weighted games of at most this many units are counted by :func:`few_unit_mwc` (every count
is below ``2^40``, so ``int64`` sums are exact)."""


def _few(game: SimpleGame) -> bool:
    return (
        isinstance(game, WeightedGame)
        and game.n <= FEW_UNITS
        and game.quota + max(game.weights) <= 10**7
    )


def _cost(game: SimpleGame) -> Estimate | None:
    """What counting the minimal winning coalitions of a partition game costs (``None``: no
    exact method can)."""
    if _few(game):
        assert isinstance(game, WeightedGame)
        distinct = len(set(game.weights))
        cells = distinct * distinct * (game.quota + max(game.weights))
        return Estimate(1e-4 + 2e-8 * cells, 40 * (game.quota + max(game.weights)))
    found = _mwc_method(game)
    return None if found is None else found[1]


def few_unit_mwc(weights: tuple[int, ...], quota: int) -> tuple[tuple[int, ...], int]:
    """Minimal winning coalitions per member, and their number, of ``[quota; weights]`` for a
    few members (exact in ``int64`` below :data:`FEW_UNITS` members).

    A coalition of weight ``q + e`` is minimal iff each member outweighs ``e`` (Kurz 2016,
    as in :mod:`powershare.power.mwc`), so the count for a member of weight ``w`` is
    ``sum_(e < w) [z^(q - w + e)] K_e / (1 + z^w)`` with ``K_e = prod_(w_v > e) (1 + z^(w_v))``.
    ``K_e`` changes only at the members' weights, so each piece of ``e`` between two distinct
    weights is one window sum of one quotient: ``O(D^2 (q + max w))`` for ``D`` distinct weights,
    which suits games of few units with large weights (blocs).

    >>> few_unit_mwc((35, 20, 15, 15, 15), 51)  # Holler's example: 5 MWCs
    ((4, 2, 3, 3, 3), 5)
    """
    distinct = sorted({w for w in weights if w > 0}, reverse=True)
    length = quota + distinct[0]
    poly = np.zeros(length, dtype=np.int64)
    poly[0] = 1
    per_weight = dict.fromkeys(distinct, 0)
    total = 0
    for j, d in enumerate(distinct):
        for _ in range(weights.count(d)):
            if d < length:
                poly[d:] += poly[:-d].copy()
        low = distinct[j + 1] if j + 1 < len(distinct) else 0  # e in [low, d): the heavy >= d
        total += int(poly[quota + low : quota + d].sum())
        for w in distinct[: j + 1]:
            # [z^t] poly / (1 + z^w) = sum_l (-1)^l poly[t - l w]: alternating sums down each
            # residue class modulo w (partial sums stay below 2^62)
            rows = -(-length // w)
            grid = np.zeros(rows * w, dtype=np.int64)
            grid[:length] = poly
            sign = np.where(np.arange(rows) % 2 == 0, 1, -1)[:, None]
            quotient = (sign * np.cumsum(sign * grid.reshape(rows, w), axis=0)).ravel()
            first, last = max(quota - w + low, 0), quota - w + d
            if first < last:
                per_weight[w] += int(quotient[first:last].sum())
    return tuple(per_weight.get(w, 0) for w in weights), total


def threat_partitions(groups: Groups, i: int) -> tuple[Groups, Groups, Groups]:
    """The three threat partitions ``T(P, i)`` of Holler & Nohn (2009) for member ``i``.

    >>> threat_partitions(((0, 3), (1, 2, 4)), 2)
    (((0,), (1,), (2,), (3,), (4,)), ((0, 3), (1,), (2,), (4,)), ((0, 3), (1, 4), (2,)))
    """
    own = next(g for g in groups if i in g)
    others = tuple(g for g in groups if g is not own)
    alone = tuple((j,) for j in own)
    rest = tuple(j for j in own if j != i)
    every = tuple((j,) for g in groups for j in g)
    return (
        tuple(sorted(every)),
        tuple(sorted(others + alone)),
        tuple(sorted(others + ((i,),) + ((rest,) if rest else ()))),
    )


def _pgi_of(
    game: SimpleGame, groups: Groups, i: int, known: dict[Groups, tuple[int, ...]]
) -> Fraction:
    """The PGI of the group that is member ``i`` alone, in the game of ``groups`` (each
    partition's game counted once, in ``known``)."""
    if groups not in known:
        known[groups] = unit_mwc(game, groups)[0]
    per_unit = known[groups]
    whole = sum(per_unit)
    unit = groups.index((i,))
    return Fraction(per_unit[unit], whole) if whole else Fraction(0)


def _blocs(game: SimpleGame) -> GameWithBlocs:
    assert isinstance(game, GameWithBlocs), "requires() admits only games with blocs"
    return game


def _quotient(game: SimpleGame) -> tuple[tuple[int, ...], int]:
    g = _blocs(game)
    per_bloc, total = unit_mwc(g.game, g.blocs.groups)
    return tuple(per_bloc[g.blocs.bloc_of(i)] for i in range(g.n)), total


def _count_quotient(game: SimpleGame) -> Counts:
    per, total = _quotient(game)
    return Counts("quotient_mwc", per, {"quotient_minimal_winning_coalitions": total})


def _count_threat(game: SimpleGame) -> Counts:
    g = _blocs(game)
    per, total = _quotient(game)
    known: dict[Groups, tuple[int, ...]] = {}
    threat = tuple(
        tuple(
            _pgi_of(g.game, threat_partitions(g.blocs.groups, i)[h], i, known) for i in range(g.n)
        )
        for h in range(3)
    )
    return ThreatCounts("threat_mwc", per, {"quotient_minimal_winning_coalitions": total}, threat)


def _partition_games(game: SimpleGame, quantity: str) -> list[SimpleGame]:
    g = _blocs(game)
    groups = g.blocs.groups
    games = [_partition_game(g.game, groups)]
    if quantity == "threat_mwc":
        seen = {groups}
        for i in range(g.n):
            for part in threat_partitions(groups, i):
                if part not in seen:
                    seen.add(part)
                    games.append(_partition_game(g.game, part))
    return games


def _requires(game: SimpleGame, quantity: str) -> str | None:
    if not isinstance(game, GameWithBlocs):
        return "it needs a bloc structure"
    for g in _partition_games(game, quantity):
        if _cost(g) is None:
            return f"no exact method counts the minimal winning coalitions of {g.describe()}"
    return None


def _estimator(quantity: str) -> Callable[[SimpleGame], Estimate]:
    def estimate(game: SimpleGame) -> Estimate:
        seconds, memory = 0.0, 0
        for g in _partition_games(game, quantity):
            cost = _cost(g)
            assert cost is not None, "requires() admits only games whose partition games count"
            seconds += cost.seconds
            memory = max(memory, cost.bytes)
        return Estimate(seconds, memory)

    return estimate


BLOC_MWC = registry.register(
    CountingMethod(
        name="bloc-mwc",
        exact=True,
        summary="Minimal winning coalitions of the games in which blocs (or the groups of a "
        "threat partition) vote as one, each counted by the best exact 'mwc' method.",
        reference="Alonso-Meijide, Casas-Mendez, Fiestras-Janeiro & Holler (2010), Control and "
        "Cybernetics 39(3); Holler & Nohn (2009); see powershare.power.pgi_variants",
        counters={"quotient_mwc": _count_quotient, "threat_mwc": _count_threat},
        estimators={q: _estimator(q) for q in ("quotient_mwc", "threat_mwc")},
        requires=_requires,
    )
)


# -- indices ---------------------------------------------------------------------------------
def _sizes(game: SimpleGame) -> list[int]:
    g = _blocs(game)
    return [len(g.blocs.groups[g.blocs.bloc_of(i)]) for i in range(g.n)]


def _union(counts: Counts, game: SimpleGame) -> Values:
    g = _blocs(game)
    per_bloc = {g.blocs.bloc_of(i): c for i, c in enumerate(counts.per_member)}
    total = sum(len(g.blocs.groups[k]) * c for k, c in per_bloc.items())
    return tuple(Fraction(c, total) for c in counts.per_member), total


def _external(counts: Counts, game: SimpleGame) -> list[Fraction]:
    """Per member, the PGI of its bloc in the quotient game."""
    g = _blocs(game)
    per_bloc = {g.blocs.bloc_of(i): c for i, c in enumerate(counts.per_member)}
    whole = sum(per_bloc.values())
    return [Fraction(c, whole) for c in counts.per_member]


def _solidarity(counts: Counts, game: SimpleGame) -> Values:
    return tuple(v / k for v, k in zip(_external(counts, game), _sizes(game), strict=True)), None


def _threat(h: int) -> Callable[[Counts, SimpleGame], Values]:
    def values(counts: Counts, game: SimpleGame) -> Values:
        assert isinstance(counts, ThreatCounts), "the threat indices need threat_mwc counts"
        g = _blocs(game)
        external = _external(counts, game)
        shares = counts.threat[h]
        out = []
        for i in range(g.n):
            bloc = g.blocs.groups[g.blocs.bloc_of(i)]
            within = sum((shares[j] for j in bloc), Fraction(0))
            part = shares[i] / within if within else Fraction(1, len(bloc))
            out.append(external[i] * part)
        return tuple(out), None

    return values


_UNION_REFERENCE = (
    "Alonso-Meijide, Casas-Mendez, Fiestras-Janeiro & Holler (2010), Two variations of the "
    "Public Good Index for games with a priori unions, Control and Cybernetics 39(3); "
    "EPIC (Staudacher et al.), UPGI"
)
define_index(
    "union_pgi",
    "Union PGI",
    "quotient_mwc",
    "quotient MWCs",
    True,
    _union,
    _UNION_REFERENCE + ": c_k / sum_l |P_l| c_l, c_k = MWCs of the quotient game with bloc k",
    needs_blocs=True,
    aliases=("upgi", "union_public_good"),
    header="Union PGI",
    abbreviation="UPGI",
    without_blocs="holler",
)
define_index(
    "solidarity_pgi",
    "Solidarity PGI",
    "quotient_mwc",
    "quotient MWCs",
    True,
    _solidarity,
    "EPIC (Staudacher et al.), SPGI: the PGI of the bloc in the quotient game, shared "
    "equally among its members, PGI_k(v_P) / |P_k|",
    needs_blocs=True,
    aliases=("spgi", "solidarity_public_good"),
    header="Solidarity PGI",
    abbreviation="SPGI",
    without_blocs="holler",
)
_THREATS = (
    "every member alone",
    "the members of the bloc alone, the other blocs kept",
    "the member alone, the rest of its bloc and the other blocs kept",
)
for _h, _words in enumerate(_THREATS):
    define_index(
        f"threat_pgi_{_h + 1}",
        f"Threat PGI {_h + 1}",
        "threat_mwc",
        "quotient MWCs",
        True,
        _threat(_h),
        f"Holler & Nohn (2009), The Public Good Index with threats in a priori unions, Essays "
        f"in Honor of Hannu Nurmi; Alonso-Meijide et al. (2010); Staudacher (2025), Games "
        f"16(5):41, sec. 4.1; EPIC TPGI{_h + 1}: PGI_k(v_P) t_i / sum_(j in P_k) t_j, t_j the "
        f"PGI of j in its threat game ({_words})",
        needs_blocs=True,
        aliases=(f"tpgi{_h + 1}", f"threat_pgi{_h + 1}"),
        header=f"Threat PGI {_h + 1}",
        abbreviation=f"TPGI{_h + 1}",
        without_blocs="holler",
    )
