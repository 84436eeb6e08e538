"""Timing and memory of the exact weighted-game kernels on the benchmark games.

Games: (a) US Electoral College 2024 (51 members, 538 votes, quota 270); (b) n = 200 weights
uniform in 1..1000 (``numpy.random.default_rng(2024)``), quota ``floor(W/2) + 1``; (c) n = 1000
weights uniform in 1..100 (same seed), quota ``floor(W/2) + 1``.

Each (game, kernel) runs in a fresh subprocess so its peak RSS is its own; the table gives the
median and minimum wall time of warm runs, the CPU time of the median run, peak RSS, and the
cost model's estimate.  Usage::

    python bench/kernels_profile.py                 # everything but Shapley-Shubik on (c)
    python bench/kernels_profile.py --all           # include SS (c) (minutes)
    python bench/kernels_profile.py --case c --kernel pivots --repeat 1
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from math import factorial

import numpy as np

EC_2024 = [
    9, 3, 11, 6, 54, 10, 7, 3, 3, 30, 16, 4, 4, 19, 11, 6, 6, 8, 8, 4, 10, 11, 15, 10, 6, 10,
    4, 5, 6, 4, 14, 5, 28, 16, 3, 17, 7, 8, 19, 4, 9, 3, 11, 40, 6, 3, 13, 12, 4, 10, 3,
]  # fmt: skip


def game(case: str) -> tuple[list[int], int]:
    """The benchmark game ``(weights, quota)`` for case ``a``, ``b`` or ``c``."""
    if case == "a":
        assert len(EC_2024) == 51 and sum(EC_2024) == 538
        return EC_2024, 270
    n, top = (200, 1000) if case == "b" else (1000, 100)
    weights = [int(w) for w in np.random.default_rng(2024).integers(1, top + 1, size=n)]
    return weights, sum(weights) // 2 + 1


def _child(case: str, kernel: str, repeat: int) -> None:
    from powershare.power.kernels import cost
    from powershare.power.kernels.pivots import pivot_counts
    from powershare.power.kernels.swings import swing_counts

    weights, quota = game(case)
    fn = swing_counts if kernel == "swings" else pivot_counts
    est = (cost.estimate_swings if kernel == "swings" else cost.estimate_pivots)(weights, quota)
    walls, cpus = [], []
    result: list[int] = []
    fn(weights, quota) if kernel == "swings" else None  # warm-up (imports, caches)
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn(weights, quota)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    if kernel == "pivots":
        assert sum(result) == factorial(len(weights))  # efficiency: a free exactness check
    order = sorted(range(repeat), key=walls.__getitem__)
    mid = order[len(order) // 2]
    print(
        json.dumps(
            {
                "case": case,
                "kernel": kernel,
                "median_s": statistics.median(walls),
                "min_s": min(walls),
                "cpu_s": cpus[mid],
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "est_s": est[0],
                "est_mb": est[1] / 2**20,
                "bits": max(result).bit_length(),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=["a", "b", "c"], action="append")
    parser.add_argument("--kernel", choices=["swings", "pivots"], action="append")
    parser.add_argument("--repeat", type=int, default=0, help="runs per cell (default: auto)")
    parser.add_argument("--all", action="store_true", help="include Shapley-Shubik on (c)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.case[0], args.kernel[0], args.repeat)
        return
    rows = []
    for kernel in args.kernel or ["swings", "pivots"]:
        for case in args.case or ["a", "b", "c"]:
            if kernel == "pivots" and case == "c" and not (args.all or args.case):
                continue
            repeat = args.repeat or (7 if kernel == "swings" else (5 if case == "a" else 1))
            cmd = [sys.executable, __file__, "--child", "--case", case, "--kernel", kernel]
            out = subprocess.run(
                [*cmd, "--repeat", str(repeat)], capture_output=True, text=True, check=True
            )
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
            r = rows[-1]
            print(
                f"{r['kernel']:7s} ({r['case']})  median {r['median_s']:9.4f} s  "
                f"min {r['min_s']:9.4f} s  cpu {r['cpu_s']:9.4f} s  "
                f"rss {r['rss_mb']:7.1f} MB  estimate {r['est_s']:9.3f} s "
                f"{r['est_mb']:8.1f} MB  ({r['bits']}-bit counts)",
                flush=True,
            )


if __name__ == "__main__":
    main()
