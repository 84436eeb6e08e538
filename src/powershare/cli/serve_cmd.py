"""``powershare serve``: the local web app on 127.0.0.1 (opens the browser).

The lead wires it in ``cli/app.py``: ``serve_cmd.register(app)``.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import webbrowser
from pathlib import Path
from typing import Annotated

import typer

from powershare.errors import InvalidInputError

__all__ = ["register", "serve_command"]


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def serve_command(
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on.")] = 8765,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to bind. Anything but 127.0.0.1, ::1 or localhost needs --token.",
        ),
    ] = "127.0.0.1",
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help="Access token every request must carry (required off loopback; 'auto' makes "
            "one). Letters, digits, '-' and '_', at least 16 characters.",
        ),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open the web browser.")
    ] = False,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Where saved scenarios live (default $POWERSHARE_DATA_DIR or "
            "~/.local/share/powershare).",
        ),
    ] = None,
    max_seconds: Annotated[
        float, typer.Option("--max-seconds", help="Computation time budget per request.")
    ] = 10.0,
    max_members: Annotated[
        int, typer.Option("--max-members", help="Most members a body may have.")
    ] = 2000,
    processes: Annotated[
        int | None,
        typer.Option(
            "--processes",
            help="Worker processes for live computations (default: one per core, at most 4; "
            "0: threads only).",
        ),
    ] = None,
    max_request_mb: Annotated[
        float, typer.Option("--max-request-mb", help="Largest request body, in megabytes.")
    ] = 2.0,
) -> None:
    """Start the local web app: edit a body and its rule, see power live, save scenarios."""
    import uvicorn

    from powershare.web import Settings, create_app
    from powershare.web.security import LOOPBACK_HOSTS, is_loopback

    try:
        if token == "auto":
            token = secrets.token_urlsafe(24)
        if token is not None and not re.fullmatch(r"[A-Za-z0-9_-]{16,200}", token):
            raise InvalidInputError(
                "--token must be 16 to 200 letters, digits, '-' or '_' (or 'auto')"
            )
        loopback = is_loopback(host)
        if not loopback and token is None:
            raise InvalidInputError(
                f"--host {host} exposes the app beyond this computer; give --token "
                "(e.g. --token auto) so that every request must carry it"
            )
        if not 0 < port < 65536:
            raise InvalidInputError(f"--port {port} must be between 1 and 65535")
        if max_seconds <= 0 or max_members < 1 or max_request_mb <= 0:
            raise InvalidInputError("--max-seconds, --max-members and --max-request-mb must be >0")
        if processes is None:
            processes = min(4, os.cpu_count() or 1)
        if processes < 0:
            raise InvalidInputError(f"--processes {processes} must be 0 or more")
        settings = Settings(
            processes=processes,
            max_seconds=max_seconds,
            max_members=max_members,
            max_request_bytes=int(max_request_mb * 1024 * 1024),
        )
        allowed = {*LOOPBACK_HOSTS, host} if loopback else None
        app = create_app(data_dir, settings=settings, token=token, allowed_hosts=allowed)
    except InvalidInputError as exc:
        typer.echo(f"powershare: error: {exc}", err=True)
        raise typer.Exit(2) from None
    url = f"http://{_url_host('127.0.0.1' if host == 'localhost' else host)}:{port}/"
    if token is not None:
        url += f"?token={token}"
    typer.echo(f"powershare web app: {url}  (Ctrl+C to stop)")
    store = app.state.powershare.store
    typer.echo(f"saved scenarios: {store.path}")
    if not no_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    uvicorn.run(
        app,
        host=host.strip("[]"),
        port=port,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
    )


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to the CLI."""
    app.command("serve")(serve_command)
