"""Benchmarks of powershare.design against the targets of issue 6.

1. Equal-power design for a 27-member body: the EU-27 (Eurostat 2024 populations), Banzhaf
   power proportional to sqrt(population) (Jagiellonian compromise), every member within 0.5
   percentage points, in under 30 s: (a) weights free, quota free; (b) quota fixed at 65%;
   (c) 1,000 seats, quota fixed at 55%; (d) weights within +-10% of sqrt(population), quota
   free; (e) power proportional to population (not square root).
2. Settlement search over 10 parties with 5 demands each (examples/demands_ten_parties.yaml):
   answer (found, or proven none in the family) in under 60 s; and the deadlocked example.

Run: ``.venv/bin/python bench/bench_design.py`` (prints a table; ``--json`` for JSON).
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path
from typing import Any

from powershare.datasets import read_rows
from powershare.design import (
    bounds_around,
    design_weights,
    load_demands,
    proportional_target,
    settle,
    square_root_target,
)

ROOT = Path(__file__).resolve().parents[1]


def _eu() -> tuple[list[str], list[int]]:
    rows = read_rows("eu_council.csv")
    return [r["member_state"] for r in rows], [
        int(r["eurostat_population_2024_01_01"]) for r in rows
    ]


def bench_inverse() -> list[dict[str, Any]]:
    names, pop = _eu()
    sqrt_t = square_root_target(pop)
    lo, hi = bounds_around([math.sqrt(p) for p in pop], 10_000, 0.10)
    cases: list[tuple[str, tuple[float, ...], dict[str, Any]]] = [
        ("EU-27 sqrt, weights+quota free", sqrt_t, {}),
        ("EU-27 sqrt, quota fixed 65%", sqrt_t, {"quota": "65%"}),
        ("EU-27 sqrt, 1000 seats, quota 55%", sqrt_t, {"quota": "55%", "total_weight": 1000}),
        ("EU-27 sqrt, weights +-10% of sqrt", sqrt_t, {"min_weight": lo, "max_weight": hi}),
        ("EU-27 proportional to population", proportional_target(pop), {}),
    ]
    out = []
    for label, target, kw in cases:
        start = time.perf_counter()
        r = design_weights(target, names=names, max_seconds=30, **kw)
        seconds = time.perf_counter() - start
        out.append(
            {
                "case": label,
                "max_gap_pp": r.distance * 100,
                "quota_share": r.quota / r.total_weight,
                "evaluations": r.evaluations,
                "seconds": seconds,
                "target_met": r.distance < 0.005 and seconds < 30,
            }
        )
    return out


def bench_settle() -> list[dict[str, Any]]:
    out = []
    for name in ("demands_ten_parties.yaml", "demands_deadlock.yaml"):
        problem = load_demands(ROOT / "examples" / name)
        start = time.perf_counter()
        r = settle(problem)
        seconds = time.perf_counter() - start
        out.append(
            {
                "case": name,
                "parties": problem.n,
                "demands": len(problem.demands),
                "family_size": r.family_size,
                "found": r.found,
                "complete": r.complete,
                "conflict": len(r.conflict),
                "seconds": seconds,
                "target_met": r.complete and seconds < 60,
            }
        )
    return out


def main() -> None:
    inverse, settlement = bench_inverse(), bench_settle()
    if "--json" in sys.argv:
        print(json.dumps({"inverse": inverse, "settle": settlement}, indent=2))
        return
    print(
        f"{'inverse design (target: every gap < 0.5 pp, < 30 s)':<44} gap pp   quota  evals     s"
    )
    for row in inverse:
        print(
            f"{row['case']:<44} {row['max_gap_pp']:6.3f} {row['quota_share']:6.2%} "
            f"{row['evaluations']:6,} {row['seconds']:5.1f} {'ok' if row['target_met'] else 'MISS'}"
        )
    print(f"\n{'settlement (target: answer < 60 s)':<30} parties demands  rules  found  s")
    for row in settlement:
        print(
            f"{row['case']:<30} {row['parties']:7} {row['demands']:7} {row['family_size']:6,} "
            f"{row['found']!s:>6} {row['seconds']:4.1f} {'ok' if row['target_met'] else 'MISS'}"
        )


if __name__ == "__main__":
    main()
