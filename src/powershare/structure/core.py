"""Structure of a simple game: minimal winning and blocking coalitions, veto players, dummies,
the dictator, equivalent members, the desirability order, and whether the game is proper,
strong, decisive and homogeneous.

Every query works for any :class:`~powershare.games.base.SimpleGame` with at most
:data:`ENUMERATION_MAX_MEMBERS` members (by enumerating the ``2^n`` coalitions), and for
:class:`~powershare.games.weighted.WeightedGame` of any size through weight-based shortcuts:

* veto player: ``W - w_i < q``; dictator: a veto player with ``w_i >= q``;
* dummy (null) player: no swing, counted with :func:`powershare.power.mwc.winning_counts`;
* minimal winning coalitions: depth-first search over members by decreasing weight, where a
  coalition reaching the quota is minimal iff its lightest member is critical (output
  polynomial; Kurz 2016; Matsui & Matsui 2000); minimal blocking coalitions are the minimal
  winning coalitions of the dual game ``[W - q + 1; w]``; both are also counted by dynamic
  programming, so the total is known when too many exist to list;
* desirability (Isbell 1958; Taylor & Zwicker 1999, *Simple Games*, ch. 3): a weighted game is
  complete, ordered by weight; members of consecutive weights ``a > b`` are equivalent iff no
  coalition ``T`` of the others has ``q - w_a <= w(T) < q - w_b`` (a subset-sum count);
* proper / strong (von Neumann & Morgenstern 1944; Taylor & Zwicker 1999, 1.3): no subset sum
  in ``[q, W - q]`` / ``[W - q + 1, q - 1]`` (reachable sums as a bitset);
* homogeneous (von Neumann & Morgenstern 1944, sec. 50): every minimal winning coalition weighs
  exactly ``q`` *in the given representation*.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from powershare.errors import InvalidInputError, MethodNotApplicableError, ResourceLimitError
from powershare.games.base import SimpleGame
from powershare.games.display import Displayable, TableData, member_table, plural
from powershare.games.lazy_numpy import np
from powershare.games.weighted import WeightedGame
from powershare.power import brute
from powershare.power.brute import ENUMERATION_MAX_MEMBERS
from powershare.power.methods import equivalent_game
from powershare.power.mwc import winning_counts
from powershare.power.registry import Estimate, Limits

if TYPE_CHECKING:
    import numpy.typing as npt

    Bools = npt.NDArray[np.bool_]

__all__ = [
    "ENUMERATION_MAX_MEMBERS",
    "Desirability",
    "GameStructure",
    "analyse",
    "count_minimal_blocking",
    "count_minimal_winning",
    "desirability",
    "dictator",
    "dummies",
    "equivalence_classes",
    "estimate_listing",
    "estimate_structure",
    "is_decisive",
    "is_homogeneous",
    "is_proper",
    "is_strong",
    "minimal_blocking_coalitions",
    "minimal_winning_coalitions",
    "veto_players",
]


def _table(game: SimpleGame, what: str) -> Bools:
    if game.n > ENUMERATION_MAX_MEMBERS:
        raise MethodNotApplicableError(
            f"{what} for this kind of game enumerates all 2^n coalitions and is limited to "
            f"{ENUMERATION_MAX_MEMBERS} members; this body has {game.n} (weighted games have "
            "no such limit)"
        )
    return brute.winning_table(game)


def _members(mask: int, n: int) -> tuple[int, ...]:
    return tuple(i for i in range(n) if mask >> i & 1)


# -- minimal winning and blocking coalitions ---------------------------------------------------
def _weighted_mwc(weights: tuple[int, ...], quota: int) -> Iterator[tuple[int, ...]]:
    order = sorted(range(len(weights)), key=lambda i: -weights[i])
    w = [weights[i] for i in order]
    suffix = [0] * (len(w) + 1)
    for j in range(len(w) - 1, -1, -1):
        suffix[j] = suffix[j + 1] + w[j]
    # depth-first search with an explicit stack (no recursion: thousands of members deep);
    # each frame is (next position to try, weight of the chosen members)
    chosen: list[int] = []
    stack: list[list[int]] = [[0, 0]]
    while stack:
        frame = stack[-1]
        j, total = frame
        if j >= len(w) or total + suffix[j] < quota or w[j] == 0:
            stack.pop()
            if chosen:
                chosen.pop()
            continue
        frame[0] = j + 1
        if total + w[j] >= quota:
            yield tuple(sorted([*chosen, order[j]]))
        else:
            chosen.append(order[j])
            stack.append([j + 1, total + w[j]])


def _count_weighted_mwc(weights: tuple[int, ...], quota: int) -> int:
    """Minimal winning coalitions by their lightest member (prefix subset-sum DP)."""
    w = sorted((x for x in weights if x > 0), reverse=True)
    prefix = np.zeros(quota, dtype=object)
    prefix[:] = 0
    prefix[0] = 1
    total = 0
    for x in w:
        lo = max(quota - x, 0)
        total += int(sum(prefix[lo:quota]))
        if x < quota:
            prefix[x:] = prefix[x:] + prefix[:-x]
    return total


def _minimal_from_table(win: Bools, n: int) -> Iterator[tuple[int, ...]]:
    minimal = win.copy()
    for i in range(n):
        view = minimal.reshape(1 << (n - 1 - i), 2, 1 << i)
        wview = win.reshape(1 << (n - 1 - i), 2, 1 << i)
        view[:, 1, :] &= ~wview[:, 0, :]
    for mask in np.flatnonzero(minimal):
        yield _members(int(mask), n)


def _dual_table(win: Bools) -> Bools:
    """``blocking[S] = not win[N - S]`` (the complement of mask ``m`` is ``2^n - 1 - m``)."""
    return np.asarray(~win[::-1], dtype=np.bool_)


def minimal_winning_coalitions(
    game: SimpleGame, limit: int | None = None
) -> Iterator[tuple[int, ...]]:
    """The minimal winning coalitions as tuples of member positions, streamed.

    Parameters
    ----------
    limit
        Stop after this many (``None``: all).  Use :func:`count_minimal_winning` for the total.
    """
    if isinstance(game, WeightedGame):
        source = _weighted_mwc(game.weights, game.quota)
    else:
        source = _minimal_from_table(_table(game, "listing minimal winning coalitions"), game.n)
    for k, coalition in enumerate(source):
        if limit is not None and k >= limit:
            return
        yield coalition


def minimal_blocking_coalitions(
    game: SimpleGame, limit: int | None = None
) -> Iterator[tuple[int, ...]]:
    """The minimal blocking coalitions (whose members together can stop any decision)."""
    if isinstance(game, WeightedGame):
        source = _weighted_mwc(game.weights, game.total_weight - game.quota + 1)
    else:
        table = _table(game, "listing minimal blocking coalitions")
        source = _minimal_from_table(_dual_table(table), game.n)
    for k, coalition in enumerate(source):
        if limit is not None and k >= limit:
            return
        yield coalition


def count_minimal_winning(game: SimpleGame) -> int:
    """The number of minimal winning coalitions."""
    if isinstance(game, WeightedGame):
        return _count_weighted_mwc(game.weights, game.quota)
    return sum(1 for _ in minimal_winning_coalitions(game))


def count_minimal_blocking(game: SimpleGame) -> int:
    """The number of minimal blocking coalitions."""
    if isinstance(game, WeightedGame):
        return _count_weighted_mwc(game.weights, game.total_weight - game.quota + 1)
    return sum(1 for _ in minimal_blocking_coalitions(game))


# -- special members -------------------------------------------------------------------------
def veto_players(game: SimpleGame) -> tuple[int, ...]:
    """Members in every winning coalition."""
    if isinstance(game, WeightedGame):
        total = game.total_weight
        return tuple(i for i, w in enumerate(game.weights) if total - w < game.quota)
    win = _table(game, "finding veto players")
    return tuple(
        i for i in range(game.n) if not win.reshape(1 << (game.n - 1 - i), 2, 1 << i)[:, 0].any()
    )


def dummies(game: SimpleGame) -> tuple[int, ...]:
    """Dummy (null) members: never decisive (no swing), so every index gives them 0."""
    if isinstance(game, WeightedGame):
        per, total = winning_counts(game.weights, game.quota)
        return tuple(i for i, wi in enumerate(per) if 2 * wi == total)
    win = _table(game, "finding dummies")
    per, total = brute.winning_totals(game, win)
    return tuple(i for i, wi in enumerate(per) if 2 * wi == total)


def dictator(game: SimpleGame) -> int | None:
    """The member whose vote alone decides (wins alone and is a veto player), if any."""
    for i in veto_players(game):
        if game.is_winning([i]):
            return i
    return None


# -- desirability ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Desirability:
    """The desirability relation (Isbell 1958) summarised by classes of equivalent members.

    Attributes
    ----------
    classes
        Classes of equivalent members, most desirable first when the order is complete.
    complete
        Whether every two members are comparable (always true for weighted games).
    above
        ``above[a]``: classes strictly less desirable than class ``a``.
    """

    classes: tuple[tuple[int, ...], ...]
    complete: bool
    above: tuple[frozenset[int], ...] = field(default=())


def _weighted_desirability(game: WeightedGame) -> Desirability:
    q = game.quota
    order = sorted(range(game.n), key=lambda i: -game.weights[i])
    distinct = sorted(set(game.weights), reverse=True)
    reps = {w: next(i for i in order if game.weights[i] == w) for w in distinct}
    classes: list[list[int]] = []
    for k, w in enumerate(distinct):
        members = [i for i in order if game.weights[i] == w]
        if k and _equivalent(game, reps[distinct[k - 1]], reps[w], q):
            classes[-1].extend(members)
        else:
            classes.append(members)
    out = tuple(tuple(sorted(c)) for c in classes)
    above = tuple(frozenset(range(k + 1, len(out))) for k in range(len(out)))
    return Desirability(out, True, above)


def _equivalent(game: WeightedGame, a: int, b: int, q: int) -> bool:
    """Whether members ``a`` and ``b`` (``w_a >= w_b``) are interchangeable: no coalition
    ``T`` of the others has ``q - w_a <= w(T) < q - w_b``.  Reachable sums below ``q - w_b`` as
    one bitset (a Python int): ``O(n q / 64)`` word operations, no table of counts."""
    wa, wb = game.weights[a], game.weights[b]
    lo, hi = max(q - wa, 0), q - wb  # T with lo <= w(T) < hi tells them apart
    if hi <= lo:
        return True
    mask = (1 << hi) - 1
    reach = 1  # bit s: some coalition of the others weighs s
    for i, w in enumerate(game.weights):
        if i not in (a, b) and 0 < w < hi:
            reach = (reach | (reach << w)) & mask
    return reach >> lo == 0


def desirability(game: SimpleGame) -> Desirability:
    """Classes of equivalent members and whether the desirability order is complete."""
    if isinstance(game, WeightedGame):
        return _weighted_desirability(game)
    n = game.n
    win = _table(game, "the desirability order")
    geq = np.ones((n, n), dtype=bool)  # geq[i, j]: i at least as desirable as j
    masks = np.arange(1 << n, dtype=np.int64)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            free = (masks & ((1 << i) | (1 << j))) == 0
            with_j = win[masks[free] | (1 << j)]
            with_i = win[masks[free] | (1 << i)]
            geq[i, j] = not np.any(with_j & ~with_i)
    classes: list[list[int]] = []
    for i in range(n):
        for c in classes:
            if geq[i, c[0]] and geq[c[0], i]:
                c.append(i)
                break
        else:
            classes.append([i])
    complete = bool(np.all(geq | geq.T))

    def strength(c: list[int]) -> int:
        return sum(int(geq[c[0], j]) for j in range(n))

    classes.sort(key=lambda c: (-strength(c), c[0]))
    above = tuple(
        frozenset(
            b for b, other in enumerate(classes) if geq[c[0], other[0]] and not geq[other[0], c[0]]
        )
        for c in classes
    )
    return Desirability(tuple(tuple(c) for c in classes), complete, above)


def equivalence_classes(game: SimpleGame) -> tuple[tuple[int, ...], ...]:
    """Classes of members that can replace each other in every coalition."""
    return desirability(game).classes


# -- properties of the game ------------------------------------------------------------------
def _reachable(weights: tuple[int, ...]) -> int:
    bits = 1
    for w in weights:
        bits |= bits << w
    return bits


def _any_sum_between(weights: tuple[int, ...], lo: int, hi: int) -> bool:
    if hi < lo:
        return False
    window = ((1 << (hi - lo + 1)) - 1) << lo
    return bool(_reachable(weights) & window)


def is_proper(game: SimpleGame) -> bool:
    """No two disjoint coalitions both win (the complement of a winning coalition loses)."""
    if isinstance(game, WeightedGame):
        return not _any_sum_between(game.weights, game.quota, game.total_weight - game.quota)
    win = _table(game, "checking properness")
    return not bool(np.any(win & win[::-1]))


def is_strong(game: SimpleGame) -> bool:
    """Of a coalition and its complement, at least one wins (no deadlock)."""
    if isinstance(game, WeightedGame):
        return not _any_sum_between(
            game.weights, game.total_weight - game.quota + 1, game.quota - 1
        )
    win = _table(game, "checking strength")
    return not bool(np.any(~win & ~win[::-1]))


def is_decisive(game: SimpleGame) -> bool:
    """Proper and strong: exactly one of every coalition and its complement wins."""
    return is_proper(game) and is_strong(game)


def is_homogeneous(game: SimpleGame) -> bool:
    """Whether every minimal winning coalition weighs exactly the quota (this representation).

    A game may have another, homogeneous, representation; deciding that needs a linear
    program and is not done here.

    Raises
    ------
    MethodNotApplicableError
        For games without weights.
    """
    if not isinstance(game, WeightedGame):
        raise MethodNotApplicableError("homogeneity is defined for weighted games only")
    q = game.quota
    bits = 1
    for w in sorted((x for x in game.weights if x > 0), reverse=True):
        # a minimal winning coalition with lightest member w weighing more than q exists iff
        # the heavier members reach a sum in [q - w + 1, q - 1]
        if _window(bits, max(q - w + 1, 0), q - 1):
            return False
        bits |= bits << w
        bits &= (1 << q) - 1
    return True


def _window(bits: int, lo: int, hi: int) -> bool:
    if hi < lo:
        return False
    return bool(bits & (((1 << (hi - lo + 1)) - 1) << lo))


# -- everything at once ----------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class GameStructure(Displayable):
    """The structure of a game (see :func:`analyse`)."""

    names: tuple[str, ...]
    minimal_winning: tuple[tuple[int, ...], ...]
    minimal_winning_count: int
    minimal_blocking: tuple[tuple[int, ...], ...]
    minimal_blocking_count: int
    veto: tuple[int, ...]
    dummies: tuple[int, ...]
    dictator: int | None
    desirability: Desirability
    proper: bool
    strong: bool
    homogeneous: bool | None
    limit: int | None

    @property
    def decisive(self) -> bool:
        """Proper and strong."""
        return self.proper and self.strong

    def named(self, members: tuple[int, ...]) -> list[str]:
        """Member names of a tuple of positions."""
        return [self.names[i] for i in members]

    def table_data(self) -> TableData:
        """One row per member: veto, dummy, dictator."""
        dictator = () if self.dictator is None else (self.dictator,)
        flags = {"veto": self.veto, "dummy": self.dummies, "dictator": dictator}
        return member_table(self.names, flags)

    def short_summary(self) -> str:
        """``6 members, 4 minimal winning coalitions; vetoes 0, dummies 1``."""
        mwc = plural(self.minimal_winning_count, "minimal winning coalition")
        special = f"vetoes {len(self.veto)}, dummies {len(self.dummies)}"
        return f"{plural(len(self.names), 'member')}, {mwc}; {special}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description (members by name)."""
        return {
            "members": list(self.names),
            "minimal_winning_coalitions": [self.named(c) for c in self.minimal_winning],
            "minimal_winning_count": self.minimal_winning_count,
            "minimal_winning_listed_all": len(self.minimal_winning) == self.minimal_winning_count,
            "minimal_blocking_coalitions": [self.named(c) for c in self.minimal_blocking],
            "minimal_blocking_count": self.minimal_blocking_count,
            "minimal_blocking_listed_all": len(self.minimal_blocking)
            == self.minimal_blocking_count,
            "veto_players": self.named(self.veto),
            "dummies": self.named(self.dummies),
            "dictator": None if self.dictator is None else self.names[self.dictator],
            "equivalence_classes": [self.named(c) for c in self.desirability.classes],
            "desirability_complete": self.desirability.complete,
            "proper": self.proper,
            "strong": self.strong,
            "decisive": self.decisive,
            "homogeneous": self.homogeneous,
            "limit": self.limit,
        }


def estimate_structure(game: SimpleGame, limit: int | None = 20) -> Estimate:
    """Predicted time and memory of :func:`analyse`, in ``O(n)`` whatever the numbers.

    Weighted games are analysed on their smallest equivalent weights
    (:func:`~powershare.power.methods.equivalent_game`): subset-sum tables of Python integers
    up to the quota and its dual (``~1e-7 s`` and ``100`` bytes per cell, ``n`` members times
    ``2 + D`` tables for ``D`` distinct weights) and bitsets of the total weight; other games
    enumerate the ``2^n`` coalitions.  Listing is estimated by :func:`estimate_listing` once
    the counts are known.
    """
    n = game.n
    seconds, nbytes = 0.01, 10**6
    if isinstance(game, WeightedGame):
        g = equivalent_game(game)
        q, dual = g.quota, g.total_weight - g.quota + 1
        distinct = len(set(g.weights))
        cells = n * (2 * q + dual + distinct * q)
        bits = n * 2 * g.total_weight
        if max(cells, bits) > 10**300:  # beyond floats: beyond any limit
            return Estimate(float("inf"), 10**300)
        seconds += 1e-7 * cells + 2e-10 * bits
        nbytes += 100 * max(q, dual) + g.total_weight // 4
    else:
        enumeration = _enumeration_estimate(n)
        seconds += enumeration.seconds
        nbytes += enumeration.bytes
    return Estimate(seconds, nbytes)


def _enumeration_estimate(n: int) -> Estimate:
    return Estimate(0.01 + 2e-7 * n * n * 2**n, 16 * 2**n + 10**6)


def _cheapest(game: SimpleGame, limit: int | None) -> Estimate:
    """The estimate of the way :func:`analyse` will take (weights or enumeration)."""
    estimate = estimate_structure(game, limit)
    if isinstance(game, WeightedGame) and game.n <= ENUMERATION_MAX_MEMBERS:
        return min(estimate, _enumeration_estimate(game.n), key=lambda e: e.seconds)
    return estimate


class _Enumerated(SimpleGame):
    """A weighted game seen only through its winning coalitions (so the queries enumerate)."""

    def __init__(self, game: WeightedGame) -> None:
        self.game = game
        self.names = game.names

    def is_winning(self, coalition: Iterable[int | str]) -> bool:
        return self.game.is_winning(coalition)

    def winning_masks(self, masks: npt.NDArray[np.int64]) -> Bools:
        return self.game.winning_masks(masks)

    def describe(self) -> str:
        return self.game.describe()


def estimate_listing(n: int, coalitions: int) -> Estimate:
    """Listing ``coalitions`` coalitions of ``n`` members: a tuple and its rendering each."""
    return Estimate(coalitions * n * 2e-6, coalitions * (100 + 40 * n))


def _check(estimate: Estimate, limits: Limits, what: str) -> None:
    if limits.admits(estimate):
        return
    raise ResourceLimitError(
        f"{what} would take {estimate.describe()}, over the limits of {limits.describe()}; "
        "raise them (--max-seconds, --max-memory) or list fewer coalitions (--limit)",
        seconds=estimate.seconds,
        bytes_=estimate.bytes,
    )


def analyse(
    game: SimpleGame, limit: int | None = 20, limits: Limits | None = None
) -> GameStructure:
    """Every structural fact about ``game``; coalition lists stop at ``limit`` (counts do not).

    Weighted games are analysed on their smallest equivalent weights (the same game), except
    homogeneity, a property of the weights given (left ``None`` when checking it would exceed
    the limits).  The whole analysis is estimated first (:func:`estimate_structure`) and
    refused past ``limits`` (default :class:`~powershare.power.registry.Limits`).

    Raises
    ------
    ResourceLimitError
        When the estimate exceeds the limits; the message gives it and what to do.

    Examples
    --------
    >>> from powershare.games.weighted import WeightedGame
    >>> s = analyse(WeightedGame(12, [4, 4, 4, 2, 2, 1], ["FR", "DE", "IT", "BE", "NL", "LU"]))
    >>> s.minimal_winning_count, s.named(s.dummies), s.proper, s.strong
    (4, ['LU'], True, False)
    >>> big = analyse(WeightedGame(2, [1, 10**999, 1]))  # not a dictator: 1 + 1 wins too
    >>> big.minimal_winning, big.dictator, big.veto
    (((1,), (0, 2)), None, ())
    """
    if limit is not None and limit < 0:
        raise InvalidInputError(f"limit {limit} must be 0 or more (or None for no limit)")
    limits = limits or Limits()
    start = time.perf_counter()
    if not isinstance(game, WeightedGame) and game.n > ENUMERATION_MAX_MEMBERS:
        _table(game, "the structure of this kind of rule")  # raises: too many to enumerate
    _check(_cheapest(game, limit), limits, "the structure of this rule")
    homogeneous: bool | None = None
    if isinstance(game, WeightedGame):
        homogeneous = _homogeneous_within(game, limits)
        game = equivalent_game(game)
        if game.n <= ENUMERATION_MAX_MEMBERS and (
            _enumeration_estimate(game.n).seconds < estimate_structure(game, limit).seconds
        ):
            game = _Enumerated(game)  # weights beyond the subset-sum tables: enumerate
    winning_count = count_minimal_winning(game)
    blocking_count = count_minimal_blocking(game)
    listed = sum(c if limit is None else min(c, limit) for c in (winning_count, blocking_count))
    left = Limits(max(limits.max_seconds - (time.perf_counter() - start), 1e-9), limits.max_bytes)
    _check(estimate_listing(game.n, listed), left, f"listing {listed:,} coalitions")
    return GameStructure(
        names=game.names,
        minimal_winning=tuple(minimal_winning_coalitions(game, limit)),
        minimal_winning_count=winning_count,
        minimal_blocking=tuple(minimal_blocking_coalitions(game, limit)),
        minimal_blocking_count=blocking_count,
        veto=veto_players(game),
        dummies=dummies(game),
        dictator=dictator(game),
        desirability=desirability(game),
        proper=is_proper(game),
        strong=is_strong(game),
        homogeneous=homogeneous,
        limit=limit,
    )


def _homogeneous_within(game: WeightedGame, limits: Limits) -> bool | None:
    """:func:`is_homogeneous` of the weights given, ``None`` when its bitset of ``quota`` bits
    would exceed the limits."""
    if any(w > game.quota for w in game.weights):
        return False  # that member wins alone: a minimal winning coalition above the quota
    if game.quota > 10**300 or not limits.admits(
        Estimate(2e-10 * game.n * game.quota, game.quota // 4)
    ):
        return None
    return is_homogeneous(game)
