"""``powershare serve``: refusals that need no running server."""

from __future__ import annotations

import socket
from pathlib import Path

import typer
from typer.testing import CliRunner

from powershare.cli import serve_cmd

from .conftest import free_port


def make_app() -> typer.Typer:
    app = typer.Typer()
    serve_cmd.register(app)

    @app.command("noop")
    def _noop() -> None:  # a second command keeps 'serve' a named sub-command
        pass

    return app


def test_web_serve_other_host_needs_a_token() -> None:
    result = CliRunner().invoke(make_app(), ["serve", "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 2
    assert "--token" in result.output


def test_web_serve_refuses_weak_tokens_and_bad_ports() -> None:
    runner = CliRunner()
    weak = runner.invoke(make_app(), ["serve", "--token", "short", "--no-browser"])
    assert weak.exit_code == 2 and "16 to 200" in weak.output
    port = runner.invoke(make_app(), ["serve", "--port", "70000", "--no-browser"])
    assert port.exit_code == 2


def test_web_serve_refuses_nan_and_infinite_limits() -> None:
    runner = CliRunner()
    for option in ("--max-seconds", "--max-request-mb"):
        for value in ("nan", "inf", "-1", "0"):
            result = runner.invoke(make_app(), ["serve", option, value, "--no-browser"])
            assert result.exit_code == 2, (option, value, result.output)
            lines = [line for line in result.output.splitlines() if line.strip()]
            assert len(lines) == 1 and option in lines[0], result.output


def test_web_serve_refuses_an_unwritable_data_dir(tmp_path: Path) -> None:
    plain_file = tmp_path / "file"
    plain_file.write_text("x")
    for bad in ("/proc/powershare-test", str(plain_file / "sub")):
        result = CliRunner().invoke(
            make_app(), ["serve", "--data-dir", bad, "--no-browser", "--port", str(free_port())]
        )
        assert result.exit_code == 2, result.output
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and "--data-dir" in lines[0], result.output


def test_web_serve_on_a_busy_port_says_so(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            make_app(),
            ["serve", "--port", str(port), "--no-browser", "--data-dir", str(tmp_path)],
        )
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "busy" in lines[0] and "--port" in lines[0], result.output
    assert "http://" not in result.output
