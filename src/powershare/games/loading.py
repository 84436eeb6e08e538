"""One entry point for every textual way of naming a body: notation, member list or file.

>>> load_body("A:3, B:2, C:1", "majority").game.notation()
'[4; 3, 2, 1]'
"""

from __future__ import annotations

import os
from pathlib import Path

from powershare.errors import InvalidQuotaError, ParseError
from powershare.games.base import SimpleGame
from powershare.games.body import Body
from powershare.games.fileformat import is_existing_path
from powershare.games.notation import parse_member_list, parse_notation, read_csv

__all__ = ["load_body", "load_game"]

_SCENARIO_SUFFIXES = {".yaml", ".yml", ".json"}


def load_game(spec: str | os.PathLike[str], quota: object | None = None) -> SimpleGame:
    """The game of :func:`load_body`."""
    return load_body(spec, quota).game


def load_body(spec: str | os.PathLike[str], quota: object | None = None) -> Body:
    """Read a body from the notation, a ``Name:weight`` list, a CSV file or a scenario file.

    Parameters
    ----------
    spec
        ``"[12; 4,4,4,2,2,1]"``, ``"A:3, B:2, C:1"``, ``"body.csv"`` (header ``name,weight``) or
        ``"scenario.yaml"`` / ``".json"``; a file may also be given as a
        :class:`~pathlib.Path`.
    quota
        Quota in any accepted form; overrides the quota in the notation or scenario file and is
        required for CSV files and member lists.

    Returns
    -------
    Body
        The game, with the blocs, populations and notes of a scenario file.

    Raises
    ------
    ParseError, InvalidGameError
        With a message naming what was wrong.
    """
    if isinstance(spec, os.PathLike):
        spec = os.fspath(spec)
    if not isinstance(spec, str):
        raise ParseError(
            f"a body is given as text or a path, got {type(spec).__name__}; e.g. "
            "'[12; 4,4,4,2,2,1]', 'A:3, B:2, C:1' or Path('body.csv')"
        )
    text = spec.strip()
    if text.startswith("["):
        game = parse_notation(text)
        return Body(game if quota is None else game.with_quota(quota))
    path = Path(text)
    suffix = path.suffix.lower()
    if suffix in _SCENARIO_SUFFIXES:
        from powershare.games.scenario import read_scenario_file  # pydantic: files only

        return read_scenario_file(path, quota)
    if suffix == ".csv":
        if quota is None:
            raise InvalidQuotaError(
                f"{text!r} is a CSV body without a rule; give the quota with --quota "
                "(e.g. --quota 270, --quota 2/3, --quota 65% or --quota majority)"
            )
        return Body(read_csv(path, quota))
    exists = is_existing_path(path)
    if ":" in text and not exists:
        if quota is None:
            raise InvalidQuotaError(
                "a Name:weight list needs a quota; give it with --quota "
                "(e.g. --quota majority or --quota 2/3)"
            )
        return Body(parse_member_list(text, quota))
    if exists:
        raise ParseError(
            f"cannot tell the format of {text!r}; use a .csv, .yaml, .yml or .json file"
        )
    raise ParseError(
        f"{text!r} is not a file, a dataset name, the notation [q; w1, w2, ...] "
        "or a Name:weight list"
    )
