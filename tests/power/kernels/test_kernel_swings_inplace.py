"""The multi-modular swing kernel's in-place update (large tables) against enumeration."""

import random

import pytest

from powershare.power.kernels import swings_modular
from powershare.power.kernels._game import prepare
from powershare.power.kernels.enumeration import weighted_swing_counts


@pytest.mark.parametrize("block", [64, 1 << 15])
def test_in_place_blocks_match_enumeration(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    """Every table takes the in-place path; with 64-column blocks, weights of at least 4 update
    blocks of their own width, lighter ones longer blocks that numpy copies first."""
    monkeypatch.setattr(swings_modular, "_SMALL_TABLE", 0)
    monkeypatch.setattr(swings_modular, "_BLOCK", block)
    rng = random.Random(block)
    for _ in range(40):
        weights = [rng.choice([rng.randint(1, 6), rng.randint(1, 400)]) for _ in range(14)]
        quota = rng.randint(1, sum(weights))
        prepared = prepare(weights, quota)
        by_class = swings_modular.swing_counts_by_class_modular(prepared)
        swings = [by_class[w] if w > 0 else 0 for w in weights]
        assert swings == weighted_swing_counts(weights, quota)
