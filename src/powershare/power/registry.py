"""The registry of counting methods and the ``method="auto"`` choice.

Each :class:`CountingMethod` declares, per *quantity* (``"swings"`` for Banzhaf, ``"pivots"``
for Shapley-Shubik, ...), the function that counts it and the function that estimates its time
and memory; asking it for a quantity it does not declare raises.  It also says which games it
takes and whether it is exact.  :meth:`MethodRegistry.choose` picks the
fastest exact method whose estimate fits the limits and otherwise refuses *before starting*,
with the estimate and what to do instead.  The design follows abcvoting's registry of rules and
algorithms (``algorithm="fastest"``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType

from powershare.errors import (
    MethodNotApplicableError,
    RegistryError,
    ResourceLimitError,
    UnknownNameError,
)
from powershare.games.base import SimpleGame

__all__ = [
    "CountFn",
    "Counts",
    "CountingMethod",
    "Estimate",
    "EstimateFn",
    "Limits",
    "MethodRegistry",
    "registry",
    "format_bytes",
    "format_seconds",
    "machine_memory",
]


@cache
def machine_memory() -> int:
    """This machine's physical memory in bytes (``2^62`` where the system does not say): the
    most memory any limit admits, however large the limit asked for."""
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):  # pragma: no cover - not POSIX
        return 2**62
    return pages * size if pages > 0 and size > 0 else 2**62


def format_seconds(seconds: float) -> str:
    """``0.004`` -> ``"4 ms"``, ``95`` -> ``"1.6 min"``, ``1e9`` -> ``"32 years"``.

    >>> format_seconds(float("inf"))
    'practically forever'
    """
    if not seconds < 1e300:
        return "practically forever"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.001 else "under 1 ms"
    for unit, size in (("years", 3.156e7), ("days", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if seconds >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds:.3g} s"


def format_bytes(n: float) -> str:
    """``3_500_000`` -> ``"3.5 MB"``; sizes beyond any machine stay printable.

    >>> format_bytes(10**40), format_bytes(10**400)
    ('1e+28 TB', 'more than any machine has')
    """
    if n >= 10**300:
        return "more than any machine has"
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{int(n)} B"


@dataclass(frozen=True)
class Estimate:
    """Predicted cost of running a method on a game (deliberately on the high side)."""

    seconds: float
    bytes: int

    def __post_init__(self) -> None:
        # estimates of huge games may come as integers beyond floats: keep them comparable
        seconds = self.seconds
        if not isinstance(seconds, float):
            try:
                seconds = float(seconds)
            except OverflowError:
                seconds = float("inf")
        object.__setattr__(self, "seconds", seconds)
        object.__setattr__(self, "bytes", int(self.bytes))

    def describe(self) -> str:
        """E.g. ``"about 2.1 s and 150 MB"``."""
        return f"about {format_seconds(self.seconds)} and {format_bytes(self.bytes)}"


@dataclass(frozen=True)
class Limits:
    """Resource limits for one computation.

    The defaults suit a laptop: ten minutes and 4 GB.  The CLI's ``--max-seconds`` and
    ``--max-memory`` override them.  A memory limit above this machine's physical memory
    (:func:`machine_memory`) counts as that memory: "unlimited" still refuses work that could
    not run here.
    """

    max_seconds: float = 600.0
    max_bytes: int = 4 * 10**9

    @property
    def usable_bytes(self) -> int:
        """``max_bytes``, but at most this machine's physical memory."""
        return min(self.max_bytes, machine_memory())

    def describe(self) -> str:
        """E.g. ``"10 min and 4 GB"``."""
        memory = format_bytes(self.usable_bytes)
        if self.usable_bytes < self.max_bytes:
            memory += " (this machine's memory)"
        return f"{format_seconds(self.max_seconds)} and {memory}"

    def admits(self, estimate: Estimate) -> bool:
        """Whether an estimate fits within both limits."""
        return estimate.seconds <= self.max_seconds and estimate.bytes <= self.usable_bytes


@dataclass(frozen=True)
class Counts:
    """Exact counts per member for one quantity, plus named scalar counts (e.g. totals)."""

    quantity: str
    per_member: tuple[int, ...]
    scalars: dict[str, int] = field(default_factory=dict)


CountFn = Callable[[SimpleGame], Counts]
"""Counts one quantity on a game."""
EstimateFn = Callable[[SimpleGame], Estimate]
"""Predicts the time and memory of counting one quantity on a game."""
RequiresFn = Callable[[SimpleGame, str], str | None]
"""``requires(game, quantity)``: ``None`` when the method can run, else the reason."""


def _anything(game: SimpleGame, quantity: str) -> str | None:
    return None


@dataclass(frozen=True, eq=False)
class CountingMethod:
    """A way of counting one or more quantities on some class of games.

    Each quantity the method counts has its own counting function and its own estimate, so a
    method can never answer a quantity it does not declare with another quantity's counts.

    Attributes
    ----------
    name
        Registry key, e.g. ``"generating-function"``.
    exact
        Whether its counts are exact.
    summary
        One line for listings.
    reference
        The paper the algorithm comes from.
    counters
        Quantity (``"swings"``, ``"pivots"``, ...) -> ``count(game)``; the keys are
        :attr:`quantities`.
    estimators
        Quantity -> ``estimate(game)``, predicted time and memory; the same keys as
        ``counters``.
    requires
        ``requires(game, quantity)`` returns ``None`` when the method can count the (declared)
        quantity on the game, else the reason; by default any game.
    family
        The name the user may give for a whole family of methods (``"enumeration"``): when the
        named method does not count a quantity, a method of its family that does is used.

    Raises
    ------
    RegistryError
        When ``counters`` is empty or ``estimators`` does not cover exactly its quantities.

    Examples
    --------
    >>> from powershare.games.weighted import WeightedGame
    >>> method = CountingMethod(
    ...     name="count-members", exact=True, summary="Counts members.", reference="-",
    ...     counters={"members": lambda g: Counts("members", (1,) * g.n)},
    ...     estimators={"members": lambda g: Estimate(0.0, 0)},
    ... )
    >>> method.quantities
    frozenset({'members'})
    >>> method.count(WeightedGame(2, [1, 1, 1]), "members").per_member
    (1, 1, 1)
    >>> method.count(WeightedGame(2, [1, 1, 1]), "swings")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    powershare.errors.MethodNotApplicableError: method 'count-members' does not count swings; ...
    """

    name: str
    exact: bool
    summary: str
    reference: str
    counters: Mapping[str, CountFn]
    estimators: Mapping[str, EstimateFn]
    requires: RequiresFn = _anything
    family: str | None = None

    def __post_init__(self) -> None:
        if not self.counters:
            raise RegistryError(f"method {self.name!r} declares no quantity to count")
        if set(self.estimators) != set(self.counters):
            raise RegistryError(
                f"method {self.name!r}: estimators for {sorted(self.estimators)} but counters "
                f"for {sorted(self.counters)}; give one estimate per counted quantity"
            )
        object.__setattr__(self, "counters", MappingProxyType(dict(self.counters)))
        object.__setattr__(self, "estimators", MappingProxyType(dict(self.estimators)))

    @property
    def quantities(self) -> frozenset[str]:
        """What the method counts: the keys of :attr:`counters`."""
        return frozenset(self.counters)

    def _declared(self, quantity: str) -> None:
        if quantity not in self.counters:
            raise MethodNotApplicableError(
                f"method {self.name!r} does not count {quantity}; it counts "
                f"{', '.join(sorted(self.counters))}"
            )

    def applies(self, game: SimpleGame, quantity: str) -> str | None:
        """``None`` when the method can count ``quantity`` on ``game``, else the reason.

        Raises
        ------
        MethodNotApplicableError
            If the method does not count ``quantity`` at all.
        """
        self._declared(quantity)
        return self.requires(game, quantity)

    def estimate(self, game: SimpleGame, quantity: str) -> Estimate:
        """Predicted time and memory of counting ``quantity`` on ``game``.

        Raises
        ------
        MethodNotApplicableError
            If the method does not count ``quantity``.
        """
        self._declared(quantity)
        try:
            return self.estimators[quantity](game)
        except OverflowError:  # a cost beyond floats (weights of 10^400): beyond any limit
            return Estimate(float("inf"), 10**300)

    def count(self, game: SimpleGame, quantity: str) -> Counts:
        """The counts of ``quantity`` on ``game``.

        Raises
        ------
        MethodNotApplicableError
            If the method does not count ``quantity``.
        RegistryError
            If the method's counter returns counts of another quantity (a bug in the method).
        """
        self._declared(quantity)
        counts = self.counters[quantity](game)
        if counts.quantity != quantity:
            raise RegistryError(
                f"method {self.name!r} was asked for {quantity} and returned "
                f"{counts.quantity}; its counter for {quantity} is wrong"
            )
        return counts


class MethodRegistry:
    """All known counting methods, by name.

    Examples
    --------
    >>> reg = MethodRegistry()
    >>> m = CountingMethod(
    ...     name="count-members", exact=True, summary="Counts members.", reference="-",
    ...     counters={"members": lambda g: Counts("members", (1,) * g.n)},
    ...     estimators={"members": lambda g: Estimate(0.0, 0)},
    ... )
    >>> reg.register(m).name
    'count-members'
    >>> reg.register(m)
    Traceback (most recent call last):
    ...
    powershare.errors.RegistryError: a counting method named 'count-members' is already registered
    """

    def __init__(self) -> None:
        self._methods: dict[str, CountingMethod] = {}
        self._loaders: list[Callable[[], None]] = []
        self._loading = False
        self._lock = threading.RLock()

    def load_with(self, loader: Callable[[], None]) -> None:
        """Have ``loader`` (which registers methods, e.g. by importing their modules) run before
        the registry is first read, so that a command that counts nothing never imports them.

        :mod:`powershare.power` gives the global :data:`registry` the loader that imports
        every module of methods and indices, in a fixed order.
        """
        self._loaders.append(loader)

    def load(self) -> None:
        """Run the pending loaders (every read of the registry does; once).

        A loader that fails stays pending and its error propagates: the registry is never
        read with a method silently missing.  Another thread reading meanwhile waits for the
        loading to end; a read made by the loading itself (a method module reading the
        registry at import) sees the methods registered so far.
        """
        if not self._loaders:
            return
        with self._lock:
            if self._loading:
                return
            self._loading = True
            try:
                while self._loaders:
                    self._loaders[0]()
                    del self._loaders[0]
            finally:
                self._loading = False

    def register(self, method: CountingMethod) -> CountingMethod:
        """Add a method.

        Raises
        ------
        RegistryError
            If a method of the same name is already registered (or the name is ``"auto"``).
        """
        if method.name in self._methods or method.name == "auto":
            raise RegistryError(f"a counting method named {method.name!r} is already registered")
        self._methods[method.name] = method
        return method

    def __iter__(self) -> Iterator[CountingMethod]:
        self.load()
        return iter(self._methods.values())

    def names(self) -> list[str]:
        """Registered method names."""
        self.load()
        return list(self._methods)

    def get(self, name: str) -> CountingMethod:
        """The method called ``name``.

        Raises
        ------
        UnknownNameError
            If no method has that name; the message lists the known ones.
        """
        self.load()
        try:
            return self._methods[name]
        except KeyError:
            raise UnknownNameError(
                f"unknown method {name!r}; known methods: auto, {', '.join(self._methods)}"
            ) from None

    def candidates(self, game: SimpleGame, quantity: str) -> list[tuple[CountingMethod, Estimate]]:
        """Exact and approximate methods that can count ``quantity`` on ``game``, cheapest first."""
        self.load()
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
        self.load()
        limits = limits or Limits()
        if method != "auto":
            chosen = self.get(method)
            reason = chosen.applies(game, quantity)
            if reason is not None:
                raise MethodNotApplicableError(f"method {method!r} cannot be used: {reason}")
            estimate = chosen.estimate(game, quantity)
            self._check_limits(chosen, estimate, limits, quantity)
            return chosen, estimate
        exact = [(m, e) for m, e in self.candidates(game, quantity) if m.exact]
        if not exact:
            reasons = [
                f"{m.name}: {why}"
                for m in self._methods.values()
                if m.exact
                and quantity in m.quantities
                and (why := m.applies(game, quantity)) is not None
            ]
            raise MethodNotApplicableError(
                f"no exact method can count {quantity} for this game"
                + (f" ({'; '.join(reasons)})" if reasons else "")
            )
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
            f"{estimate.describe()}, over the limits of {limits.describe()}; raise them "
            "(--max-seconds, --max-memory) "
            "or choose a cheaper index",
            seconds=estimate.seconds,
            bytes_=estimate.bytes,
        )


registry = MethodRegistry()
"""The global registry: :mod:`powershare.power` has it import every module of methods (and of
indices, :data:`powershare.power.indices.INDICES`) when it is first read."""
