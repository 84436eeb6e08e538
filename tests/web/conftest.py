"""Fixtures of the web app tests: an app on a temporary store, a live server, a browser."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from powershare.web import Settings, create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

EEC: dict[str, Any] = {
    "name": "EEC 1958",
    "members": [
        {"name": "France", "weight": 4},
        {"name": "Germany", "weight": 4},
        {"name": "Italy", "weight": 4},
        {"name": "Belgium", "weight": 2},
        {"name": "Netherlands", "weight": 2},
        {"name": "Luxembourg", "weight": 1},
    ],
    "rule": {"quota": 12},
}


@pytest.fixture
def eec() -> dict[str, Any]:
    """The EEC Council of 1958 as a scenario mapping (a fresh copy)."""
    return {**EEC, "members": [dict(m) for m in EEC["members"]]}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """A test client of an app whose store lives in a temporary directory."""
    app = create_app(tmp_path / "data", settings=Settings(max_seconds=5.0, max_members=600))
    with TestClient(app) as test_client:
        yield test_client


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving the app in a thread."""

    def __init__(self, data_dir: Path, **kwargs: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.app = create_app(data_dir, **kwargs)
        self.server = uvicorn.Server(
            uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real HTTP server on a free loopback port."""
    with LiveServer(tmp_path_factory.mktemp("web-live")) as server:
        yield server
