"""The common interface of every decision rule (simple game)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from numbers import Integral
from typing import TYPE_CHECKING

from powershare.errors import InvalidGameError, InvalidInputError
from powershare.games.lazy_numpy import np

if TYPE_CHECKING:
    import numpy.typing as npt

    BoolArray = npt.NDArray[np.bool_]
    IntArray = npt.NDArray[np.int64]

__all__ = ["SimpleGame", "validate_names"]


def _not_utf8(i: int, name: str) -> str:
    """The message for a name holding bytes that are not UTF-8: Python reads such bytes (from
    the command line, file names, environment) as lone surrogates (``b'A\\xff'`` as
    ``'A\\udcff'``), which no UTF-8 output can write."""
    raw = name.encode("utf-8", "surrogateescape") if name else b""
    return f"member {i + 1} has a name that is not valid UTF-8 text ({raw!r}); write names in UTF-8"


def validate_names(names: Sequence[str] | None, n: int) -> tuple[str, ...]:
    """Check member names (or make ``P1..Pn``): non-empty, distinct text, valid UTF-8 (the one
    policy for names holding bytes that are not UTF-8, read by Python as lone surrogates: they
    are refused here, whatever reader they came through, naming the member).

    Raises
    ------
    InvalidGameError
        For a wrong count, an empty or non-text name, a name that is not valid UTF-8, or a
        duplicate name.
    """
    if names is None:
        return tuple(f"P{i + 1}" for i in range(n))
    names = tuple(names)
    if len(names) != n:
        raise InvalidGameError(f"got {len(names)} names for {n} members; give one name per member")
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            raise InvalidGameError(
                f"member {i + 1} has name {name!r}; a name must be non-empty text"
            )
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidGameError(_not_utf8(i, name)) from None
        if name in seen:
            raise InvalidGameError(
                f"duplicate member name {name!r} (members {seen[name] + 1} and {i + 1}); "
                "names must be distinct"
            )
        seen[name] = i
    return names


class SimpleGame(ABC):
    """A yes/no decision rule over named members: which coalitions win.

    A simple game is monotone (adding members to a winning coalition keeps it winning), the
    empty coalition loses and the grand coalition wins.
    """

    names: tuple[str, ...]

    @property
    def n(self) -> int:
        """Number of members."""
        return len(self.names)

    @abstractmethod
    def is_winning(self, coalition: Iterable[int | str]) -> bool:
        """Whether the coalition (member indices or names) wins."""

    @abstractmethod
    def winning_masks(self, masks: IntArray) -> BoolArray:
        """Vectorised test: bit ``i`` of each mask says whether member ``i`` is in the coalition."""

    @abstractmethod
    def describe(self) -> str:
        """The rule in words."""

    def index_of(self, member: int | str) -> int:
        """Position of a member given by index or name."""
        if type(member) is int and 0 <= member < self.n:  # the common case, without abc checks
            return member
        if isinstance(member, str):
            try:
                return self.names.index(member)
            except ValueError:
                raise InvalidInputError(
                    f"unknown member {member!r}; members are {', '.join(self.names)}"
                ) from None
        if isinstance(member, bool) or not isinstance(member, Integral) or not 0 <= member < self.n:
            raise InvalidInputError(
                f"member index {member!r} is out of range; allowed 0..{self.n - 1}"
            )
        return int(member)  # numpy integers too

    def _coalition_indices(self, coalition: Iterable[int | str]) -> set[int]:
        return {self.index_of(m) for m in coalition}
