"""Uncertain numbers: fixed values, ranges and distributions, drawn with a numpy ``Generator``.

A quantity (a member's seats or population) is written in a scenario file as

* a number: ``12`` (fixed);
* a range: ``[10, 14]`` or ``{uniform: [10, 14]}`` (seats: every integer from 10 to 14 equally
  likely; populations: uniform on the interval);
* ``{values: [10, 12, 14], probs: [1/4, 1/2, 1/4]}``: a discrete distribution (exact weights);
* ``{triangular: [low, mode, high]}``;
* ``{normal: {mean: 10, sd: 2, low: 6, high: 14}}``: a normal distribution truncated to
  ``[low, high]`` (rejection sampling; the bounds are required so a draw is never negative).

Seats are integers: continuous draws are rounded to the nearest integer (half to even, numpy's
``rint``).  Integer ranges and discrete values have a finite support with exact probabilities
(:meth:`Distribution.support`), so a small scenario space can be enumerated exactly.

>>> import numpy as np
>>> d = parse_distribution({"uniform": [2, 4]}, integer=True, what="seats of A")
>>> d.support()
((2, Fraction(1, 3)), (3, Fraction(1, 3)), (4, Fraction(1, 3)))
>>> d.draw(np.random.default_rng(0), 5).tolist()
[4, 3, 3, 2, 2]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from powershare.errors import InvalidInputError
from powershare.games.numbers import parse_exact

__all__ = ["KINDS", "Distribution", "parse_distribution"]

KINDS = ("fixed", "uniform", "values", "triangular", "normal")
"""The kinds of uncertain quantity a scenario file accepts."""


@dataclass(frozen=True)
class Distribution:
    """One uncertain quantity.

    Attributes
    ----------
    kind
        One of :data:`KINDS`.
    params
        ``fixed``: ``(value,)``; ``uniform``: ``(low, high)``; ``values``: the values;
        ``triangular``: ``(low, mode, high)``; ``normal``: ``(mean, sd, low, high)``.
    probs
        Exact probabilities of ``values`` (``None``: equally likely).
    integer
        Whether draws are integers (seats).
    """

    kind: str
    params: tuple[float, ...]
    probs: tuple[Fraction, ...] | None = None
    integer: bool = False

    @property
    def is_fixed(self) -> bool:
        """Whether the quantity is certain."""
        return self.kind == "fixed"

    @property
    def finite(self) -> bool:
        """Whether the support is finite with exact probabilities (enumerable)."""
        return self.kind in ("fixed", "values") or (self.kind == "uniform" and self.integer)

    def support(self) -> tuple[tuple[Any, Fraction], ...]:
        """``(value, exact probability)`` pairs of a finite distribution.

        Raises
        ------
        InvalidInputError
            For a continuous distribution.
        """
        if self.kind == "fixed":
            return ((self._value(self.params[0]), Fraction(1)),)
        if self.kind == "values":
            probs = self.probs or tuple(Fraction(1, len(self.params)) for _ in self.params)
            return tuple((self._value(v), p) for v, p in zip(self.params, probs, strict=True))
        if self.kind == "uniform" and self.integer:
            lo, hi = int(self.params[0]), int(self.params[1])
            return tuple((v, Fraction(1, hi - lo + 1)) for v in range(lo, hi + 1))
        raise InvalidInputError(f"a {self.kind} distribution has no finite support")

    def _value(self, v: float) -> Any:
        return int(v) if self.integer else v

    @property
    def mean(self) -> float:
        """The mean (of the untruncated normal: its ``mean`` parameter)."""
        p = self.params
        if self.kind == "fixed":
            return p[0]
        if self.kind == "uniform":
            return (p[0] + p[1]) / 2
        if self.kind == "triangular":
            return (p[0] + p[1] + p[2]) / 3
        if self.kind == "normal":
            return p[0]
        probs = self.probs or tuple(Fraction(1, len(p)) for _ in p)
        return float(sum(float(pr) * v for pr, v in zip(probs, p, strict=True)))

    def draw(self, rng: np.random.Generator, size: int) -> npt.NDArray[Any]:
        """``size`` independent draws (int64 for seats, float64 otherwise)."""
        p = self.params
        if self.kind == "fixed":
            out = np.full(size, p[0], dtype=np.float64)
        elif self.kind == "uniform" and self.integer:
            return rng.integers(int(p[0]), int(p[1]), size=size, endpoint=True).astype(np.int64)
        elif self.kind == "uniform":
            out = rng.uniform(p[0], p[1], size)
        elif self.kind == "values":
            probs = None if self.probs is None else np.array([float(x) for x in self.probs])
            if probs is not None:
                probs = probs / probs.sum()
            out = rng.choice(np.array(p, dtype=np.float64), size=size, p=probs)
        elif self.kind == "triangular":
            out = rng.triangular(p[0], p[1], p[2], size) if p[0] < p[2] else np.full(size, p[1])
        else:
            out = _truncated_normal(rng, *p, size=size)
        return np.rint(out).astype(np.int64) if self.integer else out


def _truncated_normal(
    rng: np.random.Generator, mean: float, sd: float, low: float, high: float, *, size: int
) -> npt.NDArray[np.float64]:
    """Rejection sampling from the normal restricted to ``[low, high]`` (the acceptance rate is
    checked at parse time to be at least 1e-3)."""
    out = np.empty(size, dtype=np.float64)
    filled = 0
    while filled < size:
        need = size - filled
        batch = rng.normal(mean, sd, max(2 * need, 16))
        keep = batch[(batch >= low) & (batch <= high)][:need]
        out[filled : filled + keep.size] = keep
        filled += keep.size
    return out


def _number(value: object, what: str) -> float:
    if isinstance(value, bool):
        raise InvalidInputError(f"{what}: {value!r} is not a number")
    exact = parse_exact(value, what=what)
    return float(exact)


def _check_nonneg(values: tuple[float, ...], what: str) -> None:
    for v in values:
        if not math.isfinite(v) or v < 0:
            raise InvalidInputError(f"{what}: {v!r} must be a finite number, 0 or more")


def parse_distribution(spec: object, *, integer: bool, what: str) -> Distribution:
    """A :class:`Distribution` from its scenario-file form (see the module docstring).

    Raises
    ------
    InvalidInputError
        Naming ``what`` and the forms allowed.

    Examples
    --------
    >>> parse_distribution(12, integer=True, what="seats").is_fixed
    True
    >>> parse_distribution({"normal": {"mean": 10, "sd": 2, "low": 6, "high": 14}},
    ...                    integer=True, what="seats").kind
    'normal'
    """
    allowed = (
        "a number, [low, high], {uniform: [low, high]}, {values: [...], probs: [...]}, "
        "{triangular: [low, mode, high]} or {normal: {mean, sd, low, high}}"
    )
    if isinstance(spec, list | tuple):
        spec = {"uniform": list(spec)}
    if not isinstance(spec, dict):
        value = _number(spec, what)
        _check_nonneg((value,), what)
        if integer and value != int(value):
            raise InvalidInputError(f"{what}: {spec!r} must be a whole number of seats")
        return Distribution("fixed", (value,), integer=integer)
    keys = set(spec) - {"probs"}
    if len(keys) != 1 or not keys <= {"uniform", "values", "triangular", "normal"}:
        raise InvalidInputError(f"{what}: {spec!r} is not understood; write {allowed}")
    (kind,) = keys
    body = spec[kind]
    if kind == "normal":
        if not isinstance(body, dict) or set(body) != {"mean", "sd", "low", "high"}:
            raise InvalidInputError(f"{what}: normal needs exactly mean, sd, low and high")
        mean, sd, low, high = (
            _number(body[k], f"{what}: {k}") for k in ("mean", "sd", "low", "high")
        )
        _check_nonneg((low, high, sd), what)
        if not low <= mean <= high or sd <= 0:
            raise InvalidInputError(f"{what}: need sd > 0 and low <= mean <= high")
        return Distribution(kind, (mean, sd, low, high), integer=integer)
    if not isinstance(body, list | tuple) or not body:
        raise InvalidInputError(f"{what}: {kind} takes a list of numbers; write {allowed}")
    params = tuple(_number(v, what) for v in body)
    _check_nonneg(params, what)
    if integer and kind in ("uniform", "values") and any(v != int(v) for v in params):
        raise InvalidInputError(f"{what}: seats must be whole numbers, not {list(body)!r}")
    if kind == "uniform":
        if len(params) != 2 or params[0] > params[1]:
            raise InvalidInputError(f"{what}: uniform takes [low, high] with low <= high")
        return Distribution(kind, params, integer=integer)
    if kind == "triangular":
        if len(params) != 3 or not params[0] <= params[1] <= params[2]:
            raise InvalidInputError(f"{what}: triangular takes [low, mode, high], in that order")
        return Distribution(kind, params, integer=integer)
    probs = None
    if "probs" in spec:
        raw = spec["probs"]
        if not isinstance(raw, list | tuple) or len(raw) != len(params):
            raise InvalidInputError(f"{what}: probs must list one probability per value")
        probs = tuple(parse_exact(p, what=f"{what}: probability") for p in raw)
        if any(p < 0 for p in probs) or sum(probs) != 1:
            raise InvalidInputError(f"{what}: probs must be 0 or more and sum to exactly 1")
    return Distribution("values", params, probs, integer=integer)
