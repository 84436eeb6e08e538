"""Real bodies shipped with powershare, each with its source and caveats.

The data files live in ``powershare/datasets/data/``; every CSV has a ``.source.md`` beside it
stating where each figure comes from, the edition and date, and the caveats.  Figures are never
changed here: a body is built from the file as it is.  The one registry of shipped bodies is
:data:`DATASETS` (:mod:`powershare.datasets.registry`); every command takes its names.

Layering: ``datasets`` sits after ``apportion`` (the illustrative Afghan council is apportioned
from shipped shares) and before ``design`` and ``audit``.

>>> from powershare.datasets import load
>>> load("eec-1958").game.notation()
'[12; 4, 4, 4, 2, 2, 1]'
>>> load("eu-council").name, len(load("us-house-2020").populations)
('eu-council-lisbon', 50)
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from powershare.datasets.files import read_rows, read_text
from powershare.datasets.registry import ALIASES, DATASETS, Dataset, DatasetInfo
from powershare.errors import InvalidInputError, UnknownNameError
from powershare.games import lazy_package
from powershare.games.base import SimpleGame
from powershare.games.body import Body
from powershare.games.fileformat import is_existing_path
from powershare.games.loading import load_body
from powershare.games.weighted import WeightedGame

if TYPE_CHECKING:  # imported on first use: packages load their schemas and analyses
    from powershare.datasets.package_registry import (
        PACKAGES,
        PackageInfo,
        find_package,
        load_package,
        package_from_spec,
    )

__all__ = [
    "ALIASES",
    "DATASETS",
    "PACKAGES",
    "PackageInfo",
    "find_package",
    "load_package",
    "package_from_spec",
    "Dataset",
    "DatasetInfo",
    "body_from_spec",
    "dataset_body",
    "find",
    "game_from_spec",
    "load",
    "names",
    "read_rows",
    "read_text",
    "scenario_mapping",
]


def names() -> list[str]:
    """Names of the shipped datasets (aliases such as ``eu-council`` are in :data:`ALIASES`)."""
    return list(DATASETS)


def find(name: str) -> DatasetInfo | None:
    """The registry entry of a dataset name or alias (any case, ``_`` for ``-``), or ``None``."""
    key = name.strip().lower().replace("_", "-")
    return DATASETS.get(ALIASES.get(key, key))


def load(name: str, quota: object | None = None) -> Dataset:
    """Load a shipped dataset by name (see :func:`names`), optionally with another quota.

    Raises
    ------
    UnknownNameError
        If no dataset has that name; the message lists the names.
    """
    info = find(name)
    if info is None:
        raise UnknownNameError(
            f"unknown dataset {name!r}; shipped datasets: {', '.join(DATASETS)}"
        ) from None
    return info.load(quota)


def dataset_body(data: Dataset) -> Body:
    """A loaded dataset as a :class:`~powershare.games.body.Body` (game, blocs, populations)."""
    pops = None
    if data.populations is not None:
        pops = tuple(None if p is None else Fraction(p) for p in data.populations)
    blocs = None if data.blocs is None else {k: list(v) for k, v in data.blocs.items()}
    return Body(data.game, blocs, data.title, data.source_file, None, pops)


def _is_dataset(spec: str) -> bool:
    return find(spec) is not None and not is_existing_path(spec)


def body_from_spec(spec: str, quota: object | None = None) -> Body:
    """A body from a dataset name, the notation, a member list, a CSV or a scenario file.

    This is what the command line's ``GAME`` argument accepts (a file of the same name as a
    dataset wins).
    """
    if _is_dataset(spec):
        return dataset_body(load(spec, quota))
    return load_body(spec, quota)


def game_from_spec(spec: str, quota: object | None = None) -> SimpleGame:
    """The game of :func:`body_from_spec`."""
    return body_from_spec(spec, quota).game


def _number(value: Fraction | int) -> int | float | str:
    value = Fraction(value)
    if value.denominator == 1:
        return int(value)
    as_float = float(value)
    return (
        as_float if Fraction(repr(as_float)) == value else f"{value.numerator}/{value.denominator}"
    )


def scenario_mapping(data: Dataset) -> dict[str, Any]:
    """A shipped body as an editable scenario mapping (the schema of scenario files).

    The body's own scenario file when it has one; else its members with their weights (and
    populations, where shipped) and the quota.

    Raises
    ------
    InvalidInputError
        For a compound rule without a scenario file (none is shipped).
    """
    if data.scenario_file is not None:
        import yaml

        mapping = yaml.safe_load(read_text(data.scenario_file))
        if isinstance(mapping, dict):
            mapping.setdefault("name", data.title)
            return mapping
    game = data.game
    if not isinstance(game, WeightedGame):
        raise InvalidInputError(
            f"dataset {data.name!r} has a compound rule without a scenario file; "
            "it cannot be shown as a member table"
        )
    members: list[dict[str, Any]] = []
    for i, name in enumerate(game.names):
        member: dict[str, Any] = {"name": name, "weight": _number(game.original_weight(i))}
        if data.populations is not None and data.populations[i] is not None:
            member["population"] = _number(data.populations[i])  # type: ignore[arg-type]
        members.append(member)
    mapping = {
        "name": data.title,
        "members": members,
        "rule": {"quota": _number(game.original_quota)},
    }
    if data.blocs:
        mapping["blocs"] = {k: list(v) for k, v in data.blocs.items()}
    return mapping


lazy_package(
    __name__,
    {
        "powershare.datasets.package_registry": (
            "PACKAGES",
            "PackageInfo",
            "find_package",
            "load_package",
            "package_from_spec",
        ),
    },
)
