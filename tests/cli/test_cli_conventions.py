"""The command line behaves as Python tools do: ``--version``, ``-h``, ``python -m``, shell
completion, ``--json``/``--csv`` on every table, a one-line hint for a missing extra, and a
start-up that imports only what the command needs (issue 16)."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from powershare.cli import app
from powershare.cli.app import COMMANDS, LazyGroup, load_commands

runner = CliRunner()

NO_TABLE = {"serve"}
"""Commands that print no table (``serve`` starts a server)."""

HEAVY = ("matplotlib", "fastapi", "scipy", "pandas", "dask", "uvicorn", "distributed")


def _all_commands() -> dict[str, Any]:
    """Every click command of the app, loaded from its module."""
    found: dict[str, Any] = {}
    for module in dict.fromkeys(module for module, _ in COMMANDS.values()):
        found.update(load_commands(module))
    return found


ALL = _all_commands()


def _python(code: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
        check=False,
    )


def test_the_lazy_list_is_every_registered_command_with_its_summary() -> None:
    assert set(ALL) == set(COMMANDS)
    for name, command in ALL.items():
        first_paragraph = inspect.cleandoc(command.help).split("\n\n")[0].replace("\n", " ")
        assert COMMANDS[name][1] == first_paragraph, name


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == "powershare 0.1.0\n"


@pytest.mark.parametrize("name", ["", *COMMANDS])
def test_dash_h_is_help_everywhere(name: str) -> None:
    args = [name, "-h"] if name else ["-h"]
    short = runner.invoke(app, args, env={"COLUMNS": "120"})
    long = runner.invoke(app, [*args[:-1], "--help"], env={"COLUMNS": "120"})
    assert short.exit_code == 0, short.output
    assert short.stdout == long.stdout
    assert "Usage: powershare" in short.stdout and "-h, --help" in short.stdout


@pytest.mark.parametrize("name", sorted(set(COMMANDS) - NO_TABLE))
def test_json_and_csv_on_every_command_that_prints_a_table(name: str) -> None:
    options = {opt for param in ALL[name].params for opt in param.opts}
    assert {"--json", "--csv"} <= options, name


def test_json_and_csv_together_are_one_clear_error() -> None:
    result = runner.invoke(app, ["methods", "--json", "--csv"])
    assert result.exit_code == 2
    assert result.stderr.startswith("powershare: error: --json and --csv were both given")


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "powershare", "power", "[3; 2, 1, 1]", "--csv"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("name,weight,banzhaf")
    assert "P1,2," in done.stdout


def _run_main(*args: str, **env: str) -> tuple[str, set[str]]:
    """The output of ``powershare ARGS`` run in a fresh interpreter, and the modules it loaded."""
    code = (
        "import sys\n"
        "from powershare.cli import main\n"
        f"sys.argv = ['powershare', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = _python(code, **env)
    return done.stdout, set(done.stderr.split())


def test_help_imports_no_command_and_no_heavy_module() -> None:
    _, loaded = _run_main("--help")
    assert "powershare.cli.app" in loaded
    commands = {module for module, _ in COMMANDS.values()}
    assert not loaded & commands
    assert not [m for m in loaded if m.split(".")[0] in (*HEAVY, "numpy")]
    assert "powershare.power" not in loaded and "powershare.games" not in loaded


def test_power_imports_no_heavy_module() -> None:
    out, loaded = _run_main("power", "eec-1958")
    assert "Luxembourg" in out
    assert not [m for m in loaded if m.split(".")[0] in HEAVY]
    assert "powershare.cli.audit_cmd" not in loaded and "powershare.audit" not in loaded


def test_completion_lists_commands_without_importing_them() -> None:
    bash = {"_POWERSHARE_COMPLETE": "complete_bash"}
    out, loaded = _run_main(**bash, COMP_WORDS="powershare po", COMP_CWORD="1")
    assert out.split() == ["power"]
    assert "powershare.cli.power_cmd" not in loaded
    out, _ = _run_main(**bash, COMP_WORDS="powershare power --ex", COMP_CWORD="2")
    assert out.split() == ["--exact"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_a_script(shell: str) -> None:
    result = runner.invoke(app, ["--show-completion", shell])
    assert result.exit_code == 0, result.output
    assert "_POWERSHARE_COMPLETE" in result.stdout


def test_install_completion_writes_in_home_without_hanging(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "powershare", "--install-completion", "bash"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(tmp_path)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    script = tmp_path / ".bash_completions" / "powershare.sh"
    assert "_POWERSHARE_COMPLETE" in script.read_text(encoding="utf-8")
    assert str(script) in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_serve_without_the_web_extra_is_one_line() -> None:
    code = (
        "import sys\n"
        "sys.modules['fastapi'] = None\n"
        "sys.modules['uvicorn'] = None\n"
        "from powershare.cli import main\n"
        "sys.argv = ['powershare', 'serve', '--no-browser']\n"
        "main()\n"
    )
    done = _python(code)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("powershare: error: ")
    assert "pip install 'powershare[web]'" in done.stderr


def test_the_app_object_is_a_typer_app() -> None:
    assert isinstance(app, typer.Typer)
    group = typer.main.get_group(app)
    assert isinstance(group, LazyGroup)
    assert list(group.commands) == list(COMMANDS)
