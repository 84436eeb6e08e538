"""Power indices as functions of exact counts.

An :class:`IndexSpec` says which counted quantity an index needs and how to turn the counts into
exact values.  New indices are added with :func:`register_index`; a key or alias that is
already taken is refused.

>>> get_index("Penrose").key
'banzhaf_absolute'
>>> get_index("shapley-shubik").quantity
'pivots'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from powershare.errors import RegistryError, UnknownNameError
from powershare.games.base import SimpleGame
from powershare.power.registry import Counts, registry

__all__ = ["IndexSpec", "INDICES", "define_index", "register_index", "get_index", "DEFAULT_INDICES"]

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
    aliases
        Other names accepted for the key (``"ss"``, ``"penrose"``); like keys, matched without
        regard to case, with ``-`` and ``_`` alike.
    header
        Column header in tables (default: the label), e.g. ``"Banzhaf"``.
    abbreviation
        Short form for ratio columns (default: the key), e.g. ``"Bz"`` in ``Bz/wt``.
    without_blocs
        For an index of games with blocs: the index it becomes for the blocs themselves
        (Owen -> Shapley-Shubik), used when reporting the blocs' own power.
    needs_graph
        Whether the index needs a graph, an order or never-together pairs (restricted games,
        :mod:`powershare.power.graph`).
    without_graph
        For an index of restricted games: the index it is when every coalition can form
        (Myerson -> Shapley-Shubik).
    null_player
        Whether a member who is never decisive (a dummy) always gets 0.  False for indices
        that count the coalitions a member belongs to (Rae, Public Help, Koenig-Braeuninger,
        Nevison, Chow): a dummy still shares in winning coalitions.
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
    aliases: tuple[str, ...] = ()
    header: str = ""
    abbreviation: str = ""
    without_blocs: str | None = None
    needs_graph: bool = False
    without_graph: str | None = None
    null_player: bool = True

    @property
    def column(self) -> str:
        """The column header: :attr:`header`, else the label."""
        return self.header or self.label

    @property
    def short(self) -> str:
        """The abbreviation: :attr:`abbreviation`, else the key."""
        return self.abbreviation or self.key


_SPECS: dict[str, IndexSpec] = {}  # key -> index, in registration order


class _Indices(Mapping[str, IndexSpec]):
    """The registered indices by key, read-only; reading it first loads every module of
    indices (:meth:`~powershare.power.registry.MethodRegistry.load`)."""

    def __getitem__(self, key: str) -> IndexSpec:
        registry.load()
        return _SPECS[key]

    def __iter__(self) -> Iterator[str]:
        registry.load()
        return iter(_SPECS)

    def __len__(self) -> int:
        registry.load()
        return len(_SPECS)

    def __repr__(self) -> str:
        return f"INDICES({', '.join(self)})"


INDICES: Mapping[str, IndexSpec] = _Indices()
"""Registered indices by key, in registration order (fill it with :func:`register_index`)."""
DEFAULT_INDICES: tuple[str, ...] = ("banzhaf", "shapley")
_NAMES: dict[str, str] = {}  # normalised key or alias -> key


def _normal(name: str) -> str:
    return name.strip().lower().replace("-", "_")


def define_index(
    key: str,
    label: str,
    quantity: str,
    count_label: str,
    normalised: bool,
    values: ValuesFn,
    reference: str,
    **more: Any,
) -> IndexSpec:
    """Build an :class:`IndexSpec` from its main fields and :func:`register_index` it.

    ``more`` takes the optional fields (``aliases``, ``display_counts``, ``needs_blocs``, ...).
    """
    return register_index(
        IndexSpec(
            key=key,
            label=label,
            quantity=quantity,
            count_label=count_label,
            normalised=normalised,
            values=values,
            reference=reference,
            **more,
        )
    )


def register_index(spec: IndexSpec) -> IndexSpec:
    """Make an index available by its key and aliases.

    Raises
    ------
    RegistryError
        If the key or an alias is already taken by a registered index (or is ``"all"``).
    """
    names = [_normal(name) for name in (spec.key, *spec.aliases)]
    for name in names:
        if name in _NAMES or name == "all" or names.count(name) > 1:
            owner = _NAMES.get(name, spec.key)
            raise RegistryError(
                f"index name {name!r} of {spec.key!r} is already taken by {owner!r}"
                if name != "all"
                else f"index {spec.key!r}: 'all' is reserved for every index"
            )
    _SPECS[spec.key] = spec
    _NAMES.update(dict.fromkeys(names, spec.key))
    return spec


def get_index(key: str) -> IndexSpec:
    """The index with this key (aliases like ``"ss"``, ``"penrose"`` accepted).

    Raises
    ------
    UnknownNameError
        If no index has this key or alias; the message lists the known keys.
    """
    registry.load()
    try:
        return INDICES[_NAMES[_normal(key)]]
    except KeyError:
        raise UnknownNameError(
            f"unknown index {key.strip().lower()!r}; known indices: {', '.join(INDICES)} (or 'all')"
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
        header="Banzhaf",
        abbreviation="Bz",
        label="Banzhaf (normalised)",
        quantity="swings",
        count_label="swings",
        normalised=True,
        values=_normalised,
        reference="Banzhaf (1965), Weighted voting doesn't work, Rutgers Law Review 19:317-343",
        aliases=("bz", "banzhaf_normalised", "banzhaf_normalized", "normalised_banzhaf"),
    )
)
register_index(
    IndexSpec(
        key="banzhaf_absolute",
        header="Penrose",
        abbreviation="Pen",
        label="Banzhaf absolute (Penrose)",
        quantity="swings",
        count_label="swings",
        normalised=False,
        values=_over_half_coalitions,
        reference="Penrose (1946), J. Royal Statistical Society 109:53-57; "
        "Felsenthal & Machover (1998), The Measurement of Voting Power, def. 3.1.4",
        aliases=("penrose", "absolute_banzhaf"),
    )
)
register_index(
    IndexSpec(
        key="shapley",
        header="Shapley-Shubik",
        abbreviation="SS",
        label="Shapley-Shubik",
        quantity="pivots",
        count_label="pivots",
        normalised=True,
        values=_over_orderings,
        reference="Shapley & Shubik (1954), A method for evaluating the distribution of power "
        "in a committee system, APSR 48:787-792",
        aliases=("ss", "shapley_shubik", "shapleyshubik"),
    )
)
