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

__all__ = ["Span", "solve_exact"]


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
