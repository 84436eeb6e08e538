"""How would the members divide a prize?  The core, the least core and the nucleolus.

The *prize game* of a decision rule gives a coalition the whole prize (worth 1) when it wins
and nothing when it loses: ``v(S) = 1`` if ``S`` wins, else ``0``.  A division ``x`` (shares
``x_i >= 0`` adding up to 1) leaves coalition ``S`` the *excess* ``e(S, x) = v(S) - x(S)``: how
much a winning coalition could gain by walking off with the prize itself.

* **The core** (Gillies 1959): the divisions no coalition can improve on, ``x(S) >= 1`` for
  every winning ``S``.  The core of a simple game is non-empty iff it has a veto player, and is
  then the set of divisions that give everything to the veto players: if ``i`` is no veto
  player, ``N - {i}`` wins and must get the whole prize, so ``x_i = 0``.
* **The least core** (Maschler, Peleg & Shapley 1979): the divisions that make the largest
  excess ``eps*`` as small as it can be; ``1 - eps*`` is the most every winning coalition can
  be guaranteed.  Each member's share ranges over an interval there.
* **The nucleolus** (Schmeidler 1969): the one division in the least core that then makes the
  second largest excess as small as it can be, and so on; it always exists, is unique, gives
  equal shares to interchangeable members and nothing to dummies, and lies in the core when the
  core is non-empty.

The method
----------
A sequence of linear programmes (Kopelowitz 1967; Maschler, Peleg & Shapley 1979), each solved
with HiGHS (:func:`scipy.optimize.linprog`): minimise the largest excess ``t`` over the
coalitions not yet fixed; coalitions whose constraint has a positive dual are tight in every
optimum, so their excess is fixed at ``t``; repeat until the fixed coalitions determine ``x``.
There are ``2^n`` coalitions, so constraints are generated as needed (Hallefjord, Helming &
Joernsten 1995): an *oracle* finds coalitions whose excess exceeds ``t``.  For a weighted game
the members of equal weight are interchangeable and get equal shares, so coalitions are counted
by how many members of each weight they hold, and the oracle is a branch-and-bound over those
counts, pruned by a knapsack table of the cheapest way to reach the quota (pseudo-polynomial,
as in Elkind & Pasechnik 2009's use of the weights); for any other game with at most
:data:`TABLE_MAX_MEMBERS` members it scans all coalitions.  Each stage's optimum is recovered
*exactly* by solving its tight constraints in rational arithmetic, and the result is verified
exactly: the fixed equalities hold, the shares are non-negative and add up to 1, and no winning
coalition has an excess above the least-core value (an exact knapsack or scan over every
coalition).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from powershare.errors import MethodNotApplicableError
from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame
from powershare.power.brute import winning_table
from powershare.structure.exact_lp import Span, solve_exact

__all__ = ["TABLE_MAX_MEMBERS", "WEIGHTED_MAX_QUOTA", "Solutions", "core_sentence", "solutions"]

TABLE_MAX_MEMBERS = 20
"""Most members of a non-weighted game whose coalitions the oracle scans."""
WEIGHTED_MAX_QUOTA = 10**6
"""Largest quota of a weighted game whose knapsack table the oracle builds."""
_TOL = 1e-9
_MAX_ROUNDS = 150
_MAX_NODES = 2_000_000

Vector = tuple[int, ...]
Floats = npt.NDArray[np.float64]
# oracle(y, threshold, is_fixed) -> coalitions (count vectors) with excess above threshold
# oracle(y, threshold, is_fixed, full): ``full`` also yields non-minimal winning coalitions and
# losing ones beyond single members (needed after the first stage)
Oracle = Callable[[Floats, float, Callable[[Vector], bool], bool], list[tuple[float, Vector]]]


@dataclass(frozen=True)
class _Types:
    """Members grouped into interchangeable types: ``members[t]`` of weight ``weight[t]``."""

    members: tuple[tuple[int, ...], ...]
    worth: Callable[[Vector], int]  # 1 if the coalition with these counts wins
    oracle: Oracle
    start: tuple[float, ...] = ()  # a good first division per member of each type

    @property
    def sizes(self) -> Vector:
        return tuple(len(m) for m in self.members)


# -- oracles -------------------------------------------------------------------------------------
def _weighted_types(game: WeightedGame, split: int | None = None) -> _Types:
    groups: dict[int, list[int]] = {}
    for i, w in enumerate(game.weights):
        if i != split:
            groups.setdefault(w, []).append(i)
    members = [tuple(m) for _w, m in sorted(groups.items(), key=lambda kv: -kv[0])]
    if split is not None:
        members.insert(0, (split,))
    q = game.quota
    weight = [min(game.weights[m[0]], q) for m in members]  # beyond the quota all the same
    sizes = [len(m) for m in members]

    def worth(c: Vector) -> int:
        return int(sum(k * w for k, w in zip(c, weight, strict=True)) >= q)

    def oracle(
        y: Floats, threshold: float, fixed: Callable[[Vector], bool], full: bool = True
    ) -> list[tuple[float, Vector]]:
        tcount = len(weight)
        inf = float("inf")
        best = np.full((tcount + 1, q + 1), inf)
        best[tcount, 0] = 0.0
        for t in range(tcount - 1, -1, -1):
            row = np.full(q + 1, inf)
            for k in range(sizes[t] + 1):
                r = np.arange(q + 1)
                row = np.minimum(row, k * y[t] + best[t + 1][np.maximum(r - k * weight[t], 0)])
            best[t] = row
        win_bound = 1.0 - threshold - _TOL
        lose_bound = -threshold - _TOL
        found: list[tuple[float, Vector]] = []
        nodes = 0
        counts = [0] * tcount

        def search(t: int, cost: float, acc: int, lightest: int = 0) -> None:
            nonlocal nodes
            nodes += 1
            if not full and lightest and acc - lightest >= q:  # already more than minimal
                return
            if nodes > _MAX_NODES or len(found) >= 1000:
                return
            if t == tcount:
                c = tuple(counts)
                lightest = min((weight[k] for k in range(tcount) if c[k]), default=0)
                if not full and acc >= q and acc - lightest >= q:  # not minimal: dominated
                    return
                if not full and acc < q and sum(c) != 1:  # losing beyond a single member
                    return
                excess = (1.0 if acc >= q else 0.0) - cost
                if excess > threshold + _TOL and not fixed(c):
                    found.append((excess, c))
                return
            can_win = cost + best[t][max(q - acc, 0)] < win_bound
            can_lose = acc < q and cost < lose_bound
            if not (can_win or can_lose):
                return
            for k in range(sizes[t], -1, -1):
                counts[t] = k
                light = weight[t] if k and weight[t] else lightest
                search(t + 1, cost + k * y[t], acc + k * weight[t], light)
            counts[t] = 0

        search(0, 0.0, 0)
        if nodes > _MAX_NODES and not found:
            raise MethodNotApplicableError(
                "the nucleolus search visited too many coalitions; it is undecided for this game"
            )
        found.sort(key=lambda pair: -pair[0])
        return found[:100]

    total = sum(game.weights) or 1
    return _Types(tuple(members), worth, oracle, tuple(float(Fraction(w, total)) for w in weight))


def _table_types(game: SimpleGame) -> _Types:
    n = game.n
    win = winning_table(game)
    masks = np.arange(1 << n, dtype=np.int64)
    bits = [((masks >> i) & 1).astype(bool) for i in range(n)]

    def worth(c: Vector) -> int:
        return int(win[sum(1 << i for i in range(n) if c[i])])

    def oracle(
        y: Floats, threshold: float, fixed: Callable[[Vector], bool], full: bool = True
    ) -> list[tuple[float, Vector]]:
        value = np.zeros(1 << n)
        for i in range(n):
            value[bits[i]] += y[i]
        excess = win.astype(float) - value
        hits = np.flatnonzero(excess > threshold + _TOL)
        hits = hits[np.argsort(-excess[hits], kind="stable")]
        out: list[tuple[float, Vector]] = []
        for m in hits[:5000]:
            c = tuple(int(m >> i & 1) for i in range(n))
            if not fixed(c):
                out.append((float(excess[m]), c))
                if len(out) >= 50:
                    break
        return out

    return _Types(tuple((i,) for i in range(n)), worth, oracle)


def _types(game: SimpleGame, split: int | None = None) -> _Types:
    if isinstance(game, WeightedGame) and game.quota > WEIGHTED_MAX_QUOTA:
        if game.n <= TABLE_MAX_MEMBERS:
            return _table_types(game)
        raise MethodNotApplicableError(
            f"the nucleolus oracle keeps a table over the quota, limited to {WEIGHTED_MAX_QUOTA}; "
            f"this quota is {game.quota}"
        )
    if isinstance(game, WeightedGame):
        return _weighted_types(game, split)
    if game.n <= TABLE_MAX_MEMBERS:
        return _table_types(game)
    raise MethodNotApplicableError(
        f"the least core and nucleolus need a weighted game or at most {TABLE_MAX_MEMBERS} "
        f"members; this body has {game.n}"
    )


@dataclass
class _Stage:
    """One fixed coalition: ``sum_t c_t y_t = v(c) - level``."""

    c: Vector
    level: Fraction


def _lp(
    types: _Types,
    active: list[Vector],
    fixed: list[_Stage],
    lower: list[Fraction],
    exact: bool = True,
) -> tuple[list[Fraction], Fraction, list[float]]:
    """Minimise the largest excess over ``active`` given the fixed equalities: the optimum
    ``(y, t)`` (exact when ``exact``, else the solver's floats as fractions) and the duals of
    the active constraints."""
    from scipy.optimize import linprog

    tcount = len(types.members)
    sizes = types.sizes
    cost = np.zeros(tcount + 1)
    cost[-1] = 1.0
    a_ub = np.array([[-float(k) for k in c] + [-1.0] for c in active]).reshape(-1, tcount + 1)
    b_ub = np.array([-float(types.worth(c)) for c in active])
    eq_rows = [[float(k) for k in sizes] + [0.0]] + [[float(k) for k in s.c] + [0.0] for s in fixed]
    eq_rhs = [1.0] + [float(types.worth(s.c) - s.level) for s in fixed]
    bounds = [(float(lo), None) for lo in lower] + [(None, None) if active else (0.0, 0.0)]
    res = linprog(
        cost,
        A_ub=a_ub if active else None,
        b_ub=b_ub if active else None,
        A_eq=np.array(eq_rows),
        b_eq=np.array(eq_rhs),
        bounds=bounds,
        method="highs-ds",
    )
    if res.status != 0:
        raise MethodNotApplicableError(f"the linear programme failed: {res.message}")
    sol = res.x
    duals = [-float(d) for d in res.ineqlin.marginals] if active else []
    if not exact:
        floats = [Fraction(float(v)) for v in sol]
        return floats[:tcount], floats[tcount], duals
    # exact vertex: the equalities, the tight active constraints and the tight bounds
    rows: list[list[Fraction]] = []
    rhs: list[Fraction] = []
    for s in fixed:
        rows.append([Fraction(k) for k in s.c] + [Fraction(0)])
        rhs.append(types.worth(s.c) - s.level)
    rows.insert(0, [Fraction(k) for k in sizes] + [Fraction(0)])
    rhs.insert(0, Fraction(1))
    slack = a_ub @ sol - b_ub if active else np.zeros(0)
    order = sorted(range(len(active)), key=lambda j: (-duals[j], abs(slack[j])))
    for j in order:
        if abs(slack[j]) <= 1e-7:
            rows.append([Fraction(k) for k in active[j]] + [Fraction(1)])
            rhs.append(Fraction(types.worth(active[j])))
    for t in range(tcount):
        if abs(sol[t] - float(lower[t])) <= 1e-9:
            rows.append([Fraction(int(k == t)) for k in range(tcount)] + [Fraction(0)])
            rhs.append(lower[t])
    try:
        point = solve_exact(rows, rhs, tcount + 1)
    except ArithmeticError:
        point = [Fraction(float(v)).limit_denominator(10**9) for v in sol]
    return point[:tcount], point[tcount], duals


def _excess(types: _Types, c: Vector, y: Sequence[Fraction]) -> Fraction:
    return types.worth(c) - sum((k * v for k, v in zip(c, y, strict=True)), Fraction(0))


def _nucleolus_types(
    types: _Types, lower: list[Fraction]
) -> tuple[list[Fraction], Fraction | None]:
    """Per type, the nucleolus share of one member; and the first stage's optimum (the
    least-core value ``eps*``), ``None`` when no stage was needed."""
    tcount = len(types.members)
    span = Span(tcount)
    span.add(types.sizes)
    fixed: list[_Stage] = []
    active: list[Vector] = []
    first: Fraction | None = None
    y: list[Fraction] = [Fraction(1, sum(types.sizes))] * tcount
    center: Floats | None = None
    center_value = 0.0
    for _round in range(_MAX_ROUNDS):
        if span.rank == tcount:
            break
        if not active:
            start = np.array(types.start or [float(v) for v in y])
            if not fixed and types.start:
                found = types.oracle(start, -1.0, span.contains, False)
                center = start
                center_value = found[0][0] if found else 0.0
                active = [c for _e, c in found]
            else:
                active = [c for _e, c in types.oracle(start, -1.0, span.contains, bool(fixed))[:50]]
                center = None
            if not active:
                break
        y, t, duals = _lp(types, active, fixed, lower, exact=False)
        y_lp = np.array([float(v) for v in y])
        seen = set(active)
        # in-out stabilisation (Ben-Ameur & Neto 2007): query between the LP point and the
        # best point so far, then at the LP point itself
        if center is not None:
            query = 0.5 * (y_lp + center)
            found = types.oracle(query, float(t), span.contains, bool(fixed))
            more = [c for _e, c in found if c not in seen]
            if more:
                active.extend(more)
                if not found or found[0][0] <= center_value:
                    center, center_value = query, found[0][0] if found else float(t)
                continue
            center, center_value = query, float(t)
        found = types.oracle(y_lp, float(t), span.contains, bool(fixed))
        more = [c for _e, c in found if c not in seen]
        if more:
            active.extend(more)
            if center is None:
                center, center_value = y_lp, found[0][0]
            continue
        y, t, duals = _lp(types, active, fixed, lower)
        if first is None:
            first = t
        newly = [c for c, d in zip(active, duals, strict=True) if d > 1e-9]
        if not newly:  # degenerate duals: fix the tight ones
            newly = [c for c in active if _excess(types, c, y) == t]
        grew = False
        for c in newly:
            if span.add(c):
                fixed.append(_Stage(c, t))
                grew = True
        if not grew:  # only possible through rounding: stop with what is fixed
            break
        active = [c for c in active if not span.contains(c)]
        center = None
    else:
        raise MethodNotApplicableError(
            f"the nucleolus did not settle within {_MAX_ROUNDS} rounds of constraint generation "
            "(too many distinct coalitions); it is undecided for this game"
        )
    if span.rank < tcount:  # nothing more to fix: the remaining shares are the bounds'
        y, _t, _d = _lp(types, [], fixed, lower)
    return y, first


# -- the result ---------------------------------------------------------------------------------
def core_sentence(veto: Sequence[str]) -> str:
    """Why the core is what it is, in one sentence."""
    if not veto:
        return (
            "The core is empty: there is no veto player, and the core of a simple game is "
            "non-empty only when some member belongs to every winning coalition (any division "
            "leaves some winning coalition without the whole prize)."
        )
    who = ", ".join(veto)
    return (
        f"The core is every division of the prize among the veto player(s) {who}: every winning "
        "coalition contains them, so they alone can guarantee themselves the prize."
    )


@dataclass(frozen=True)
class Solutions:
    """The core, the least core and the nucleolus of a rule's prize game, exact.

    Attributes
    ----------
    names
        Member names.
    veto
        The veto players (indices); the core is non-empty iff there is one.
    least_core_value
        ``eps*``: in the least core every winning coalition gets at least ``1 - eps*``.
    least_core_ranges
        Per member, the smallest and largest share in the least core (``None`` if not computed).
    nucleolus
        Per member, the nucleolus share.
    verified
        Whether the exact checks passed (see the module's *method*).
    """

    names: tuple[str, ...]
    veto: tuple[int, ...]
    least_core_value: Fraction
    least_core_ranges: tuple[tuple[Fraction, Fraction], ...] | None
    nucleolus: tuple[Fraction, ...]
    verified: bool

    @property
    def core_empty(self) -> bool:
        """The core of a simple game is empty iff no member has a veto."""
        return not self.veto

    def sentences(self) -> list[str]:
        """What each solution means, in plain words."""
        guaranteed = 1 - self.least_core_value
        return [
            core_sentence([self.names[i] for i in self.veto]),
            f"The least core is the set of divisions that guarantee every winning coalition at "
            f"least {_pct(guaranteed)} of the prize, the most that can be guaranteed to all of "
            "them at once.",
            "The nucleolus is the one division in the least core that then helps the next "
            "worst-off coalitions as much as possible, and so on (Schmeidler 1969): a fair "
            "compromise that no group can object to more than it must.",
        ]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: exact values as strings and floats."""

        def num(v: Fraction) -> dict[str, Any]:
            return {"exact": str(v), "value": float(v)}

        out: dict[str, Any] = {
            "core": {
                "empty": self.core_empty,
                "veto_players": [self.names[i] for i in self.veto],
                "statement": core_sentence([self.names[i] for i in self.veto]),
            },
            "least_core": {
                "excess": num(self.least_core_value),
                "guaranteed_to_every_winning_coalition": num(1 - self.least_core_value),
                "per_member": (
                    {
                        name: {"min": num(lo), "max": num(hi)}
                        for name, (lo, hi) in zip(self.names, self.least_core_ranges, strict=True)
                    }
                    if self.least_core_ranges is not None
                    else None
                ),
            },
            "nucleolus": {name: num(v) for name, v in zip(self.names, self.nucleolus, strict=True)},
            "verified": self.verified,
            "statements": self.sentences(),
        }
        return out


def _pct(x: Fraction) -> str:
    return f"{float(x) * 100:.4g}%"


def _veto_players(game: SimpleGame) -> tuple[int, ...]:
    everyone = set(range(game.n))
    return tuple(i for i in range(game.n) if not game.is_winning(everyone - {i}))


def _lower(types: _Types) -> list[Fraction]:
    lower = []
    for t in range(len(types.members)):
        single = tuple(int(k == t) for k in range(len(types.members)))
        lower.append(Fraction(types.worth(single)))
    if sum(lo * s for lo, s in zip(lower, types.sizes, strict=True)) > 1:
        raise MethodNotApplicableError(
            "two disjoint members each win alone: no division gives every one of them the prize"
        )
    return lower


def _range(game: SimpleGame, i: int, eps: Fraction) -> tuple[Fraction, Fraction]:
    """Smallest and largest share of member ``i`` in the least core, by constraint generation
    (one extra type for ``i`` itself)."""
    from scipy.optimize import linprog

    types = _types(game, split=i) if isinstance(game, WeightedGame) else _types(game)
    tcount = len(types.members)
    sizes = types.sizes
    where = next(t for t, m in enumerate(types.members) if i in m)
    lower = _lower(types)
    out = []
    for sign in (1.0, -1.0):
        active: list[Vector] = []
        y = np.array([1.0 / sum(sizes)] * tcount)
        for _round in range(_MAX_ROUNDS):
            more = [
                c
                for _e, c in types.oracle(y, float(eps), lambda c: not any(c) or c == sizes, False)
                if types.worth(c) and c not in active
            ]
            if not more and (active or _round):
                break
            active.extend(more)
            cost = np.zeros(tcount)
            cost[where] = sign
            res = linprog(
                cost,
                A_ub=np.array([[-float(k) for k in c] for c in active]) if active else None,
                b_ub=np.array([-(1.0 - float(eps))] * len(active)) if active else None,
                A_eq=np.array([[float(k) for k in sizes]]),
                b_eq=np.array([1.0]),
                bounds=[(float(lo), None) for lo in lower],
                method="highs-ds",
            )
            if res.status != 0:
                raise MethodNotApplicableError(f"the linear programme failed: {res.message}")
            y = res.x
        out.append(Fraction(float(y[where])).limit_denominator(10**9))
    return out[0], out[1]


def solutions(game: SimpleGame, *, ranges: bool = True) -> Solutions:
    """The core, least core and nucleolus of the prize game of ``game``, exact.

    Parameters
    ----------
    game
        A weighted game (any size: interchangeable members are grouped) or any simple game of
        at most :data:`TABLE_MAX_MEMBERS` members.
    ranges
        Whether to compute each member's range of shares in the least core (two linear
        programmes per member).

    Examples
    --------
    >>> from powershare.games.weighted import WeightedGame
    >>> s = solutions(WeightedGame(2, [1, 1, 1]))
    >>> [str(v) for v in s.nucleolus], str(s.least_core_value), s.core_empty
    (['1/3', '1/3', '1/3'], '1/3', True)
    >>> solutions(WeightedGame(4, [3, 1, 1])).nucleolus  # a veto player: the core's division
    (Fraction(1, 1), Fraction(0, 1), Fraction(0, 1))
    """
    names = tuple(game.names)
    veto = _veto_players(game)
    types = _types(game)
    lower = _lower(types)
    y, first = _nucleolus_types(types, lower)
    per = [Fraction(0)] * game.n
    for t, members in enumerate(types.members):
        for i in members:
            per[i] = y[t]
    # the nucleolus lies in the least core, so its largest excess is the least-core value
    eps = 1 - _cheapest(game, per)
    verified = (
        all(v >= 0 for v in per) and sum(per, Fraction(0)) == 1 and (first is None or first == eps)
    )
    spans = tuple(_range(game, i, eps) for i in range(game.n)) if ranges else None
    if spans is not None:
        spans = tuple((min(lo, per[i]), max(hi, per[i])) for i, (lo, hi) in enumerate(spans))
    return Solutions(names, veto, eps, spans, tuple(per), verified)


def _cheapest(game: SimpleGame, x: list[Fraction]) -> Fraction:
    """The least total share of a winning coalition, exactly: a knapsack over the weights for
    weighted games, every coalition otherwise."""
    if isinstance(game, WeightedGame) and game.quota <= WEIGHTED_MAX_QUOTA:
        q = game.quota
        best: list[Fraction | None] = [Fraction(0)] + [None] * q  # least share reaching >= r
        for i, w in enumerate(game.weights):
            new = best[:]
            for r in range(1, q + 1):
                prev = best[max(r - w, 0)]
                if prev is not None:
                    cand = prev + x[i]
                    current = new[r]
                    if current is None or cand < current:
                        new[r] = cand
            best = new
        cheapest = best[q]
        assert cheapest is not None  # the grand coalition wins
        return cheapest
    win = winning_table(game)
    den = 1
    for v in x:
        den = den * v.denominator // int(np.gcd(den, v.denominator))
    masks = np.arange(1 << game.n, dtype=np.int64)
    share = np.zeros(1 << game.n, dtype=object)
    for i, v in enumerate(x):
        share = share + ((masks >> i) & 1) * int(v * den)
    return Fraction(int(min(share[win])), den)
