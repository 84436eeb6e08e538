"""The registry of counting methods and the ``method="auto"`` choice.

Each :class:`CountingMethod` says which *quantities* it counts (``"swings"`` for Banzhaf,
``"pivots"`` for Shapley-Shubik, ...), which games it takes, whether it is exact, and how long
and how much memory it will need for a given game.  :meth:`MethodRegistry.choose` picks the
fastest exact method whose estimate fits the limits and otherwise refuses *before starting*,
with the estimate and what to do instead.  The design follows abcvoting's registry of rules and
algorithms (``algorithm="fastest"``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from powershare.errors import MethodNotApplicableError, ResourceLimitError, UnknownNameError
from powershare.games.base import SimpleGame

__all__ = [
    "Counts",
    "CountingMethod",
    "Estimate",
    "Limits",
    "MethodRegistry",
    "registry",
    "format_bytes",
    "format_seconds",
]


def format_seconds(seconds: float) -> str:
    """``0.004`` -> ``"4 ms"``, ``95`` -> ``"1.6 min"``, ``1e9`` -> ``"32 years"``."""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.001 else "under 1 ms"
    for unit, size in (("years", 3.156e7), ("days", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if seconds >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds:.3g} s"


def format_bytes(n: float) -> str:
    """``3_500_000`` -> ``"3.5 MB"``."""
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{int(n)} B"


@dataclass(frozen=True)
class Estimate:
    """Predicted cost of running a method on a game (deliberately on the high side)."""

    seconds: float
    bytes: int

    def describe(self) -> str:
        """E.g. ``"about 2.1 s and 150 MB"``."""
        return f"about {format_seconds(self.seconds)} and {format_bytes(self.bytes)}"


@dataclass(frozen=True)
class Limits:
    """Resource limits for one computation.

    The defaults suit a laptop: ten minutes and 4 GB.  The CLI's ``--max-seconds`` and
    ``--max-memory`` override them.
    """

    max_seconds: float = 600.0
    max_bytes: int = 4 * 10**9

    def admits(self, estimate: Estimate) -> bool:
        """Whether an estimate fits within both limits."""
        return estimate.seconds <= self.max_seconds and estimate.bytes <= self.max_bytes


@dataclass(frozen=True)
class Counts:
    """Exact counts per member for one quantity, plus named scalar counts (e.g. totals)."""

    quantity: str
    per_member: tuple[int, ...]
    scalars: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CountingMethod:
    """A way of counting one or more quantities on some class of games.

    Attributes
    ----------
    name
        Registry key, e.g. ``"generating-function"``.
    quantities
        What it counts (``"swings"``, ``"pivots"``, ...).
    exact
        Whether its counts are exact.
    summary
        One line for listings.
    reference
        The paper the algorithm comes from.
    applies
        ``applies(game, quantity)`` returns ``None`` when the method can run, else the reason.
    estimate
        ``estimate(game, quantity)``: predicted time and memory.
    count
        ``count(game, quantity)``: the counts.
    """

    name: str
    quantities: frozenset[str]
    exact: bool
    summary: str
    reference: str
    applies: Callable[[SimpleGame, str], str | None]
    estimate: Callable[[SimpleGame, str], Estimate]
    count: Callable[[SimpleGame, str], Counts]
    extra: dict[str, Any] = field(default_factory=dict)


class MethodRegistry:
    """All known counting methods, by name."""

    def __init__(self) -> None:
        self._methods: dict[str, CountingMethod] = {}

    def register(self, method: CountingMethod) -> CountingMethod:
        """Add a method (a later registration with the same name replaces the earlier)."""
        self._methods[method.name] = method
        return method

    def __iter__(self) -> Iterator[CountingMethod]:
        return iter(self._methods.values())

    def names(self) -> list[str]:
        """Registered method names."""
        return list(self._methods)

    def get(self, name: str) -> CountingMethod:
        """The method called ``name``."""
        try:
            return self._methods[name]
        except KeyError:
            raise UnknownNameError(
                f"unknown method {name!r}; known methods: auto, {', '.join(self._methods)}"
            ) from None

    def candidates(self, game: SimpleGame, quantity: str) -> list[tuple[CountingMethod, Estimate]]:
        """Exact and approximate methods that can count ``quantity`` on ``game``, cheapest first."""
        found = []
        for method in self._methods.values():
            if quantity in method.quantities and method.applies(game, quantity) is None:
                found.append((method, method.estimate(game, quantity)))
        found.sort(key=lambda pair: (not pair[0].exact, pair[1].seconds))
        return found

    def choose(
        self,
        game: SimpleGame,
        quantity: str,
        method: str = "auto",
        limits: Limits | None = None,
    ) -> tuple[CountingMethod, Estimate]:
        """Pick the method to run, refusing up front when it would exceed the limits.

        Parameters
        ----------
        game
            The game.
        quantity
            What to count.
        method
            ``"auto"`` (fastest exact method that fits the limits) or a method name.
        limits
            Time and memory limits (default :class:`Limits`).

        Raises
        ------
        MethodNotApplicableError
            If the named method cannot count this quantity on this game.
        ResourceLimitError
            If no exact method fits the limits; the message gives the estimate.
        """
        limits = limits or Limits()
        if method != "auto":
            chosen = self.get(method)
            if quantity not in chosen.quantities:
                raise MethodNotApplicableError(
                    f"method {method!r} does not count {quantity}; it counts "
                    f"{', '.join(sorted(chosen.quantities))}"
                )
            reason = chosen.applies(game, quantity)
            if reason is not None:
                raise MethodNotApplicableError(f"method {method!r} cannot be used: {reason}")
            estimate = chosen.estimate(game, quantity)
            self._check_limits(chosen, estimate, limits, quantity)
            return chosen, estimate
        exact = [(m, e) for m, e in self.candidates(game, quantity) if m.exact]
        if not exact:
            raise MethodNotApplicableError(f"no exact method can count {quantity} for this game")
        for chosen, estimate in exact:
            if limits.admits(estimate):
                return chosen, estimate
        chosen, estimate = min(exact, key=lambda pair: pair[1].seconds)
        self._check_limits(chosen, estimate, limits, quantity)
        return chosen, estimate  # pragma: no cover - _check_limits raised

    @staticmethod
    def _check_limits(
        method: CountingMethod, estimate: Estimate, limits: Limits, quantity: str
    ) -> None:
        if limits.admits(estimate):
            return
        raise ResourceLimitError(
            f"counting {quantity} exactly with method {method.name!r} would take "
            f"{estimate.describe()}, over the limits of {format_seconds(limits.max_seconds)} "
            f"and {format_bytes(limits.max_bytes)}; raise them (--max-seconds, --max-memory) "
            "or choose a cheaper index",
            seconds=estimate.seconds,
            bytes_=estimate.bytes,
        )


registry = MethodRegistry()
"""The global registry; :mod:`powershare.power.methods` fills it."""
