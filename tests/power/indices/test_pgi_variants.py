"""The Public Good Index with blocs (union, solidarity, threats) against its definitions.

References, written here from the definitions with :meth:`SimpleGame.is_winning` and loops over
coalitions of groups (independent of :func:`powershare.power.blocs.bloc_game` and of the
counting methods): Alonso-Meijide, Casas-Mendez, Fiestras-Janeiro & Holler (2010) for the union
PGI; EPIC (``UnionPGI.cpp``, ``SolidarityPGI.cpp``, ``ThreatPGI1..3.cpp``); Holler & Nohn
(2009) and Staudacher (2025), *Games* 16(5):41, sec. 4.1, for the threat partitions.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest

from powershare.games import AllOf, AtLeast, Criterion
from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame
from powershare.power import INDICES, Blocs, power, power_table, registry
from powershare.power.pgi_variants import few_unit_mwc

Groups = list[tuple[int, ...]]
KEYS = ["union_pgi", "solidarity_pgi", "threat_pgi_1", "threat_pgi_2", "threat_pgi_3"]


def _pgi(game: SimpleGame, groups: Groups) -> list[Fraction]:
    """PGI of each group in the game where the groups vote as units (Holler 1982)."""
    m = len(groups)

    def wins(units: tuple[int, ...]) -> bool:
        return game.is_winning([i for k in units for i in groups[k]])

    minimal = [
        set(c)
        for r in range(1, m + 1)
        for c in itertools.combinations(range(m), r)
        if wins(c) and all(not wins(tuple(x for x in c if x != k)) for k in c)
    ]
    counts = [sum(1 for c in minimal if k in c) for k in range(m)]
    total = sum(counts)
    return [Fraction(c, total) if total else Fraction(0) for c in counts]


def _reference(game: SimpleGame, groups: Groups) -> dict[str, list[Fraction]]:
    n = game.n
    bloc = {i: k for k, g in enumerate(groups) for i in g}
    ext = _pgi(game, groups)
    m = len(groups)
    minimal_counts = [Fraction(0)] * m  # c_k, recovered from the PGI up to a common factor
    for k in range(m):
        minimal_counts[k] = ext[k]
    union_total = sum(len(groups[k]) * minimal_counts[k] for k in range(m))
    out: dict[str, list[Fraction]] = {
        "union_pgi": [minimal_counts[bloc[i]] / union_total for i in range(n)],
        "solidarity_pgi": [ext[bloc[i]] / len(groups[bloc[i]]) for i in range(n)],
    }

    def threat_game(h: int, i: int) -> Groups:
        own = groups[bloc[i]]
        others = [g for g in groups if g != own]
        if h == 0:
            return [(j,) for j in range(n)]
        if h == 1:
            return others + [(j,) for j in own]
        rest = tuple(j for j in own if j != i)
        return others + [(i,)] + ([rest] if rest else [])

    for h in range(3):
        t = []
        for i in range(n):
            part = threat_game(h, i)
            t.append(_pgi(game, part)[part.index((i,))])
        values = []
        for i in range(n):
            own = groups[bloc[i]]
            within = sum((t[j] for j in own), Fraction(0))
            share = t[i] / within if within else Fraction(1, len(own))
            values.append(ext[bloc[i]] * share)
        out[f"threat_pgi_{h + 1}"] = values
    return out


def _cases() -> list[tuple[SimpleGame, str]]:
    rng = random.Random(20261126)
    names = [chr(ord("A") + i) for i in range(7)]
    cases: list[tuple[SimpleGame, str]] = [
        (WeightedGame(12, [4, 4, 4, 2, 2, 1], names[:6]), "A+D, B+E, C+F"),
        (WeightedGame(51, [35, 20, 15, 15, 15], names[:5]), "A+B, C+D+E"),
        (WeightedGame(4, [3, 2, 1, 1], names[:4]), "A+D, B+C"),
        (WeightedGame(3, [1, 1, 1], names[:3]), "A+B+C"),
        (
            AllOf([Criterion([3, 2, 2, 1, 1], "60%", names[:5]), AtLeast(3, names[:5])]),
            "A+B, C+D+E",
        ),
    ]
    for _ in range(14):
        n = rng.randint(2, 7)
        weights = [rng.randint(0, 9) for _ in range(n)]
        weights[0] = max(weights[0], 1)
        order = names[:n]
        rng.shuffle(order)
        cut = sorted(rng.sample(range(1, n), rng.randint(0, n - 1)))
        spec = ", ".join("+".join(order[a:b]) for a, b in zip([0, *cut], [*cut, n], strict=True))
        cases.append((WeightedGame(rng.randint(1, sum(weights)), weights, names[:n]), spec))
    return cases


@pytest.mark.parametrize(("game", "spec"), _cases())
def test_matches_the_definitions(game: SimpleGame, spec: str) -> None:
    groups = list(Blocs.from_spec(game, spec).groups)
    expected = _reference(game, groups)
    table = power_table(game, KEYS, blocs=spec)
    for key in KEYS:
        got = list(table.results[key].exact or ())
        assert got == expected[key], (key, spec)
        if sum(got):
            assert sum(got) == 1, key  # all five are efficient


def test_registered_with_blocs() -> None:
    for key in KEYS:
        assert INDICES[key].needs_blocs and INDICES[key].normalised
        assert INDICES[key].without_blocs == "holler"


def test_singleton_blocs_give_the_public_good_index() -> None:
    """With every member alone each variant is Holler's PGI."""
    game = WeightedGame(51, [35, 20, 15, 15, 15])
    blocs = [[i] for i in range(game.n)]
    holler = power(game, "holler").exact
    for key in KEYS:
        assert power(game, key, blocs=blocs).exact == holler, key


def test_threat_changes_the_split_inside_a_bloc() -> None:
    """[51; 35, 20, 15, 15, 15] with blocs {A, B} and {C, D, E}: the quotient game [51; 55,
    45] is a dictatorship of the first bloc.  Inside it, union and solidarity give A and B
    the same; the threat indices follow their PGI in the threat games: with every member
    alone (partition 1) A is in 4 of the 5 minimal winning coalitions, B in 2, so A gets 2/3
    of the bloc's power."""
    game = WeightedGame(51, [35, 20, 15, 15, 15], ["A", "B", "C", "D", "E"])
    spec = "A+B, C+D+E"
    assert power(game, "union_pgi", blocs=spec).exact[:2] == (Fraction(1, 2), Fraction(1, 2))
    assert power(game, "solidarity_pgi", blocs=spec).exact[:2] == (Fraction(1, 2),) * 2
    assert power(game, "threat_pgi_1", blocs=spec).exact == (
        Fraction(2, 3),
        Fraction(1, 3),
        Fraction(0),
        Fraction(0),
        Fraction(0),
    )


def test_all_without_blocs_leaves_them_out() -> None:
    table = power_table(WeightedGame(3, [2, 1, 1]), "all")
    assert not set(KEYS) & set(table.results)
    assert any("union_pgi" in note for note in table.notes)


def test_few_unit_counts_match_enumeration() -> None:
    """The per-member counts of minimal winning coalitions used for games of few units (blocs,
    threat games) agree with the enumeration method."""
    rng = random.Random(4)
    enumeration = registry.get("coalition-enumeration")
    for _ in range(40):
        n = rng.randint(1, 9)
        weights = [rng.randint(0, 40) for _ in range(n)]
        weights[0] = max(weights[0], 1)
        game = WeightedGame(rng.randint(1, sum(weights)), weights)
        counts = enumeration.count(game, "mwc")
        expected = (counts.per_member, counts.scalars["minimal_winning_coalitions"])
        assert few_unit_mwc(game.weights, game.quota) == expected, game.notation()
