"""Scaling series of the exact Banzhaf and Shapley-Shubik counts, with fitted growth exponents.

Two series, each for Banzhaf (swings) and Shapley-Shubik (pivots), weights uniform from
``numpy.random.default_rng(seed)`` and quota ``floor(W/2) + 1`` (``bench/harness.random_game``):

* **members**: ``n = 200, 400, 800, 1600``, weights ``1..100`` (seed 2025);
* **weights**: ``n = 200``, weights ``1..10^2``, ``1..10^3``, ``1..10^4``, ``1..10^5`` (seed 2024).

Each case runs in a fresh process with a timeout: ``power(game, index)`` with ``method="auto"``,
timed around the call after the chosen method has counted a 3-member game once (its imports
and compiled loops loaded: the ``load`` column), so the series shows how the work grows; peak
RSS is the process's, interpreter and imports included.  A case
whose cost-model estimate exceeds ``--bound`` seconds or ``--memory`` GB is skipped, and the
table says so with the estimate.  Below each series, the growth exponent ``b`` of
``time ~ x^b`` fitted by least squares on ``log time`` against ``log x`` over the cases that
ran (``x = n`` or the largest weight), for the wall time and for the CPU time (less disturbed
by other processes on a shared machine).  Usage::

    python bench/bench_scaling.py                     # about 3 minutes: cases estimated <= 45 s
    python bench/bench_scaling.py --bound 600         # everything (n = 1600 Shapley-Shubik too)
    python bench/bench_scaling.py --series members --indices shapley --json scaling.json
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

import harness

SERIES: dict[str, tuple[str, list[tuple[int, int, int]]]] = {
    # name: (what x is, [(n, largest weight, seed), ...])
    "members": ("n", [(n, 100, 2025) for n in (200, 400, 800, 1600)]),
    "weights": ("max weight", [(200, 10**e, 2024) for e in (2, 3, 4, 5)]),
}
INDICES = ("shapley", "banzhaf")
QUANTITY = {"shapley": "pivots", "banzhaf": "swings"}


@dataclass
class Case:
    """One measured (or skipped) case."""

    series: str
    index: str
    n: int
    top: int
    seed: int
    status: str = "ok"  # ok | skipped | timeout | error
    method: str = ""
    estimate_seconds: float | None = None
    estimate_bytes: int | None = None
    seconds: float | None = None
    cpu_seconds: float | None = None
    peak_rss_bytes: int | None = None
    load_seconds: float | None = None
    detail: str = ""

    @property
    def x(self) -> int:
        """The series' variable: the number of members or the largest weight."""
        return self.n if self.series == "members" else self.top


def _game(n: int, top: int, seed: int) -> Any:
    from powershare.games.weighted import WeightedGame

    bench = harness.random_game("x", n, top, seed)
    return WeightedGame(bench.quota, list(bench.weights))


def _unlimited() -> Any:
    from powershare.power.registry import Limits

    return Limits(max_seconds=1e12, max_bytes=2**62)


def estimate(case: Case) -> None:
    """Fill in the method ``auto`` would pick and its estimate (no counting)."""
    from powershare.power import registry

    method, est = registry.choose(
        _game(case.n, case.top, case.seed), QUANTITY[case.index], limits=_unlimited()
    )
    case.method, case.estimate_seconds, case.estimate_bytes = method.name, est.seconds, est.bytes


def child(index: str, n: int, top: int, seed: int) -> None:
    """Run one case in this process and print its measurements as JSON."""
    from fractions import Fraction

    from powershare.games.weighted import WeightedGame
    from powershare.power import power, registry

    game = _game(n, top, seed)
    method, _ = registry.choose(game, QUANTITY[index], limits=_unlimited())
    start = time.perf_counter()
    method.count(WeightedGame(2, [1, 1, 1]), QUANTITY[index])  # imports, compiled loops
    load = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    result = power(game, index, limits=_unlimited())
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert result.exact is not None and sum(result.exact, Fraction(0)) == 1  # exact and efficient
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out = {"seconds": seconds, "cpu": cpu, "method": result.method, "rss": rss, "load": load}
    print(json.dumps(out))


def run_case(case: Case, timeout: float) -> None:
    """Measure ``case`` in a subprocess, killed after ``timeout`` seconds."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", case.index]
    cmd += [str(case.n), str(case.top), str(case.seed)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        case.status, case.detail = "timeout", f"> {timeout:g} s"
        return
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        case.status, case.detail = "error", tail[0][:160]
        return
    data = json.loads(lines[-1])
    case.seconds, case.cpu_seconds = data["seconds"], data["cpu"]
    case.method, case.peak_rss_bytes = data["method"], data["rss"]
    case.load_seconds = data["load"]


def exponent(cases: Sequence[Case], cpu: bool = False) -> float | None:
    """Least-squares slope of ``log seconds`` (wall, or CPU) on ``log x`` over the cases that
    ran; ``None`` below two cases."""
    ran = [c for c in cases if c.status == "ok" and c.seconds]
    if len(ran) < 2:
        return None
    xs = np.log([c.x for c in ran])
    ys = np.log([max((c.cpu_seconds if cpu else c.seconds) or 0.0, 1e-6) for c in ran])
    return float(np.polyfit(xs, ys, 1)[0])


def _row(case: Case) -> list[str]:
    est = "-" if case.estimate_seconds is None else harness.format_seconds(case.estimate_seconds)
    est_mem = "-" if case.estimate_bytes is None else harness.format_bytes(case.estimate_bytes)
    if case.status == "ok":
        took = harness.format_seconds(case.seconds or 0.0)
        cpu = harness.format_seconds(case.cpu_seconds or 0.0)
        rss = harness.format_bytes(case.peak_rss_bytes)
        load = harness.format_seconds(case.load_seconds or 0.0)
    else:
        took, cpu, rss, load = case.status, "-", "-", "-"
    return [case.index, str(case.n), f"1..{case.top}", case.method, est, est_mem, took, cpu, rss,
            load, case.detail]  # fmt: skip


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--bound", type=float, default=45.0, help="skip cases estimated longer")
    parser.add_argument(
        "--memory", type=float, default=3.0, help="skip cases estimated larger (GB)"
    )
    parser.add_argument("--series", default=",".join(SERIES), help="members,weights")
    parser.add_argument("--indices", default=",".join(INDICES), help="shapley,banzhaf")
    parser.add_argument("--json", type=Path, help="also write the cases here")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the series asked for, print one table per series and the fitted exponents."""
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.child:
        index, n, top, seed = args.child
        child(index, int(n), int(top), int(seed))
        return 0
    cases: list[Case] = []
    started = time.monotonic()
    for series in args.series.split(","):
        variable, points = SERIES[series]
        print(f"\n== {series} series (x = {variable}) ==", flush=True)
        header = ["index", "n", "weights", "method", "estimate", "est. memory", "time", "cpu",
                  "peak RSS", "load", "note"]  # fmt: skip
        rows: list[list[str]] = []
        fits: list[str] = []
        for index in args.indices.split(","):
            block = [Case(series, index, n, top, seed) for n, top, seed in points]
            for case in block:
                estimate(case)
                est_s, est_b = case.estimate_seconds or 0.0, case.estimate_bytes or 0
                if est_s > args.bound or est_b > args.memory * 10**9:
                    case.status = "skipped"
                    case.detail = (
                        f"estimate past --bound {args.bound:g} s / --memory {args.memory:g} GB"
                    )
                else:
                    run_case(case, timeout=max(60.0, 3 * est_s + 30))
                rows.append(_row(case))
                print("  " + "  ".join(rows[-1]).rstrip(), file=sys.stderr, flush=True)
            b, b_cpu = exponent(block), exponent(block, cpu=True)
            ran = sum(c.status == "ok" for c in block)
            if b is None or b_cpu is None:
                fits.append(f"{index}: fewer than 2 cases ran, no fit")
            else:
                fits.append(f"{index}: time ~ {variable}^{b:.2f}, cpu ~ {variable}^{b_cpu:.2f} "
                            f"(least squares, {ran} cases)")  # fmt: skip
            cases.extend(block)
        print(harness.render_table(header, rows))
        for line in fits:
            print("  growth exponent, " + line)
    print(f"\n(total {time.monotonic() - started:.0f} s; machine load affects every figure)")
    if args.json:
        args.json.write_text(json.dumps([asdict(c) for c in cases], indent=1) + "\n")
    return 0 if all(c.status in ("ok", "skipped") for c in cases) else 1


if __name__ == "__main__":
    sys.exit(main())
