"""Running many draws: tasks, seeds, an on-disk store, in process or on Dask.

A :class:`Plan` is a list of *cells* (an uncertain scenario under one rule) and a number of
draws per cell, cut into chunks of :attr:`Plan.chunk_size` draws.  Task ``(cell, chunk)``
draws its seat vectors from the seed of chunk ``chunk`` (:func:`~.draws.chunk_rng`), so every
cell sees the same random numbers (common random numbers: rules are compared on the same
outcomes) and no result depends on the worker that ran it.

Where the work runs (:func:`run_plan`):

* ``scheduler`` given (or ``DASK_SCHEDULER_ADDRESS`` set): the tasks go to that existing
  Dask cluster (``distributed.Client(address)``); every worker needs powershare installed;
* otherwise small work runs in this process; large work (more than
  :data:`LOCAL_DRAWS_IN_PROCESS` draws) starts a local Dask cluster of one process per core
  when ``dask[distributed]`` is installed, else runs in process with a note on how to add it.

With a ``store`` directory each finished task is written as ``task-NNNNNN.npz`` (atomically:
a temporary file, then a rename) next to a ``manifest.json`` holding the plan's fingerprint;
running the same plan on the same directory loads the finished tasks and runs the rest, so
an interrupted sweep resumes where it stopped.

>>> from powershare.uncertainty.model import scenario_from_mapping
>>> s = scenario_from_mapping({"members": [{"name": "A", "seats": [1, 5]},
...                                        {"name": "B", "seats": 3}, {"name": "C", "seats": 2}],
...                            "rule": {"quota": "majority"}})
>>> plan = Plan((Cell(("s",), s),), draws=250, seed=1, chunk_size=100)
>>> [(t.chunk, t.size) for t in plan.tasks()]
[(0, 100), (1, 100), (2, 50)]
>>> run = run_plan(plan)
>>> run.mode, len(run.results), run.results[0]["veto"].shape
('in-process', 3, (100, 3))
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from powershare.errors import InvalidInputError, MissingExtraError, import_optional
from powershare.uncertainty.draws import draw_seats
from powershare.uncertainty.evaluate import Evaluator
from powershare.uncertainty.model import UncertainScenario

__all__ = [
    "DASK_HINT",
    "LOCAL_DRAWS_IN_PROCESS",
    "Cell",
    "Plan",
    "Run",
    "Task",
    "TaskStore",
    "dask_available",
    "run_plan",
    "run_task",
]

LOCAL_DRAWS_IN_PROCESS = 4_000
"""Up to this many pending draws, local runs stay in this process (starting workers costs
about a second)."""

DASK_HINT = "for parallel and cluster runs: pip install 'powershare[distributed]'"

Arrays = dict[str, npt.NDArray[Any]]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Cell:
    """One scenario under one rule; ``key`` labels it in tables (e.g. scenario, rule, quota)."""

    key: tuple[str, ...]
    scenario: UncertainScenario


@dataclass(frozen=True)
class Task:
    """Chunk ``chunk`` (``size`` draws) of cell ``cell``; ``index`` is its place in the plan."""

    index: int
    cell: int
    chunk: int
    size: int


@dataclass(frozen=True)
class Plan:
    """Cells, draws per cell, the seed and the chunk size: everything that fixes the results."""

    cells: tuple[Cell, ...]
    draws: int
    seed: int
    chunk_size: int = 500

    def __post_init__(self) -> None:
        if self.draws < 1:
            raise InvalidInputError(f"draws {self.draws} must be 1 or more")
        if self.chunk_size < 1:
            raise InvalidInputError(f"chunk size {self.chunk_size} must be 1 or more")
        if not 0 <= self.seed < 2**63:
            raise InvalidInputError(f"seed {self.seed} must be between 0 and 2**63 - 1")

    def tasks(self) -> list[Task]:
        """All tasks, cell by cell, chunk by chunk."""
        out: list[Task] = []
        chunks = -(-self.draws // self.chunk_size)
        for c in range(len(self.cells)):
            for k in range(chunks):
                size = min(self.chunk_size, self.draws - k * self.chunk_size)
                out.append(Task(len(out), c, k, size))
        return out

    def fingerprint(self) -> str:
        """SHA-256 of the plan (scenarios, rules, draws, seed, chunking)."""
        text = json.dumps(
            {
                "cells": [[list(c.key), c.scenario.fingerprint()] for c in self.cells],
                "draws": self.draws,
                "seed": self.seed,
                "chunk_size": self.chunk_size,
                "format": 1,
            },
            sort_keys=True,
        )
        return hashlib.sha256(text.encode()).hexdigest()


_EVALUATORS: dict[str, Evaluator] = {}


def _evaluator(scenario: UncertainScenario) -> Evaluator:
    """One evaluator (and cache) per scenario per process, kept across tasks."""
    key = scenario.fingerprint()
    ev = _EVALUATORS.get(key)
    if ev is None:
        if len(_EVALUATORS) > 64:
            _EVALUATORS.clear()
        ev = Evaluator(
            scenario.names,
            scenario.quota,
            scenario.indices,
            scenario.allies,
            scenario.demands,
            exact=False,
        )
        _EVALUATORS[key] = ev
    return ev


def run_task(plan: Plan, task: Task) -> Arrays:
    """Draw and evaluate one task (a pure function of the plan and the task)."""
    scenario = plan.cells[task.cell].scenario
    seats = draw_seats(scenario, task.size, seed=plan.seed, chunk=task.chunk)
    return _evaluator(scenario).facts_arrays(seats)


class TaskStore:
    """Finished tasks on disk: ``manifest.json`` and one ``task-NNNNNN.npz`` per task.

    Raises
    ------
    InvalidInputError
        When the directory holds the tasks of a different plan.
    """

    def __init__(self, directory: str | Path, plan: Plan) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        manifest = self.directory / "manifest.json"
        fingerprint = plan.fingerprint()
        if manifest.exists():
            try:
                stored = json.loads(manifest.read_text(encoding="utf-8")).get("fingerprint")
            except (json.JSONDecodeError, AttributeError):
                stored = None
            if stored != fingerprint:
                raise InvalidInputError(
                    f"store {str(self.directory)!r} holds the tasks of another run (different "
                    "file, rules, draws or seed); use another directory"
                )
        else:
            self._atomic(
                manifest,
                json.dumps({"fingerprint": fingerprint, "tasks": len(plan.tasks())}).encode(),
            )

    def _path(self, index: int) -> Path:
        return self.directory / f"task-{index:06d}.npz"

    def _atomic(self, path: Path, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    def load(self, index: int) -> Arrays | None:
        """A finished task, or ``None`` (also for a damaged file, which is then redone)."""
        path = self._path(index)
        if not path.exists():
            return None
        try:
            with np.load(path, allow_pickle=False) as data:
                return {k: data[k] for k in data.files}
        except (OSError, ValueError, zipfile.BadZipFile):
            return None

    def save(self, index: int, arrays: Arrays) -> None:
        """Write one finished task."""
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".npz")
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)  # type: ignore[arg-type]
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self._path(index))


@dataclass
class Run:
    """The results of a plan (one dict of arrays per task, in task order) and how it ran."""

    plan: Plan
    results: list[Arrays]
    mode: str
    workers: int
    resumed: int = 0
    notes: list[str] = field(default_factory=list)


def _distributed(purpose: str) -> Any:
    """The optional ``distributed`` module (untyped third-party API), imported only when used.

    Raises :class:`~powershare.errors.MissingExtraError` (one line naming
    ``pip install 'powershare[distributed]'``) when it is not installed.
    """
    return import_optional("distributed", purpose)


def dask_available() -> bool:
    """Whether ``dask.distributed`` can be imported."""
    try:
        _distributed("parallel and cluster runs")
    except MissingExtraError:
        return False
    return True


def run_plan(
    plan: Plan,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    store: str | Path | None = None,
    progress: Progress | None = None,
    in_process: bool | None = None,
) -> Run:
    """Run every task of ``plan`` (see the module docstring for where).

    Parameters
    ----------
    scheduler
        ``tcp://host:8786`` of an existing Dask scheduler; default ``DASK_SCHEDULER_ADDRESS``.
    workers
        Local worker processes for a local Dask cluster (default: the number of cores).
    store
        Directory of finished tasks, for resuming.
    progress
        Called as ``progress(done, total)`` after each finished task (finished stored tasks
        count as done at the start).
    in_process
        Force (``True``) or forbid (``False``) running in this process; default: by size.
    """
    tasks = plan.tasks()
    total = len(tasks)
    saved = TaskStore(store, plan) if store is not None else None
    results: list[Arrays | None] = [None] * total
    if saved is not None:
        for t in tasks:
            results[t.index] = saved.load(t.index)
    resumed = sum(r is not None for r in results)
    pending = [t for t in tasks if results[t.index] is None]
    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
    notes: list[str] = []
    n_workers = workers or os.cpu_count() or 1
    done = resumed
    if progress is not None:
        progress(done, total)

    def finish(task: Task, arrays: Arrays) -> None:
        nonlocal done
        results[task.index] = arrays
        if saved is not None:
            saved.save(task.index, arrays)
        done += 1
        if progress is not None:
            progress(done, total)

    pending_draws = sum(t.size for t in pending)
    if address is None:
        local = (
            in_process
            if in_process is not None
            else (pending_draws <= LOCAL_DRAWS_IN_PROCESS or n_workers == 1)
        )
        if not local and not dask_available():
            local = True
            notes.append(f"dask is not installed: ran in one process; {DASK_HINT}")
    else:
        local = False
        _distributed(f"--scheduler {address}")  # one line naming the extra when missing
    if local or not pending:
        for t in pending:
            finish(t, run_task(plan, t))
        mode, used = "in-process", 1
    else:
        mode, used = _run_dask(plan, pending, address, n_workers, finish)
    return Run(plan, [r for r in results if r is not None], mode, used, resumed, notes)


def _run_dask(
    plan: Plan,
    pending: list[Task],
    address: str | None,
    n_workers: int,
    finish: Callable[[Task, Arrays], None],
) -> tuple[str, int]:
    dist = _distributed("parallel and cluster runs")
    cluster = None
    if address is None:
        cluster = dist.LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        )
        client = dist.Client(cluster)
        mode = "local-dask"
    else:
        client = dist.Client(address, timeout="20s")
        mode = "dask"
    try:
        used = len(client.scheduler_info().get("workers", {})) or n_workers
        shared = client.scatter(plan, broadcast=True)
        by_key = {}
        futures = []
        for t in pending:
            fut = client.submit(run_task, shared, t, pure=False)
            by_key[fut.key] = t
            futures.append(fut)
        for fut in dist.as_completed(futures):
            finish(by_key[fut.key], fut.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return mode, used
