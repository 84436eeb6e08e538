"""Background jobs for long searches (design, settlement): progress polling and cancel.

A job runs in its own thread.  The library reports progress through a callback
``progress(done, total, message)``; the callback records it and, when the user has asked to
cancel, raises :class:`JobCancelledError`, which ends the search at its next report.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from powershare.errors import PowershareError
from powershare.web.store import ScenarioNotFoundError

__all__ = ["Job", "JobCancelledError", "JobManager", "ProgressFn"]

ProgressFn = Callable[[int, int | None, str], None]
MAX_KEPT = 50


class JobCancelledError(Exception):
    """Raised inside a job's progress callback once the job is cancelled."""


@dataclass
class Job:
    """One background job and what is known of it."""

    id: str
    kind: str
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
    """Starts, tracks and cancels background jobs (the most recent :data:`MAX_KEPT` kept)."""

    def __init__(self, max_running: int = 2) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max_running)
        self._closed = False

    def submit(self, kind: str, work: Callable[[ProgressFn], dict[str, Any]]) -> Job:
        """Start ``work(progress)`` in a thread; returns the job at once."""
        job = Job(id=uuid.uuid4().hex[:16], kind=kind)
        with self._lock:
            self._jobs[job.id] = job
            self._prune()
        thread = threading.Thread(
            target=self._run, args=(job, work), name=f"powershare-job-{job.id}", daemon=True
        )
        thread.start()
        return job

    def _prune(self) -> None:
        finished = [j for j in self._jobs.values() if j.finished is not None]
        for job in sorted(finished, key=lambda j: j.started)[: max(0, len(self._jobs) - MAX_KEPT)]:
            del self._jobs[job.id]

    def _run(self, job: Job, work: Callable[[ProgressFn], dict[str, Any]]) -> None:
        with self._slots:
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
            job.status = "cancelling"
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
