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

__all__ = [
    "DEMAND_KINDS",
    "FAMILY_KINDS",
    "Demand",
    "DemandKind",
    "Family",
    "Settlement",
    "SettlementProblem",
    "SettlementResult",
]

DEMAND_KINDS = ("min_share", "max_share", "cap", "veto", "block_with", "not_dummy")
FAMILY_KINDS = ("weighted", "veto", "bloc_consent", "two_tier")

DemandKind = Literal["min_share", "max_share", "cap", "veto", "block_with", "not_dummy"]


@dataclass(frozen=True)
class Demand:
    """One party's demand (``party`` is ``None`` for a cap on everyone)."""

    kind: DemandKind
    party: str | None = None
    value: Fraction | None = None
    allies: tuple[str, ...] = ()
    index: str = "banzhaf"
    label: str = ""

    def describe(self) -> str:
        """The demand in words."""
        if self.label:
            return self.label
        pct = f"{float(self.value) * 100:.4g}%" if self.value is not None else ""
        if self.kind == "min_share":
            return f"{self.party}: at least {pct} of {self.index} power"
        if self.kind == "max_share":
            return f"{self.party}: at most {pct} of {self.index} power"
        if self.kind == "cap":
            return f"no member above {pct} of {self.index} power"
        if self.kind == "veto":
            return f"{self.party}: a veto"
        if self.kind == "block_with":
            return f"{self.party}: can block together with {', '.join(self.allies)}"
        return f"{self.party}: not a dummy"


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
        ``"equal"`` (default) or ``"seats"`` (power proportional to seats).
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

    def __post_init__(self) -> None:
        names = validate_names(list(self.names), len(self.names))
        if len(self.seats) != len(names):
            raise InvalidInputError(f"{len(self.seats)} seat entries for {len(names)} members")
        for name, (lo, hi) in zip(names, self.seats, strict=True):
            if lo < 1 or hi < lo:
                raise InvalidInputError(
                    f"seats of {name!r} are {lo}..{hi}; give whole numbers, at least 1, min <= max"
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
                    raise InvalidInputError(
                        f"demand {d.describe()!r}: unknown member {who!r}; members are "
                        f"{', '.join(names)}"
                    )
            if d.kind not in DEMAND_KINDS:
                raise InvalidInputError(
                    f"unknown demand {d.kind!r}; known demands: {', '.join(DEMAND_KINDS)}"
                )
            if d.kind in ("min_share", "max_share", "cap") and (
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
        if self.rank_by not in ("equal", "seats"):
            raise InvalidInputError(f"rank by {self.rank_by!r}: use 'equal' or 'seats'")
        get_distance(self.rank_distance)
        canonical_index(self.rank_index)

    @property
    def n(self) -> int:
        """Number of members."""
        return len(self.names)


@dataclass(frozen=True)
class Settlement:
    """A rule of the searched family, the demands it meets and its power."""

    family: str
    parameters: dict[str, Any]
    rule: str
    seats: tuple[int, ...]
    power: tuple[float, ...]
    score: float
    satisfied: tuple[bool, ...]

    def to_dict(self, names: Sequence[str]) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "family": self.family,
            "parameters": self.parameters,
            "rule": self.rule,
            "score": self.score,
            "members": [
                {"name": n, "seats": self.seats[i], "power": self.power[i]}
                for i, n in enumerate(names)
            ],
        }


@dataclass(frozen=True)
class SettlementResult:
    """What :func:`settle` found.

    Attributes
    ----------
    settlements
        Rules meeting every demand, best first (at most ``top``).
    feasible_count
        How many rules of the family meet every demand.
    family_size, evaluated
        Rules in the family; rules evaluated (equal unless the time budget ran out).
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

    @property
    def found(self) -> bool:
        """Whether some rule meets every demand."""
        return self.feasible_count > 0

    def statement(self) -> str:
        """The answer in one paragraph."""
        fam = f"{self.family_description} ({self.family_size:,} rules)"
        if self.found:
            return (
                f"{self.feasible_count:,} of the {self.evaluated:,} rules searched meet every "
                f"demand; ranked by {self.rank_description}. Family: {fam}."
            )
        demands = self.problem.demands
        conflict = "; ".join(demands[i].describe() for i in self.conflict)
        head = (
            f"No rule in the family meets every demand (all {self.family_size:,} rules "
            "evaluated: proven)."
            if self.complete
            else f"No rule meets every demand among the {self.evaluated:,} of "
            f"{self.family_size:,} rules evaluated before the time budget ran out (not proven)."
        )
        return (
            f"{head} Family: {fam}. Smallest set of demands that conflict "
            f"({len(self.conflict)}): {conflict}."
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        demands = self.problem.demands
        return {
            "found": self.found,
            "statement": self.statement(),
            "family": self.family_description,
            "family_size": self.family_size,
            "evaluated": self.evaluated,
            "complete": self.complete,
            "feasible_count": self.feasible_count,
            "rank": self.rank_description,
            "seconds": self.seconds,
            "demands": [
                {"demand": d.describe(), "failed_by": self.fail_counts[i]}
                for i, d in enumerate(demands)
            ],
            "settlements": [s.to_dict(self.problem.names) for s in self.settlements],
            "conflict": [demands[i].describe() for i in self.conflict],
            "conflict_proven_minimum": self.conflict_proven_minimum,
            "irreducible_infeasible_subset": [demands[i].describe() for i in self.irreducible],
            "notes": list(self.notes),
        }
