"""Live computations off the event loop: :class:`Runner`, each call under a time budget.

Every route that parses or computes runs its work here (reading a scenario is work too: a
huge number or a YAML alias bomb costs time and memory before any counting starts).  The
library refuses work estimated above the budget before it starts; the runner is the
backstop for estimates that were too low.  Threads serve cheap work; worker processes (spawned,
each warmed up once by :func:`powershare.web.service.warm_up`) serve the power computations,
so a runaway computation can be stopped and never keeps a core busy.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from powershare.errors import PowershareError
from powershare.power.registry import format_seconds
from powershare.web.service import warm_up

__all__ = ["GRACE_SECONDS", "BudgetExceededError", "Runner"]

T = TypeVar("T")
GRACE_SECONDS = 2.0
"""Time allowed beyond the budget before a running computation is abandoned."""


class BudgetExceededError(PowershareError):
    """A computation ran past the request's time budget.

    Parameters
    ----------
    budget
        The budget in seconds.
    approximable
        Whether a Monte Carlo approximation could answer instead (power computations).

    Examples
    --------
    >>> BudgetExceededError(0.5).budget
    0.5
    >>> "smaller" in str(BudgetExceededError(0.5, approximable=False))
    True
    """

    def __init__(self, budget: float, *, approximable: bool = True) -> None:
        advice = (
            "ask for an approximation (Monte Carlo with confidence intervals) or raise the budget"
            if approximable
            else "make the input smaller (fewer members, smaller numbers, fewer criteria)"
        )
        super().__init__(
            f"the work did not finish within the time budget of {format_seconds(budget)}; " + advice
        )
        self.budget = budget
        self.approximable = approximable


class Runner:
    """Runs computations in worker threads (or processes), each under a time budget.

    Parameters
    ----------
    workers
        Worker threads.
    processes
        Worker processes for :meth:`run_in_process` (0: run there in threads too).

    Examples
    --------
    >>> import asyncio
    >>> runner = Runner(workers=1)
    >>> asyncio.run(runner.run(5.0, lambda: 6 * 7))
    42
    >>> runner.close()
    """

    def __init__(self, workers: int, processes: int = 0) -> None:
        self.workers = workers
        self.processes = processes
        self._pool: ThreadPoolExecutor | None = None
        self._procs: ProcessPoolExecutor | None = None

    @property
    def procs(self) -> ProcessPoolExecutor:
        """The worker processes (started on first use, each warmed up once)."""
        if self._procs is None:
            self._procs = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=warm_up,
            )
        return self._procs

    @property
    def pool(self) -> ThreadPoolExecutor:
        """The worker threads (started on first use, again after :meth:`close`)."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(
                max_workers=self.workers, thread_name_prefix="powershare-work"
            )
        return self._pool

    async def run(self, budget: float, func: Callable[[], T], *, approximable: bool = False) -> T:
        """Run ``func`` in a worker thread under the budget.

        Parameters
        ----------
        budget
            Seconds allowed (plus :data:`GRACE_SECONDS`).
        func
            The work, without arguments.
        approximable
            Whether the refusal past the budget offers an approximation.

        Returns
        -------
        T
            What ``func`` returns.

        Raises
        ------
        BudgetExceededError
            Past the budget (the worker finishes in the background).
        """
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.pool, func)
        try:
            return await asyncio.wait_for(future, timeout=budget + GRACE_SECONDS)
        except TimeoutError:
            raise BudgetExceededError(budget, approximable=approximable) from None

    async def run_in_process(
        self, budget: float, func: Callable[..., T], *args: Any, approximable: bool = False
    ) -> T:
        """Run ``func(*args)`` (picklable) in a worker process under the budget.

        Past the budget the worker processes are stopped (and restarted on the next call),
        so a runaway computation never keeps a core busy.

        Parameters
        ----------
        budget
            Seconds allowed (plus :data:`GRACE_SECONDS`).
        func, *args
            The work and its arguments (module-level function, picklable arguments).
        approximable
            Whether the refusal past the budget offers an approximation (power computations).

        Returns
        -------
        T
            What ``func`` returns.

        Raises
        ------
        BudgetExceededError
            Past the budget, or when a worker process died (e.g. out of memory).
        """
        if self.processes <= 0:
            return await self.run(budget, functools.partial(func, *args), approximable=approximable)
        loop = asyncio.get_running_loop()
        pool = self.procs
        future = loop.run_in_executor(pool, functools.partial(func, *args))
        try:
            return await asyncio.wait_for(future, timeout=budget + GRACE_SECONDS)
        except (TimeoutError, BrokenProcessPool):
            self._stop_processes(pool)
            raise BudgetExceededError(budget, approximable=approximable) from None

    def _stop_processes(self, pool: ProcessPoolExecutor) -> None:
        if self._procs is pool:
            self._procs = None
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()

    def close(self) -> None:
        """Let the workers go (queued work is dropped; running work finishes)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        procs, self._procs = self._procs, None
        if procs is not None:
            procs.shutdown(wait=False, cancel_futures=True)
