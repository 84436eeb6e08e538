"""One entry point for a body given any way a Python user may give it.

:func:`load_game` (exported as ``powershare.load_game``) takes what the command line's ``GAME``
argument takes, and the Python objects that stand for the same things:

* a shipped dataset name (``"eec-1958"``, see :func:`powershare.datasets.names`);
* a path, as text or :class:`~pathlib.Path`: a CSV file (with ``quota=``) or a scenario file
  (``.yaml``, ``.yml``, ``.json``);
* the notation ``"[12; 4,4,4,2,2,1]"`` or a ``"Name:weight"`` list (with ``quota=``);
* a game already built (returned as it is, or with the new quota).

>>> load_game("eec-1958").notation()
'[12; 4, 4, 4, 2, 2, 1]'
>>> load_game("[3; 2, 1, 1]", quota=4).notation()
'[4; 2, 1, 1]'
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from powershare.datasets import body_from_spec, find, names
from powershare.errors import InvalidInputError, UnknownNameError
from powershare.games.base import SimpleGame
from powershare.games.body import Body
from powershare.games.fileformat import is_existing_path
from powershare.games.weighted import WeightedGame

__all__ = ["ALLOWED", "load_body", "load_game"]

ALLOWED = (
    "a shipped dataset name (e.g. 'eec-1958'; see powershare.datasets.names()), a path to a "
    ".csv, .yaml, .yml or .json file (text or pathlib.Path), the notation '[12; 4,4,4,2,2,1]', "
    "a 'Name:weight' list such as 'A:3, B:2, C:1', or a game"
)
"""What :func:`load_game` accepts, in words (used in its error messages)."""

_FILE_SUFFIXES = {".csv", ".yaml", ".yml", ".json"}


def _looks_like_text_body(text: str) -> bool:
    """Whether the text is for the lower reader: notation, a member list or a file."""
    return (
        text.startswith("[")
        or ":" in text
        or Path(text).suffix.lower() in _FILE_SUFFIXES
        or is_existing_path(text)
        or find(text) is not None
    )


def load_body(source: object, quota: object | None = None) -> Body:
    """The body (game, blocs, populations, notes) of :func:`load_game`'s ``source``.

    Raises
    ------
    UnknownNameError
        For text that is neither a dataset name, a file, the notation nor a member list; the
        message lists the closest dataset names and every accepted form.
    InvalidInputError
        For an object of another type.
    """
    if isinstance(source, SimpleGame):
        if quota is None:
            return Body(source)
        if not isinstance(source, WeightedGame):
            raise InvalidInputError(
                f"quota={quota!r} can only replace the quota of a weighted game, not of a "
                f"{type(source).__name__}"
            )
        return Body(source.with_quota(quota))
    if isinstance(source, os.PathLike):
        return body_from_spec(os.fspath(source), quota)
    if not isinstance(source, str):
        raise InvalidInputError(
            f"cannot read a body from {type(source).__name__}; give {ALLOWED} "
            "(a table: WeightedGame.from_dataframe; weights: WeightedGame.from_values)"
        )
    text = source.strip()
    if not _looks_like_text_body(text):
        close = difflib.get_close_matches(text.lower(), names(), n=3)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise UnknownNameError(f"{source!r} is not a dataset, file or game; {hint}give {ALLOWED}")
    return body_from_spec(text, quota)


def load_game(source: object, quota: object | None = None) -> SimpleGame:
    """A game from a dataset name, a path, the notation, a member list or a game.

    Parameters
    ----------
    source
        See the module docstring; text that names both a dataset and an existing file reads
        the file.
    quota
        Quota in any accepted form (``12``, ``"2/3"``, ``"65%"``, ``"majority"``); replaces the
        quota of a dataset, notation, scenario file or game, and is required for CSV files and
        member lists.

    Returns
    -------
    SimpleGame
        A :class:`~powershare.games.weighted.WeightedGame` or a compound rule.

    Raises
    ------
    UnknownNameError, InvalidInputError, ParseError
        With one message naming the bad value and what is allowed.

    Examples
    --------
    >>> from pathlib import Path
    >>> load_game("A:3, B:2, C:1", "majority").names
    ('A', 'B', 'C')
    >>> try:
    ...     load_game("eec-1985")
    ... except UnknownNameError as exc:
    ...     print(str(exc)[:64])
    'eec-1985' is not a dataset, file or game; did you mean eec-1958
    """
    return load_body(source, quota).game
