"""Weighted voting games ``[q; w1, ..., wn]``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Integral
from typing import TYPE_CHECKING, Any

from powershare.errors import InvalidGameError, InvalidInputError, InvalidQuotaError
from powershare.games.base import SimpleGame, validate_names
from powershare.games.lazy_numpy import np
from powershare.games.numbers import (
    format_fraction,
    parse_exact,
    plain_values,
    scale_to_integers,
)
from powershare.games.quota import QuotaSpec, parse_quota

if TYPE_CHECKING:
    from powershare.games.base import BoolArray, IntArray

__all__ = ["WeightedGame"]


@dataclass(frozen=True, eq=False)
class WeightedGame(SimpleGame):
    """A weighted voting game: a coalition wins when its total weight is at least the quota.

    Parameters
    ----------
    quota
        Integer quota, ``1 <= quota <= sum(weights)``.  It means *at least*.
    weights
        Non-negative integer weights, one per member.
    names
        Distinct member names (default ``P1..Pn``).
    scale
        Factor by which the user's original weights were multiplied to become these integers
        (1 when they were integers already); see :meth:`from_values`.
    quota_text
        How the user wrote the quota, for descriptions.

    Examples
    --------
    >>> WeightedGame(12, [4, 4, 4, 2, 2, 1], ["FR", "DE", "IT", "BE", "NL", "LU"]).total_weight
    17
    """

    quota: int
    weights: tuple[int, ...]
    names: tuple[str, ...] = ()
    scale: Fraction = Fraction(1)
    quota_text: str = ""
    _key: tuple[int, tuple[int, ...]] = field(init=False, repr=False)

    def __init__(
        self,
        quota: int,
        weights: Sequence[int],
        names: Sequence[str] | None = None,
        *,
        scale: Fraction = Fraction(1),
        quota_text: str = "",
    ) -> None:
        weights_t = tuple(plain_values(weights, "weights"))
        names = None if names is None else plain_values(names, "names")
        if not weights_t:
            raise InvalidGameError("the body has no members; give at least one member")
        for i, w in enumerate(weights_t):
            label = f"weight {w!r} of member {names[i] if names and i < len(names) else i + 1}"
            if isinstance(w, bool) or not isinstance(w, Integral):
                raise InvalidGameError(
                    f"{label} is not an integer; use WeightedGame.from_values for decimals"
                )
            if w < 0:
                raise InvalidGameError(f"{label} is negative; weights must be 0 or more")
        weights_t = tuple(int(w) for w in weights_t)
        total = sum(weights_t)
        if total == 0:
            raise InvalidGameError("all weights are 0; at least one member needs positive weight")
        if isinstance(quota, bool) or not isinstance(quota, Integral):
            raise InvalidQuotaError(f"quota {quota!r} is not an integer; use from_values")
        if not 1 <= quota <= total:
            raise InvalidQuotaError(
                f"quota {quota} is out of range; it must be between 1 and the total weight {total}"
            )
        object.__setattr__(self, "quota", int(quota))
        object.__setattr__(self, "weights", weights_t)
        object.__setattr__(self, "names", validate_names(names, len(weights_t)))
        object.__setattr__(self, "scale", Fraction(scale))
        object.__setattr__(self, "quota_text", quota_text)
        object.__setattr__(self, "_key", (int(quota), weights_t))

    @classmethod
    def from_values(
        cls,
        weights: Sequence[object] | Mapping[str, object] | Any,
        quota: object,
        names: Sequence[str] | None = None,
    ) -> WeightedGame:
        """Build a game from weights and a quota in any accepted form.

        Weights may be integers, decimals (``"12.5"``), fractions (``"1/3"``) or percentages
        (``"12.5%"``); they are converted exactly and scaled to integers by their least common
        denominator, which leaves every power index unchanged.  The quota may be absolute (in
        the same units as the weights), a share (``"2/3"``, ``"65%"``), ``"50%+1"`` or
        ``"majority"`` (see :mod:`powershare.games.quota`).

        ``weights`` may be a list, a numpy array, a pandas Series, or a mapping of name to
        weight (then the keys are the names); numpy numbers are read exactly as their Python
        counterparts (:func:`~powershare.games.numbers.parse_exact`: a float at the shortest
        decimal that reads back as it).  A Series whose index holds text gives the names when
        ``names`` is not given.  ``names`` may be a list, an array, a Series or an Index.

        Raises
        ------
        InvalidGameError
            If a weight is not a finite non-negative number or the quota is out of range.

        Examples
        --------
        >>> import numpy as np
        >>> WeightedGame.from_values(np.array([0.5, 0.3, 0.2]), "majority").notation()
        '[6; 5, 3, 2]'
        >>> WeightedGame.from_values({"A": 3, "B": 2, "C": 1}, 4).names
        ('A', 'B', 'C')
        """
        if isinstance(weights, Mapping):
            if names is not None:
                raise InvalidGameError(
                    "weights given as a mapping of name to weight already name the members; "
                    "leave out names=..."
                )
            names, weights = [*weights], [*weights.values()]
        elif names is None:
            names = _index_names(weights)
        weights = plain_values(weights, "weights")
        names = None if names is None else plain_values(names, "names")
        exact: list[Fraction] = []
        for i, w in enumerate(weights):
            who = repr(names[i]) if names is not None and i < len(names) else f"member {i + 1}"
            try:
                value = parse_exact(w, what=f"weight of {who}")
            except InvalidInputError as exc:
                raise InvalidGameError(str(exc)) from None
            if value < 0:
                raise InvalidGameError(
                    f"weight of {who} is {format_fraction(value)}; weights must be 0 or more"
                )
            exact.append(value)
        if not exact:
            raise InvalidGameError("the body has no members; give at least one member")
        ints, scale = scale_to_integers(exact)
        spec = parse_quota(quota)
        total = sum(ints)
        if total == 0:
            raise InvalidGameError("all weights are 0; at least one member needs positive weight")
        q = spec.resolve(total, scale)
        if q > total:
            raise InvalidQuotaError(
                f"quota {spec.text!r} is above the total weight {format_fraction(total / scale)}; "
                "no coalition could ever win"
            )
        return cls(max(q, 1), ints, names, scale=scale, quota_text=spec.text)

    @classmethod
    def from_dataframe(
        cls,
        frame: Any,
        *,
        quota: object,
        weight: str = "weight",
        name: str | None = None,
    ) -> WeightedGame:
        """Build a game from a pandas DataFrame: one row per member.

        Parameters
        ----------
        frame
            The table (pandas is not imported by powershare; any object with ``columns`` and
            column access works).
        quota
            The quota in any form :meth:`from_values` accepts (``"majority"``, ``"2/3"``, 12).
        weight
            The column of weights (integers, decimals, fractions as text, percentages).
        name
            The column of member names; ``None`` takes the names from the frame's index.

        Raises
        ------
        InvalidInputError
            If a column is missing (the message lists the columns there are).

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"party": ["A", "B", "C"], "seats": [3, 2, 1]})
        >>> WeightedGame.from_dataframe(df, weight="seats", name="party", quota=4)
        WeightedGame([4; 3, 2, 1], names=['A', 'B', 'C'])
        """
        columns = [str(c) for c in getattr(frame, "columns", ())]
        if not hasattr(frame, "columns"):
            raise InvalidInputError(
                f"from_dataframe needs a pandas DataFrame, got {type(frame).__name__}; "
                "use from_values for lists, arrays and mappings"
            )
        for column in (weight, name):
            if column is not None and column not in columns:
                raise InvalidInputError(
                    f"the table has no column {column!r}; its columns are {', '.join(columns)}"
                )
        names = frame.index if name is None else frame[name]
        return cls.from_values(frame[weight], quota, [str(n) for n in plain_values(names)])

    # -- basic facts -------------------------------------------------------------------------
    @property
    def total_weight(self) -> int:
        """Sum of the integer weights."""
        return sum(self.weights)

    def original_weight(self, i: int) -> Fraction:
        """Weight of member ``i`` in the units the user gave (before exact scaling)."""
        return Fraction(self.weights[i]) / self.scale

    @property
    def original_quota(self) -> Fraction:
        """The integer quota expressed in the user's weight units."""
        return Fraction(self.quota) / self.scale

    def with_quota(self, quota: object) -> WeightedGame:
        """The same body with another quota (any accepted form, in the user's units)."""
        spec: QuotaSpec = parse_quota(quota)
        q = spec.resolve(self.total_weight, self.scale)
        if q > self.total_weight:
            raise InvalidQuotaError(
                f"quota {spec.text!r} is above the total weight "
                f"{format_fraction(self.total_weight / self.scale)}; no coalition could ever win"
            )
        return WeightedGame(
            max(q, 1), self.weights, self.names, scale=self.scale, quota_text=spec.text
        )

    # -- the rule ----------------------------------------------------------------------------
    def is_winning(self, coalition: Iterable[int | str]) -> bool:
        """Whether the coalition's weight reaches the quota."""
        return sum(self.weights[i] for i in self._coalition_indices(coalition)) >= self.quota

    def winning_masks(self, masks: IntArray) -> BoolArray:
        """Vectorised :meth:`is_winning` over coalitions encoded as bitmasks (n <= 62)."""
        if self.n > 62:
            raise InvalidGameError(f"bitmask evaluation supports at most 62 members, not {self.n}")
        masks = np.asarray(masks, dtype=np.int64)
        big = self.total_weight >= 2**62  # sums could overflow int64: exact Python ints
        total = np.zeros(masks.shape, dtype=object if big else np.int64)
        for i, w in enumerate(self.weights):
            bit = (masks >> i) & 1
            total = total + (bit.astype(object) if big else bit) * w
        return np.asarray(total >= self.quota, dtype=np.bool_)

    def describe(self) -> str:
        """The rule in words, e.g. ``passes with at least 12 of 17 votes``."""
        q = format_fraction(self.original_quota)
        total = format_fraction(Fraction(self.total_weight) / self.scale)
        how = f" ({self.quota_text})" if self.quota_text and self.quota_text != q else ""
        return f"passes with at least {q} of {total} weight{how}"

    def notation(self) -> str:
        """The game in ``[q; w1, ..., wn]`` notation (integer weights)."""
        return f"[{self.quota}; {', '.join(map(str, self.weights))}]"

    # -- value semantics ---------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WeightedGame):
            return NotImplemented
        return self._key == other._key and self.names == other.names

    def __hash__(self) -> int:
        return hash((self._key, self.names))

    def __repr__(self) -> str:
        names = list(self.names)
        if self.n <= 30:
            return f"WeightedGame({self.notation()}, names={names!r})"
        return (  # a short repr for large bodies
            f"WeightedGame({self.n} members, quota {self.quota} of {self.total_weight}, "
            f"names={names[:3]!r}...)"
        )


def _index_names(weights: object) -> list[str] | None:
    """The names on the index of a pandas Series of weights, when they are all text."""
    index = getattr(weights, "index", None)
    if type(weights).__module__.partition(".")[0] != "pandas" or index is None:
        return None
    labels = plain_values(index)
    return labels if labels and all(isinstance(n, str) for n in labels) else None
