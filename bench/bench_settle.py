"""Settlement search speed: rules per second on the six-party benchmarks.

Run: ``.venv/bin/python bench/bench_settle.py`` (prints one line per file).
"""

from __future__ import annotations

import time
from pathlib import Path

from powershare.design import estimate_settlement, load_demands, settle

HERE = Path(__file__).resolve().parent
FILES = ("settle_six_parties.yaml", "settle_six_parties_large.yaml")


def main() -> None:
    head = ("file", "rules", "games", "found", "est s", "time s", "rules/s")
    print("{:34} {:>12} {:>7} {:>6} {:>7} {:>7} {:>12}".format(*head))
    for name in FILES:
        problem = load_demands(HERE / name)
        est = estimate_settlement(problem)
        start = time.perf_counter()
        r = settle(problem, top=5, refuse_above=None)
        took = time.perf_counter() - start
        print(
            f"{name:34} {r.family_size:>12,} {r.games:>7,} {r.feasible_games:>6,} "
            f"{est.seconds:>7.1f} {took:>7.2f} {r.evaluated / took:>12,.0f}"
            + ("" if r.complete else "  INCOMPLETE")
        )


if __name__ == "__main__":
    main()
