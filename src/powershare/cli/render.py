"""Rendering power tables for the terminal (rich), as JSON and as CSV."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from powershare.cli.output import csv_text, json_text
from powershare.games.numbers import format_fraction, format_significant
from powershare.games.weighted import WeightedGame
from powershare.power.api import PowerTable
from powershare.power.indices import INDICES

if TYPE_CHECKING:  # rich is imported by render_table only: --json and --csv do without it
    from rich.console import Console
    from rich.text import Text

__all__ = ["render_table", "render_json", "render_csv"]


def _fmt(value: float) -> str:
    return f"{value:.4f}"


def _weight_text(weight: Fraction) -> str:
    """The exact weight, or for weights of more than 20 characters a short scientific form
    (``--json`` and ``--csv`` keep every digit)."""
    text = format_fraction(weight)
    return text if len(text) <= 20 else format_significant(weight, 4)


def _ratio(exact: Sequence[Fraction] | None, value: float, i: int, share: Fraction | float) -> str:
    """Power over weight share, computed exactly: a share of 1/10**400 has the float 0.0."""
    if not share or not math.isfinite(value):
        return "-"
    power = exact[i] if exact is not None else Fraction(value)
    return format_significant(power / Fraction(share), 3)


def _header(key: str) -> str:
    """The index's short column header; the footer names every index in full."""
    return INDICES[key].column


def _column_chunks(table: PowerTable, width: int, exact: bool) -> list[list[str]]:
    """The index columns in groups that fit the terminal's width, so that ``--index all`` on
    a narrow terminal prints several readable tables rather than one squeezed to nothing."""
    game = table.game
    fixed = max((len(n) for n in game.names), default=6) + 4
    if isinstance(game, WeightedGame):
        fixed += 10 + 15
    chunks: list[list[str]] = [[]]
    used = fixed
    for key in table.results:
        cell = 22 if exact else 8  # fractions are wider than four decimals
        need = max(len(_header(key)), cell) + 3
        if chunks[-1] and used + need > width:
            chunks.append([])
            used = fixed
        chunks[-1].append(key)
        used += need
    return chunks


def render_table(
    table: PowerTable, console: Console, *, exact: bool = False, title: str = ""
) -> None:
    """A rich table: member, weight, weight share, each index, power/weight ratios; names,
    rule and notes verbatim (see :mod:`powershare.cli.terminal`)."""
    from rich.table import Table

    from powershare.cli.terminal import verbatim

    game = table.game
    shares = table.weight_shares()
    ratio_keys = [
        key
        for key, res in table.results.items()
        if shares is not None and key != "banzhaf_absolute" and len(table.results) <= 3
    ]
    chunks = _column_chunks(table, console.width, exact)
    for number, keys in enumerate(chunks, start=1):
        grid = Table(title=title or None, title_justify="left", show_lines=False)
        if len(chunks) > 1:
            grid.caption = f"indices, part {number} of {len(chunks)} (the terminal is too narrow)"
            grid.caption_justify = "left"
        grid.add_column("member")
        if isinstance(game, WeightedGame):
            grid.add_column("weight", justify="right")
            grid.add_column("weight share", justify="right")
        for key in keys:
            grid.add_column(_header(key), justify="right")
        for key in ratio_keys:
            grid.add_column(f"{INDICES[key].short}/wt", justify="right")
        for i, name in enumerate(game.names):
            row: list[str | Text] = [verbatim(name)]
            if isinstance(game, WeightedGame) and shares is not None:
                row += [_weight_text(game.original_weight(i)), format_significant(shares[i])]
            for key in keys:
                res = table.results[key]
                text = _fmt(res.floats[i])
                if not res.is_exact and res.sampling is not None:
                    text += f" ±{res.sampling.halfwidths[i]:.4f}"
                if exact and res.exact is not None:
                    text += f"\n{format_fraction(res.exact[i])}"
                row.append(text)
            for key in ratio_keys:
                assert shares is not None
                row.append(
                    _ratio(table.results[key].exact, table.results[key].floats[i], i, shares[i])
                )
            grid.add_row(*row, end_section=exact)
        console.print(grid)
    console.print(f"Rule: {game.describe()}.", markup=False)
    names = ", ".join(
        f"{_header(k)} = {r.label}" for k, r in table.results.items() if _header(k) != r.label
    )
    if names:
        console.print(f"Columns: {names}.", markup=False)
    if ratio_keys:
        console.print(
            "X/wt = power ÷ weight share: above 1, more power than weight; below 1, less."
        )
    exactness = (
        "values are exact (shown as fractions with --exact)"
        if table.is_exact and not exact
        else "values are exact"
        if table.is_exact
        else "values are APPROXIMATE"
    )
    console.print(f"Method: {table.method}; {exactness}; computed in {table.seconds:.3g} s.")
    for res in table.results.values():
        if not res.is_exact and res.sampling is not None:
            console.print(
                f"APPROXIMATE {res.label}: Monte Carlo, {res.sampling.samples:,} samples "
                f"(seed {res.sampling.seed}); ± is the half-width of each member's "
                f"{res.sampling.confidence:.0%} confidence interval."
            )
    if table.blocs is not None:
        console.print(f"Blocs: {table.blocs.describe(game)}.", markup=False)
    scalars = _game_values(table)
    if scalars:
        console.print("; ".join(scalars) + ".", markup=False)
    for note in table.notes:
        console.print(f"Note: {note}.", markup=False)


def _game_values(table: PowerTable) -> list[str]:
    """Game-level counts and values (winning coalitions, Coleman's power to act...)."""
    labels = {
        "winning_coalitions": "winning coalitions",
        "minimal_winning_coalitions": "minimal winning coalitions",
        "coleman_collectivity": "power of the collectivity to act (Coleman)",
    }
    found: dict[str, int | Fraction] = {}
    for res in table.results.values():
        if not res.is_exact:
            continue
        for key, value in res.extra.items():
            found.setdefault(key, value)
    out = []
    for key, value in found.items():
        label = labels.get(key, key.replace("_", " "))
        if isinstance(value, Fraction):
            out.append(f"{label} {format_significant(value)}")
        else:
            out.append(f"{label} {value:,}")
    return out


def render_json(table: PowerTable, *, exact: bool = False) -> str:
    """One JSON object (see :meth:`PowerTable.to_dict`; big counts as strings, see
    :mod:`powershare.cli.output`)."""
    return json_text(table.to_dict(exact=exact))


def render_csv(table: PowerTable, *, exact: bool = False) -> str:
    """One row per member: name, weight, then each index (and its exact value with ``exact``);
    counts beyond 2^53 as described in :func:`powershare.cli.output.csv_text`."""
    return csv_text(table.to_dict(exact=exact)["members"])
