"""Routes of the background jobs: poll progress, list, cancel.

Jobs are started by the routes that define them (``/api/jobs/design``, ``/api/jobs/settle`` in
:mod:`powershare.web.analysis_api`); the manager is the app's, reached through
:data:`powershare.web.deps.JobsDep`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from powershare.web.deps import JobsDep

__all__ = ["router"]

router = APIRouter(prefix="/api/jobs")
JobId = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("")
def list_jobs(jobs: JobsDep) -> list[dict[str, Any]]:
    """Recent jobs, newest first (without their results)."""
    return [{**j.to_dict(), "result": None} for j in jobs.all()]


@router.get("/{job_id}", responses={404: {"description": "No such job."}})
def get_job(job_id: JobId, jobs: JobsDep) -> dict[str, Any]:
    """A job's status, progress and (when done) result."""
    return jobs.get(job_id).to_dict()


@router.delete("/{job_id}", responses={404: {"description": "No such job."}})
def cancel_job(job_id: JobId, jobs: JobsDep) -> dict[str, Any]:
    """Cancel a job; it stops at its next progress report."""
    return jobs.cancel(job_id).to_dict()
