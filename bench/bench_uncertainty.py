"""Benchmark: 10,000 seat scenarios of the 250-seat Afghan body, exact Banzhaf and Shapley-Shubik.

The scenario is ``examples/uncertain_afghanistan.yaml``: the 239 provincial seats of the
Wolesi Jirga (dataset ``afghanistan``: 34 provinces, the Kuchi and the Hindu/Sikh seat, 36
delegations) re-apportioned by Sainte-Lague from populations drawn +-15% around the NSIA
estimates.  Every draw is apportioned (``powershare.apportion``) and its exact Banzhaf and
Shapley-Shubik values computed by the exact kernel (``pivot_counts_by_size``, cached by the
sorted weight vector).

Runs: in this process; a local Dask cluster of 1 worker; of 2 workers.  The speed-up is the
2-worker throughput over the 1-worker throughput (same cluster machinery, so the fixed start-up
cost is in both).  Usage::

    .venv/bin/python bench/bench_uncertainty.py [DRAWS]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from powershare.uncertainty import Cell, Plan, dask_available, load_uncertain, run_plan

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    draws = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    scenario = load_uncertain(ROOT / "examples" / "uncertain_afghanistan.yaml")
    plan = Plan((Cell(("afghanistan",), scenario),), draws, seed=2024, chunk_size=250)
    print(f"{draws:,} seat scenarios, {len(scenario.names)} delegations, exact Banzhaf + Shapley")
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.1f}")
    rows = []
    t = time.perf_counter()
    ref = run_plan(plan, in_process=True)
    rows.append(("in process", 1, time.perf_counter() - t))
    seats = {r.tobytes() for part in ref.results for r in part["seats"]}
    print(f"distinct seat vectors: {len(seats):,}")
    if dask_available():
        for workers in (1, 2):
            t = time.perf_counter()
            run = run_plan(plan, workers=workers, in_process=False)
            rows.append((f"local Dask, {workers} worker(s)", workers, time.perf_counter() - t))
            same = all(
                (a[k] == b[k]).all()
                for a, b in zip(ref.results, run.results, strict=True)
                for k in a
            )
            print(f"  {workers} worker(s): results identical to in-process: {same}")
    print(f"{'run':<28} {'seconds':>8} {'scenarios/s':>12}")
    for label, _, secs in rows:
        print(f"{label:<28} {secs:8.2f} {draws / secs:12.0f}")
    print(f"load average after: {os.getloadavg()[0]:.1f} (other work slows every run)")
    if len(rows) == 3:
        print(f"speed-up 2 workers / 1 worker: {rows[1][2] / rows[2][2]:.2f}x")


if __name__ == "__main__":
    main()
