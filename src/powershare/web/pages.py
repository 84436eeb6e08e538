"""The page: one HTML document whose bundled script draws every view."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

from powershare.web.deps import static_dir

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/")
def index() -> FileResponse:
    """The app."""
    return FileResponse(static_dir() / "index.html", headers={"cache-control": "no-store"})


@router.get("/favicon.ico")
def favicon() -> Response:
    """The icon (an inline SVG, so the browser asks for nothing else)."""
    return FileResponse(static_dir() / "favicon.svg", media_type="image/svg+xml")
