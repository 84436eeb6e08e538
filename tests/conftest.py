"""Fixtures shared by every test folder (tests run with ``--import-mode=importlib``, so shared
helpers are handed out as fixtures rather than imported)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame


class Opaque(SimpleGame):
    """A weighted rule seen only through the plain SimpleGame interface (forces the methods
    for general simple games, e.g. enumeration)."""

    def __init__(self, game: WeightedGame) -> None:
        self.inner = game
        self.names = game.names

    def is_winning(self, coalition):  # type: ignore[no-untyped-def]
        return self.inner.is_winning(coalition)

    def winning_masks(self, masks):  # type: ignore[no-untyped-def]
        return self.inner.winning_masks(masks)

    def describe(self) -> str:
        return self.inner.describe()


@pytest.fixture(scope="session")
def opaque() -> Callable[[WeightedGame], SimpleGame]:
    """``opaque(game)``: the weighted ``game`` hidden behind the plain SimpleGame interface.

    Session-scoped, so hypothesis tests may use it.
    """
    return Opaque
