"""Tie-break rules, applied only when the user names one.

A rule orders the tied units into groups (best first); units in one group stay tied
under that rule.  Rules can be chained (``"larger,lot"``): each later rule orders the
units inside a group the earlier rules left tied.  Drawing lots (:class:`Lot`) always
decides; it needs a seed so that the draw can be repeated and audited.

References
----------
Pukelsheim, F. (2017). *Proportional Representation*, 2nd ed., Springer, §3.5
(ties and their resolution by lot).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from powershare.errors import InvalidInputError


class TieBreakRule(Protocol):
    """Orders tied units; equal keys stay tied."""

    @property
    def name(self) -> str:
        """Rule name used in results."""
        ...

    def keys(
        self, tied: Sequence[int], names: Sequence[str], values: Sequence[Fraction]
    ) -> list[object]:
        """One sortable key per tied unit; smaller key wins a contested seat."""
        ...


@dataclass(frozen=True)
class Lot:
    """Draw lots with a seeded pseudo-random generator (reproducible).

    The draw shuffles the tied units sorted by name, so it does not depend on the order
    in which units were listed.
    """

    seed: int
    name: str = "lot"

    def keys(
        self, tied: Sequence[int], names: Sequence[str], values: Sequence[Fraction]
    ) -> list[object]:
        by_name = sorted(tied, key=lambda i: names[i])
        rng = random.Random(self.seed)
        order = list(range(len(by_name)))
        rng.shuffle(order)
        rank = {unit: order[k] for k, unit in enumerate(by_name)}
        return [rank[i] for i in tied]


@dataclass(frozen=True)
class LargerFirst:
    """The unit with the larger population (or more votes) wins."""

    name: str = "larger"

    def keys(
        self, tied: Sequence[int], names: Sequence[str], values: Sequence[Fraction]
    ) -> list[object]:
        return [-values[i] for i in tied]


@dataclass(frozen=True)
class SmallerFirst:
    """The unit with the smaller population (or fewer votes) wins."""

    name: str = "smaller"

    def keys(
        self, tied: Sequence[int], names: Sequence[str], values: Sequence[Fraction]
    ) -> list[object]:
        return [values[i] for i in tied]


@dataclass(frozen=True)
class FirstListed:
    """The unit listed first in the input wins (e.g. a legally fixed order)."""

    name: str = "first-listed"

    def keys(
        self, tied: Sequence[int], names: Sequence[str], values: Sequence[Fraction]
    ) -> list[object]:
        return list(tied)


TIE_BREAK_NAMES = ("lot", "larger", "smaller", "first-listed")


def make_tie_break(
    spec: str | TieBreakRule | Sequence[TieBreakRule] | None, seed: int | None = None
) -> tuple[TieBreakRule, ...]:
    """Build a chain of rules from a name such as ``"larger,lot"`` or rule objects.

    Raises
    ------
    InvalidInputError
        For an unknown name, or ``"lot"`` without a seed.
    """
    if spec is None:
        if seed is not None:
            raise InvalidInputError(
                f"a seed ({seed}) was given without a tie-break rule; allowed: a seed only "
                "together with tie_break='lot'"
            )
        return ()
    if isinstance(spec, str):
        rules: list[TieBreakRule] = []
        for part in (p.strip() for p in spec.split(",")):
            if part == "lot":
                if seed is None:
                    raise InvalidInputError(
                        "tie-break 'lot' needs a seed so the draw can be repeated; "
                        "allowed: an integer seed, e.g. --seed 1"
                    )
                rules.append(Lot(seed))
            elif part == "larger":
                rules.append(LargerFirst())
            elif part == "smaller":
                rules.append(SmallerFirst())
            elif part == "first-listed":
                rules.append(FirstListed())
            else:
                raise InvalidInputError(
                    f"unknown tie-break rule {part!r}; allowed: {', '.join(TIE_BREAK_NAMES)} "
                    "(several may be chained with commas, e.g. 'larger,lot')"
                )
        return tuple(rules)
    if isinstance(spec, Sequence):
        return tuple(rule for rule in spec if not isinstance(rule, str))
    return (spec,)  # a single rule object


def resolve(
    tied: Sequence[int],
    seats: int,
    rules: Sequence[TieBreakRule],
    names: Sequence[str],
    values: Sequence[Fraction],
) -> tuple[list[int], list[int], int]:
    """Give ``seats`` of the contested seats to ``tied`` units by ``rules``.

    Returns
    -------
    winners, still_tied, seats_left
        Units that get a seat; units still tied after all rules; seats still contested.
    """
    groups: list[list[int]] = [sorted(tied)]
    for rule in rules:
        refined: list[list[int]] = []
        for group in groups:
            keys = rule.keys(group, names, values)
            order = sorted(range(len(group)), key=lambda k: keys[k])  # type: ignore[arg-type,return-value]
            current: list[int] = []
            last: object = None
            for pos, k in enumerate(order):
                if pos > 0 and keys[k] != last:
                    refined.append(current)
                    current = []
                current.append(group[k])
                last = keys[k]
            refined.append(current)
        groups = refined
    winners: list[int] = []
    left = seats
    for group in groups:
        if left == 0:
            break
        if len(group) <= left:
            winners.extend(group)
            left -= len(group)
        else:
            return winners, group, left
    return winners, [], 0
