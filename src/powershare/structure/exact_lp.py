"""Exact linear algebra for the sequential linear programmes of :mod:`.solutions`.

* :func:`solve_exact`: the unique solution of a consistent system of rational equations, by
  Gaussian elimination over rows chosen to be independent (used to recover a linear
  programme's optimal vertex exactly from its tight constraints);
* :class:`Span`: the span of integer vectors in floating point, to tell which coalitions'
  excesses are already fixed.

>>> from fractions import Fraction as F
>>> solve_exact([[F(1), F(1)], [F(1), F(-1)], [F(2), F(2)]], [F(3), F(1), F(6)], 2)
[Fraction(2, 1), Fraction(1, 1)]
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

__all__ = ["Span", "exact_rank", "simplest_near", "solve_exact"]


def solve_exact(rows: list[list[Fraction]], rhs: list[Fraction], size: int) -> list[Fraction]:
    """The unique solution of the consistent system, by Gaussian elimination over rows
    chosen to be independent.

    Raises
    ------
    ArithmeticError
        If the rows do not determine the ``size`` unknowns.
    """
    pivots: list[tuple[list[Fraction], Fraction, int]] = []
    for row, b in zip(rows, rhs, strict=True):
        r, v = row[:], b
        for prow, pb, col in pivots:
            if r[col]:
                f = r[col] / prow[col]
                r = [a - f * p for a, p in zip(r, prow, strict=True)]
                v -= f * pb
        lead = next((k for k, a in enumerate(r) if a), None)
        if lead is None:
            continue
        pivots.append((r, v, lead))
        if len(pivots) == size:
            break
    if len(pivots) < size:
        raise ArithmeticError("the tight constraints do not determine a vertex")
    x = [Fraction(0)] * size
    for prow, pb, col in reversed(pivots):
        x[col] = (pb - sum((prow[k] * x[k] for k in range(size) if k != col), Fraction(0))) / prow[
            col
        ]
    return x


def simplest_near(value: float, tol: float = 1e-9) -> Fraction:
    """The fraction with the smallest denominator within ``tol`` of a solver's float.

    Linear-programme optima are rational with small denominators; reading ``0.0167286245...``
    back as ``9/538`` rather than ``14165591/846787551`` undoes the solver's rounding.  The
    simplest fraction in an interval comes from the continued fractions of its ends
    (Stern-Brocot; Khinchin 1964, *Continued Fractions*, ch. 2).

    >>> simplest_near(9 / 538 + 3e-12), simplest_near(0.5), simplest_near(-0.25)
    (Fraction(9, 538), Fraction(1, 2), Fraction(-1, 4))
    """
    lo, hi = Fraction(value - tol), Fraction(value + tol)
    if lo <= 0 <= hi:
        return Fraction(0)
    if hi < 0:
        return -simplest_near(-value, tol)

    def between(a: Fraction, b: Fraction) -> Fraction:
        whole = a.numerator // a.denominator
        if Fraction(whole) == a:
            return a
        if whole + 1 <= b:
            return Fraction(whole + 1)
        inner = between(1 / (b - whole), 1 / (a - whole))
        return whole + 1 / inner

    return between(lo, hi)


def exact_rank(rows: Sequence[Sequence[int | Fraction]], size: int) -> int:
    """The rank of integer or rational rows of length ``size``, exactly.

    >>> exact_rank([[1, 2], [2, 4], [0, 1]], 2)
    2
    """
    pivots: list[tuple[list[Fraction], int]] = []
    for row in rows:
        r = [Fraction(a) for a in row]
        for prow, col in pivots:
            if r[col]:
                f = r[col] / prow[col]
                r = [a - f * p for a, p in zip(r, prow, strict=True)]
        lead = next((k for k, a in enumerate(r) if a), None)
        if lead is not None:
            pivots.append((r, lead))
            if len(pivots) == size:
                break
    return len(pivots)


class Span:
    """The span of the fixed coalitions' count vectors (floating point, for the oracle)."""

    def __init__(self, size: int) -> None:
        self.basis = np.zeros((0, size))

    def contains(self, c: Sequence[float]) -> bool:
        v = np.asarray(c, dtype=float)
        if not v.any():
            return True
        if self.basis.shape[0] == 0:
            return False
        resid = v - self.basis.T @ (self.basis @ v)
        scale = max(1.0, float(np.linalg.norm(v)))
        return bool(float(np.linalg.norm(resid)) <= 1e-9 * scale)

    def add(self, c: Sequence[float]) -> bool:
        if self.contains(c):
            return False
        v = np.asarray(c, dtype=float)
        resid = v - self.basis.T @ (self.basis @ v)
        self.basis = np.vstack([self.basis, resid / np.linalg.norm(resid)])
        return True

    @property
    def rank(self) -> int:
        return int(self.basis.shape[0])
