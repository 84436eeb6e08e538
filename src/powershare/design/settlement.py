"""The settlement problem and its answer: demands, rule families, settlements.

:class:`SettlementProblem` (members, seats, rule families, demands, ranking) is what
:func:`powershare.design.settle.settle` searches; :class:`SettlementResult` is what it found.
The families and demands are described in :mod:`powershare.design.settle`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from powershare.design.distance import get_distance
from powershare.design.evaluate import canonical_index
from powershare.errors import InvalidInputError
from powershare.games.base import validate_names
from powershare.games.display import Displayable, TableData, plural

__all__ = [
    "MAX_TOTAL_SEATS",
    "DEMAND_KINDS",
    "FAMILY_KINDS",
    "RANK_KINDS",
    "Demand",
    "DemandKind",
    "Family",
    "Settlement",
    "SettlementProblem",
    "SettlementResult",
]

DEMAND_KINDS = (
    "min_share",
    "max_share",
    "cap",
    "veto",
    "no_veto",
    "block_with",
    "cannot_block_with",
    "not_dummy",
    "min_decisiveness",
)
FAMILY_KINDS = ("weighted", "veto", "bloc_consent", "two_tier")
RANK_KINDS = ("equal", "seats", "population", "decisiveness")
MAX_TOTAL_SEATS = 1 << 62
"""Seats are counted in ``int64`` arrays by the search: totals stay below ``2^62``."""

DemandKind = Literal[
    "min_share",
    "max_share",
    "cap",
    "veto",
    "no_veto",
    "block_with",
    "cannot_block_with",
    "not_dummy",
    "min_decisiveness",
]


def _pct(value: Fraction | None) -> str:
    return f"{float(value) * 100:.4g}%" if value is not None else ""


@dataclass(frozen=True)
class Demand:
    """One party's demand (``party`` is ``None`` for a cap or a decisiveness floor)."""

    kind: DemandKind
    party: str | None = None
    value: Fraction | None = None
    allies: tuple[str, ...] = ()
    index: str = "banzhaf"
    label: str = ""
    line: int | None = None

    def describe(self) -> str:
        """The demand in words."""
        if self.label:
            return self.label
        pct = _pct(self.value)
        words = {
            "min_share": f"{self.party}: at least {pct} of {self.index} power",
            "max_share": f"{self.party}: at most {pct} of {self.index} power",
            "cap": f"no member above {pct} of {self.index} power",
            "veto": f"{self.party}: a veto",
            "no_veto": f"{self.party}: no veto",
            "block_with": f"{self.party}: can block together with {', '.join(self.allies)}",
            "cannot_block_with": (
                f"{self.party}: cannot block together with {', '.join(self.allies)}"
            ),
            "not_dummy": f"{self.party}: not a dummy",
            "min_decisiveness": f"at least {pct} of coalitions can pass a decision",
        }
        return words[self.kind]


@dataclass(frozen=True)
class Family:
    """A candidate rule family and its parameters (see the module docstring)."""

    kind: str
    quota_range: tuple[object, object] = ("majority", "100%")
    bloc_quotas: tuple[object, ...] = ("majority",)
    required: tuple[int, ...] = ()
    upper: tuple[str, ...] = ("seats", "equal")
    vetoers: tuple[str, ...] = ()
    max_size: int = 3


@dataclass(frozen=True)
class SettlementProblem:
    """Members, rule families, demands and the ranking criterion.

    Attributes
    ----------
    names
        Members (parties).
    seats
        ``(min, max)`` seats of each member (equal ends: fixed).
    total_seats
        Fixed total when any member's seats are a range.
    blocs
        ``(bloc name, member names)``, for ``bloc_consent`` and ``two_tier``.
    families, demands
        What to search and what every rule must satisfy.
    rank_by
        ``"equal"`` (default), ``"seats"`` (power proportional to seats), ``"population"``
        (proportional to ``populations``) or ``"decisiveness"`` (most coalitions able to act).
    populations
        Each member's population (for ``rank_by="population"``), or ``None``.
    rank_index, rank_distance
        Index and distance of the ranking.
    """

    names: tuple[str, ...]
    seats: tuple[tuple[int, int], ...]
    demands: tuple[Demand, ...]
    families: tuple[Family, ...] = (Family("weighted"),)
    total_seats: int | None = None
    blocs: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rank_by: str = "equal"
    rank_index: str = "banzhaf"
    rank_distance: str = "max_abs"
    title: str = ""
    populations: tuple[Fraction, ...] | None = None

    def __post_init__(self) -> None:
        names = validate_names(list(self.names), len(self.names))
        if len(self.seats) != len(names):
            raise InvalidInputError(f"{len(self.seats)} seat entries for {len(names)} members")
        for name, (lo, hi) in zip(names, self.seats, strict=True):
            if lo < 1 or hi < lo:
                raise InvalidInputError(
                    f"seats of {name!r} are {lo}..{hi}; give whole numbers, at least 1, min <= max"
                )
        most = sum(hi for _, hi in self.seats)
        if self.total_seats is not None:
            most = min(most, self.total_seats)
        if most >= MAX_TOTAL_SEATS:
            raise InvalidInputError(
                f"the seats add up to {most:,}; the search counts seats in 62-bit integers, so "
                f"give fewer than {MAX_TOTAL_SEATS:,} (2^62) in total (scale them down: power "
                "depends on the ratios)"
            )
        if not self.families:
            raise InvalidInputError(
                "'families' is empty; list at least one family of rules to search (weighted, "
                "veto, bloc_consent, two_tier), or leave it out for weighted"
            )
        ranged = any(lo != hi for lo, hi in self.seats)
        if ranged and self.total_seats is None:
            raise InvalidInputError(
                "some members have a seat range; give total_seats (the fixed total)"
            )
        if self.total_seats is not None:
            lo_sum = sum(lo for lo, _ in self.seats)
            hi_sum = sum(hi for _, hi in self.seats)
            if not lo_sum <= self.total_seats <= hi_sum:
                raise InvalidInputError(
                    f"total_seats {self.total_seats} cannot be met: the members' seats add up to "
                    f"{lo_sum}..{hi_sum}"
                )
        seen: dict[str, str] = {}
        for bloc, members in self.blocs:
            for m in members:
                if m not in names:
                    raise InvalidInputError(
                        f"bloc {bloc!r}: unknown member {m!r}; members are {', '.join(names)}"
                    )
                if m in seen:
                    raise InvalidInputError(
                        f"member {m!r} is in two blocs, {seen[m]!r} and {bloc!r}"
                    )
                seen[m] = bloc
        for d in self.demands:
            for who in ((d.party,) if d.party else ()) + d.allies:
                if who not in names:
                    line = f" (line {d.line})" if d.line else ""
                    raise InvalidInputError(
                        f"demand {d.describe()!r}{line}: unknown member {who!r}; members are "
                        f"{', '.join(names)}"
                    )
            if d.kind not in DEMAND_KINDS:
                raise InvalidInputError(
                    f"unknown demand {d.kind!r}; known demands: {', '.join(DEMAND_KINDS)}"
                )
            if d.kind in ("min_share", "max_share", "cap", "min_decisiveness") and (
                d.value is None or not 0 <= d.value <= 1
            ):
                raise InvalidInputError(
                    f"demand {d.describe()!r}: the share must be between 0 and 100%"
                )
        for f in self.families:
            if f.kind not in FAMILY_KINDS:
                raise InvalidInputError(
                    f"unknown rule family {f.kind!r}; known families: {', '.join(FAMILY_KINDS)}"
                )
            if f.kind in ("bloc_consent", "two_tier") and not self.blocs:
                raise InvalidInputError(f"rule family {f.kind!r} needs blocs; list them")
            for v in f.vetoers:
                if v not in names:
                    raise InvalidInputError(f"veto family: unknown member {v!r}")
        if self.rank_by not in RANK_KINDS:
            raise InvalidInputError(f"rank by {self.rank_by!r}: use {', '.join(RANK_KINDS)}")
        if self.rank_by == "population" and self.populations is None:
            raise InvalidInputError(
                "rank by population: give each member a population "
                "(members: {A: {seats: 22, population: 1200000}, ...})"
            )
        if self.populations is not None and (
            len(self.populations) != len(names) or any(p < 0 for p in self.populations)
        ):
            raise InvalidInputError("give every member one population, 0 or more")
        get_distance(self.rank_distance)
        canonical_index(self.rank_index)

    @property
    def n(self) -> int:
        """Number of members."""
        return len(self.names)


@dataclass(frozen=True)
class Settlement:
    """One game meeting every demand: every rule of the families that is this game.

    Rules with the same winning coalitions are the same game; the first writing (the
    simplest: a plain weighted vote before vetoes, before bloc consent, before two tiers) gives
    ``family``, ``parameters``, ``rule`` and ``seats``; ``descriptions`` lists the ways of
    writing it (at most a few, simplest first) and ``writings`` counts them all.
    """

    family: str
    parameters: dict[str, Any]
    rule: str
    seats: tuple[int, ...]
    power: tuple[float, ...]
    score: float
    satisfied: tuple[bool, ...]
    descriptions: tuple[str, ...] = ()
    writings: int = 1
    shares: dict[str, tuple[float, ...]] = field(default_factory=dict)
    decisiveness: float = 0.0
    decisiveness_exact: Fraction = Fraction(0)
    vetoes: tuple[str, ...] = ()
    blocking: tuple[tuple[str, ...], ...] = ()
    blocking_size: int = 0
    decisiveness_words: tuple[str, ...] = ()
    weighted: str = ""
    weighted_vote: tuple[tuple[int, ...], int] | None = None
    warnings: tuple[str, ...] = ()

    def scenario(
        self, names: Sequence[str], blocs: Sequence[tuple[str, Sequence[str]]] = ()
    ) -> dict[str, Any]:
        """The game as a scenario file's ``members`` and ``rule`` (``docs/rules.md``), in its
        simplest writing: each member's seats as its ``weight``; for ``two_tier`` also its
        ``unit`` (its bloc, or itself outside every bloc).

        Examples
        --------
        >>> s = Settlement("veto", {"quota": 6, "vetoes": ["A"]}, "", (4, 3, 2), (0.5,) * 3, 0.0,
        ...                (True,))
        >>> s.scenario(["A", "B", "C"])["rule"]["criteria"][1]
        {'type': 'veto', 'members': ['A']}
        """
        p = self.parameters
        members: list[dict[str, Any]] = [
            {"name": n, "weight": self.seats[i]} for i, n in enumerate(names)
        ]
        seats_rule: dict[str, Any] = {
            "type": "weighted",
            "weight": "weight",
            "quota": p.get("quota"),
        }
        rule: dict[str, Any]
        if self.family == "veto":
            rule = {
                "type": "all_of",
                "criteria": [seats_rule, {"type": "veto", "members": list(p["vetoes"])}],
            }
        elif self.family == "bloc_consent":
            bq = {"type": "weighted", "weight": "weight", "quota": p["bloc_quota"]}
            consent = {
                "type": "bloc_consent",
                "required": p["required"],
                "blocs": [{"name": b, "members": list(m), "rule": bq} for b, m in blocs],
            }
            rule = {"type": "all_of", "criteria": [seats_rule, consent]}
        elif self.family == "two_tier":
            unit_of = {m: b for b, ms in blocs for m in ms}
            units: list[dict[str, Any]] = [
                {"name": b, "votes": sum(self.seats[list(names).index(m)] for m in ms)}
                for b, ms in blocs
            ]
            for i, n in enumerate(names):
                members[i]["unit"] = unit_of.get(n, n)
                if n not in unit_of:
                    units.append({"name": n, "votes": self.seats[i]})
            if p["upper"] == "equal":
                for u in units:
                    u["votes"] = 1
            rule = {
                "type": "two_tier",
                "group_by": "unit",
                "units": units,
                "unit_rule": {"type": "weighted", "weight": "weight", "quota": p["bloc_quota"]},
                "upper": {"type": "weighted", "weight": "votes", "quota": p["upper_quota"]},
            }
        else:
            rule = seats_rule
        return {"members": members, "rule": rule}

    def to_dict(
        self, names: Sequence[str], blocs: Sequence[tuple[str, Sequence[str]]] = ()
    ) -> dict[str, Any]:
        """JSON-ready; ``scenario`` is :meth:`scenario` (``blocs`` as in the problem)."""
        return {
            "seats": {n: self.seats[i] for i, n in enumerate(names)},
            "rule": self.rule,
            "family": self.family,
            "parameters": self.parameters,
            "descriptions": list(self.descriptions),
            "writings": self.writings,
            "weighted": self.weighted,
            "weighted_vote": (
                {"weights": list(self.weighted_vote[0]), "quota": self.weighted_vote[1]}
                if self.weighted_vote
                else None
            ),
            "shares": {
                index: {n: v[i] for i, n in enumerate(names)} for index, v in self.shares.items()
            },
            "decisiveness": self.decisiveness,
            "decisiveness_exact": str(self.decisiveness_exact),
            "vetoes": list(self.vetoes),
            "blocking": {
                "smallest_size": self.blocking_size,
                "smallest": [list(c) for c in self.blocking],
            },
            "warnings": list(self.warnings),
            "score": self.score,
            "members": [
                {"name": n, "seats": self.seats[i], "power": self.power[i]}
                for i, n in enumerate(names)
            ],
            "scenario": self.scenario(names, blocs),
        }


@dataclass(frozen=True, repr=False)
class SettlementResult(Displayable):
    """What :func:`settle` found.

    Attributes
    ----------
    settlements
        Games meeting every demand, best first (at most ``top``); one per game.
    feasible_count
        How many rules of the family meet every demand.
    feasible_games
        How many distinct games among them.
    family_size, evaluated
        Rules in the family; rules evaluated (equal unless the time budget ran out).
    games
        Distinct games among the rules evaluated (each evaluated once).
    complete
        Whether the whole family was evaluated: only then is "none" a proof.
    family_description
        The family in words.
    conflict
        When none meets every demand: a minimum-size set of demand positions that no rule of
        the (searched part of the) family meets together.
    irreducible
        An irreducible infeasible subset from the deletion filter (every proper subset is met
        by some rule).
    fail_counts
        For each demand, how many evaluated rules fail it.
    estimate_seconds
        The time estimated before the search.
    """

    problem: SettlementProblem
    settlements: tuple[Settlement, ...]
    feasible_count: int
    family_size: int
    evaluated: int
    complete: bool
    family_description: str
    conflict: tuple[int, ...]
    irreducible: tuple[int, ...]
    fail_counts: tuple[int, ...]
    rank_description: str
    seconds: float
    conflict_proven_minimum: bool = True
    notes: tuple[str, ...] = field(default=())
    feasible_games: int = 0
    games: int = 0
    estimate_seconds: float = 0.0

    @property
    def found(self) -> bool:
        """Whether some rule meets every demand."""
        return self.feasible_count > 0

    def coverage(self) -> str:
        """How much of the family was searched, in plain words."""
        if self.complete:
            return f"all {self.family_size:,} rules evaluated ({self.games:,} distinct games)"
        pct = self.evaluated / self.family_size if self.family_size else 0
        return (
            f"stopped after {self.evaluated:,} of {self.family_size:,} rules ({pct:.0%}) when "
            "the time budget ran out: the ranking covers only those"
        )

    def statement(self) -> str:
        """The answer in one paragraph."""
        fam = f"{self.family_description} ({self.family_size:,} rules)"
        if self.found:
            head = (
                f"{self.feasible_count:,} of the {self.evaluated:,} rules searched meet every "
                f"demand: {self.feasible_games:,} distinct games, "
            )
            tail = "proven complete." if self.complete else "NOT complete."
            return (
                f"{head}ranked by {self.rank_description}. Search: {self.coverage()}; {tail} "
                f"Family: {fam}."
            )
        demands = self.problem.demands
        conflict = "; ".join(demands[i].describe() for i in self.conflict)
        head = (
            f"No rule in the family meets every demand (all {self.family_size:,} rules "
            "evaluated: proven)."
            if self.complete
            else f"No rule meets every demand among those searched: {self.coverage()} (not proven)."
        )
        return (
            f"{head} Family: {fam}. Smallest set of demands that conflict "
            f"({len(self.conflict)}): {conflict}."
        )

    def table_data(self) -> TableData:
        """One row per settlement, best first: rule, family, score, decisiveness (exact),
        vetoes, then each member's seats and power."""
        rows = self.settlements
        columns: list[tuple[str, Sequence[object]]] = [
            ("rule", [r.rule for r in rows]),
            ("family", [r.family for r in rows]),
            ("score", [r.score for r in rows]),
            ("decisiveness", [r.decisiveness_exact for r in rows]),
            ("vetoes", [", ".join(r.vetoes) for r in rows]),
        ]
        for i, name in enumerate(self.problem.names):
            columns.append((f"seats {name}", [r.seats[i] for r in rows]))
            columns.append((f"power {name}", [r.power[i] for r in rows]))
        return TableData("rank", list(range(1, len(rows) + 1)), columns)

    def short_summary(self) -> str:
        """``3 settlements of 120 rules; complete``."""
        state = "complete" if self.complete else "not complete"
        return (
            f"{plural(len(self.settlements), 'settlement')} of "
            f"{plural(self.family_size, 'rule')}; {state}"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        demands = self.problem.demands
        results = [s.to_dict(self.problem.names, self.problem.blocs) for s in self.settlements]
        return {
            "found": self.found,
            "statement": self.statement(),
            "results": results,
            "evaluated": self.evaluated,
            "total": self.family_size,
            "complete": self.complete,
            "coverage": self.coverage(),
            "family": self.family_description,
            "family_size": self.family_size,
            "games": self.games,
            "feasible_count": self.feasible_count,
            "feasible_games": self.feasible_games,
            "rank": self.rank_description,
            "seconds": self.seconds,
            "estimate_seconds": self.estimate_seconds,
            "demands": [
                {"demand": d.describe(), "failed_by": self.fail_counts[i]}
                for i, d in enumerate(demands)
            ],
            "settlements": results,
            "conflict": [demands[i].describe() for i in self.conflict],
            "conflict_proven_minimum": self.conflict_proven_minimum,
            "irreducible_infeasible_subset": [demands[i].describe() for i in self.irreducible],
            "notes": list(self.notes),
        }
