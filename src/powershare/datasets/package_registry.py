"""The registry of shipped packages (whole settlements: several institutions, cabinets,
rotation), beside :data:`~powershare.datasets.registry.DATASETS` of single bodies.

A package is not one game, so it has its own registry, :data:`PACKAGES`, with the same rules:
each entry names its files (the package file and the source notes of every figure it uses),
a name is registered once (a name taken by a package or a dataset raises
:class:`~powershare.errors.RegistryError` at import), and figures are never changed here.

>>> sorted(PACKAGES)[:2]
['afghanistan-package-illustrative', 'bosnia-herzegovina-package']
>>> load_package("northern-ireland-package").name
'Northern Ireland, Good Friday Agreement institutions (2022 Assembly)'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from powershare.datasets import afghanistan as af
from powershare.datasets.files import read_text
from powershare.datasets.registry import DATASETS
from powershare.errors import RegistryError, UnknownNameError
from powershare.games.fileformat import is_existing_path
from powershare.packages import Package, package_from_mapping, read_package, read_package_file

__all__ = ["PACKAGES", "PackageInfo", "find_package", "load_package", "package_from_spec"]


@dataclass(frozen=True)
class PackageInfo:
    """A shipped package: its name, title, files (package file first, then source notes), a
    one-line caveat for listings, and how it is built."""

    name: str
    title: str
    files: tuple[str, ...]
    caveats: str
    build: Callable[[PackageInfo], Package]
    illustrative: bool = False

    def load(self) -> Package:
        """Build the package."""
        return self.build(self)

    def sources(self) -> tuple[tuple[str, str], ...]:
        """``(file, text)`` of the package file and every source note."""
        return tuple((f, read_text(f)) for f in self.files if f.endswith((".md", ".yaml")))


def _from_file(info: PackageInfo) -> Package:
    return read_package(read_text(info.files[0]), source=info.name)


_AFGHAN_NOTE = (
    "ILLUSTRATIVE - not a real, historical or proposed settlement.  Built only from shipped "
    "figures: the illustrative council of afghanistan_council_illustrative.yaml (seats "
    "apportioned by Sainte-Lague from the disputed US Dept of State 2010 ethnic estimate in "
    "afghanistan_ethnic_shares.csv).  The cabinet of ten ministries, the rotating chair, the "
    "rules and the issue areas are modelling choices for illustration."
)


def _afghan(info: PackageInfo) -> Package:
    """An ILLUSTRATIVE package built from shipped Afghan figures (see :data:`_AFGHAN_NOTE`)."""
    council = af.illustrative_council()
    seats = dict(zip(council.game.names, council.seats or (), strict=True))
    parties: list[dict[str, Any]] = [
        {"name": n, "seats": s, "population": str(p)}
        for (n, s), p in zip(seats.items(), council.populations or (), strict=True)
    ]
    members = [{"name": n, "seats": s} for n, s in seats.items()]
    mapping = {
        "package": {
            "name": "ILLUSTRATIVE Afghan settlement: council, shared cabinet, rotating chair",
            "illustrative": True,
            "source": "afghanistan_council_illustrative.yaml; afghanistan_ethnic_shares.csv",
            "description": _AFGHAN_NOTE,
            "caveats": [_AFGHAN_NOTE, *council.caveats],
            "parties": parties,
            "areas": [
                {"name": "ordinary decisions"},
                {"name": "constitutional matters"},
                {"name": "executive decisions"},
            ],
            "institutions": [
                {
                    "name": "Council",
                    "members": members,
                    "decides": ["ordinary decisions", "constitutional matters"],
                    "rule": {"type": "weighted", "weight": "seats", "quota": "majority"},
                    "rules": {
                        "constitutional matters": {
                            "type": "weighted",
                            "weight": "seats",
                            "quota": "2/3",
                        }
                    },
                },
                {
                    "name": "Cabinet",
                    "cabinet": "Ministries",
                    "decides": ["executive decisions", "constitutional matters"],
                    # the chair (rotating among the three largest groups) breaks a tie
                    "rule": {
                        "type": "any_of",
                        "criteria": [
                            {"type": "weighted", "weight": "seats", "quota": "majority"},
                            {
                                "type": "all_of",
                                "criteria": [
                                    {"type": "weighted", "weight": "seats", "quota": "50%"},
                                    {"type": "weighted", "weight": "chair", "quota": 1},
                                ],
                            },
                        ],
                    },
                    "rotation": {"holders": list(seats)[:3], "unit": "years"},
                },
            ],
            "cabinets": [
                {
                    "name": "Ministries",
                    "from": "Council",
                    "method": "dhondt",
                    "portfolios": [f"Ministry {k}" for k in range(1, 11)],
                }
            ],
        }
    }
    return package_from_mapping(mapping, source=info.name)


def _registry(*infos: PackageInfo) -> dict[str, PackageInfo]:
    out: dict[str, PackageInfo] = {}
    for info in infos:
        if info.name in out or info.name in DATASETS:
            raise RegistryError(
                f"shipped package name {info.name!r} is already taken by a "
                f"{'package' if info.name in out else 'dataset'}; names must be unique"
            )
        out[info.name] = info
    return out


PACKAGES: dict[str, PackageInfo] = _registry(
    PackageInfo(
        "northern-ireland-package",
        "Northern Ireland 2022: Assembly (Petition of Concern, cross-community budget) and the "
        "Executive shared by d'Hondt",
        (
            "packages/northern_ireland_package.yaml",
            "northern_ireland_assembly_2022.csv",
            "northern_ireland_assembly_2022.source.md",
        ),
        "Parties vote as blocs with their 2022 seats; Executive votes as parallel consent.",
        _from_file,
    ),
    PackageInfo(
        "bosnia-herzegovina-package",
        "Bosnia and Herzegovina: Presidency (vital-interest veto, rotating chair), House of "
        "Peoples and House of Representatives with entity voting",
        (
            "packages/bosnia_herzegovina_package.yaml",
            "bosnia_herzegovina_state_institutions.csv",
            "bosnia_herzegovina_state_institutions.source.md",
        ),
        "Communities and entity delegations vote as blocs.",
        _from_file,
    ),
    PackageInfo(
        "lebanon-package",
        "Lebanon: confessional parliament (Taif seats) and the troika",
        (
            "packages/lebanon_package.yaml",
            "lebanon_parliament_confessional_seats.csv",
            "lebanon_parliament_confessional_seats.source.md",
        ),
        "Confessions modelled as voting blocs; troika allocation by convention.",
        _from_file,
    ),
    PackageInfo(
        "afghanistan-package-illustrative",
        "ILLUSTRATIVE Afghan settlement: council, d'Hondt cabinet, rotating cabinet chair",
        (
            "afghanistan_council_illustrative.yaml",
            "afghanistan_ethnic_shares.csv",
            "afghanistan_ethnic_shares.source.md",
        ),
        "ILLUSTRATIVE, not a real or proposed settlement; ethnic shares are disputed estimates.",
        _afghan,
        illustrative=True,
    ),
)
"""Every shipped package by name."""


def find_package(name: str) -> PackageInfo | None:
    """The registry entry of a package name (any case, ``_`` for ``-``), or ``None``."""
    return PACKAGES.get(name.strip().lower().replace("_", "-"))


def load_package(name: str) -> Package:
    """Load a shipped package by name.

    Raises
    ------
    UnknownNameError
        If no package has that name; the message lists the names.
    """
    info = find_package(name)
    if info is None:
        raise UnknownNameError(f"unknown package {name!r}; shipped packages: {', '.join(PACKAGES)}")
    return info.load()


def package_from_spec(spec: str) -> Package:
    """A package from a shipped name or a ``package:`` file (a file of that name wins)."""
    if find_package(spec) is not None and not is_existing_path(spec):
        return load_package(spec)
    if is_existing_path(spec):
        return read_package_file(spec)
    raise UnknownNameError(
        f"{spec!r} is neither a package file nor a shipped package; shipped packages: "
        + ", ".join(PACKAGES)
    )
