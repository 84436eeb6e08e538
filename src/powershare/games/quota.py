"""Quotas: how much weight a coalition needs to win.

A quota always means **at least**: a coalition wins when its total weight is greater than or
equal to the quota.  A quota can be given as

* an absolute weight: ``12`` (at least 12), ``12.5`` (at least 12.5, in the weights' own units);
* a share of the total weight: ``"2/3"``, ``"0.55"`` or ``"65%"``: at least that share, so the
  integer quota is the smallest integer weight ``q`` with ``q >= share * total``;
* ``"majority"``: *more than half* of the total weight, i.e. ``q = floor(total / 2) + 1``.  With an
  even total a tie (exactly half) fails; ``"50%"`` by contrast lets exactly half pass.
* a share plus an absolute margin: ``"50%+1"`` = at least half the total plus one unit of weight.

A bare number is absolute when it is greater than 1 or given as an integer; a number strictly
between 0 and 1 written as a fraction, decimal or percentage is a share of the total.  ``1`` is
absolute (a quota of one unit of weight); write ``"100%"`` for unanimity.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from powershare.errors import InvalidQuotaError
from powershare.games.numbers import format_fraction, parse_exact

__all__ = ["QuotaSpec", "parse_quota"]

_PLUS_RE = re.compile(r"^(.+?%)\s*\+\s*(.+)$")


@dataclass(frozen=True)
class QuotaSpec:
    """A quota as the user wrote it, before the total weight is known.

    Attributes
    ----------
    share
        Share of the total weight required (``None`` for an absolute quota).
    absolute
        Absolute weight (in the user's weight units) added to the share, or the whole quota.
    strict_half
        ``True`` for ``"majority"``: more than half.
    text
        The original text, for messages and descriptions.
    """

    share: Fraction | None
    absolute: Fraction
    strict_half: bool
    text: str

    def resolve(self, total: int, scale: Fraction = Fraction(1)) -> int:
        """Integer quota for integer weights summing to ``total``.

        Parameters
        ----------
        total
            Total integer weight of the body.
        scale
            Factor by which the user's weights were multiplied to become integers; absolute
            quotas are scaled by it too.

        Returns
        -------
        int
            The smallest integer weight that meets the quota.
        """
        if self.strict_half:
            return total // 2 + 1
        need = self.absolute * scale
        if self.share is not None:
            need += self.share * total
        return math.ceil(need)

    def describe(self) -> str:
        """The quota in words."""
        if self.strict_half:
            return "more than half of the total weight"
        if self.share is None:
            return f"at least {format_fraction(self.absolute)}"
        pct = self.share * 100
        share = (
            f"{format_fraction(pct)}%"
            if pct.denominator in (1, 2, 4, 5)
            else format_fraction(self.share)
        )
        extra = f" plus {format_fraction(self.absolute)}" if self.absolute else ""
        return f"at least {share} of the total weight{extra}"


def parse_quota(value: object) -> QuotaSpec:
    """Read a quota in any accepted form (see the module docstring).

    Raises
    ------
    InvalidQuotaError
        If the text is not a quota, or the share is outside (0, 1].
    """
    if isinstance(value, QuotaSpec):
        return value
    text = str(value).strip()
    lowered = text.lower()
    if lowered in {"majority", "simple majority", "simple-majority", "more than half"}:
        return QuotaSpec(None, Fraction(0), True, text)
    what = "quota"
    try:
        plus = _PLUS_RE.match(text)
        if plus:
            share = parse_exact(plus.group(1), what=what)
            extra = parse_exact(plus.group(2), what=what, allow_percent=False)
            _check_share(share, text)
            if extra < 0:
                raise InvalidQuotaError(
                    f"quota {text!r}: the margin after '+' must not be negative"
                )
            return QuotaSpec(share, extra, False, text)
        number = parse_exact(value, what=what)
    except InvalidQuotaError:
        raise
    except ValueError as exc:
        raise InvalidQuotaError(
            f"{exc}; a quota is a weight (12), a share ('2/3', '0.55', '65%'), "
            "'50%+1' or 'majority'"
        ) from None
    is_share = text.endswith("%") or (not isinstance(value, int) and Fraction(0) < number < 1)
    if is_share:
        _check_share(number, text)
        return QuotaSpec(number, Fraction(0), False, text)
    if number <= 0:
        raise InvalidQuotaError(
            f"quota {text!r} must be positive: with a quota of zero or less every coalition, "
            "even the empty one, would win"
        )
    return QuotaSpec(None, number, False, text)


def _check_share(share: Fraction, text: str) -> None:
    if not Fraction(0) < share <= 1:
        raise InvalidQuotaError(
            f"quota {text!r} is a share of {format_fraction(share)}; a share must be above 0 "
            "and at most 100%"
        )
