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
the first stage (the least core) is solved at once as a compact programme over the knapsack's
layered graph (:mod:`.least_core_dp`), which seeds the rest.  For a weighted game
the members of equal weight are interchangeable and get equal shares, so coalitions are counted
by how many members of each weight they hold, and the oracle is a branch-and-bound over those
counts, pruned by a knapsack table of the cheapest way to reach the quota (pseudo-polynomial,
as in Elkind & Pasechnik 2009's use of the weights); for any other game with at most
:data:`TABLE_MAX_MEMBERS` members it scans all coalitions.  Each stage's optimum is recovered
*exactly* by solving its tight constraints in rational arithmetic, and the result is verified
exactly: the fixed equalities hold, the shares are non-negative and add up to 1, and no winning
coalition has an excess above the least-core value (an exact knapsack or scan over every
coalition).  The least-core ranges come from floating-point programmes read back as the
simplest fraction within ``1e-9`` (:func:`.exact_lp.simplest_near`), except for members whose
share is proven the same in every least-core division (then the range is the nucleolus share).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

from powershare.errors import InvalidInputError, MethodNotApplicableError, ResourceLimitError
from powershare.games.base import SimpleGame
from powershare.games.display import Displayable, TableData, member_table
from powershare.games.weighted import WeightedGame
from powershare.structure.exact_lp import Span, exact_rank, simplest_near, solve_exact
from powershare.structure.least_core_dp import COMPACT_MAX_EDGES, compact_edges, least_core_lp
from powershare.structure.prize_types import (
    TABLE_MAX_MEMBERS,
    WEIGHTED_MAX_QUOTA,
    Clock,
    CoalitionTypes,
    Floats,
    OutOfTime,
    Vector,
    cheapest_winning_share,
    coalition_types,
    lower_bounds,
)

_MAX_ROUNDS = 150

__all__ = ["TABLE_MAX_MEMBERS", "WEIGHTED_MAX_QUOTA", "Solutions", "core_sentence", "solutions"]


@dataclass
class _Stage:
    """One fixed coalition: ``sum_t c_t y_t = v(c) - level``."""

    c: Vector
    level: Fraction


def _lp(
    types: CoalitionTypes,
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
        point = [simplest_near(float(v)) for v in sol]
    return point[:tcount], point[tcount], duals


def _excess(types: CoalitionTypes, c: Vector, y: Sequence[Fraction]) -> Fraction:
    return types.worth(c) - sum((k * v for k, v in zip(c, y, strict=True)), Fraction(0))


class _Found(NamedTuple):
    """What the sequential programmes found: shares per type, the first stage's optimum, the
    coalitions tight in every least-core division and the compact least-core value (float)."""

    y: list[Fraction]
    first: Fraction | None
    tight: tuple[Vector, ...]
    compact_value: float | None


def _compact_start(
    types: CoalitionTypes, lower: list[Fraction], span: Span, clock: Clock
) -> tuple[list[Vector], Floats, float, tuple[Vector, ...]] | None:
    """The least core solved as one compact programme (:mod:`.least_core_dp`): the winning
    coalitions tight at its optimum, the optimum and its value; ``None`` when the layered graph
    is too large or the game is not weighted."""
    if types.compact is None:
        return None
    sizes, weights, quota = types.compact
    if compact_edges(sizes, weights, quota) > COMPACT_MAX_EDGES:
        return None
    edges = compact_edges(sizes, weights, quota)
    clock.notes.append(f"the least core was being solved as one programme of {edges:,} edges")
    try:
        sol = least_core_lp(
            sizes, weights, quota, [float(v) for v in lower], seconds=clock.remaining()
        )
    except ResourceLimitError:
        raise OutOfTime from None
    clock.notes.pop()
    center = np.array(sol.shares)
    near = types.oracle(center, sol.value - 1e-7, span.contains, False)
    found = [*sol.tight, *(c for _e, c in near)]
    active = [c for c in dict.fromkeys(found) if not span.contains(c)]
    return active, center, sol.value, sol.tight


def _nucleolus_types(types: CoalitionTypes, lower: list[Fraction], clock: Clock) -> _Found:
    """Per type, the nucleolus share of one member; and the first stage's optimum (the
    least-core value ``eps*``), ``None`` when no stage was needed; and the winning coalitions
    the compact least-core programme found tight in every least-core division (empty when it
    was not used)."""
    tcount = len(types.members)
    span = Span(tcount)
    span.add(types.sizes)
    fixed: list[_Stage] = []
    active: list[Vector] = []
    first: Fraction | None = None
    y: list[Fraction] = [Fraction(1, sum(types.sizes))] * tcount
    center: Floats | None = None
    center_value = 0.0
    tight: tuple[Vector, ...] = ()
    compact_value: float | None = None
    if span.rank < tcount:
        compact = _compact_start(types, lower, span, clock)
        if compact is not None:
            active, center, center_value, tight = compact
            compact_value = center_value
    for _round in range(_MAX_ROUNDS):
        clock.check()
        clock.rounds += 1
        clock.coalitions = len(active)
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
            found = types.oracle(query, float(t), span.contains, True)
            more = [c for _e, c in found if c not in seen]
            if more:
                active.extend(more)
                if not found or found[0][0] <= center_value:
                    center, center_value = query, found[0][0] if found else float(t)
                continue
            center, center_value = query, float(t)
        found = types.oracle(y_lp, float(t), span.contains, True)
        more = [c for _e, c in found if c not in seen]
        if more:
            active.extend(more)
            if center is None:
                center, center_value = y_lp, found[0][0]
            continue
        y, t, duals = _lp(types, active, fixed, lower)
        if first is None:
            first = t
        clock.stages += 1
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
    return _Found(y, first, tight, compact_value)


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


@dataclass(frozen=True, repr=False)
class Solutions(Displayable):
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
        Per member, the smallest and largest share in the least core (``None`` if not
        computed): exact where the tight coalitions pin the share, otherwise found by
        floating-point programmes and read back as the simplest fraction within ``1e-9``.
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

    def table_data(self) -> TableData:
        """One row per member: veto, nucleolus share and least-core range (exact)."""
        ranges = self.least_core_ranges or [(None, None)] * len(self.names)
        values = {"nucleolus": self.nucleolus, "least_core_min": [lo for lo, _ in ranges]}
        values["least_core_max"] = [hi for _, hi in ranges]
        return member_table(self.names, {"veto": self.veto}, values)

    def short_summary(self) -> str:
        """``core empty, least core value 1/3; verified``."""
        core = "core empty" if self.core_empty else f"{len(self.veto)} veto(es)"
        return f"{core}, least core value {self.least_core_value}; verified: {self.verified}"

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
                "ranges_note": (
                    "a range is exact where the tight coalitions pin the share; otherwise it "
                    "comes from floating-point linear programmes, read back as the simplest "
                    "fraction within 1e-9"
                ),
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


def _range(game: SimpleGame, i: int, eps: Fraction, clock: Clock) -> tuple[Fraction, Fraction]:
    """Smallest and largest share of member ``i`` in the least core: two compact programmes
    (:mod:`.least_core_dp`) where they fit, else by constraint generation; either way with one
    extra type for ``i`` itself."""
    from scipy.optimize import linprog

    types = (
        coalition_types(game, split=i, clock=clock)
        if isinstance(game, WeightedGame)
        else coalition_types(game)
    )
    tcount = len(types.members)
    sizes = types.sizes
    where = next(t for t, m in enumerate(types.members) if i in m)
    lower = lower_bounds(types)
    if types.compact is not None and compact_edges(*types.compact) <= COMPACT_MAX_EDGES:
        low = [float(v) for v in lower]
        try:
            ends = [
                least_core_lp(
                    *types.compact, low, share_of=(which, float(eps)), seconds=clock.remaining()
                ).shares[where]
                for which in (where, -1 - where)
            ]
        except ResourceLimitError:
            raise OutOfTime from None
        return simplest_near(ends[0]), simplest_near(ends[1])
    out = []
    for sign in (1.0, -1.0):
        active: list[Vector] = []
        y = np.array([1.0 / sum(sizes)] * tcount)
        for _round in range(_MAX_ROUNDS):
            clock.check()
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
        out.append(simplest_near(float(y[where])))
    return out[0], out[1]


def solutions(
    game: SimpleGame, *, ranges: bool = True, max_seconds: float | None = None
) -> Solutions:
    """The core, least core and nucleolus of the prize game of ``game``, exact.

    Parameters
    ----------
    game
        A weighted game (any size: interchangeable members are grouped) or any simple game of
        at most :data:`TABLE_MAX_MEMBERS` members.
    ranges
        Whether to compute each member's range of shares in the least core (two linear
        programmes per member, or per weight class of a weighted game).
    max_seconds
        Time limit for the whole computation (``None``: no limit).  Past it the search stops
        with :class:`~powershare.errors.ResourceLimitError` saying how far it got.

    Raises
    ------
    ResourceLimitError
        The time limit passed (the message gives the stage reached), or the exact check of a
        weighted game's result would need a table past the memory of this machine.

    Examples
    --------
    >>> from powershare.games.weighted import WeightedGame
    >>> s = solutions(WeightedGame(2, [1, 1, 1]))
    >>> [str(v) for v in s.nucleolus], str(s.least_core_value), s.core_empty
    (['1/3', '1/3', '1/3'], '1/3', True)
    >>> solutions(WeightedGame(4, [3, 1, 1])).nucleolus  # a veto player: the core's division
    (Fraction(1, 1), Fraction(0, 1), Fraction(0, 1))
    """
    if max_seconds is not None and not max_seconds > 0:  # NaN too
        raise InvalidInputError(f"max_seconds {max_seconds} must be a positive number of seconds")
    start = time.perf_counter()
    clock = Clock(None if max_seconds is None else start + max_seconds)
    try:
        return _solutions(game, ranges, clock)
    except OutOfTime:
        raise ResourceLimitError(
            f"the prize-division solutions stopped at the time limit of {max_seconds:g} s "
            f"after {clock.rounds} round(s) of constraint generation ({clock.stages} stage(s) of "
            f"the nucleolus settled, {clock.coalitions} coalitions in the last programme)"
            f"{'; ' + clock.notes[-1] if clock.notes else ''}: allow more time with "
            "--max-seconds, or ask for less with --no-ranges",
            seconds=time.perf_counter() - start,
        ) from None


def _solutions(game: SimpleGame, ranges: bool, clock: Clock) -> Solutions:
    names = tuple(game.names)
    veto = _veto_players(game)
    types = coalition_types(game, clock=clock)
    lower = lower_bounds(types)
    y, first, tight, compact_value = _nucleolus_types(types, lower, clock)
    clock.notes.append("the nucleolus was found; the least-core ranges were being computed")
    per = [Fraction(0)] * game.n
    for t, members in enumerate(types.members):
        for i in members:
            per[i] = y[t]
    # the nucleolus lies in the least core, so its largest excess is the least-core value
    eps = 1 - cheapest_winning_share(game, per)
    # the first stage's optimum is the least-core value unless coalitions whose excess is the
    # same in every division (their counts lie in the span of the grand coalition) exceed it;
    # then the compact programme, which counts every coalition, must agree
    first_ok = (
        first is None
        or max(first, Fraction(0)) == eps
        or (first < eps and compact_value is not None and abs(compact_value - float(eps)) < 1e-9)
    )
    verified = all(v >= 0 for v in per) and sum(per, Fraction(0)) == 1 and first_ok
    spans: tuple[tuple[Fraction, Fraction], ...] | None = None
    if ranges:
        found = _ranges(game, types, eps, clock, _pinned_types(types, tight, y, eps))
        spans = tuple(
            (per[i], per[i]) if span is None else (min(span[0], per[i]), max(span[1], per[i]))
            for i, span in enumerate(found)
        )
    return Solutions(names, veto, eps, spans, tuple(per), verified)


def _ranges(
    game: SimpleGame,
    types: CoalitionTypes,
    eps: Fraction,
    clock: Clock,
    pinned: set[int],
) -> tuple[tuple[Fraction, Fraction] | None, ...]:
    """Each member's range in the least core (``None`` for a pinned type: its nucleolus share
    is its whole range); members of one weighted type share theirs (the least core is
    symmetric in interchangeable members)."""
    out: list[tuple[Fraction, Fraction] | None] = [None] * game.n
    for t, members in enumerate(types.members):
        span = None if t in pinned else _range(game, members[0], eps, clock)
        for i in members:
            out[i] = span
    return tuple(out)


def _pinned_types(
    types: CoalitionTypes, tight: Sequence[Vector], y: Sequence[Fraction], eps: Fraction
) -> set[int]:
    """The types whose members have one share in every least-core division (so their range
    is a single point), proven from coalitions tight in every least-core division.

    ``tight`` are count vectors found tight in every *symmetric* least-core division (positive
    duals of the compact programme, re-checked exactly at ``y``).  Averaging any least-core
    division over the permutations inside each type gives a symmetric one, and a coalition
    whose average over its orbit is at the bound is at the bound itself, so every coalition
    with such counts is tight everywhere in the least core.  Swapping a member in for one of
    its type outside then forces the two equal: a type is *mixed* when some such coalition
    holds some but not all of its members.  A mixed type (or a single member) is pinned when
    its share is determined by the tight counts, i.e. its unit vector lies in their row space.
    """
    tcount = len(types.members)
    exact = [list(c) for c in tight if _excess(types, c, y) == eps]
    if not exact:
        return set()
    sizes = types.sizes
    rows = [list(sizes), *exact]
    rank = exact_rank(rows, tcount)
    pinned = set()
    for t in range(tcount):
        if sizes[t] > 1 and not any(0 < c[t] < sizes[t] for c in exact):
            continue
        unit = [int(k == t) for k in range(tcount)]
        if rank == tcount or exact_rank([*rows, unit], tcount) == rank:
            pinned.add(t)
    return pinned
