"""Integer weight vectors: bounds, projection and enumeration, shared by the design searches.

* :func:`bounds_around`, :func:`per_member_bounds`: per-member weight bounds;
* :func:`project_weights`: integer weights with a fixed total near proportional to a vector;
* :func:`weight_vectors`, :func:`count_weight_vectors`: enumerate and count the integer
  vectors with a fixed total within bounds (the space of the exhaustive searches: Kurz 2012,
  "On the inverse power index problem", Optimization 61:989-1011).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from powershare.errors import InvalidInputError
from powershare.games.numbers import parse_exact

__all__ = [
    "DEFAULT_RESOLUTION",
    "bounds_around",
    "count_weight_vectors",
    "per_member_bounds",
    "project_weights",
    "weight_vectors",
]

DEFAULT_RESOLUTION = 10_000
"""Default total weight of a design: weights free to 0.01% of the total."""


def per_member_bounds(
    value: int | Sequence[int] | None, n: int, what: str, default: int
) -> list[int]:
    """One bound per member from ``None`` (``default`` each), one number, or one per member."""
    if value is None:
        return [default] * n
    if isinstance(value, int) and not isinstance(value, bool):
        return [value] * n
    vals = list(value)  # type: ignore[arg-type]
    if len(vals) != n:
        raise InvalidInputError(f"{what} has {len(vals)} values for {n} members; give one each")
    out = []
    for v in vals:
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise InvalidInputError(f"{what} value {v!r} must be a whole number, 0 or more")
        out.append(int(v))
    return out


def _exact(value: object, what: str) -> Fraction:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInputError(f"{what} {value!r} must be a finite number")
        return Fraction(repr(value))  # the decimal the user wrote, not the binary neighbour
    return parse_exact(value, what=what)


def bounds_around(
    values: Sequence[object], total: int, relative: object
) -> tuple[list[int], list[int]]:
    """Per-member weight bounds within ``relative`` of proportionality to ``values``.

    Member ``i`` may get between ``(1 - relative)`` and ``(1 + relative)`` times its
    proportional weight ``total * v_i / sum(v)``, **exactly**: the bounds are rounded inwards
    (the smallest whole weight at or above the lower end, the largest at or below the upper
    end), computed in fractions, so no member is ever more than ``relative`` above or below
    its share.  A member whose interval holds no whole weight makes the design infeasible
    (the search says so).

    >>> bounds_around([42, 27, 9, 9, 13], 100, 0.2)
    ([34, 22, 8, 8, 11], [50, 32, 10, 10, 15])
    """
    r = _exact(relative, "relative bound")
    if r < 0:
        raise InvalidInputError(f"relative bound {relative!r} must be 0 or more (0.2 = +-20%)")
    vs = [_exact(v, "value") for v in values]
    if any(v < 0 for v in vs) or sum(vs) <= 0:
        raise InvalidInputError("values must be non-negative with a positive sum")
    s = sum(vs)
    lo = [max(0, math.ceil(total * v / s * (1 - r))) for v in vs]
    hi = [min(total, math.floor(total * v / s * (1 + r))) for v in vs]
    return lo, hi


def project_weights(
    x: Sequence[float], lo: Sequence[int], hi: Sequence[int], total: int
) -> list[int]:
    """Integer weights summing to ``total`` within ``[lo, hi]``, near proportional to ``x``.

    Finds ``lam`` with ``sum clip(lam x_i, lo_i, hi_i) = total`` by bisection, then rounds by
    largest remainders within the bounds.

    >>> project_weights([0.5, 0.3, 0.2], [0, 0, 0], [10, 10, 10], 10)
    [5, 3, 2]
    """
    xs = [max(v, 1e-12) for v in x]

    def filled(lam: float) -> float:
        return sum(min(max(lam * v, a), b) for v, a, b in zip(xs, lo, hi, strict=True))

    a, b = 0.0, 1.0
    while filled(b) < total and b < 1e30:
        b *= 2
    for _ in range(100):
        mid = (a + b) / 2
        if filled(mid) < total:
            a = mid
        else:
            b = mid
    real = [min(max(b * v, lo_i), hi_i) for v, lo_i, hi_i in zip(xs, lo, hi, strict=True)]
    ints = [min(max(math.floor(r), lo_i), hi_i) for r, lo_i, hi_i in zip(real, lo, hi, strict=True)]
    rest = total - sum(ints)
    order = sorted(range(len(xs)), key=lambda i: real[i] - ints[i], reverse=rest > 0)
    step = 1 if rest > 0 else -1
    while rest != 0:
        moved = False
        for i in order:
            if rest == 0:
                break
            if (step > 0 and ints[i] < hi[i]) or (step < 0 and ints[i] > lo[i]):
                ints[i] += step
                rest -= step
                moved = True
        if not moved:  # pragma: no cover - excluded by the bounds check
            break
    return ints


def count_weight_vectors(
    total: int, lo: Sequence[int], hi: Sequence[int], sorted_only: bool, cap: int | None = None
) -> int | None:
    """How many integer vectors within ``[lo, hi]`` sum to ``total`` (non-increasing ones
    only when ``sorted_only``, which needs equal bounds for all members).

    With ``cap``, returns ``None`` as soon as the count is known to exceed it.  Unsorted vectors
    are counted by a dynamic programme over members (``O(n total)``); sorted ones by
    enumeration once the unsorted count (an upper bound) or its ``1/n!`` (a lower bound) has
    not already decided.
    """
    n = len(lo)
    if cap is not None:  # quick floating-point estimate decides large spaces at once
        approx = np.zeros(total + 1)
        approx[0] = 1.0
        for a, b in zip(lo, hi, strict=True):
            pre = np.concatenate(([0.0], np.cumsum(approx)))
            idx = np.arange(total + 1)
            top = idx - a + 1
            bottom = np.maximum(idx - b, 0)
            approx = np.where(idx >= a, pre[np.maximum(top, 0)] - pre[bottom], 0.0)
        bound = approx[total] / (math.factorial(n) if sorted_only else 1)
        if bound > 1.01 * cap:
            return None
    counts = [1] + [0] * total
    for a, b in zip(lo, hi, strict=True):
        prefix = [0]
        for c in counts:
            prefix.append(prefix[-1] + c)
        new = [0] * (total + 1)
        for s in range(a, total + 1):
            new[s] = prefix[s - a + 1] - prefix[max(s - b, 0)]
        counts = new
    unsorted = counts[total]
    if not sorted_only:
        return None if cap is not None and unsorted > cap else unsorted
    if cap is not None and unsorted // math.factorial(n) > cap:
        return None
    found = 0
    for _ in weight_vectors(total, lo, hi, True):
        found += 1
        if cap is not None and found > cap:
            return None
    return found


def weight_vectors(
    total: int, lo: Sequence[int], hi: Sequence[int], sorted_only: bool
) -> Iterator[tuple[int, ...]]:
    """Every integer vector within ``[lo, hi]`` summing to ``total``, as tuples.

    With ``sorted_only`` (equal bounds for every member) only the non-increasing ones, largest
    first; otherwise in lexicographic order.

    >>> list(weight_vectors(4, [0, 0, 0], [4, 4, 4], True))
    [(4, 0, 0), (3, 1, 0), (2, 2, 0), (2, 1, 1)]
    >>> len(list(weight_vectors(4, [0, 0, 0], [4, 4, 4], False)))
    15
    """
    n = len(lo)
    if sorted_only:
        a = lo[0]

        def rec(k: int, cap: int, s: int, prefix: list[int]) -> Any:
            if k == 0:
                if s == 0:
                    yield tuple(prefix)
                return
            for v in range(min(cap, s - a * (k - 1)), a - 1, -1):
                if s - v > (k - 1) * v:
                    break
                prefix.append(v)
                yield from rec(k - 1, v, s - v, prefix)
                prefix.pop()

        yield from rec(n, hi[0], total, [])
        return
    suffix_lo = [0] * (n + 1)
    suffix_hi = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        suffix_lo[i] = suffix_lo[i + 1] + lo[i]
        suffix_hi[i] = suffix_hi[i + 1] + hi[i]

    def rec2(i: int, s: int, prefix: list[int]) -> Any:
        if i == n:
            if s == 0:
                yield tuple(prefix)
            return
        for v in range(max(lo[i], s - suffix_hi[i + 1]), min(hi[i], s - suffix_lo[i + 1]) + 1):
            prefix.append(v)
            yield from rec2(i + 1, s - v, prefix)
            prefix.pop()

    yield from rec2(0, total, [])
