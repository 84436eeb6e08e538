"""Targets of the scholars' indices, the prize-division solutions and weightedness.

* every index of :mod:`powershare.power.indices_more` on a 200-member weighted game with
  weights up to 100 (seeded, majority quota), exact (target: under 30 s in all), one index at a
  time and then all at once as ``powershare power GAME --index all`` does (quantities shared by
  several indices counted once); the Public Good Index with blocs (union, solidarity, threats,
  :mod:`powershare.power.pgi_variants`) with 20 blocs of 10 members;
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
from powershare.power import power, power_table, registry
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
WITH_BLOCS = ["union_pgi", "solidarity_pgi", "threat_pgi_1", "threat_pgi_2", "threat_pgi_3"]


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

    blocs = [list(range(k, k + 10)) for k in range(0, 200, 10)]
    start = time.perf_counter()
    with_blocs = power_table(game, WITH_BLOCS, blocs=blocs)
    print(
        f"{', '.join(WITH_BLOCS)} (20 blocs of 10, one table): "
        f"{time.perf_counter() - start:.2f} s; counting "
        + ", ".join(f"{k} {with_blocs.results[k].seconds:.2f} s" for k in WITH_BLOCS)
    )

    start = time.perf_counter()
    table = power_table(game, "all")
    took = time.perf_counter() - start
    mine = [k for k in KEYS if k in table.results]
    print(
        f"power_table(game, 'all') ({len(table.results)} indices): {took:.2f} s; the counting "
        f"behind the {len(mine)} indices above: "
        f"{sum(table.results[k].seconds for k in mine):.2f} s (shared counts timed per index)"
    )

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
