"""Routes of the background jobs: poll progress, list, cancel."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from powershare.web.app import state
from powershare.web.jobs import JobManager

__all__ = ["jobs", "router"]

router = APIRouter(prefix="/api/jobs")
JobId = Annotated[str, Path(min_length=1, max_length=64)]


def jobs(request: Request) -> JobManager:
    """The app's job manager (created on first use)."""
    extras = state(request).extras
    manager = extras.get("jobs")
    if manager is None:
        manager = extras["jobs"] = JobManager()
    assert isinstance(manager, JobManager)
    return manager


@router.get("")
def list_jobs(request: Request) -> list[dict[str, Any]]:
    """Recent jobs, newest first (without their results)."""
    return [{**j.to_dict(), "result": None} for j in jobs(request).all()]


@router.get("/{job_id}", responses={404: {"description": "No such job."}})
def get_job(job_id: JobId, request: Request) -> dict[str, Any]:
    """A job's status, progress and (when done) result."""
    return jobs(request).get(job_id).to_dict()


@router.delete("/{job_id}", responses={404: {"description": "No such job."}})
def cancel_job(job_id: JobId, request: Request) -> dict[str, Any]:
    """Cancel a job; it stops at its next progress report."""
    return jobs(request).cancel(job_id).to_dict()
