"""Whole settlements: packages of institutions, shared cabinets and rotating offices.

No real power-sharing settlement is one council with one rule.  A **package**
(:class:`~powershare.packages.model.Package`) holds several institutions, each with its members,
its rule (any rule kind of ``docs/rules.md``) and the issue areas it decides; an issue area may
need several institutions in a chain.  Parties are the players across institutions
(:class:`~powershare.packages.game.PartyGame`).  :func:`analyse` gives each party's power per
institution and issue area and its salience-weighted summary; :func:`allocate` shares a
cabinet's portfolios (d'Hondt sequential choice, Sainte-Laguë, Gamson's law, or by power);
a :class:`~powershare.packages.model.Rotation` averages power over a rotating office's cycle.
:func:`package_report` gives the result as plain data (for the CLI, JSON, CSV and reports).

Layering: ``packages`` sits after ``apportion`` (cabinets reuse its divisor methods) and before
``datasets`` (which ships packages).

>>> from powershare.packages import read_package, analyse
>>> pkg = read_package("package: {name: one, parties: [{name: A}, {name: B}], "
...     "institutions: [{name: H, members: [{name: A, seats: 2}, {name: B, seats: 1}], "
...     "rule: {type: weighted, weight: seats, quota: majority}, decides: [all]}], "
...     "areas: [{name: all}]}")
>>> {p: str(v) for p, v in analyse(pkg).summary().items()}
{'A': '1', 'B': '0'}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from powershare.games import lazy_package

if TYPE_CHECKING:  # what type checkers see; at run time the names are imported on first use
    from powershare.packages.analysis import PackageResult, analyse
    from powershare.packages.cabinet import (
        Cabinet,
        CabinetResult,
        Pick,
        Portfolio,
        allocate,
        pick_order,
    )
    from powershare.packages.game import PartyGame
    from powershare.packages.model import Area, Institution, Package, Party, Rotation
    from powershare.packages.report import compare_rows, csv_rows, package_report
    from powershare.packages.schema import (
        is_package,
        package_from_mapping,
        read_package,
        read_package_file,
    )

__all__ = [
    "Area",
    "Cabinet",
    "CabinetResult",
    "Institution",
    "Package",
    "PackageResult",
    "Party",
    "PartyGame",
    "Pick",
    "Portfolio",
    "Rotation",
    "allocate",
    "analyse",
    "compare_rows",
    "csv_rows",
    "is_package",
    "package_from_mapping",
    "package_report",
    "pick_order",
    "read_package",
    "read_package_file",
]

lazy_package(
    __name__,
    {
        "powershare.packages.analysis": ("PackageResult", "analyse"),
        "powershare.packages.cabinet": (
            "Cabinet",
            "CabinetResult",
            "Pick",
            "Portfolio",
            "allocate",
            "pick_order",
        ),
        "powershare.packages.game": ("PartyGame",),
        "powershare.packages.model": ("Area", "Institution", "Package", "Party", "Rotation"),
        "powershare.packages.report": ("compare_rows", "csv_rows", "package_report"),
        "powershare.packages.schema": (
            "is_package",
            "package_from_mapping",
            "read_package",
            "read_package_file",
        ),
    },
)
