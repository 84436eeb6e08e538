"""``powershare serve``: the local web app on 127.0.0.1 (opens the browser).

The lead wires it in ``cli/app.py``: ``serve_cmd.register(app)``.
"""

from __future__ import annotations

import errno
import math
import os
import re
import secrets
import socket
import sqlite3
import tempfile
import threading
import webbrowser
from pathlib import Path
from typing import Annotated

import typer

from powershare.cli.errors import reports_errors
from powershare.errors import InvalidInputError, import_optional

__all__ = ["register", "serve_command"]


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _check_limits(max_seconds: float, max_members: int, max_request_mb: float) -> None:
    for option, value in (("--max-seconds", max_seconds), ("--max-request-mb", max_request_mb)):
        if not math.isfinite(value) or value <= 0:
            raise InvalidInputError(f"{option} {value} must be a number above 0 (not nan or inf)")
    if max_seconds > 86_400:
        raise InvalidInputError(f"--max-seconds {max_seconds} must be at most 86400 (a day)")
    if max_request_mb > 1024:
        raise InvalidInputError(f"--max-request-mb {max_request_mb} must be at most 1024")
    if max_members < 1:
        raise InvalidInputError(f"--max-members {max_members} must be at least 1")


def _check_writable(path: Path) -> None:
    """Refuse a store whose directory or file cannot be written (before the server starts)."""
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".powershare-probe-"):
            pass
        if path.exists():
            with path.open("r+b"):
                pass
    except OSError as exc:
        raise InvalidInputError(
            f"--data-dir: cannot write in {path.parent} ({exc.strerror or exc}); choose "
            "another directory with --data-dir"
        ) from None


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (so that a busy port is one clear line, not a traceback)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise InvalidInputError(f"--host {host}: cannot resolve it ({exc.strerror})") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise InvalidInputError(
                f"port {port} on {host} is busy (another program listens there); choose "
                f"another with --port, e.g. --port {port + 1 if port < 65535 else 8766}"
            ) from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise InvalidInputError(
                f"port {port} on {host} needs privileges; choose one above 1023 with --port"
            ) from None
        raise InvalidInputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.set_inheritable(True)
    return sock


@reports_errors
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
            help="Where saved scenarios live (default $POWERSHARE_DATA_DIR, else the "
            "platform's user data folder).",
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
    for needed in ("fastapi", "uvicorn"):  # the web extra: one line if missing
        import_optional(needed, "the web app (powershare serve)")
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
        _check_limits(max_seconds, max_members, max_request_mb)
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
        try:
            app = create_app(data_dir, settings=settings, token=token, allowed_hosts=allowed)
        except (OSError, sqlite3.Error) as exc:
            where = str(data_dir) if data_dir is not None else "the data directory"
            reason = getattr(exc, "strerror", None) or str(exc)
            raise InvalidInputError(
                f"--data-dir: cannot keep saved scenarios in {where} ({reason}); choose "
                "another directory with --data-dir"
            ) from None
        store = app.state.powershare.store
        try:
            _check_writable(store.path)
            sock = _listen(host.strip("[]"), port)
        except InvalidInputError:
            app.state.powershare.close()
            store.close()
            raise
    except InvalidInputError as exc:
        typer.echo(f"powershare: error: {exc}", err=True)
        raise typer.Exit(2) from None
    url = f"http://{_url_host('127.0.0.1' if host == 'localhost' else host)}:{port}/"
    if token is not None:
        url += f"?token={token}"
    typer.echo(f"powershare web app: {url}  (Ctrl+C to stop)")
    typer.echo(f"saved scenarios: {store.path}")
    if not no_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    config = uvicorn.Config(
        app,
        host=host.strip("[]"),
        port=port,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
    )
    uvicorn.Server(config).run(sockets=[sock])


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to the CLI."""
    app.command("serve")(serve_command)
