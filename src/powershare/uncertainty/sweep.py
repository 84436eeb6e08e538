"""Sweeps: scenarios x rules (apportionment methods) x quotas, as one tidy table.

Every cell (one scenario under one method and quota) is drawn with the same seed, so the cells
share their random inputs (common random numbers: differences between rules are not noise of
different draws).  All cells' tasks go into one :class:`~powershare.uncertainty.engine.Plan`,
run in process, on a local Dask cluster or an existing one, and resumable from a store.

The table has one row per cell, member and index (tidy data; Wickham 2014, *J. Stat. Softw.*
59(10)): ``scenario, method, quota, member, index, mean, median, low, high, seats_mean,
p_veto, p_veto_low, p_veto_high, p_dummy, p_dummy_low, p_dummy_high, p_improper, draws``.

>>> from powershare.uncertainty.model import scenario_from_mapping
>>> s = scenario_from_mapping({"name": "toy", "members": [{"name": "A", "seats": [2, 6]},
...     {"name": "B", "seats": 3}, {"name": "C", "seats": 2}], "rule": {"quota": "majority"}})
>>> r = run_sweep([s], quotas=["majority", "2/3"], draws=200, seed=1)
>>> len(r.rows), r.rows[0]["quota"], r.rows[-1]["quota"]
(6, 'majority', '2/3')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from powershare.errors import InvalidInputError, import_optional
from powershare.games.display import Displayable, TableData, new_axes, plural
from powershare.uncertainty.analysis import concatenate, summarise_arrays
from powershare.uncertainty.engine import Cell, Plan, Progress, Run, run_plan
from powershare.uncertainty.model import UncertainScenario
from powershare.uncertainty.stats import check_level

__all__ = ["COLUMNS", "SweepResult", "draw_sweep_panel", "plot_sweep", "run_sweep", "sweep_cells"]

COLUMNS = (
    "scenario",
    "method",
    "quota",
    "member",
    "index",
    "mean",
    "median",
    "low",
    "high",
    "seats_mean",
    "p_veto",
    "p_veto_low",
    "p_veto_high",
    "p_dummy",
    "p_dummy_low",
    "p_dummy_high",
    "p_improper",
    "draws",
)
"""The columns of a sweep table."""


def _method_of(s: UncertainScenario) -> str:
    if s.apportionment is not None:
        return s.apportionment.method
    if s.poll is not None:
        return s.poll.rule.method
    return "-"


def sweep_cells(
    scenarios: Sequence[UncertainScenario],
    *,
    methods: Sequence[str] | None = None,
    quotas: Sequence[str] | None = None,
) -> tuple[Cell, ...]:
    """The cells of a sweep.  ``methods``/``quotas`` default to each scenario's ``sweep:`` key,
    then to its own method and quota.  Methods apply to scenarios that apportion seats."""
    cells: list[Cell] = []
    seen: set[tuple[str, ...]] = set()
    for s in scenarios:
        spec = s.sweep or {}
        qs = list(quotas or spec.get("quotas") or [s.quota])
        ms = list(methods or spec.get("methods") or [None])
        if s.apportionment is None and s.poll is None:
            ms = [None]
        for m in ms:
            for q in qs:
                cell = s.with_rule(method=None if m is None else str(m), quota=str(q))
                key = (s.name, _method_of(cell), str(q))
                if key in seen:
                    raise InvalidInputError(
                        f"the sweep lists cell {key} twice (same scenario name?)"
                    )
                seen.add(key)
                cells.append(Cell(key, cell))
    if not cells:
        raise InvalidInputError("the sweep has no cells: give at least one scenario")
    return tuple(cells)


@dataclass(frozen=True, repr=False)
class SweepResult(Displayable):
    """The tidy rows of a sweep and how it ran (``to_pandas()``: one row per row, the
    columns of :data:`COLUMNS`)."""

    rows: tuple[dict[str, Any], ...]
    cells: int
    draws: int
    seed: int
    mode: str
    workers: int
    resumed: int
    notes: tuple[str, ...]

    def table_data(self) -> TableData:
        """The tidy rows, numbered, with the columns of :data:`COLUMNS`."""
        columns = [(k, [r[k] for r in self.rows]) for k in COLUMNS]
        return TableData("row", range(len(self.rows)), columns)

    def short_summary(self) -> str:
        """``4 cells, 1,000 draws each, seed 0; 96 rows``."""
        return (
            f"{plural(self.cells, 'cell')}, {plural(self.draws, 'draw')} each, seed {self.seed}; "
            f"{plural(len(self.rows), 'row')}"
        )

    def plot(self, ax: Any = None, scenario: str | None = None, method: str | None = None) -> Any:
        """Mean power by quota with intervals for one scenario and method (default: the
        first), on ``ax`` or a new figure; returns the axes (needs ``powershare[plots]``)."""
        _, _, panels = _panels(self)
        pick = [p for p in panels if scenario in (None, p[0]) and method in (None, p[1])]
        if not pick:
            raise InvalidInputError(
                f"no panel for scenario {scenario!r} and method {method!r}; there are "
                + ", ".join(f"{a} / {b}" for a, b in panels)
            )
        return draw_sweep_panel(new_axes(ax), self, *pick[0])

    def to_csv(self) -> str:
        """The table as CSV text."""
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: _text(row[k]) for k in COLUMNS})
        return buf.getvalue()

    def write(self, out: str | Path) -> list[Path]:
        """Write ``sweep.csv``, ``sweep.parquet`` (when pyarrow is installed) and ``sweep.png``
        (matplotlib) into the directory ``out``; return the paths written."""
        directory = Path(out)
        directory.mkdir(parents=True, exist_ok=True)
        written = [directory / "sweep.csv"]
        written[0].write_text(self.to_csv(), encoding="utf-8")
        try:
            import pyarrow as pa  # optional heavy dependency, imported lazily
            import pyarrow.parquet as pq  # optional heavy dependency, imported lazily
        except ImportError:
            pass
        else:
            table = pa.Table.from_pylist([{k: r[k] for k in COLUMNS} for r in self.rows])
            pq.write_table(table, directory / "sweep.parquet")
            written.append(directory / "sweep.parquet")
        written.append(directory / "sweep.png")
        plot_sweep(self, written[-1])
        return written

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "cells": self.cells,
            "draws": self.draws,
            "seed": self.seed,
            "mode": self.mode,
            "workers": self.workers,
            "resumed_tasks": self.resumed,
            "notes": list(self.notes),
            "columns": list(COLUMNS),
            "rows": [dict(r) for r in self.rows],
        }


def _text(value: object) -> object:
    return repr(value) if isinstance(value, float) else value


def _panels(result: SweepResult) -> tuple[str, list[dict[str, Any]], list[tuple[str, str]]]:
    """The headline index, its rows, and the ``(scenario, method)`` of each panel."""
    first_index = result.rows[0]["index"] if result.rows else ""
    rows = [r for r in result.rows if r["index"] == first_index]
    return first_index, rows, list(dict.fromkeys((r["scenario"], r["method"]) for r in rows))


def draw_sweep_panel(ax: Any, result: SweepResult, scenario: str, method: str, top: int = 8) -> Any:
    """Mean power (with its interval) of the ``top`` members by quota, for one scenario and
    method, on the axes ``ax``; returns them."""
    index, rows, _ = _panels(result)
    mine = [r for r in rows if r["scenario"] == scenario and r["method"] == method]
    quotas = list(dict.fromkeys(r["quota"] for r in mine))
    best: dict[str, float] = {}
    for r in mine:
        best[r["member"]] = max(best.get(r["member"], 0.0), r["mean"])
    for member in sorted(best, key=lambda m: -best[m])[:top]:
        pts = [next(r for r in mine if r["member"] == member and r["quota"] == q) for q in quotas]
        means = [p["mean"] for p in pts]
        err = [[p["mean"] - p["low"] for p in pts], [p["high"] - p["mean"] for p in pts]]
        ax.errorbar(range(len(quotas)), means, yerr=err, marker="o", capsize=3, label=member)
    ax.set_xticks(range(len(quotas)), quotas)
    ax.set_xlabel("quota")
    ax.set_ylabel(f"{index} power (mean, interval)")
    ax.set_title(f"{scenario}\n{method}", fontsize=9)
    ax.legend(fontsize=7)
    return ax


def plot_sweep(result: SweepResult, path: str | Path | None = None, top: int = 8) -> Any:
    """Every panel of :func:`draw_sweep_panel` side by side (one per scenario and method), on
    a new figure made with matplotlib's object API (no pyplot; backend and ``rcParams``
    untouched); written to ``path`` when given.  Returns the figure."""
    figure = import_optional("matplotlib.figure", "plots")
    _, _, panels = _panels(result)
    fig = figure.Figure(figsize=(5 * max(1, len(panels)), 4))
    axes = fig.subplots(1, max(1, len(panels)), squeeze=False)
    for ax, (scenario, method) in zip(axes.flat, panels, strict=False):
        draw_sweep_panel(ax, result, scenario, method, top)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=100)
    return fig


def run_sweep(
    scenarios: Sequence[UncertainScenario],
    *,
    methods: Sequence[str] | None = None,
    quotas: Sequence[str] | None = None,
    draws: int = 1_000,
    seed: int = 0,
    level: float = 0.9,
    interval: str = "wilson",
    scheduler: str | None = None,
    workers: int | None = None,
    store: str | Path | None = None,
    progress: Progress | None = None,
    chunk_size: int = 500,
    in_process: bool | None = None,
) -> SweepResult:
    """Run a sweep and return its tidy table (see the module docstring).

    Parameters are as in :func:`powershare.uncertainty.analyse_uncertain`; ``in_process``
    forces (or forbids) running in this process.
    """
    check_level(level)
    cells = sweep_cells(scenarios, methods=methods, quotas=quotas)
    plan = Plan(cells, draws, seed, chunk_size)
    run = run_plan(
        plan,
        scheduler=scheduler,
        workers=workers,
        store=store,
        progress=progress,
        in_process=in_process,
    )
    return _table(run, level, interval)


def _table(run: Run, level: float, interval: str) -> SweepResult:
    rows: list[dict[str, Any]] = []
    for c, cell in enumerate(run.plan.cells):
        arrays = concatenate(run, c)
        members, improper, _, _ = summarise_arrays(
            cell.scenario, arrays, level=level, interval=interval
        )
        scen, method, quota = cell.key
        for m in members:
            for index, spread in m.power.items():
                rows.append(
                    {
                        "scenario": scen,
                        "method": method,
                        "quota": quota,
                        "member": m.name,
                        "index": index,
                        "mean": spread.mean,
                        "median": spread.median,
                        "low": spread.low,
                        "high": spread.high,
                        "seats_mean": m.seats.mean,
                        "p_veto": float(m.p_veto.value),
                        "p_veto_low": m.p_veto.low,
                        "p_veto_high": m.p_veto.high,
                        "p_dummy": float(m.p_dummy.value),
                        "p_dummy_low": m.p_dummy.low,
                        "p_dummy_high": m.p_dummy.high,
                        "p_improper": float(improper.value),
                        "draws": run.plan.draws,
                    }
                )
    notes = list(run.notes)
    if run.resumed:
        notes.append(f"resumed: {run.resumed} finished tasks read from the store")
    return SweepResult(
        tuple(rows),
        len(run.plan.cells),
        run.plan.draws,
        run.plan.seed,
        run.mode,
        run.workers,
        run.resumed,
        tuple(notes),
    )
