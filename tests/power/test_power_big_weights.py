"""Every registered index on weights at and past 2^63 and 2^100: exact, or one clear refusal.

Two kinds of game, both checked against enumeration on small ``n``:

* *scaled*: ``[K (q - 1) + 1; K w]`` is the game ``[q; w]`` for any ``K``, so every index must
  give exactly the values of the small game (the counting methods reduce the weights first);
* *dense*: ``2^63 + i`` style weights that no reduction shrinks, where the pseudo-polynomial
  methods must step aside (their estimates refuse in ``O(n)``) and enumeration answers.

No index may raise anything but a :class:`~powershare.errors.PowershareError`, and every
estimate must come back in well under a second whatever the size of the numbers.
"""

from __future__ import annotations

import itertools
import math
import time
from fractions import Fraction

import pytest

from powershare.errors import PowershareError
from powershare.games.weighted import WeightedGame
from powershare.power import INDICES, power, registry
from powershare.power.kernels.pivots import pivot_counts
from powershare.power.kernels.swings import swing_counts

BIG = (2**63, 2**63 + 1, 2**100 + 7, 10**999)
SMALL = [([4, 4, 4, 2, 2, 1], 12), ([3, 2, 2, 1], 5), ([5, 3, 1, 1, 1], 6)]
BLOCS = [[0, 1], [2], [3, 4, 5]]


def _blocs(n: int) -> list[list[int]]:
    return [[i for i in g if i < n] for g in BLOCS if any(i < n for i in g)]


def _kwargs(key: str, n: int) -> dict[str, object]:
    spec = INDICES[key]
    out: dict[str, object] = {}
    if spec.needs_blocs:
        out["blocs"] = _blocs(n)
    if getattr(spec, "needs_graph", False):
        out["graph"] = {"order": [f"P{i + 1}" for i in range(n)]}
    return out


# representation-dependent indices (values in units of weight) are not kept by scaling
_SCALE_FREE = [k for k in INDICES if k not in {"colomer_martinez", "mwc_by_weight"}]


@pytest.mark.parametrize("key", _SCALE_FREE)
@pytest.mark.parametrize("factor", BIG[:3])
@pytest.mark.parametrize(("weights", "quota"), SMALL)
def test_scaled_weights_give_the_small_game(
    key: str, factor: int, weights: list[int], quota: int
) -> None:
    small = WeightedGame(quota, weights)
    big = WeightedGame(factor * (quota - 1) + 1, [factor * w for w in weights])
    kwargs = _kwargs(key, len(weights))
    try:
        expected = power(small, key, **kwargs)  # type: ignore[arg-type]
    except PowershareError:
        pytest.skip(f"{key} does not apply to this game")
    start = time.perf_counter()
    got = power(big, key, **kwargs)  # type: ignore[arg-type]
    assert time.perf_counter() - start < 5
    assert got.exact == expected.exact
    assert got.counts == expected.counts


def _winning(weights: list[int], quota: int) -> list[bool]:
    n = len(weights)
    return [
        sum(w for i, w in enumerate(weights) if mask >> i & 1) >= quota for mask in range(1 << n)
    ]


def _reference(weights: list[int], quota: int) -> tuple[list[int], list[int]]:
    """Swings and pivots straight from the definitions, in Python integers."""
    n = len(weights)
    win = _winning(weights, quota)
    swings = [sum(1 for m in range(1 << n) if not m >> i & 1 and win[m | 1 << i] and not win[m])
              for i in range(n)]  # fmt: skip
    pivots = [0] * n
    for order in itertools.permutations(range(n)):
        mask = 0
        for i in order:
            if win[mask | 1 << i]:
                pivots[i] += 1
                break
            mask |= 1 << i
    return swings, pivots


DENSE = [
    ([2**63, 2**63, 2**63, 1], 2**63 + 1),
    ([2**63 + 1, 2**62, 7, 9], 2**63),
    ([2**100 + 3, 2**100 + 1, 2**100, 5, 2**99], 2**101 + 2),
    ([2, 9, 19, 9, 9, 2, 0, 17, 18003831446083119104, 18], 1),
    ([2**64 + i for i in range(7)], 4 * 2**64 + 3),
]


@pytest.mark.parametrize(("weights", "quota"), DENSE)
def test_dense_big_weights_against_the_definitions(weights: list[int], quota: int) -> None:
    game = WeightedGame(quota, weights)
    swings, pivots = _reference(weights, quota)
    assert power(game, "banzhaf").counts == tuple(swings)
    assert power(game, "shapley").counts == tuple(pivots)
    assert power(game, "shapley").exact == tuple(
        Fraction(p, math.factorial(len(weights))) for p in pivots
    )


@pytest.mark.parametrize(("weights", "quota"), DENSE)
@pytest.mark.parametrize("key", list(INDICES))
def test_every_index_exact_or_one_clear_error(key: str, weights: list[int], quota: int) -> None:
    game = WeightedGame(quota, weights)
    kwargs = _kwargs(key, len(weights))
    start = time.perf_counter()
    try:
        got = power(game, key, **kwargs)  # type: ignore[arg-type]
    except PowershareError:
        return  # refused in one line
    assert time.perf_counter() - start < 5
    try:
        reference = power(game, key, method="enumeration", **kwargs)  # type: ignore[arg-type]
    except PowershareError:
        return
    assert got.exact == reference.exact


def test_kernels_take_huge_weights_directly() -> None:
    """The public kernels reduce the weights themselves (was OverflowError in _window_sums)."""
    weights = [2, 9, 19, 9, 9, 2, 0, 17, 18003831446083119104, 18]
    swings, pivots = _reference(weights, 1)
    assert swing_counts(weights, 1) == swings
    assert pivot_counts(weights, 1) == pivots
    scaled = [w * 2**100 for w in (4, 4, 4, 2, 2, 1)]
    assert swing_counts(scaled, 11 * 2**100 + 1) == [10, 10, 10, 6, 6, 0]


@pytest.mark.parametrize("weight", [10**8, 2**63 + 1, 10**400])
def test_every_estimate_is_independent_of_the_numbers(weight: int) -> None:
    """Estimates loop over members, never over a weight range (Holler on 10^8 hung)."""
    game = WeightedGame(weight + weight // 2, [weight, weight - 1, weight // 2 + 1, 3])
    start = time.perf_counter()
    for method in registry:
        for quantity in method.quantities:
            if method.applies(game, quantity) is None:
                method.estimate(game, quantity)
    assert time.perf_counter() - start < 1


def test_no_exact_method_says_why() -> None:
    game = WeightedGame(2**64 * 15, [2**64 + i for i in range(30)])
    with pytest.raises(PowershareError, match=r"effective quota \(2\.\d+e\+20\) is beyond"):
        power(game, "banzhaf")
