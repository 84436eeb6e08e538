"""Background jobs for long searches (design, settlement): progress polling and cancel.

Jobs wait in one bounded queue served by a fixed number of worker threads (no thread per
queued job).  Each client (its address) may have at most ``per_client`` jobs queued or
running, and the server at most ``max_pending``; past either, :meth:`JobManager.submit` raises
:class:`JobsBusyError` (HTTP 429) saying how many run and how to free a place.  The library
reports progress through a callback ``progress(done, total, message)``; the callback records
it and, when the user has asked to cancel, raises :class:`JobCancelledError`, which ends the
search at its next report.
"""

from __future__ import annotations

import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from powershare.errors import PowershareError
from powershare.web.store import ScenarioNotFoundError

__all__ = ["Job", "JobCancelledError", "JobManager", "JobsBusyError", "ProgressFn"]

ProgressFn = Callable[[int, int | None, str], None]
MAX_KEPT = 50


class JobCancelledError(Exception):
    """Raised inside a job's progress callback once the job is cancelled."""


class JobsBusyError(PowershareError):
    """Too many background jobs are queued or running (for this client or in total).

    Examples
    --------
    >>> err = JobsBusyError(running=2, queued=6, limit=8, scope="on this server")
    >>> print(str(err)[:60])
    8 background jobs are already queued or running on this serv
    >>> "cancel one" in str(err)
    True
    """

    def __init__(self, *, running: int, queued: int, limit: int, scope: str) -> None:
        super().__init__(
            f"{running + queued} background jobs are already queued or running {scope} "
            f"({running} running, {queued} queued; at most {limit}); wait for one to finish "
            "or cancel one (DELETE /api/jobs/{id})"
        )
        self.running = running
        self.queued = queued
        self.limit = limit


@dataclass
class Job:
    """One background job and what is known of it."""

    id: str
    kind: str
    client: str = ""
    status: str = "queued"  # queued, running, done, failed, cancelled
    done: int = 0
    total: int | None = None
    message: str = ""
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    started: float = field(default_factory=time.time)
    finished: float | None = None
    cancel_requested: threading.Event = field(default_factory=threading.Event)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot."""
        end = self.finished if self.finished is not None else time.time()
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "fraction": (None if not self.total else min(1.0, self.done / self.total)),
            "message": self.message,
            "elapsed_seconds": round(end - self.started, 3),
            "result": self.result,
            "error": self.error,
        }


class JobManager:
    """Queues, runs, tracks and cancels background jobs (the most recent :data:`MAX_KEPT` kept).

    Parameters
    ----------
    max_running
        Worker threads, so jobs that run at once.
    max_pending
        Most jobs queued or running on the server.
    per_client
        Most jobs queued or running for one client.

    Examples
    --------
    >>> jobs = JobManager(max_running=1, max_pending=2, per_client=1)
    >>> job = jobs.submit("demo", lambda progress: {"answer": 42}, client="a")
    >>> while jobs.get(job.id).finished is None:
    ...     time.sleep(0.01)
    >>> jobs.get(job.id).result
    {'answer': 42}
    >>> jobs.close()
    """

    def __init__(self, max_running: int = 2, max_pending: int = 8, per_client: int = 4) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[
            tuple[Job, Callable[[ProgressFn], dict[str, Any]]] | None
        ] = queue.SimpleQueue()
        self.max_running = max_running
        self.max_pending = max_pending
        self.per_client = per_client
        self._workers: list[threading.Thread] = []
        self._closed = False

    def submit(
        self, kind: str, work: Callable[[ProgressFn], dict[str, Any]], *, client: str = ""
    ) -> Job:
        """Queue ``work(progress)``; returns the job at once.

        Raises
        ------
        JobsBusyError
            When the client or the server already has its most jobs queued or running.
        """
        job = Job(id=uuid.uuid4().hex[:16], kind=kind, client=client)
        with self._lock:
            pending = [j for j in self._jobs.values() if j.finished is None]
            mine = [j for j in pending if j.client == client]
            for group, limit, scope in (
                (mine, self.per_client, "for you"),
                (pending, self.max_pending, "on this server"),
            ):
                if len(group) >= limit:
                    running = sum(j.status == "running" for j in group)
                    raise JobsBusyError(
                        running=running, queued=len(group) - running, limit=limit, scope=scope
                    )
            self._jobs[job.id] = job
            self._prune()
            if len(self._workers) < self.max_running and not self._closed:
                worker = threading.Thread(target=self._serve, name="powershare-jobs", daemon=True)
                self._workers.append(worker)
                worker.start()
        self._queue.put((job, work))
        return job

    def _prune(self) -> None:
        finished = [j for j in self._jobs.values() if j.finished is not None]
        for job in sorted(finished, key=lambda j: j.started)[: max(0, len(self._jobs) - MAX_KEPT)]:
            del self._jobs[job.id]

    def _serve(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            self._run(*item)

    def _run(self, job: Job, work: Callable[[ProgressFn], dict[str, Any]]) -> None:
        if job.cancel_requested.is_set() or self._closed:
            job.status, job.finished = "cancelled", time.time()
            return
        job.status = "running"

        def progress(done: int, total: int | None, message: str = "") -> None:
            job.done, job.total, job.message = int(done), total, str(message)
            if job.cancel_requested.is_set():
                raise JobCancelledError

        try:
            job.result = work(progress)
            job.status = "done"
        except JobCancelledError:
            job.status = "cancelled"
            job.message = "cancelled"
        except PowershareError as exc:
            job.status = "failed"
            job.error = {"error": type(exc).__name__, "message": str(exc)}
        except (ValueError, ArithmeticError, MemoryError, RecursionError) as exc:
            job.status = "failed"
            job.error = {"error": type(exc).__name__, "message": str(exc) or repr(exc)}
        except Exception as exc:
            job.status = "failed"
            job.error = {"error": "internal", "message": f"{type(exc).__name__}: {exc}"}
        finally:
            job.finished = time.time()

    def get(self, job_id: str) -> Job:
        """A job by id."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise ScenarioNotFoundError(f"no job has the id {job_id!r}")
        return job

    def cancel(self, job_id: str) -> Job:
        """Ask a job to stop (it stops at its next progress report)."""
        job = self.get(job_id)
        job.cancel_requested.set()
        if job.status == "queued":
            job.status, job.message, job.finished = "cancelled", "cancelled", time.time()
        elif job.status == "running":
            job.message = "cancelling..."
        return job

    def all(self) -> list[Job]:
        """The kept jobs, newest first."""
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: j.started, reverse=True)

    def close(self) -> None:
        """Cancel every job (at shutdown)."""
        self._closed = True
        for job in self.all():
            job.cancel_requested.set()
        with self._lock:
            for _ in self._workers:
                self._queue.put(None)
            self._workers = []
