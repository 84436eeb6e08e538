"""Power indices as functions of exact counts.

An :class:`IndexSpec` says which counted quantity an index needs and how to turn the counts into
exact values.  New indices are added with :func:`register_index`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from powershare.errors import UnknownNameError
from powershare.games.base import SimpleGame
from powershare.power.registry import Counts

__all__ = ["IndexSpec", "INDICES", "register_index", "get_index", "DEFAULT_INDICES"]

ValuesFn = Callable[[Counts, SimpleGame], tuple[tuple[Fraction, ...], int]]


@dataclass(frozen=True)
class IndexSpec:
    """How an index is computed from counts.

    Attributes
    ----------
    key
        Short key used in the API, CLI and JSON (``"banzhaf"``).
    label
        Human name (``"Banzhaf (normalised)"``).
    quantity
        The counted quantity it needs (``"swings"``).
    count_label
        What the raw counts are called in output.
    normalised
        Whether values sum to 1 over the members.
    values
        ``values(counts, game) -> (exact values, denominator)``.
    reference
        Where the index is defined.
    """

    key: str
    label: str
    quantity: str
    count_label: str
    normalised: bool
    values: ValuesFn
    reference: str


INDICES: dict[str, IndexSpec] = {}
DEFAULT_INDICES: tuple[str, ...] = ("banzhaf", "shapley")


def register_index(spec: IndexSpec) -> IndexSpec:
    """Make an index available by its key."""
    INDICES[spec.key] = spec
    return spec


def get_index(key: str) -> IndexSpec:
    """The index with this key (aliases like ``"ss"``, ``"penrose"`` accepted)."""
    key = _ALIASES.get(key.strip().lower().replace("-", "_"), key.strip().lower())
    try:
        return INDICES[key]
    except KeyError:
        raise UnknownNameError(
            f"unknown index {key!r}; known indices: {', '.join(INDICES)} (or 'all')"
        ) from None


def _normalised(counts: Counts, game: SimpleGame) -> tuple[tuple[Fraction, ...], int]:
    total = sum(counts.per_member)
    if total == 0:  # cannot happen in a simple game (someone is decisive), kept for safety
        return tuple(Fraction(0) for _ in counts.per_member), 0
    return tuple(Fraction(c, total) for c in counts.per_member), total


def _over_half_coalitions(counts: Counts, game: SimpleGame) -> tuple[tuple[Fraction, ...], int]:
    denominator = 2 ** (game.n - 1)
    return tuple(Fraction(c, denominator) for c in counts.per_member), denominator


def _over_orderings(counts: Counts, game: SimpleGame) -> tuple[tuple[Fraction, ...], int]:
    denominator = math.factorial(game.n)
    return tuple(Fraction(c, denominator) for c in counts.per_member), denominator


register_index(
    IndexSpec(
        key="banzhaf",
        label="Banzhaf (normalised)",
        quantity="swings",
        count_label="swings",
        normalised=True,
        values=_normalised,
        reference="Banzhaf (1965), Weighted voting doesn't work, Rutgers Law Review 19:317-343",
    )
)
register_index(
    IndexSpec(
        key="banzhaf_absolute",
        label="Banzhaf absolute (Penrose)",
        quantity="swings",
        count_label="swings",
        normalised=False,
        values=_over_half_coalitions,
        reference="Penrose (1946), J. Royal Statistical Society 109:53-57; "
        "Felsenthal & Machover (1998), The Measurement of Voting Power, def. 3.1.4",
    )
)
register_index(
    IndexSpec(
        key="shapley",
        label="Shapley-Shubik",
        quantity="pivots",
        count_label="pivots",
        normalised=True,
        values=_over_orderings,
        reference="Shapley & Shubik (1954), A method for evaluating the distribution of power "
        "in a committee system, APSR 48:787-792",
    )
)

_ALIASES = {
    "bz": "banzhaf",
    "banzhaf_normalised": "banzhaf",
    "banzhaf_normalized": "banzhaf",
    "normalised_banzhaf": "banzhaf",
    "penrose": "banzhaf_absolute",
    "absolute_banzhaf": "banzhaf_absolute",
    "ss": "shapley",
    "shapley_shubik": "shapley",
    "shapleyshubik": "shapley",
}
