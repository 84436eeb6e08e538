"""Result objects of power computations."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from powershare.errors import InvalidInputError
from powershare.games.numbers import format_fraction

__all__ = ["PowerResult", "Sampling"]


@dataclass(frozen=True)
class Sampling:
    """How a Monte Carlo estimate was sampled, and its confidence intervals.

    See :func:`powershare.power.montecarlo.estimate_power` for the bounds (Hoeffding 1963;
    Maurer & Pontil 2009; Bachrach et al. 2010).

    Attributes
    ----------
    lower, upper
        Per member, the ends of the confidence interval of the reported value.
    halfwidths
        Per member, the larger distance from the value to an end of its interval.
    samples
        Number of coalitions (Banzhaf) or orderings (Shapley-Shubik) drawn.
    confidence
        Confidence level of each member's interval.
    seed
        Seed of the random generator: the same seed gives the same result.
    bound
        The bound the intervals come from, in words.
    stopped
        Why sampling stopped: ``"samples"``, ``"precision"`` or ``"time"``.
    """

    lower: tuple[float, ...]
    upper: tuple[float, ...]
    halfwidths: tuple[float, ...]
    samples: int
    confidence: float
    seed: int
    bound: str
    stopped: str

    def summary(self) -> dict[str, Any]:
        """The JSON description of the sampling (without the per-member intervals).

        >>> Sampling((0.1,), (0.3,), (0.1,), 500, 0.99, 7, "Hoeffding", "samples").summary()
        {'samples': 500, 'confidence': 0.99, 'seed': 7, 'bound': 'Hoeffding', 'stopped': 'samples'}
        """
        return {
            "samples": self.samples,
            "confidence": self.confidence,
            "seed": self.seed,
            "bound": self.bound,
            "stopped": self.stopped,
        }


@dataclass(frozen=True)
class PowerResult:
    """The power of every member under one index.

    Attributes
    ----------
    index
        Index key, e.g. ``"banzhaf"``, ``"banzhaf_absolute"``, ``"shapley"``.
    label
        Human name of the index, e.g. ``"Banzhaf (normalised)"``.
    names
        Member names, in the game's order.
    exact
        Exact values as :class:`~fractions.Fraction` (``None`` when the method is approximate).
    floats
        The same values as floats (always present; approximate when ``is_exact`` is false).
    counts
        Raw counts behind the values (e.g. swings, pivotal orderings), exact integers.
    count_label
        What the counts are (``"swings"``, ``"pivots"``).
    denominator
        The number the counts are divided by (e.g. ``2**(n-1)``, ``n!``, total swings).
    method
        Name of the counting method that produced the counts.
    is_exact
        Whether the values are exact.
    seconds
        Wall time spent counting, in seconds.
    error_bound
        For approximate results, the half-width of the confidence interval (else ``None``).
    extra
        Game-level exact values reported with the index, by name: ``winning_coalitions``,
        ``minimal_winning_coalitions``, ``coleman_collectivity`` (empty when there are none).
    sampling
        For Monte Carlo results, the sampling details and per-member intervals (else ``None``).
    """

    index: str
    label: str
    names: tuple[str, ...]
    exact: tuple[Fraction, ...] | None
    floats: tuple[float, ...]
    counts: tuple[int, ...] | None
    count_label: str
    denominator: int | None
    method: str
    is_exact: bool
    seconds: float
    error_bound: float | None = None
    extra: Mapping[str, int | Fraction] = field(default_factory=dict)
    sampling: Sampling | None = None

    def __getitem__(self, member: str | int) -> Fraction | float:
        """The value of a member by name or position (exact when available)."""
        i = self._position(member)
        return self.exact[i] if self.exact is not None else self.floats[i]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def _position(self, member: str | int) -> int:
        if isinstance(member, str):
            try:
                return self.names.index(member)
            except ValueError:
                raise InvalidInputError(
                    f"unknown member {member!r}; members are {', '.join(self.names)}"
                ) from None
        return member

    def as_dict(self) -> dict[str, float]:
        """Member name -> float value."""
        return dict(zip(self.names, self.floats, strict=True))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description: values as floats and ``"p/q"`` strings, counts as ints."""
        return {
            "index": self.index,
            "label": self.label,
            "method": self.method,
            "exact": self.is_exact,
            "seconds": self.seconds,
            "error_bound": self.error_bound,
            "count_label": self.count_label,
            "denominator": self.denominator,
            "members": [
                {
                    "name": name,
                    "value": self.floats[i],
                    **(
                        {"value_exact": format_fraction(self.exact[i])}
                        if self.exact is not None
                        else {}
                    ),
                    **({"count": self.counts[i]} if self.counts is not None else {}),
                }
                for i, name in enumerate(self.names)
            ],
        }

    def to_pandas(self) -> Any:
        """A :class:`pandas.DataFrame` indexed by member (needs the optional ``pandas``)."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise InvalidInputError(
                "to_pandas() needs pandas; install it with: pip install 'powershare[pandas]'"
            ) from None
        data: dict[str, Any] = {self.index: list(self.floats)}
        if self.exact is not None:
            data[f"{self.index}_exact"] = [format_fraction(v) for v in self.exact]
        if self.counts is not None:
            data[self.count_label] = list(self.counts)
        return pd.DataFrame(data, index=pd.Index(self.names, name="member"))
