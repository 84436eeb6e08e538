"""Shared pieces of the design searches: progress callbacks, budgets, validation."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from fractions import Fraction

from powershare.errors import InvalidInputError
from powershare.games.numbers import parse_exact
from powershare.games.quota import parse_quota

__all__ = ["Budget", "Progress", "check_target", "parse_floor", "quota_bounds"]

Progress = Callable[[int, int | None, str], None]
"""``progress(done, total, message)``; ``total`` is ``None`` when unknown."""


class Budget:
    """A wall-clock budget: :meth:`expired` after ``max_seconds`` (``None``: never)."""

    def __init__(self, max_seconds: float | None) -> None:
        if max_seconds is not None and not max_seconds > 0:
            raise InvalidInputError(
                f"time budget max_seconds={max_seconds!r} must be a positive number of seconds"
            )
        self.start = time.perf_counter()
        self.max_seconds = max_seconds
        self.hit = False

    @property
    def elapsed(self) -> float:
        """Seconds since the budget started."""
        return time.perf_counter() - self.start

    def expired(self) -> bool:
        """Whether the time is up (remembered in :attr:`hit`)."""
        if self.max_seconds is not None and self.elapsed > self.max_seconds:
            self.hit = True
        return self.hit

    @property
    def remaining(self) -> float | None:
        """Seconds left (``0.0`` when the time is up; ``None`` without a budget)."""
        if self.max_seconds is None:
            return None
        return max(0.0, self.max_seconds - self.elapsed)

    def reserving(self, seconds: float) -> Budget:
        """A budget started at the same moment that ends ``seconds`` earlier.

        The search runs on it, leaving ``seconds`` of this budget for the work after the search
        (describing the rules found).

        Parameters
        ----------
        seconds
            The time kept back, at most half of ``max_seconds`` (less is kept when more is
            asked).

        Returns
        -------
        Budget
            The shorter budget (without a limit when this one has none).
        """
        if self.max_seconds is None:
            inner = Budget(None)
        else:
            inner = Budget(self.max_seconds - min(max(seconds, 0.0), self.max_seconds / 2))
        inner.start = self.start
        return inner


def check_target(target: Sequence[float], n: int) -> tuple[float, ...]:
    """Validate a target vector (length ``n``, non-negative, positive sum) and normalise it."""
    t = [float(x) for x in target]
    if len(t) != n:
        raise InvalidInputError(f"target has {len(t)} values for {n} members; give one each")
    if any(not x >= 0 for x in t) or sum(t) <= 0:
        raise InvalidInputError(f"target {t!r} must be non-negative numbers with a positive sum")
    total = sum(t)
    return tuple(x / total for x in t)


def quota_bounds(quota_range: tuple[object, object], total: int) -> tuple[int, int]:
    """Integer quotas ``lo..hi`` allowed for total weight ``total``.

    Each end is any quota form (``"majority"``, ``"2/3"``, ``"60%"``, an absolute number); the
    low end is the smallest integer quota meeting it, the high end the largest integer quota
    not above it.
    """
    lo_spec, hi_spec = parse_quota(quota_range[0]), parse_quota(quota_range[1])
    lo = max(1, lo_spec.resolve(total))
    hi_need = hi_spec.resolve(total)
    # resolve() rounds up; the top end must not exceed the written value
    exact_hi = (
        Fraction(total // 2 + 1)
        if hi_spec.strict_half
        else hi_spec.absolute + (hi_spec.share or 0) * total
    )
    hi = min(total, hi_need if hi_need == exact_hi else hi_need - 1)
    if lo > hi:
        raise InvalidInputError(
            f"quota range {quota_range[0]!r}..{quota_range[1]!r} holds no whole quota for total "
            f"weight {total}; widen it"
        )
    return lo, hi


def parse_floor(value: object) -> Fraction:
    """A floor on decisiveness from ``"10%"``, ``"1/10"``, ``0.1``; between 0 and 1.

    >>> parse_floor("10%"), parse_floor(0.25)
    (Fraction(1, 10), Fraction(1, 4))
    """
    x = parse_exact(value, what="minimum decisiveness")
    if not 0 <= x <= 1:
        raise InvalidInputError(
            f"minimum decisiveness {value!r} must be a share between 0 and 1 (e.g. 10% or 0.1)"
        )
    return x
