"""What the routers share, as FastAPI dependencies.

:func:`powershare.web.app.create_app` builds one :class:`AppState` (the server's
:class:`~powershare.web.service.Settings`, the scenario store, the computation runner and the
background jobs) and keeps it as ``app.state.powershare``.  Routes ask for the parts they need
with the annotated types below, never by importing the app::

    @router.get("/api/scenarios")
    def saved(store: StoreDep) -> list[dict[str, Any]]: ...

The security checks (token, host, origin, body size, headers) are not dependencies: the
:class:`~powershare.web.security.Guard` middleware applies them to every request, static files
included, before routing.  This module also holds the small helpers several routers use: the
documented error responses, file downloads and file-name-safe names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response

from powershare.web.jobs import JobManager
from powershare.web.runner import Runner
from powershare.web.service import Settings
from powershare.web.store import ScenarioStore

__all__ = [
    "ERRORS",
    "AppState",
    "ClientDep",
    "JobsDep",
    "RunnerDep",
    "SettingsDep",
    "StateDep",
    "StoreDep",
    "attachment",
    "get_client",
    "get_jobs",
    "get_runner",
    "get_settings",
    "get_state",
    "get_store",
    "slug",
    "static_dir",
]

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad input; the message names the value and what is allowed."},
    413: {"description": "Too large (request body or members)."},
    415: {"description": "Not JSON (requests that change something must be JSON)."},
    422: {
        "description": "Invalid request, or work refused for its cost (resource_limit, "
        "time_budget: resend with 'approximate')."
    },
}
"""The error responses of the computing routes, for the OpenAPI schema."""


@dataclass
class AppState:
    """What the routes share: limits, the store, the computation runner and background jobs.

    Parameters
    ----------
    settings
        The server's limits.
    store
        The saved scenarios.
    runner
        Runs live computations under the time budget.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     st = AppState(Settings(), ScenarioStore(tmp), Runner(1))
    ...     print(st.jobs.all(), st.settings.max_members > 0)
    ...     st.close()
    [] True
    """

    settings: Settings
    store: ScenarioStore
    runner: Runner
    _jobs: JobManager | None = field(default=None, repr=False)

    @property
    def jobs(self) -> JobManager:
        """The background jobs (the manager is created on first use, again after :meth:`close`)."""
        if self._jobs is None:
            s = self.settings
            self._jobs = JobManager(s.job_workers, s.max_jobs, s.jobs_per_client)
        return self._jobs

    def close(self) -> None:
        """Cancel the background jobs and let the workers go (at shutdown)."""
        jobs, self._jobs = self._jobs, None
        if jobs is not None:
            jobs.close()
        self.runner.close()


async def get_state(request: Request) -> AppState:
    """The :class:`AppState` of the app serving the request."""
    found: AppState = request.app.state.powershare
    return found


StateDep = Annotated[AppState, Depends(get_state)]


async def get_settings(state: StateDep) -> Settings:
    """The server's limits."""
    return state.settings


async def get_store(state: StateDep) -> ScenarioStore:
    """The scenario store."""
    return state.store


async def get_runner(state: StateDep) -> Runner:
    """The runner of live computations."""
    return state.runner


async def get_jobs(state: StateDep) -> JobManager:
    """The background job manager."""
    return state.jobs


async def get_client(request: Request) -> str:
    """Who is asking: the client's address (the unit of the per-client job limit)."""
    return request.client.host if request.client is not None else ""


SettingsDep = Annotated[Settings, Depends(get_settings)]
ClientDep = Annotated[str, Depends(get_client)]
StoreDep = Annotated[ScenarioStore, Depends(get_store)]
RunnerDep = Annotated[Runner, Depends(get_runner)]
JobsDep = Annotated[JobManager, Depends(get_jobs)]


def static_dir() -> Path:
    """The directory of the bundled page assets.

    Examples
    --------
    >>> (static_dir() / "index.html").is_file()
    True
    """
    return Path(str(resources.files("powershare.web") / "static"))


def attachment(content: str | bytes, media_type: str, filename: str) -> Response:
    """A download response.

    Parameters
    ----------
    content
        The file's content.
    media_type
        Its media type.
    filename
        The name the browser saves it under.

    Returns
    -------
    Response
        With ``content-disposition: attachment`` and ``cache-control: no-store``.

    Examples
    --------
    >>> attachment("a,b\\n", "text/csv", "t.csv").headers["content-disposition"]
    'attachment; filename="t.csv"'
    """
    return Response(
        content,
        media_type=media_type,
        headers={
            "content-disposition": f'attachment; filename="{filename}"',
            "cache-control": "no-store",
        },
    )


def slug(name: str | None, default: str = "scenario") -> str:
    """A file-name-safe form of a scenario name.

    Parameters
    ----------
    name
        The scenario's name (may be empty or ``None``).
    default
        The slug when nothing of the name is left.

    Returns
    -------
    str
        At most 60 letters, digits, ``.``, ``_`` and ``-``.

    Examples
    --------
    >>> slug("EU Council (2020)")
    'EU-Council-2020'
    >>> slug(None)
    'scenario'
    """
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", (name or "").strip()).strip("-.")[:60]
    return text or default
