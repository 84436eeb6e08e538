"""Is a simple game a weighted vote?  Integer weights and a quota, or a proof that none exist.

A simple game is *weighted* when there are weights ``w_i >= 0`` and a quota ``q`` such that a
coalition wins exactly when its weight reaches ``q``.  Compound rules (a quota of seats plus
a veto, plus the consent of ``k`` of the blocs, ...) are sometimes weighted in disguise; this
module tells which, and says it exactly:

* **the test**: the linear program over ``(w, q)`` with ``w(X) >= q`` for every minimal winning
  coalition ``X`` and ``w(Y) <= q - 1`` for every maximal losing coalition ``Y`` is feasible
  iff the game is weighted (any real separating weights can be scaled to a margin of 1;
  Taylor & Zwicker 1999, *Simple Games*, Princeton UP, ch. 2; Freixas & Molinero 2009,
  "Simple games and weighted games: a theoretical and computational viewpoint", Discrete
  Applied Mathematics 157:1496-1508).  It is solved with HiGHS through
  :func:`scipy.optimize.linprog`;
* **the weights**: the integer representation of least total weight (Kurz 2012, "On minimum
  sum representations for weighted voting games", Annals of OR 196:361-369), by the same
  constraints with integer variables (:func:`scipy.optimize.milp`, HiGHS), and the answer is
  *verified exactly* by counting: the weighted game's winning coalitions are compared with the
  game's, coalition by coalition;
* **the proof of non-weightedness**: a *trading transform* (Taylor & Zwicker 1992, "A
  characterization of weighted voting", Proc. AMS 115:1089-1094): two winning coalitions
  ``X, Y`` whose members can be swapped into two losing ones ``X', Y'`` (same members
  counted with multiplicity).  Any weights would give ``w(X) + w(Y) = w(X') + w(Y')``, yet the
  left side is at least ``2q`` and the right below it.  Pairs of minimal winning coalitions
  are searched; when none trades (a game can be 2-trade robust without being weighted), the
  infeasible linear program is the proof.

The game is given by its winning table (``win[mask]`` for every coalition ``mask``, bit ``i``
for member ``i``), as built by :func:`powershare.power.brute.winning_table`, or as a
:class:`~powershare.games.base.SimpleGame`.

>>> from powershare.games.compound import MinimalWinning
>>> game = MinimalWinning([("A", "B"), ("C", "D")], ["A", "B", "C", "D"])
>>> r = weightedness(game)
>>> r.weighted
False
>>> r.describe(game.names)  # doctest: +ELLIPSIS
'not a weighted vote: {A, B} and {C, D} win, but swapping A for C gives {B, C} and {A, D}...'
>>> from powershare.games.weighted import WeightedGame
>>> weightedness(WeightedGame(5, [6, 2, 2, 1])).describe(["A", "B", "C", "D"])
'the weighted vote [3; 3, 1, 1, 1]'
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from powershare.errors import InvalidInputError, MethodNotApplicableError, ResourceLimitError
from powershare.games.base import SimpleGame
from powershare.power.brute import ENUMERATION_MAX_MEMBERS, winning_table

__all__ = [
    "TRADE_SEARCH_MAX_PAIRS",
    "Weightedness",
    "find_trade",
    "is_complete",
    "maximal_losing_masks",
    "minimal_winning_masks",
    "weightedness",
    "weights_represent",
]

TRADE_SEARCH_MAX_PAIRS = 20_000
"""Most pairs of minimal winning coalitions searched for a trading transform."""

Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Weightedness:
    """Whether a game is a weighted vote, with the weights or the proof.

    Attributes
    ----------
    weighted
        Whether integer weights and a quota give exactly the game's winning coalitions.
    weights, quota
        The integer representation of least total weight (verified by counting), or ``None``.
    trade
        When not weighted and a 2-trade was found: winning ``X``, ``Y`` and losing ``X'``,
        ``Y'`` (member indices) with the same members counted together.
    swap
        The members swapped: ``(from X, from Y)``.
    complete
        Whether the desirability relation is total (every weighted game is complete; Isbell
        1958; Taylor & Zwicker 1999, sec. 3.2); ``None`` when not computed.
    swap_robust
        Whether no one-for-one swap between two winning coalitions makes both lose (every
        weighted game is; Taylor & Zwicker 1993); ``None`` when not computed.
    minimal
        Whether ``weights`` are proven of least total (the integer programme of Kurz 2012);
        ``False`` for a large weighted game reported with its own weights.
    """

    weighted: bool
    weights: tuple[int, ...] | None = None
    quota: int | None = None
    trade: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]] | None = None
    swap: tuple[tuple[int, ...], tuple[int, ...]] | None = None
    complete: bool | None = None
    swap_robust: bool | None = None
    minimal: bool = True

    def describe(self, names: Sequence[str]) -> str:
        """The answer in words."""

        def group(c: Sequence[int]) -> str:
            return "{" + ", ".join(names[i] for i in c) + "}"

        if self.weighted:
            assert self.weights is not None
            return f"the weighted vote [{self.quota}; {', '.join(map(str, self.weights))}]"
        if self.trade is None or self.swap is None:
            return (
                "not a weighted vote: no weights and quota give these winning coalitions "
                "(the linear program of Taylor & Zwicker is infeasible)"
            )
        x, y, x2, y2 = self.trade
        a, b = self.swap
        return (
            f"not a weighted vote: {group(x)} and {group(y)} win, but swapping "
            f"{', '.join(names[i] for i in a)} for {', '.join(names[i] for i in b)} gives "
            f"{group(x2)} and {group(y2)}, which both lose"
        )

    def to_dict(self, names: Sequence[str]) -> dict[str, object]:
        """JSON-ready."""
        return {
            "weighted": self.weighted,
            "weights": list(self.weights) if self.weights is not None else None,
            "quota": self.quota,
            "minimal_sum": self.minimal if self.weighted else None,
            "complete": self.complete,
            "swap_robust": self.swap_robust,
            "statement": self.describe(names),
        }


def _table(game: SimpleGame | npt.ArrayLike) -> tuple[Bools, int]:
    if isinstance(game, SimpleGame):
        if game.n > ENUMERATION_MAX_MEMBERS:
            raise MethodNotApplicableError(
                f"the weightedness test lists every coalition and is limited to "
                f"{ENUMERATION_MAX_MEMBERS} members; this body has {game.n}"
            )
        return np.asarray(winning_table(game), dtype=bool), game.n
    win = np.asarray(game, dtype=bool)
    n = int(win.size).bit_length() - 1
    if win.ndim != 1 or win.size != 1 << n:
        raise InvalidInputError(
            f"a winning table has 2^n entries, one per coalition; got shape {win.shape}"
        )
    return win, n


def minimal_winning_masks(win: Bools, n: int) -> list[int]:
    """Coalitions (bit masks) that win and lose when any member leaves."""
    masks = np.arange(1 << n, dtype=np.int64)
    keep = win.copy()
    for i in range(n):
        has = ((masks >> i) & 1).astype(bool)
        keep &= ~(has & win[masks & ~(1 << i)])
    return [int(m) for m in np.flatnonzero(keep)]


def maximal_losing_masks(win: Bools, n: int) -> list[int]:
    """Coalitions (bit masks) that lose and win when any outsider joins."""
    masks = np.arange(1 << n, dtype=np.int64)
    keep = ~win
    for i in range(n):
        has = ((masks >> i) & 1).astype(bool)
        keep &= has | win[masks | (1 << i)]
    return [int(m) for m in np.flatnonzero(keep)]


def weights_represent(win: Bools, n: int, weights: Sequence[int], quota: int) -> bool:
    """Whether ``[quota; weights]`` has exactly the winning coalitions ``win`` (by counting
    every coalition)."""
    masks = np.arange(1 << n, dtype=np.int64)
    sums = np.zeros(1 << n, dtype=np.int64)
    for i, w in enumerate(weights):
        sums += ((masks >> i) & 1) * int(w)
    return bool(np.array_equal(sums >= quota, win))


def _bits(mask: int, n: int) -> tuple[int, ...]:
    return tuple(i for i in range(n) if mask >> i & 1)


def find_trade(
    win: Bools, n: int, minimal: Sequence[int] | None = None
) -> tuple[tuple[int, int, int, int], tuple[int, int]] | None:
    """A 2-trading transform (Taylor & Zwicker 1992): minimal winning ``X, Y`` and member sets
    ``A`` of ``X \\ Y``, ``B`` of ``Y \\ X`` such that ``X - A + B`` and ``Y - B + A`` both lose.

    Returns ``((X, Y, X', Y'), (A, B))`` as bit masks, or ``None`` when no pair among the first
    :data:`TRADE_SEARCH_MAX_PAIRS` trades.
    """
    mwc = list(minimal) if minimal is not None else minimal_winning_masks(win, n)
    for count, (x, y) in enumerate(itertools.combinations(mwc, 2)):
        if count >= TRADE_SEARCH_MAX_PAIRS:
            return None
        only_x, only_y = x & ~y, y & ~x
        xs, ys = _bits(only_x, n), _bits(only_y, n)
        for ka in range(1, len(xs) + 1):
            for a_set in itertools.combinations(xs, ka):
                a = sum(1 << i for i in a_set)
                for kb in range(1, len(ys) + 1):
                    for b_set in itertools.combinations(ys, kb):
                        b = sum(1 << i for i in b_set)
                        x2, y2 = (x & ~a) | b, (y & ~b) | a
                        if not win[x2] and not win[y2]:
                            return (x, y, x2, y2), (a, b)
    return None


def _lp_weights(
    win: Bools, n: int, mwc: Sequence[int], mlc: Sequence[int], deadline: float | None = None
) -> tuple[tuple[int, ...], int, bool] | None:
    """Integer weights and quota by HiGHS and whether they are the smallest (the integer
    programme finished within the time), or ``None`` when the LP is infeasible."""
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp

    rows, upper = [], []
    for x in mwc:  # q - w(X) <= 0
        rows.append([-float(x >> i & 1) for i in range(n)] + [1.0])
        upper.append(0.0)
    for y in mlc:  # w(Y) - q <= -1
        rows.append([float(y >> i & 1) for i in range(n)] + [-1.0])
        upper.append(-1.0)
    a = np.array(rows, dtype=float).reshape(len(rows), n + 1)
    b = np.array(upper, dtype=float)
    cost = np.array([1.0] * n + [0.0])
    bounds = [(0, None)] * n + [(1, None)]
    lp = linprog(cost, A_ub=a, b_ub=b, bounds=bounds, method="highs", options=_time_left(deadline))
    if lp.status == 1:
        raise ResourceLimitError(
            f"deciding whether the rule is a weighted vote ({len(rows):,} coalitions in the "
            "linear programme) reached the time limit"
        )
    if lp.status == 2:  # infeasible: no weights exist
        return None
    res = milp(
        cost,
        constraints=LinearConstraint(a, -np.inf, b),
        integrality=np.ones(n + 1),
        bounds=Bounds([0.0] * n + [1.0], [np.inf] * (n + 1)),
        options=_time_left(deadline),
    )
    candidates: list[tuple[tuple[int, ...], int, bool]] = []
    if res.x is not None:
        sol = np.rint(res.x).astype(np.int64)
        candidates.append((tuple(int(v) for v in sol[:n]), int(sol[n]), res.status == 0))
    if lp.x is not None:  # scale the LP vertex as a fallback
        from fractions import Fraction

        fr = [Fraction(float(v)).limit_denominator(10_000) for v in lp.x]
        den = 1
        for f in fr:
            den = den * f.denominator // np.gcd(den, f.denominator)
        ints = [int(f * den) for f in fr]
        candidates.append((tuple(ints[:n]), ints[n], False))
    for weights, quota, smallest in candidates:
        if weights_represent(win, n, weights, quota):
            return weights, quota, smallest
    raise MethodNotApplicableError(  # pragma: no cover - HiGHS returned unverifiable weights
        "the linear program found weights that do not reproduce the game when counted; "
        "the weightedness of this game is undecided"
    )


def _time_left(deadline: float | None) -> dict[str, float]:
    """HiGHS options for the time left before ``deadline``."""
    if deadline is None:
        return {}
    return {"time_limit": max(deadline - time.perf_counter(), 1e-3)}


def weightedness(
    game: SimpleGame | npt.ArrayLike, *, max_seconds: float | None = None
) -> Weightedness:
    """Whether ``game`` is a weighted vote: integer weights and quota, or a proof it is not.

    Parameters
    ----------
    game
        A :class:`~powershare.games.base.SimpleGame` (at most
        :data:`~powershare.power.brute.ENUMERATION_MAX_MEMBERS` members) or its winning table
        (``2^n`` booleans indexed by coalition bit mask).
    max_seconds
        Time for the linear and integer programmes (``None``: no limit).  Past it the
        smallest integer weights are not proven (``minimal`` is false) or, when even the
        linear programme did not finish, :class:`~powershare.errors.ResourceLimitError`.

    Returns
    -------
    Weightedness
        Weighted: the integer weights and quota of least total weight, verified exactly by
        counting every coalition.  Not weighted: a trading transform when a pair of minimal
        winning coalitions trades (Taylor & Zwicker 1992), else the infeasible linear program
        (Taylor & Zwicker 1999, ch. 2; Freixas & Molinero 2009).

    Examples
    --------
    >>> from powershare.games.compound import AllOf, Veto
    >>> from powershare.games.weighted import WeightedGame
    >>> names = ["A", "B", "C"]
    >>> weightedness(AllOf([WeightedGame(3, [2, 1, 1], names), Veto(["B"], names)])).weights
    (1, 1, 0)
    """
    if isinstance(game, SimpleGame) and game.n > ENUMERATION_MAX_MEMBERS:
        return _large(game)
    win, n = _table(game)
    if not win[-1]:
        raise InvalidInputError("the grand coalition loses: not a simple game")
    if win[0]:
        return Weightedness(True, tuple([0] * n), 0)
    mwc = minimal_winning_masks(win, n)
    mlc = maximal_losing_masks(win, n)
    deadline = None if max_seconds is None else time.perf_counter() + max_seconds
    found = _lp_weights(win, n, mwc, mlc, deadline)
    if found is not None:
        return Weightedness(
            True, found[0], found[1], complete=True, swap_robust=True, minimal=found[2]
        )
    complete = is_complete(win, n)
    robust = _one_for_one(win, n, mwc) is None
    trade = find_trade(win, n, mwc)
    if trade is None:
        return Weightedness(False, complete=complete, swap_robust=robust)
    (x, y, x2, y2), (a, b) = trade
    return Weightedness(
        False,
        trade=(_bits(x, n), _bits(y, n), _bits(x2, n), _bits(y2, n)),
        swap=(_bits(a, n), _bits(b, n)),
        complete=complete,
        swap_robust=robust,
    )


def is_complete(win: Bools, n: int) -> bool:
    """Whether the desirability relation is total: for every two members one is at least as
    desirable as the other (Isbell 1958), tested over every coalition."""
    masks = np.arange(1 << n, dtype=np.int64)
    for i in range(n):
        for j in range(i + 1, n):
            base = masks[(((masks >> i) | (masks >> j)) & 1) == 0]
            with_i, with_j = win[base | (1 << i)], win[base | (1 << j)]
            if np.any(with_i & ~with_j) and np.any(with_j & ~with_i):
                return False
    return True


def _one_for_one(win: Bools, n: int, mwc: Sequence[int]) -> tuple[int, int, int, int] | None:
    """A swap of one member for one between minimal winning ``X, Y`` that makes both lose."""
    for count, (x, y) in enumerate(itertools.combinations(mwc, 2)):
        if count >= TRADE_SEARCH_MAX_PAIRS:
            return None
        for a in _bits(x & ~y, n):
            for b in _bits(y & ~x, n):
                x2, y2 = (x & ~(1 << a)) | (1 << b), (y & ~(1 << b)) | (1 << a)
                if not win[x2] and not win[y2]:
                    return x, y, a, b
    return None


def _random_minimal(game: SimpleGame, rng: np.random.Generator) -> int:
    order = rng.permutation(game.n)
    members: set[int] = set()
    for i in order:
        members.add(int(i))
        if game.is_winning(members):
            break
    for i in rng.permutation(sorted(members)):
        if game.is_winning(members - {int(i)}):
            members.discard(int(i))
    return sum(1 << i for i in members)


def _swap_by_sets(
    game: SimpleGame,
    x: int,
    y: int,
    swaps: list[tuple[tuple[int, ...], tuple[int, ...]]],
) -> tuple[int, int, tuple[tuple[int, ...], tuple[int, ...]]] | None:
    """The first swap that makes both coalitions lose, tested with Python sets (any n)."""
    n = game.n
    for a, b in swaps:
        am, bm = sum(1 << i for i in a), sum(1 << i for i in b)
        x2, y2 = (x & ~am) | bm, (y & ~bm) | am
        if not game.is_winning(_bits(x2, n)) and not game.is_winning(_bits(y2, n)):
            return x2, y2, (a, b)
    return None


def _large(game: SimpleGame, pairs: int = 400, seed: int = 1) -> Weightedness:
    """Games past the enumeration limit: a weighted game is reported with its own weights
    (not proven of least sum); otherwise a trading transform is searched among random minimal
    winning coalitions, swapping one member for one or two (Taylor & Zwicker 1992)."""
    from powershare.games.weighted import WeightedGame

    if isinstance(game, WeightedGame):
        return Weightedness(
            True, tuple(game.weights), game.quota, complete=True, swap_robust=True, minimal=False
        )
    rng = np.random.default_rng(seed)
    n = game.n
    pool = sorted({_random_minimal(game, rng) for _ in range(60)})
    if len(pool) == 1:
        # one minimal winning coalition S found: if every member of S is a veto player the
        # game is exactly "all of S approve" (S wins; a coalition missing i in S lies inside
        # N - {i}, which loses), the weighted vote [|S|; 1 for S, 0 for the rest]
        s_members = _bits(pool[0], n)
        everyone = set(range(n))
        if all(not game.is_winning(everyone - {i}) for i in s_members):
            weights = tuple(1 if i in s_members else 0 for i in range(n))
            return Weightedness(
                True, weights, len(s_members), complete=True, swap_robust=True, minimal=True
            )
    for _ in range(pairs if len(pool) >= 2 else 0):
        # pick by position: the masks are Python ints (past 62 members they overflow int64)
        i, j = (int(k) for k in rng.choice(len(pool), size=2, replace=False))
        x, y = pool[i], pool[j]
        xs, ys = _bits(x & ~y, n), _bits(y & ~x, n)
        swaps: list[tuple[tuple[int, ...], tuple[int, ...]]] = [
            ((a,), (b,)) for a in xs for b in ys
        ]
        swaps += [((a,), pair) for a in xs for pair in itertools.combinations(ys, 2)]
        swaps += [(pair, (b,)) for pair in itertools.combinations(xs, 2) for b in ys]
        if not swaps:
            continue
        if n > 62:  # bitmasks no longer fit int64: test the swaps one by one
            found = _swap_by_sets(game, x, y, swaps[:2000])
            if found is not None:
                x2k, y2k, (a, b) = found
                return Weightedness(
                    False,
                    trade=(_bits(x, n), _bits(y, n), _bits(x2k, n), _bits(y2k, n)),
                    swap=(a, b),
                )
            continue
        am = np.array([sum(1 << i for i in a) for a, _b in swaps], dtype=np.int64)
        bm = np.array([sum(1 << i for i in b) for _a, b in swaps], dtype=np.int64)
        x2, y2 = (x & ~am) | bm, (y & ~bm) | am
        both = ~np.asarray(game.winning_masks(x2), bool) & ~np.asarray(game.winning_masks(y2), bool)
        hits = np.flatnonzero(both)
        if hits.size:
            k = int(hits[0])
            a, b = swaps[k]
            return Weightedness(
                False,
                trade=(_bits(x, n), _bits(y, n), _bits(int(x2[k]), n), _bits(int(y2[k]), n)),
                swap=(a, b),
            )
    raise MethodNotApplicableError(
        f"no trading transform was found among {pairs} pairs of minimal winning coalitions and "
        f"the exact test is limited to {ENUMERATION_MAX_MEMBERS} members; the weightedness of "
        "this rule is undecided"
    )
