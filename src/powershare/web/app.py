"""The FastAPI application: :func:`create_app`.

The app serves one page (``/``), its bundled scripts and styles (``/static/``) and a JSON API
under ``/api/`` whose OpenAPI schema is ``/api/openapi.json``.  Nothing is fetched from the
internet: no CDN, no fonts, no telemetry.  Errors are JSON objects ``{"error", "message"}``
with a 4xx status saying what was wrong.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
from collections.abc import AsyncIterator, Callable, Collection
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from powershare import __version__
from powershare.errors import (
    InvalidInputError,
    MethodNotApplicableError,
    PowershareError,
    ResourceLimitError,
    UnknownNameError,
)
from powershare.power.registry import format_seconds
from powershare.web.security import LOOPBACK_HOSTS, Guard
from powershare.web.service import Settings, TooLargeError
from powershare.web.store import ScenarioNotFoundError, ScenarioStore

__all__ = ["AppState", "BudgetExceededError", "Runner", "create_app", "static_dir"]

log = logging.getLogger("powershare.web")
T = TypeVar("T")
GRACE_SECONDS = 2.0
"""Time allowed beyond the budget before a running computation is abandoned."""


class BudgetExceededError(PowershareError):
    """A computation ran past the request's time budget."""

    def __init__(self, budget: float) -> None:
        super().__init__(
            f"the computation did not finish within the time budget of {format_seconds(budget)}; "
            "ask for an approximation (Monte Carlo with confidence intervals) or raise the budget"
        )
        self.budget = budget


class Runner:
    """Runs computations in worker threads (or processes), each under a time budget."""

    def __init__(self, workers: int, processes: int = 0) -> None:
        self.workers = workers
        self.processes = processes
        self._pool: ThreadPoolExecutor | None = None
        self._procs: ProcessPoolExecutor | None = None

    @property
    def procs(self) -> ProcessPoolExecutor:
        """The worker processes (started on first use, each warmed up once)."""
        if self._procs is None:
            from powershare.web.service import warm_up

            self._procs = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=warm_up,
            )
        return self._procs

    async def run_in_process(self, budget: float, func: Callable[..., T], *args: Any) -> T:
        """Run ``func(*args)`` (picklable) in a worker process under the budget.

        Past the budget the worker processes are stopped (and restarted on the next call),
        so a runaway computation never keeps a core busy.
        """
        if self.processes <= 0:
            return await self.run(budget, functools.partial(func, *args))
        loop = asyncio.get_running_loop()
        pool = self.procs
        future = loop.run_in_executor(pool, functools.partial(func, *args))
        try:
            return await asyncio.wait_for(future, timeout=budget + GRACE_SECONDS)
        except TimeoutError:
            self._stop_processes(pool)
            raise BudgetExceededError(budget) from None
        except BrokenProcessPool:
            self._stop_processes(pool)
            raise BudgetExceededError(budget) from None

    def _stop_processes(self, pool: ProcessPoolExecutor) -> None:
        if self._procs is pool:
            self._procs = None
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()

    @property
    def pool(self) -> ThreadPoolExecutor:
        """The worker threads (started on first use, again after :meth:`close`)."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(
                max_workers=self.workers, thread_name_prefix="powershare-work"
            )
        return self._pool

    async def run(self, budget: float, func: Callable[[], T]) -> T:
        """Run ``func`` in a worker; raise :class:`BudgetExceededError` past the budget.

        The library refuses work estimated above the budget before it starts; this is the
        backstop for estimates that were too low (the worker finishes in the background).
        """
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.pool, func)
        try:
            return await asyncio.wait_for(future, timeout=budget + GRACE_SECONDS)
        except TimeoutError:
            raise BudgetExceededError(budget) from None

    def close(self) -> None:
        """Let the workers go (queued work is dropped; running work finishes)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        procs, self._procs = self._procs, None
        if procs is not None:
            procs.shutdown(wait=False, cancel_futures=True)


@dataclass
class AppState:
    """What the routes share: limits, the store, the computation runner and background jobs."""

    settings: Settings
    store: ScenarioStore
    runner: Runner
    extras: dict[str, Any] = field(default_factory=dict)


def state(request: Request) -> AppState:
    """The app state of a request."""
    found: AppState = request.app.state.powershare
    return found


def static_dir() -> Path:
    """The directory of the bundled page assets."""
    return Path(str(resources.files("powershare.web") / "static"))


def _error(status: int, error: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse(
        {"error": error, "message": message, **extra},
        status_code=status,
        headers={"cache-control": "no-store"},
    )


def _validation_message(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{loc or 'request'}: {err.get('msg', 'invalid')}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "; ".join(parts) + more


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        return _error(
            422,
            "invalid_request",
            _validation_message(errors),
            detail=jsonable_encoder(errors, custom_encoder={Exception: str}),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, "http", str(exc.detail))

    @app.exception_handler(PowershareError)
    async def _library(_: Request, exc: PowershareError) -> JSONResponse:
        message = str(exc)
        if isinstance(exc, ResourceLimitError):
            return _error(
                422,
                "resource_limit",
                message,
                estimate_seconds=exc.seconds,
                estimate_bytes=exc.bytes,
                can_approximate=True,
                hint='resend with "approximate": {} to estimate by Monte Carlo',
            )
        if isinstance(exc, BudgetExceededError):
            return _error(
                422,
                "time_budget",
                message,
                budget_seconds=exc.budget,
                can_approximate=True,
                hint='resend with "approximate": {} to estimate by Monte Carlo',
            )
        if isinstance(exc, TooLargeError):
            return _error(413, "too_large", message)
        if isinstance(exc, ScenarioNotFoundError):
            return _error(404, "not_found", message)
        if isinstance(exc, UnknownNameError):
            return _error(400, "unknown_name", message)
        if isinstance(exc, InvalidInputError):
            return _error(400, "invalid_input", message)
        if isinstance(exc, MethodNotApplicableError):
            return _error(422, "not_applicable", message)
        return _error(422, "cannot_compute", message)

    @app.exception_handler(MemoryError)
    async def _memory(_: Request, exc: MemoryError) -> JSONResponse:
        return _error(
            422,
            "resource_limit",
            "the computation ran out of memory; ask for an approximation",
            can_approximate=True,
        )

    @app.exception_handler(RecursionError)
    async def _deep(_: Request, exc: RecursionError) -> JSONResponse:
        return _error(400, "invalid_input", "the request is nested too deeply")


def create_app(
    data_dir: str | Path | None = None,
    *,
    settings: Settings | None = None,
    token: str | None = None,
    allowed_hosts: Collection[str] | None = (*LOOPBACK_HOSTS, "testserver"),
) -> FastAPI:
    """The powershare web application.

    Parameters
    ----------
    data_dir
        Where the scenario store lives (a directory or a ``.sqlite3`` file); ``None`` for
        ``$POWERSHARE_DATA_DIR`` or the XDG data directory (``~/.local/share/powershare``).
    settings
        Limits: time budget, memory, members, request size, worker threads.
    token
        When given, every request must carry it (header, ``?token=`` or the cookie set then).
    allowed_hosts
        Host names accepted in the ``Host`` header (``None``: any; use with a token).

    Returns
    -------
    FastAPI
        The application, ready for uvicorn or ``fastapi.testclient.TestClient``.
    """
    from powershare.web import analysis_api, api, jobs_api, pages

    settings = settings or Settings()
    store = ScenarioStore(data_dir)
    runner = Runner(settings.workers, settings.processes)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            jobs = app.state.powershare.extras.pop("jobs", None)
            if jobs is not None:
                jobs.close()
            runner.close()

    app = FastAPI(
        title="powershare",
        version=__version__,
        description="Measure and design power-sharing, locally. Every computation runs on this "
        "machine; nothing is sent anywhere.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.powershare = AppState(settings, store, runner)
    _install_handlers(app)
    app.include_router(api.router)
    app.include_router(analysis_api.router)
    app.include_router(jobs_api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    app.add_middleware(
        Guard,
        token=token,
        max_body=settings.max_request_bytes,
        allowed_hosts=allowed_hosts,
    )
    return app
