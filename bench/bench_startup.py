"""Start-up of the command line against a bare interpreter, in the same run.

Target (issue 16): ``powershare --help`` and ``powershare power eec-1958`` each within 0.3 s of
``python -c "import sys"``.  Every run is a fresh process; the three commands take turns (so a
busy machine slows them alike) and the median of ``--runs`` runs is compared.  Wall time is what
the user waits; CPU time (user + system, from ``wait4``) is less disturbed by other processes.

    python bench/bench_startup.py               # 21 runs each
    python bench/bench_startup.py --runs 51 --imports   # and where the imports' time goes

Run it with the project's interpreter (``.venv/bin/python``): the ``powershare`` script next to
it is measured.  The commands run as after an install, with byte-code caches: the warm-up run
writes them even where ``PYTHONDONTWRITEBYTECODE`` is set (else every run compiles every module).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

TARGET_SECONDS = 0.3

_SCRIPT = Path(sys.executable).with_name("powershare")
_CLI = (
    [str(_SCRIPT)]
    if _SCRIPT.exists()
    else [sys.executable, "-c", "import sys; from powershare.cli import main; sys.exit(main())"]
)

COMMANDS: dict[str, list[str]] = {
    'python -c "import sys"': [sys.executable, "-c", "import sys"],
    "powershare --help": [*_CLI, "--help"],
    "powershare power eec-1958": [*_CLI, "power", "eec-1958"],
}
BASELINE = 'python -c "import sys"'
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(argv: Sequence[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run; output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with exit code {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(runs: int) -> dict[str, tuple[list[float], list[float]]]:
    """``runs`` runs of each command, taking turns, after one warm-up run each."""
    times: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in COMMANDS}
    for argv in COMMANDS.values():
        run_once(argv)  # warm the file cache and the byte-code
    for _ in range(runs):
        for key, argv in COMMANDS.items():
            wall, cpu = run_once(argv)
            times[key][0].append(wall)
            times[key][1].append(cpu)
    return times


def _import_times(argv: Sequence[str]) -> list[tuple[str, int, int]]:
    """``(module, self microseconds, cumulative microseconds)`` of every import of the command
    (``python -X importtime``), indented names stripped."""
    command = list(argv)
    if command[0] != sys.executable:  # the script: run its code under -X importtime
        code = "import sys; from powershare.cli import main; sys.argv[0] = 'powershare'; main()"
        command = [sys.executable, "-X", "importtime", "-c", code, *command[1:]]
    else:
        command = [sys.executable, "-X", "importtime", *command[1:]]
    err = subprocess.run(command, capture_output=True, text=True, check=False, env=ENV).stderr
    found: list[tuple[str, int, int]] = []
    for line in err.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|")
        found.append((name, int(own), int(cumulative)))
    return found


def slowest_imports(argv: Sequence[str], count: int = 8) -> list[tuple[str, float]]:
    """The top-level imports with the largest cumulative time (``python -X importtime``)."""
    found = [
        (name.strip(), cumulative / 1e6)
        for name, _, cumulative in _import_times(argv)
        if not name.startswith("  ")  # top level only (children are indented)
    ]
    return sorted(found, key=lambda item: -item[1])[:count]


def import_groups(argv: Sequence[str], count: int = 8) -> list[tuple[str, float]]:
    """Import self-time summed by distribution (``numpy``, ``pydantic``...) and, for this
    package, by subpackage (``powershare.power``): where the start-up goes, largest first."""
    groups: dict[str, float] = {}
    for name, own, _ in _import_times(argv):
        parts = name.strip().split(".")
        key = ".".join(parts[:2]) if parts[0] == "powershare" else parts[0].lstrip("_")
        groups[key] = groups.get(key, 0.0) + own / 1e6
    return sorted(groups.items(), key=lambda item: -item[1])[:count]


def report(times: dict[str, tuple[list[float], list[float]]]) -> bool:
    """Print the table; whether every command meets the target (median wall time)."""
    base_wall = statistics.median(times[BASELINE][0])
    base_cpu = statistics.median(times[BASELINE][1])
    print(f"{'command':28} {'median':>8} {'min':>8} {'cpu':>8} {'- python':>9} {'ratio':>7}")
    ok = True
    for key, (walls, cpus) in times.items():
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        extra = wall - base_wall
        line = (
            f"{key:28} {wall:8.3f} {min(walls):8.3f} {cpu:8.3f} {extra:+9.3f} "
            f"{wall / base_wall:7.1f}"
        )
        if key != BASELINE:
            meets = extra <= TARGET_SECONDS
            ok = ok and meets
            line += f"  {'ok' if meets else 'OVER'} (target +{TARGET_SECONDS} s; cpu "
            line += f"{cpu - base_cpu:+.3f})"
        print(line)
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print; exit 1 when a command misses the target with ``--check``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each command (median)")
    parser.add_argument("--imports", action="store_true", help="show the slowest imports")
    parser.add_argument("--check", action="store_true", help="exit 1 when over the target")
    args = parser.parse_args(argv)
    print(f"{args.runs} runs each, seconds; {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.1f}")
    ok = report(measure(args.runs))
    if args.imports:
        for key, command in COMMANDS.items():
            if key == BASELINE:
                continue
            print(f"\nslowest top-level imports of {key}:")
            for name, seconds in slowest_imports(command):
                print(f"  {seconds:7.3f}  {name}")
            print(f"import self-time by distribution of {key}:")
            for name, seconds in import_groups(command):
                print(f"  {seconds:7.3f}  {name}")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
