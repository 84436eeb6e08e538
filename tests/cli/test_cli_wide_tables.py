"""``--index all`` on a narrow terminal: several readable tables, not one squeezed to nothing."""

from __future__ import annotations

from typer.testing import CliRunner

from powershare.cli.app import app


def test_many_indices_are_split_to_fit_the_terminal() -> None:
    out = CliRunner().invoke(app, ["power", "eec-1958", "--index", "all"], env={"COLUMNS": "90"})
    assert out.exit_code == 0, out.output
    assert "part 1 of" in out.output
    assert "Luxembourg" in out.output and "Shapley-Shubik" in out.output
    assert all(len(line) <= 90 for line in out.output.splitlines() if line.startswith(("┃", "│")))
    one = CliRunner().invoke(app, ["power", "eec-1958"], env={"COLUMNS": "200"})
    assert one.exit_code == 0 and "part 1 of" not in one.output
