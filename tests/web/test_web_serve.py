"""``powershare serve``: refusals that need no running server."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from powershare.cli import serve_cmd


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
