"""One policy for member names holding bytes that are not UTF-8 (read by Python as lone
surrogates, ``b'A\\xff'`` -> ``'A\\udcff'``): refused where names are checked, naming the
member, whatever reader they came through (fuzz findings *-undecodable-name)."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from powershare.cli import app
from powershare.errors import InvalidGameError
from powershare.games.base import validate_names
from powershare.games.columns import read_named_values

runner = CliRunner()


def test_validate_names_refuses_lone_surrogates() -> None:
    with pytest.raises(InvalidGameError, match=r"member 2 .*not valid UTF-8.*b'A\\xff'"):
        validate_names(["B", "A\udcff"], 2)


@pytest.mark.parametrize(
    "args",
    [
        ("power", "A\udcff:1, B:2", "--quota", "majority", "--csv"),
        ("structure", "A\udcff:1, B:2", "--quota", "majority"),
        ("design", "A\udcff:1, B:2, C:3", "--max-seconds", "1"),
        # the quota curve reads the values only (fuzz run 5: UnicodeEncodeError in its table)
        ("design", "A\udcff:1, B:2, C:3", "--quota-only", "--max-seconds", "1"),
        ("audit", "A\udcff:1, B:2, C:1", "--quota", "majority", "--output", "r.md"),
    ],
)
def test_commands_refuse_with_one_line(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2
    assert result.stderr.count("powershare: error:") == 1
    assert "not valid UTF-8" in result.stderr


def test_named_values_refuse_lone_surrogates() -> None:
    with pytest.raises(InvalidGameError, match=r"member 1 .*not valid UTF-8"):
        read_named_values("A\udcff:1, B:2")
