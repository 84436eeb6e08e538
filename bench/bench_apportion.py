"""Benchmark the apportionment library against the issue's targets.

Targets: 435 seats to 50 states in under 10 ms; a sweep over 1,000 house sizes in
under 2 s.  Run: ``python bench/bench_apportion.py`` (with ``src`` importable).
"""

from __future__ import annotations

import csv
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from powershare.apportion import apportion, house_sweep

DATA = Path(__file__).resolve().parents[1] / "tests" / "published" / "apportion"


def _load() -> list[tuple[str, int]]:
    with (DATA / "us_house_2020.csv").open(encoding="utf-8") as fh:
        return [
            (row["state"], int(row["apportionment_population_2020"])) for row in csv.DictReader(fh)
        ]


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    """Print measured times and whether each target is met."""
    states = _load()
    rows = []
    for method in ("huntington-hill", "sainte-lague", "dhondt", "adams", "hare"):
        med, best = _time(lambda m=method: apportion(states, 435, m, min_seats=1), 50)
        rows.append((f"435 seats, 50 states, {method}", med, best, 0.010))
    med, best = _time(
        lambda: house_sweep(states, range(50, 1050), "huntington-hill", min_seats=1), 3
    )
    rows.append(("sweep 1,000 house sizes (50..1049), huntington-hill", med, best, 2.0))
    med, best = _time(lambda: house_sweep(states, range(50, 1050), "hare", min_seats=1), 3)
    rows.append(("sweep 1,000 house sizes (50..1049), hare", med, best, 2.0))
    print(f"{'case':58} {'median':>10} {'best':>10} {'target':>8}  ok")
    for name, med, best, target in rows:
        ok = "yes" if med < target else "NO"
        print(f"{name:58} {med * 1000:8.2f}ms {best * 1000:8.2f}ms {target * 1000:6.0f}ms  {ok}")


if __name__ == "__main__":
    main()
