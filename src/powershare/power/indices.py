"""Power indices as functions of exact counts.

An :class:`IndexSpec` says which counted quantity an index needs and how to turn the counts into
exact values.  New indices are added with :func:`register_index`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from powershare.errors import UnknownNameError
from powershare.games.base import SimpleGame
from powershare.power.registry import Counts

__all__ = ["IndexSpec", "INDICES", "register_index", "get_index", "DEFAULT_INDICES"]

ValuesFn = Callable[[Counts, SimpleGame], tuple[tuple[Fraction, ...], int | None]]
CountsFn = Callable[[Counts, SimpleGame], tuple[int, ...]]
GameValuesFn = Callable[[Counts, SimpleGame], dict[str, Any]]


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
        ``values(counts, game) -> (exact values, denominator)``; the denominator is ``None``
        when the values are not one count over one common number.
    reference
        Where the index is defined.
    display_counts
        ``display_counts(counts, game)``: the raw counts to show when they are not
        ``counts.per_member`` (e.g. swings derived from winning-coalition counts).
    game_values
        ``game_values(counts, game)``: game-level values reported with the index (e.g.
        Coleman's power of the collectivity to act), exact.
    needs_blocs
        Whether the index needs a bloc structure (a-priori unions).
    """

    key: str
    label: str
    quantity: str
    count_label: str
    normalised: bool
    values: ValuesFn
    reference: str
    display_counts: CountsFn | None = None
    game_values: GameValuesFn | None = None
    needs_blocs: bool = False


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
    "pgi": "holler",
    "public_good": "holler",
    "public_good_index": "holler",
    "holler_packel": "holler",
    "absolute_pgi": "holler_absolute",
    "pgi_absolute": "holler_absolute",
    "dp": "deegan_packel",
    "deeganpackel": "deegan_packel",
    "coleman_preventive": "coleman_prevent",
    "coleman_initiative": "coleman_initiate",
    "owen_value": "owen",
    "banzhafowen": "banzhaf_owen",
    "owen_banzhaf": "banzhaf_owen",
}
