"""The FastAPI application: :func:`create_app`.

The app serves one page (``/``), its bundled scripts and styles (``/static/``) and a JSON API
under ``/api/`` whose OpenAPI schema is ``/api/openapi.json``.  Nothing is fetched from the
internet: no CDN, no fonts, no telemetry.  Errors are JSON objects ``{"error", "message"}``
with a 4xx status saying what was wrong.

This module only assembles: the routers (:mod:`~powershare.web.api`,
:mod:`~powershare.web.analysis_api`, :mod:`~powershare.web.map_api`,
:mod:`~powershare.web.package_api`, :mod:`~powershare.web.uncertainty_api`,
:mod:`~powershare.web.jobs_api`,
:mod:`~powershare.web.pages`) get what they share through :mod:`powershare.web.deps` and never
import this module.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

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
from powershare.web import (
    analysis_api,
    api,
    jobs_api,
    map_api,
    package_api,
    pages,
    uncertainty_api,
)
from powershare.web.deps import AppState, static_dir
from powershare.web.jobs import JobsBusyError
from powershare.web.runner import BudgetExceededError, Runner
from powershare.web.security import LOOPBACK_HOSTS, Guard
from powershare.web.service import Settings, TooLargeError
from powershare.web.store import ScenarioNotFoundError, ScenarioStore

__all__ = ["create_app"]

APPROXIMATE_HINT = 'resend with "approximate": {} to estimate by Monte Carlo'


def _error(
    status: int, error: str, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(
        {"error": error, "message": message, **extra},
        status_code=status,
        headers={"cache-control": "no-store", **(headers or {})},
    )


def _readable(value: bytes) -> str:
    return value.decode("utf-8", "replace")[:200]


def _validation_message(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{loc or 'request'}: {err.get('msg', 'invalid')}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "; ".join(parts) + more


def _library_error(exc: PowershareError) -> JSONResponse:
    message = str(exc)
    if isinstance(exc, ResourceLimitError):
        return _error(
            422,
            "resource_limit",
            message,
            estimate_seconds=exc.seconds,
            estimate_bytes=exc.bytes,
            can_approximate=True,
            hint=APPROXIMATE_HINT,
        )
    if isinstance(exc, BudgetExceededError):
        hint: dict[str, Any] = {"hint": APPROXIMATE_HINT} if exc.approximable else {}
        return _error(
            422,
            "time_budget",
            message,
            budget_seconds=exc.budget,
            can_approximate=exc.approximable,
            **hint,
        )
    if isinstance(exc, JobsBusyError):
        return _error(
            429,
            "busy",
            message,
            running=exc.running,
            queued=exc.queued,
            limit=exc.limit,
            headers={"retry-after": "5"},
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


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        return _error(
            422,
            "invalid_request",
            _validation_message(errors),
            detail=jsonable_encoder(errors, custom_encoder={Exception: str, bytes: _readable}),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, "http", str(exc.detail))

    @app.exception_handler(PowershareError)
    async def _library(_: Request, exc: PowershareError) -> JSONResponse:
        return _library_error(exc)

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

    # Library code past the edge may still raise plain errors on input it did not expect
    # (a number too long to convert, an overflow): the input was bad, so the answer is 400.
    @app.exception_handler(ValueError)
    async def _value(_: Request, exc: ValueError) -> JSONResponse:
        return _error(400, "invalid_input", f"the input cannot be used: {exc}"[:2000])

    @app.exception_handler(ArithmeticError)
    async def _arith(_: Request, exc: ArithmeticError) -> JSONResponse:
        what = str(exc) or type(exc).__name__
        return _error(400, "invalid_input", f"a number in the input is out of range: {what}")


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    try:
        yield
    finally:
        state: AppState = app.state.powershare
        state.close()


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
        ``$POWERSHARE_DATA_DIR`` or the platform's user data folder
        (:func:`powershare.web.store.data_dir`).
    settings
        Limits: time budget, memory, members, request size, worker threads.
    token
        When given, every request must carry it (header, ``?token=`` or the cookie set then).
    allowed_hosts
        Host names accepted in the ``Host`` header (``None``: any; use with a token).

    Returns
    -------
    FastAPI
        The application, ready for uvicorn or ``fastapi.testclient.TestClient``; its shared
        state (:class:`~powershare.web.deps.AppState`) is ``app.state.powershare``.

    Examples
    --------
    >>> import tempfile
    >>> from fastapi.testclient import TestClient
    >>> with tempfile.TemporaryDirectory() as tmp, TestClient(create_app(tmp)) as client:
    ...     print(client.get("/api/health").json()["status"])
    ok
    """
    settings = settings or Settings()
    app = FastAPI(
        title="powershare",
        version=__version__,
        description="Measure and design power-sharing, locally. Every computation runs on this "
        "machine; nothing is sent anywhere.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=_lifespan,
    )
    app.state.powershare = AppState(
        settings, ScenarioStore(data_dir), Runner(settings.workers, settings.processes)
    )
    _install_handlers(app)
    for module in (api, analysis_api, map_api, package_api, uncertainty_api, jobs_api, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    app.add_middleware(
        Guard,
        token=token,
        max_body=settings.max_request_bytes,
        allowed_hosts=allowed_hosts,
    )
    return app
