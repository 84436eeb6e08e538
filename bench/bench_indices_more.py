"""Targets of the scholars' indices, the prize-division solutions and weightedness.

* every index of :mod:`powershare.power.indices_more` on a 200-member weighted game with
  weights up to 100, exact (target: under 30 s in all);
* the nucleolus of the US Electoral College 2024 (target: under 5 s);
* the weightedness of the EU Council's Lisbon rule decided (target: under 10 s).

Run: ``.venv/bin/python bench/bench_indices_more.py``.
"""

from __future__ import annotations

import random
import time

from powershare.datasets import game_from_spec
from powershare.errors import PowershareError
from powershare.games.weighted import WeightedGame
from powershare.power import power, registry
from powershare.power.indices_more import __doc__ as _doc  # noqa: F401
from powershare.structure.solutions import solutions
from powershare.structure.weightedness import weightedness

KEYS = [
    "public_help",
    "public_help_xi",
    "koenig_braeuninger",
    "nevison",
    "chow",
    "tijs",
    "felsenthal",
    "colomer_martinez",
    "shift",
    "shift_deegan_packel",
    "coleman_shapley",
]


def main() -> None:
    rng = random.Random(1)
    weights = [rng.randint(1, 100) for _ in range(200)]
    game = WeightedGame(sum(weights) // 2 + 1, weights)
    total = 0.0
    print("index                  method            seconds")
    for key in KEYS:
        start = time.perf_counter()
        try:
            res = power(game, key)
            took = time.perf_counter() - start
            total += took
            print(f"{key:22} {res.method:17} {took:7.2f}")
        except PowershareError as exc:
            print(f"{key:22} {'-':17}       - ({str(exc)[:70]})")
    print(f"all computable indices: {total:.2f} s (target 30 s)")
    assert registry  # the registry is filled by the imports above

    ec = game_from_spec("us-electoral-college-2024")
    start = time.perf_counter()
    try:
        sol = solutions(ec, ranges=False)
        print(
            f"nucleolus, US Electoral College: {time.perf_counter() - start:.2f} s "
            f"(target 5 s), verified={sol.verified}"
        )
    except PowershareError as exc:
        print(
            f"nucleolus, US Electoral College: not done in {time.perf_counter() - start:.1f} s: "
            f"{exc}"
        )

    eu = game_from_spec("eu-council-lisbon")
    start = time.perf_counter()
    found = weightedness(eu)
    print(
        f"weightedness, EU Council Lisbon: weighted={found.weighted} in "
        f"{time.perf_counter() - start:.2f} s (target 10 s)"
    )


if __name__ == "__main__":
    main()
