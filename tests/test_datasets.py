"""Shipped datasets load with their published totals."""

from powershare import datasets


def test_electoral_college_totals() -> None:
    game = datasets.load("us-electoral-college-2024").game
    assert game.n == 51 and game.total_weight == 538 and game.quota == 270


def test_unsc_rule() -> None:
    game = datasets.load("un-security-council").game
    assert game.n == 15 and game.quota == 39 and sorted(game.weights)[-5:] == [7] * 5


def test_eec() -> None:
    data = datasets.load("eec-1958")
    assert data.game.notation() == "[12; 4, 4, 4, 2, 2, 1]"
    assert "Felsenthal" in data.source


def test_every_csv_has_its_source() -> None:
    from importlib import resources

    files = {p.name for p in (resources.files("powershare.datasets") / "data").iterdir()}
    for name in files:
        if name.endswith(".csv"):
            assert name.replace(".csv", ".source.md") in files
