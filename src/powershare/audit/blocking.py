"""Who can block alone or with whom, who is needed, who never matters, the smallest winning
coalitions.

Built on :mod:`powershare.structure` (veto players, dummies, minimal winning and blocking
coalitions).  For weighted bodies the *smallest* winning (blocking) coalitions, those with the
fewest members, are listed by a depth-first search over members by decreasing weight and
counted exactly by a dynamic programme over (members, weight); the blocking coalitions of
``[q; w]`` are the winning coalitions of the dual game ``[W - q + 1; w]`` (Taylor & Zwicker
1999, *Simple Games*, 1.3).  For other rules the structure module's enumeration is used where
it applies (at most :data:`powershare.structure.ENUMERATION_MAX_MEMBERS` members); otherwise
veto players and blocking pairs are found by direct tests and the coalition lists are left out
with a note.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from powershare.errors import PowershareError, ResourceLimitError
from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame

__all__ = [
    "COUNT_SMALLEST_MAX_CELLS",
    "Blocking",
    "blocking_summary",
    "count_smallest",
    "smallest_coalitions",
]


def _min_size(weights: Sequence[int], quota: int) -> int | None:
    total, k = 0, 0
    for w in sorted(weights, reverse=True):
        if total >= quota:
            break
        total += w
        k += 1
    return k if total >= quota else None


def smallest_coalitions(
    weights: Sequence[int], quota: int, limit: int | None = 10
) -> tuple[int, tuple[tuple[int, ...], ...]]:
    """The fewest members that reach ``quota``, and up to ``limit`` such coalitions.

    Coalitions are listed heaviest first (depth-first by decreasing weight, pruned by the
    weight still reachable).

    >>> smallest_coalitions([3, 2, 1, 1], 4)
    (2, ((0, 1), (0, 2), (0, 3)))
    """
    k = _min_size(weights, quota)
    if k is None:
        return 0, ()
    order = sorted(range(len(weights)), key=lambda i: (-weights[i], i))
    w = [weights[i] for i in order]
    found: list[tuple[int, ...]] = []
    chosen: list[int] = []

    def best(start: int, count: int) -> int:
        return sum(w[start : start + count])

    def search(start: int, total: int) -> Iterator[None]:
        need = k - len(chosen)
        if need == 0:
            if total >= quota:
                found.append(tuple(sorted(order[j] for j in chosen)))
                yield None
            return
        for j in range(start, len(w) - need + 1):
            if total + best(j, need) < quota:
                return
            chosen.append(j)
            yield from search(j + 1, total + w[j])
            chosen.pop()
            if limit is not None and len(found) >= limit:
                return

    for _ in search(0, 0):
        if limit is not None and len(found) >= limit:
            break
    return k, tuple(found)


COUNT_SMALLEST_MAX_CELLS = 20_000_000
"""Most cell updates (members x sizes x weights) :func:`count_smallest` does before it gives
up (``None``): the audit then lists examples without the count."""


def count_smallest(weights: Sequence[int], quota: int) -> int | None:
    """How many coalitions of the smallest winning size reach ``quota`` (exact DP).

    With ``k`` that size, either the coalitions of ``k`` members reaching ``quota`` are counted
    by size and weight, or (when ``n - k < k``) their complements: ``n - k`` members weighing
    at most ``W - quota``; numpy arrays of Python integers, one vectorised step per member;
    ``None`` past :data:`COUNT_SMALLEST_MAX_CELLS` cell updates.

    >>> count_smallest([4, 4, 4, 2, 2, 1], 12), count_smallest([1] * 5, 5)
    (1, 1)
    """
    k = _min_size(weights, quota)
    if k is None:
        return 0
    n, total = len(weights), sum(weights)
    size, top = (n - k, total - quota) if n - k < k else (k, quota)
    if n * (size + 1) * (min(top, total) + 1) > COUNT_SMALLEST_MAX_CELLS:
        return None
    if n - k < k:
        ways = _by_size_and_weight(weights, n - k, total - quota, capped=False)
        return int(sum(ways[n - k]))
    return int(_by_size_and_weight(weights, k, quota, capped=True)[k][quota])


def _by_size_and_weight(
    weights: Sequence[int], most: int, top: int, *, capped: bool
) -> npt.NDArray[Any]:
    """``ways[c][s]``: subsets of ``c <= most`` members of weight ``s <= top``; with
    ``capped`` weights above ``top`` count as ``top``, otherwise such subsets are dropped."""
    ways: npt.NDArray[Any] = np.zeros((most + 1, top + 1), dtype=object)
    ways[0, 0] = 1
    if most == 0:
        return ways
    for x in weights:
        prev = ways[:-1].copy()
        if x == 0:
            ways[1:] += prev
        elif x <= top:
            ways[1:, x:] += prev[:, : top + 1 - x]
            if capped:  # s + x > top lands on top
                ways[1:, top] += prev[:, top + 1 - x :].sum(axis=1)
        elif capped:
            ways[1:, top] += prev.sum(axis=1)
    return ways


@dataclass(frozen=True)
class Blocking:
    """Who can block, who is needed, who never matters.

    Attributes
    ----------
    names
        Member names.
    veto
        Members who can block alone (in every winning coalition).
    blocking_pairs
        Pairs, neither a veto player, that can block together.
    dummies
        Members who are never decisive (0 power under every index).
    smallest_winning_size, smallest_winning, smallest_winning_count
        Fewest members of a winning coalition; some such coalitions; how many exist
        (``None`` when not computed).
    smallest_blocking_size, smallest_blocking, smallest_blocking_count
        The same for blocking coalitions.
    minimal_winning_count, minimal_blocking_count
        Number of minimal winning / blocking coalitions (``None`` when not computed).
    notes
        What could not be computed and why.
    """

    names: tuple[str, ...]
    veto: tuple[int, ...]
    blocking_pairs: tuple[tuple[int, int], ...]
    dummies: tuple[int, ...]
    smallest_winning_size: int | None
    smallest_winning: tuple[tuple[int, ...], ...]
    smallest_winning_count: int | None
    smallest_blocking_size: int | None
    smallest_blocking: tuple[tuple[int, ...], ...]
    smallest_blocking_count: int | None
    minimal_winning_count: int | None
    minimal_blocking_count: int | None
    notes: tuple[str, ...] = ()

    def named(self, members: Sequence[int]) -> list[str]:
        """Names of member positions."""
        return [self.names[i] for i in members]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures, members by name."""
        return {
            "veto_players": self.named(self.veto),
            "blocking_pairs": [self.named(p) for p in self.blocking_pairs],
            "dummies": self.named(self.dummies),
            "smallest_winning_size": self.smallest_winning_size,
            "smallest_winning_coalitions": [self.named(c) for c in self.smallest_winning],
            "smallest_winning_count": self.smallest_winning_count,
            "smallest_blocking_size": self.smallest_blocking_size,
            "smallest_blocking_coalitions": [self.named(c) for c in self.smallest_blocking],
            "smallest_blocking_count": self.smallest_blocking_count,
            "minimal_winning_count": self.minimal_winning_count,
            "minimal_blocking_count": self.minimal_blocking_count,
            "notes": list(self.notes),
        }


def _blocking_pairs(game: SimpleGame, veto: set[int], limit: int) -> tuple[tuple[int, int], ...]:
    everyone = set(range(game.n))
    out: list[tuple[int, int]] = []
    if isinstance(game, WeightedGame):  # the others without a and b lose: w_a + w_b > W - q
        w, slack = game.weights, game.total_weight - game.quota

        def blocks(a: int, b: int) -> bool:
            return w[a] + w[b] > slack

    else:

        def blocks(a: int, b: int) -> bool:
            return not game.is_winning(everyone - {a, b})

    for a, b in itertools.combinations(range(game.n), 2):
        if a in veto or b in veto:
            continue
        if blocks(a, b):
            out.append((a, b))
            if len(out) >= limit:
                break
    return tuple(out)


TABLE_MAX_QUOTA = 10**8
"""Largest quota for which the weighted structure (dummies, minimal coalitions) is counted over
the weights' tables; above it the dummies come from the exact power values."""


def _weighted_structure(
    game: WeightedGame, dummies: Sequence[int], notes: list[str]
) -> tuple[tuple[int, ...], int | None, int | None]:
    """Dummies and the numbers of minimal winning and blocking coalitions, by the structure
    module's tables over the weights, or (weights past :data:`TABLE_MAX_QUOTA`, or tables that
    do not fit) the dummies known from exact power values and no counts."""
    from powershare import structure

    if game.quota <= TABLE_MAX_QUOTA:
        try:
            return (
                tuple(structure.dummies(game)),
                structure.count_minimal_winning(game),
                structure.count_minimal_blocking(game),
            )
        except (MemoryError, ResourceLimitError):
            pass
    notes.append(
        "the weights are too large for tables over them: dummies are those with no power "
        "(exact values), and the minimal coalitions are not counted"
    )
    return tuple(dummies), None, None


def blocking_summary(
    game: SimpleGame, *, dummies: Sequence[int] = (), limit: int = 10, pair_limit: int = 200
) -> Blocking:
    """Who can block alone or with whom, dummies and the smallest winning coalitions.

    Parameters
    ----------
    game
        The rule.
    dummies
        Members known to have no power (e.g. from exact Banzhaf values), used when the
        structure module cannot enumerate the game.
    limit
        Most coalitions listed of each kind (counts are exact and complete).
    pair_limit
        Most blocking pairs listed.
    """
    from powershare import structure

    notes: list[str] = []
    n = game.n
    everyone = set(range(n))
    veto = tuple(i for i in range(n) if not game.is_winning(everyone - {i}))
    pairs = _blocking_pairs(game, set(veto), pair_limit)
    if len(pairs) >= pair_limit:
        notes.append(f"only the first {pair_limit} blocking pairs are listed")
    if isinstance(game, WeightedGame):
        dual = game.total_weight - game.quota + 1
        w_size, w_list = smallest_coalitions(game.weights, game.quota, limit)
        b_size, b_list = smallest_coalitions(game.weights, dual, limit)
        w_count = count_smallest(game.weights, game.quota)
        b_count = count_smallest(game.weights, dual)
        if w_count is None or b_count is None:
            notes.append("the smallest coalitions are too many to count here; examples are listed")
        dummy_list, mwc, mbc = _weighted_structure(game, dummies, notes)
        return Blocking(
            game.names, veto, pairs, dummy_list, w_size, w_list, w_count, b_size, b_list,
            b_count, mwc, mbc, tuple(notes),
        )  # fmt: skip
    try:
        winning = list(structure.minimal_winning_coalitions(game))
        blocking = list(structure.minimal_blocking_coalitions(game))
    except PowershareError as exc:
        notes.append(f"coalition lists not computed: {exc}")
        return Blocking(
            game.names, veto, pairs, tuple(dummies), None, (), None, None, (), None, None,
            None, tuple(notes),
        )  # fmt: skip

    def smallest(coalitions: list[tuple[int, ...]]) -> tuple[int | None, list[tuple[int, ...]]]:
        if not coalitions:
            return None, []
        size = min(len(c) for c in coalitions)
        return size, [c for c in coalitions if len(c) == size]

    w_size2, w_all = smallest(winning)
    b_size2, b_all = smallest(blocking)
    return Blocking(
        game.names, veto, pairs, tuple(structure.dummies(game)), w_size2, tuple(w_all[:limit]),
        len(w_all), b_size2, tuple(b_all[:limit]), len(b_all), len(winning), len(blocking),
        tuple(notes),
    )  # fmt: skip
