"""Integer weight vectors: bounds, projection and enumeration, shared by the design searches.

* :func:`bounds_around`, :func:`per_member_bounds`: per-member weight bounds;
* :func:`project_weights`: integer weights with a fixed total near proportional to a vector;
* :func:`weight_vectors`, :func:`count_weight_vectors`: enumerate and count the integer
  vectors with a fixed total within bounds (the space of the exhaustive searches: Kurz 2012,
  "On the inverse power index problem", Optimization 61:989-1011).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction

from powershare.errors import InvalidInputError, ResourceLimitError
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


_MAX_TERMS = 1 << 18


def _count_unsorted(total: int, lo: Sequence[int], hi: Sequence[int]) -> int:
    """Integer vectors with ``lo <= x <= hi`` summing to ``total``, by inclusion-exclusion.

    With ``r = total - sum(lo)`` and spans ``s_i = hi_i - lo_i + 1``, the count is
    ``sum_S (-1)^|S| C(r - sum_{i in S} s_i + n - 1, n - 1)`` over the sets ``S`` of members
    pushed past their upper bound (Riordan 1958, *An Introduction to Combinatorial Analysis*,
    ch. 5).  Members of equal span are grouped (``C(m, j)`` ways to pick ``j`` of ``m``) and
    terms with ``sum s_i > r`` vanish, so the work depends on the number of distinct spans, not
    on ``total``: ``10^12`` costs what ``10`` costs.

    >>> _count_unsorted(4, [0, 0, 0], [4, 4, 4]), _count_unsorted(10**12, [0, 0], [10**12, 1])
    (15, 2)
    """
    n = len(lo)
    rest = total - sum(lo)
    if rest < 0 or any(b < a for a, b in zip(lo, hi, strict=True)):
        return 0
    if n == 0:
        return 1 if rest == 0 else 0
    groups: dict[int, int] = {}
    for a, b in zip(lo, hi, strict=True):
        span = b - a + 1
        if span <= rest:  # a span past the rest can never be exceeded: no term
            groups[span] = groups.get(span, 0) + 1
    terms: dict[int, int] = {0: 1}  # excess -> signed number of ways
    for span, m in groups.items():
        new: dict[int, int] = {}
        for excess, ways in terms.items():
            for j in range(m + 1):
                e = excess + j * span
                if e > rest:
                    break
                new[e] = new.get(e, 0) + (-1) ** j * math.comb(m, j) * ways
        terms = {e: w for e, w in new.items() if w}
        if len(terms) > _MAX_TERMS:
            raise ResourceLimitError(
                f"counting the weight vectors of {n} members with {len(groups)} different "
                "ranges is too much work; give fewer members different bounds"
            )
    return sum(ways * math.comb(rest - e + n - 1, n - 1) for e, ways in terms.items())


_SORTED_COUNT_STEPS = 30_000_000


def _count_sorted(total: int, low: int, high: int, n: int) -> int | None:
    """Non-increasing vectors of ``n`` entries in ``[low, high]`` summing to ``total``: the
    partitions of ``total - n low`` into at most ``n`` parts of at most ``high - low``, the
    coefficient of the Gaussian binomial ``[m + k, k]_q = prod_(i <= k) (1 - q^(m+i)) /
    (1 - q^i)`` (Andrews 1976, *The Theory of Partitions*, thm 3.1), in ``O(k s)`` additions;
    ``None`` when that is too many (the caller enumerates up to its cap).

    >>> _count_sorted(4, 0, 4, 3), _count_sorted(50, 0, 50, 1482)
    (4, 204226)
    """
    rest, most = total - n * low, high - low
    if rest < 0 or n == 0:
        return int(rest == 0)
    if most == 0:
        return int(rest == 0)
    k = min(n, rest)
    if k * rest > _SORTED_COUNT_STEPS:
        return None
    poly = [1] + [0] * rest
    for i in range(1, k + 1):
        step = most + i
        for e in range(rest, step - 1, -1):
            poly[e] -= poly[e - step]
        for e in range(i, rest + 1):
            poly[e] += poly[e - i]
    return poly[rest]


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
    unsorted = _count_unsorted(total, lo, hi)
    if not sorted_only:
        return None if cap is not None and unsorted > cap else unsorted
    if cap is not None and unsorted // math.factorial(n) > cap:
        return None
    exact = _count_sorted(total, lo[0] if n else 0, hi[0] if n else 0, n)
    if exact is not None:
        return None if cap is not None and exact > cap else exact
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
        a = lo[0] if n else 0

        def descending(depth: int, s: int, prev: int) -> Iterator[int]:
            k = n - depth  # members left, this one included
            cap = hi[0] if depth == 0 else prev
            for v in range(min(cap, s - a * (k - 1)), a - 1, -1):
                if s - v > (k - 1) * v:  # the rest could not reach s - v below v each
                    break
                yield v

        yield from _depth_first(n, total, descending)
        return
    suffix_lo = [0] * (n + 1)
    suffix_hi = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        suffix_lo[i] = suffix_lo[i + 1] + lo[i]
        suffix_hi[i] = suffix_hi[i + 1] + hi[i]

    def within(i: int, s: int, _prev: int) -> Iterator[int]:
        return iter(range(max(lo[i], s - suffix_hi[i + 1]), min(hi[i], s - suffix_lo[i + 1]) + 1))

    yield from _depth_first(n, total, within)


def _depth_first(
    n: int, total: int, options: Callable[[int, int, int], Iterator[int]]
) -> Iterator[tuple[int, ...]]:
    """Every vector ``v`` of length ``n`` summing to ``total`` whose entry ``d`` is one of
    ``options(d, what is left of total, v[d - 1])``, in the order the options come: a depth-first
    walk with an explicit stack (thousands of members would overflow Python's recursion)."""
    if n == 0:
        if total == 0:
            yield ()
        return
    prefix: list[int] = []
    left = [total]
    stack = [options(0, total, 0)]
    while stack:
        v = next(stack[-1], None)
        if v is None:
            stack.pop()
            if prefix:
                prefix.pop()
                left.pop()
            continue
        rest = left[-1] - v
        if len(prefix) + 1 == n:
            if rest == 0:
                yield (*prefix, v)
            continue
        prefix.append(v)
        left.append(rest)
        stack.append(options(len(prefix), rest, v))
