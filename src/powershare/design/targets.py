"""Target power vectors: what a design should give each member.

A target is a tuple of non-negative floats summing to 1 (shares of power).  Designs compare it
with the *normalised* power vector of a rule (for an absolute index such as Penrose's measure,
the values are divided by their sum first).

* :func:`equal_target`: everyone the same.
* :func:`proportional_target`: in proportion to any positive numbers (population, seats, GDP).
* :func:`square_root_target`: in proportion to the square root of population, the target
  that gives every *citizen* of a two-tier union the same indirect power (Penrose 1946;
  Slomczynski & Zyczkowski 2006).
* :func:`explicit_target`: given shares, normalised.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from powershare.errors import InvalidInputError
from powershare.games.numbers import parse_exact

__all__ = [
    "TARGET_KINDS",
    "equal_target",
    "explicit_target",
    "make_target",
    "proportional_target",
    "square_root_target",
]

TARGET_KINDS = ("equal", "proportional", "sqrt", "explicit")


def _numbers(values: Sequence[object], what: str) -> list[Fraction]:
    if len(values) == 0:
        raise InvalidInputError(f"{what}: give at least one value")
    out: list[Fraction] = []
    for i, v in enumerate(values):
        x = parse_exact(v, what=f"{what} value {i + 1}")
        if x < 0:
            raise InvalidInputError(f"{what} value {i + 1} is {v!r}; values must be 0 or more")
        out.append(x)
    if sum(out) == 0:
        raise InvalidInputError(f"{what}: all values are 0; at least one must be positive")
    return out


def equal_target(n: int) -> tuple[float, ...]:
    """``1/n`` for each of ``n`` members."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InvalidInputError(f"number of members {n!r} must be a whole number, 1 or more")
    return tuple(1.0 / n for _ in range(n))


def proportional_target(values: Sequence[object]) -> tuple[float, ...]:
    """Shares proportional to ``values`` (exact sums, then floats)."""
    xs = _numbers(values, "proportional target")
    total = sum(xs)
    return tuple(float(x / total) for x in xs)


def explicit_target(values: Sequence[object]) -> tuple[float, ...]:
    """Explicit shares (``0.25``, ``"25%"``, ``"1/4"``), normalised to sum to 1."""
    return proportional_target(values)


def square_root_target(populations: Sequence[object]) -> tuple[float, ...]:
    """Shares proportional to ``sqrt(population)``: Penrose's square-root rule.

    A citizen of unit ``i`` (population ``N_i``) is decisive in the unit's vote with
    probability about ``sqrt(2 / (pi N_i))`` (Penrose 1946), so equal citizen power needs the
    unit's (absolute Banzhaf) power upstairs proportional to ``sqrt(N_i)`` (Slomczynski &
    Zyczkowski 2006, Acta Physica Polonica B 37:3133-3143).
    """
    xs = _numbers(populations, "population")
    top = max(xs)  # scale first: sqrt(x / top) is proportional to sqrt(x) and never overflows
    roots = [math.sqrt(float(x / top)) for x in xs]
    total = math.fsum(roots)
    return tuple(r / total for r in roots)


def make_target(kind: str, n: int, values: Sequence[object] | None = None) -> tuple[float, ...]:
    """A target by name: ``equal``, ``proportional``, ``sqrt`` or ``explicit``.

    Raises
    ------
    InvalidInputError
        For an unknown kind, or values missing or of the wrong length.
    """
    key = kind.strip().lower().replace("-", "_")
    key = {"square_root": "sqrt", "penrose": "sqrt", "proportional_to": "proportional"}.get(
        key, key
    )
    if key not in TARGET_KINDS:
        raise InvalidInputError(
            f"unknown target {kind!r}; known targets: {', '.join(TARGET_KINDS)}"
        )
    if key == "equal":
        return equal_target(n)
    if values is None:
        raise InvalidInputError(f"target {kind!r} needs one value per member ({n} values)")
    if len(values) != n:
        raise InvalidInputError(
            f"target {kind!r} has {len(values)} values for {n} members; give one per member"
        )
    if key == "sqrt":
        return square_root_target(values)
    return proportional_target(values)
