"""Benchmark powershare against the Python peers ``powerindex``, ``powerindices`` and ``power-bdd``.

    python bench/run.py                 # all games and indices (what `make bench` runs)
    python bench/run.py --quick         # games a and b, Banzhaf only, short limits
    python bench/run.py --games b,c --indices banzhaf --tools ours,powerindex --time-limit 60
    python bench/run.py --scaling       # ours only: the scaling series of bench/bench_scaling.py

The script first makes the benchmark's own environment ``bench/.venv`` (our package, installed
editable, plus the pinned peers of ``bench/requirements-peers.txt``) and re-executes itself there.
Every run of every tool is a separate process (``bench/peers.py``) with a time limit and an
address-space limit, so a peer that hangs, crashes or runs out of memory is reported in its cell
and the benchmark goes on.  For each (game, index, tool) it records the median wall time over
several runs, the peak resident memory of the process (``ru_maxrss``: interpreter and imports
included) and the largest absolute deviation of the peer's values from our exact ones.  It prints
one table per index and writes everything to ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import math
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import harness
import peers
from harness import BenchGame, RepeatPolicy

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
VENV_DIR = BENCH_DIR / ".venv"
REQUIREMENTS = BENCH_DIR / "requirements-peers.txt"
WORKER = BENCH_DIR / "peers.py"
DEFAULT_JSON = BENCH_DIR / "results.json"
BOOTSTRAP_ENV = "POWERSHARE_BENCH_IN_VENV"

#: Seconds allowed on top of the time limit for a worker to start and import its tool.
STARTUP_ALLOWANCE = 30.0


# ---------------------------------------------------------------------------------------------
# The benchmark's own environment


def _venv_python() -> Path:
    return VENV_DIR / "bin" / "python"


def _in_bench_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV_DIR.resolve()


def _install_stamp() -> str:
    digest = hashlib.sha256()
    for path in (REQUIREMENTS, REPO_ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    # A missing README makes the editable install fail: retry once it exists.
    digest.update(b"readme" if (REPO_ROOT / "README.md").exists() else b"no readme")
    return digest.hexdigest()[:16]


def _site_packages(python: Path) -> Path:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    out = subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True)
    return Path(out.stdout.strip())


def ensure_venv() -> Path:
    """Create ``bench/.venv`` if absent and install our package and the peers (when changed)."""
    python = _venv_python()
    if not python.exists():
        print(f"bench: creating {VENV_DIR.relative_to(REPO_ROOT)}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV_DIR)], check=True)
    stamp_file = VENV_DIR / ".bench-installed"
    stamp = _install_stamp()
    if stamp_file.exists() and stamp_file.read_text(encoding="utf-8").strip() == stamp:
        return python
    print("bench: installing powershare and the peers into bench/.venv", file=sys.stderr)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    editable = subprocess.run(
        [*pip, "-e", f"{REPO_ROOT}[fast]", "-r", str(REQUIREMENTS)],
        check=False,
        capture_output=True,
        text=True,
    )
    fallback_pth = _site_packages(python) / "powershare-src.pth"
    if editable.returncode == 0:
        fallback_pth.unlink(missing_ok=True)
        stamp_file.write_text(stamp + "\n", encoding="utf-8")
        return python
    errors = [line for line in editable.stderr.splitlines() if "Error" in line or "error:" in line]
    print("\n".join(errors[-3:]), file=sys.stderr)
    # The package could not be built (e.g. a file named in pyproject.toml is missing): say so,
    # then benchmark the source tree anyway, with its declared dependencies and a .pth file.
    print(
        "bench: WARNING: `pip install -e` of powershare failed (see above); "
        "using src/ through a .pth file instead",
        file=sys.stderr,
    )
    stamp_file.unlink(missing_ok=True)
    with (REPO_ROOT / "pyproject.toml").open("rb") as handle:
        dependencies = tomllib.load(handle)["project"]["dependencies"]
    subprocess.run([*pip, *dependencies, "-r", str(REQUIREMENTS)], check=True)
    fallback_pth.write_text(str(REPO_ROOT / "src") + "\n", encoding="utf-8")
    stamp_file.write_text(stamp + "\n", encoding="utf-8")
    return python


def reexec_in_venv(argv: Sequence[str]) -> None:
    """Replace this process by the same script running in ``bench/.venv``."""
    python = ensure_venv()
    env = dict(os.environ, **{BOOTSTRAP_ENV: "1"})
    os.execve(str(python), [str(python), str(Path(__file__).resolve()), *argv], env)


# ---------------------------------------------------------------------------------------------
# One worker process


@dataclass
class WorkerRun:
    """What one worker process gave back."""

    result: dict[str, Any]
    peak_rss: int | None  # bytes
    timed_out: bool
    wall: float


def _limit_address_space(max_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))


def spawn_worker(
    tool: str, index: str, game_file: Path, workdir: Path, timeout: float, max_bytes: int
) -> WorkerRun:
    """Run ``peers.py`` once; kill its process group after ``timeout`` seconds."""
    out_file = workdir / "result.json"
    out_file.unlink(missing_ok=True)
    cmd = [
        sys.executable, str(WORKER), "--tool", tool, "--index", index,
        "--game", str(game_file), "--out", str(out_file),
    ]  # fmt: skip
    stdout_path, stderr_path = workdir / "stdout.txt", workdir / "stderr.txt"
    start = time.monotonic()
    with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=workdir,
            start_new_session=True,
            preexec_fn=lambda: _limit_address_space(max_bytes),
        )
    timed_out = False
    pause = 0.001
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - start > timeout:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss * 1024  # Linux reports kilobytes
    if timed_out:
        return WorkerRun({"status": "timeout"}, peak, True, wall)
    if out_file.exists():
        try:
            return WorkerRun(json.loads(out_file.read_text(encoding="utf-8")), peak, False, wall)
        except json.JSONDecodeError:
            pass
    code = proc.returncode
    how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
    tail = stderr_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
    detail = f"crashed ({how})" + (f": {tail[0][:200]}" if tail else "")
    return WorkerRun({"status": "error", "detail": detail}, peak, False, wall)


# ---------------------------------------------------------------------------------------------
# One cell of the table: (game, index, tool)


@dataclass
class Cell:
    """Measurements for one tool on one game and index."""

    game: str
    index: str
    tool: str
    status: str = "ok"  # ok | error | timeout | n/a | not available | not installed
    detail: str = ""
    times: list[float] = field(default_factory=list)
    median_seconds: float | None = None
    peak_rss_bytes: int | None = None
    max_deviation: float | None = None
    sum_error: float | None = None
    ratio_to_ours: float | None = None
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """JSON form (deviation ``inf`` as the string ``"inf"``)."""
        data = asdict(self)
        for key in ("max_deviation", "sum_error"):
            value = data[key]
            if value is not None and not math.isfinite(value):
                data[key] = str(value)
        return data


@dataclass
class Settings:
    """Resolved command-line options."""

    time_limit: float
    max_bytes: int
    policy: RepeatPolicy


def measure(
    tool: str, index: str, game: BenchGame, game_file: Path, workdir: Path, settings: Settings
) -> tuple[Cell, list[Any] | None]:
    """Time ``tool`` on ``game`` (several runs) and return the cell and the values of run one."""
    cell = Cell(game=game.key, index=index, tool=tool)
    if not peers.supports(tool, index):
        cell.status, cell.detail = "n/a", f"{tool} does not compute {index}"
        return cell, None
    values: list[Any] | None = None
    planned = 1
    run_no = 0
    while run_no < planned:
        run_no += 1
        run = spawn_worker(
            tool, index, game_file, workdir, settings.time_limit + STARTUP_ALLOWANCE,
            settings.max_bytes,
        )  # fmt: skip
        if run.peak_rss is not None:
            cell.peak_rss_bytes = max(cell.peak_rss_bytes or 0, run.peak_rss)
        result = run.result
        status = result.get("status", "error")
        seconds = result.get("seconds")
        if status == "ok" and seconds is not None and seconds > settings.time_limit:
            status = "timeout"
        if status != "ok":
            if run_no == 1:
                cell.status = status
                cell.detail = str(result.get("detail", ""))
                if status == "timeout":
                    cell.detail = f"> {settings.time_limit:g} s"
                    if seconds is not None:
                        cell.notes.append(f"finished in {seconds:.1f} s, over the limit")
                return cell, None
            cell.notes.append(f"run {run_no}: {status} {result.get('detail', '')}".strip())
            break
        assert seconds is not None
        cell.times.append(float(seconds))
        if run_no == 1:
            values = result.get("values")
            skip = ("status", "seconds", "values")
            cell.extra = {k: v for k, v in result.items() if k not in skip}
            planned = settings.policy.total_runs(float(seconds))
        _progress(f"  {game.key}/{index}/{tool}: run {run_no}/{planned} {seconds:.4g} s")
    cell.median_seconds = harness.median_seconds(cell.times)
    return cell, values


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def compare(cell: Cell, values: list[Any] | None, reference: list[Fraction] | None) -> None:
    """Fill in the deviation of a peer's values from our exact ones."""
    if cell.status != "ok" or values is None:
        return
    floats = [float(v) for v in values]
    if cell.index == "banzhaf" and cell.tool in peers.ABSOLUTE_BANZHAF:
        floats = harness.normalise(floats)
    cell.sum_error = harness.value_sum_error(floats)
    if reference is None:
        cell.notes.append("no exact reference (ours did not run)")
        return
    try:
        cell.max_deviation = harness.max_abs_deviation(floats, reference)
    except ValueError as exc:
        cell.notes.append(str(exc))


def reference_values(cell: Cell, values: list[Any] | None) -> list[Fraction] | None:
    """Our values as exact Fractions, if ours ran and was exact."""
    if cell.status != "ok" or values is None or not cell.extra.get("is_exact", False):
        return None
    exact = [harness.parse_fraction(str(v)) for v in values]
    cell.max_deviation = 0.0
    cell.sum_error = float(abs(sum(exact, Fraction(0)) - 1))
    return exact


# ---------------------------------------------------------------------------------------------
# Output


def game_label(game: BenchGame) -> str:
    """Short row label, e.g. ``"b: n=200, w=1..1000"``."""
    return game.label or game.key


def time_text(cell: Cell) -> str:
    """The time column: the median, or what went wrong."""
    if cell.status == "ok" and cell.median_seconds is not None:
        return harness.format_seconds(cell.median_seconds)
    if cell.status == "timeout":
        return cell.detail
    if cell.status == "error":
        kind = cell.detail.split(":", 1)[0].split(" (", 1)[0]
        return f"error: {kind}"[:40]
    return cell.status


def deviation_text(cell: Cell) -> str:
    """The deviation column (ours: ``exact``)."""
    if cell.status != "ok":
        return "-"
    if cell.tool == "ours":
        return "exact" if cell.extra.get("is_exact") else "approx."
    return harness.format_deviation(cell.max_deviation)


def note_text(cell: Cell) -> str:
    """Method, oddities (values not summing to 1), and notes."""
    notes: list[str] = []
    if cell.tool == "ours" and "method" in cell.extra:
        notes.append(str(cell.extra["method"]))
    if "bdd_nodes" in cell.extra:
        notes.append(f"{cell.extra['bdd_nodes']} BDD nodes")
    if cell.sum_error is not None and cell.tool != "ours" and cell.sum_error > 1e-9:
        notes.append(f"values sum to 1 off by {cell.sum_error:.2g}")
    if cell.status in ("error", "not available", "not installed") and cell.detail:
        notes.append(cell.detail[:160])
    notes.extend(cell.notes)
    return "; ".join(notes)


def render_index_table(index: str, games: list[BenchGame], cells: list[Cell]) -> str:
    """One table for one index: a block of rows per game, ours first."""
    header = ["game", "tool", "time (median)", "runs", "peer/ours", "peak RSS", "max |dev|", "note"]
    rows: list[list[str]] = []
    for game in games:
        block = [c for c in cells if c.game == game.key and c.index == index]
        for i, cell in enumerate(block):
            ran = cell.status in ("ok", "error", "timeout")
            rows.append(
                [
                    game_label(game) if i == 0 else "",
                    cell.tool,
                    time_text(cell),
                    str(len(cell.times)) if cell.times else "-",
                    "" if cell.tool == "ours" else harness.format_ratio(cell.median_seconds,
                                                                        _ours_time(block)),
                    harness.format_bytes(cell.peak_rss_bytes) if ran else "-",
                    deviation_text(cell),
                    note_text(cell),
                ]
            )  # fmt: skip
    title = f"== {harness.INDEX_LABELS.get(index, index)} =="
    return title + "\n" + harness.render_table(header, rows)


def _ours_time(block: list[Cell]) -> float | None:
    for cell in block:
        if cell.tool == "ours" and cell.status == "ok":
            return cell.median_seconds
    return None


def targets_summary(cells: list[Cell]) -> list[str]:
    """The issue's targets, checked on what was measured."""
    lines: list[str] = []
    keys = sorted({(c.index, c.game) for c in cells if c.game != "s"})  # s: smoke test only
    for index, game in keys:
        block = [c for c in cells if c.index == index and c.game == game]
        ours = _ours_time(block)
        timed = [c for c in block if c.tool != "ours" and c.status == "ok" and c.median_seconds]
        if ours is None:
            ours_cell = next((c for c in block if c.tool == "ours"), None)
            if ours_cell is not None:
                lines.append(f"{index:8s} {game}: ours did not finish: {time_text(ours_cell)}")
            continue
        if not timed:
            others = [c for c in block if c.tool != "ours"]
            if others:
                what = "computes it" if all(c.status == "n/a" for c in others) else "finished"
                lines.append(f"{index:8s} {game}: no peer {what}; ours takes "
                             f"{harness.format_seconds(ours)}")  # fmt: skip
            continue
        fastest = min(timed, key=lambda c: c.median_seconds or 0.0)
        assert fastest.median_seconds is not None
        verdict = "yes" if ours < fastest.median_seconds else "NO"
        lines.append(
            f"{index:8s} {game}: faster than the fastest peer ({fastest.tool}, "
            f"{harness.format_seconds(fastest.median_seconds)}): {verdict} "
            f"({harness.format_ratio(fastest.median_seconds, ours)})"
        )
    for cell in cells:
        if cell.tool == "powerindex" and cell.index == "banzhaf" and cell.game in ("b", "c"):
            ours = _ours_time([c for c in cells if c.index == "banzhaf" and c.game == cell.game])
            if ours is None:
                continue
            if cell.status == "ok" and cell.median_seconds is not None:
                ok = cell.median_seconds >= 10 * ours
                ratio = harness.format_ratio(cell.median_seconds, ours)
                lines.append(f"banzhaf  {cell.game}: >= 10x faster than powerindex: "
                             f"{'yes' if ok else 'NO'} ({ratio})")  # fmt: skip
            elif cell.status == "timeout":
                lines.append(f"banzhaf  {cell.game}: >= 10x faster than powerindex: "
                             f"powerindex over the time limit")  # fmt: skip
    heavy = [c for c in cells if c.tool == "ours" and (c.peak_rss_bytes or 0) > 2 * 10**9]
    ours_cells = [c for c in cells if c.tool == "ours" and c.status == "ok"]
    if ours_cells:
        lines.append(
            "memory: ours above 2 GB on "
            + (", ".join(f"{c.index}/{c.game}" for c in heavy) if heavy else "no game")
        )
    return lines


def tool_versions() -> dict[str, str]:
    """Installed versions of ours and the peers (``"not installed"`` if absent)."""
    versions: dict[str, str] = {}
    for tool, dist in peers.DISTRIBUTIONS.items():
        try:
            versions[tool] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[tool] = "not installed"
    if versions["ours"] == "not installed":  # run from src/ through a .pth file
        try:
            import powershare

            versions["ours"] = f"{powershare.__version__} (src)"
        except ImportError:
            pass
    for dist in ("numpy", "gmpy2"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    return versions


# ---------------------------------------------------------------------------------------------
# Command line


def _csv(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [p.strip() for p in text.split(",") if p.strip()]


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse the command line (see the module docstring)."""
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--quick", action="store_true", help="games a,b, Banzhaf, 20 s limit")
    parser.add_argument("--games", help=f"comma-separated from {','.join(harness.GAME_KEYS)}")
    parser.add_argument(
        "--indices", help=f"comma-separated from {','.join(harness.ALL_INDICES)} (or 'all')"
    )
    parser.add_argument("--tools", help=f"comma-separated from {','.join(peers.TOOLS)}")
    parser.add_argument("--time-limit", type=float, help="seconds per run (default 120)")
    parser.add_argument(
        "--memory-limit", type=float, default=8.0, help="GB of address space per run (default 8)"
    )
    parser.add_argument("--max-runs", type=int, help="at most this many timed runs per cell")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write results")
    parser.add_argument(
        "--no-venv", action="store_true", help="run in this interpreter, not bench/.venv"
    )
    args = parser.parse_args(argv)
    indices = _csv(args.indices)
    if indices is None:
        indices = ["banzhaf"] if args.quick else list(harness.ALL_INDICES)
    if "all" in indices:
        indices = list(harness.ALL_INDICES)
    bad = [i for i in indices if i not in harness.ALL_INDICES]
    if bad:
        parser.error(f"unknown index {bad[0]!r}; known: {', '.join(harness.ALL_INDICES)}")
    games = _csv(args.games)
    if games is None and args.quick:
        games = ["a", "b"]
    bad = [g for g in games or [] if g not in harness.GAME_KEYS]
    if bad:
        parser.error(f"unknown game {bad[0]!r}; known: {', '.join(harness.GAME_KEYS)}")
    tools = _csv(args.tools) or list(peers.TOOLS)
    bad = [t for t in tools if t not in peers.TOOLS]
    if bad:
        parser.error(f"unknown tool {bad[0]!r}; known: {', '.join(peers.TOOLS)}")
    if args.time_limit is None:
        args.time_limit = 20.0 if args.quick else 120.0
    if args.max_runs is None and args.quick:
        args.max_runs = 3
    args.indices, args.games, args.tools = indices, games, tools
    return args


def run_benchmark(args: argparse.Namespace) -> dict[str, Any]:
    """Measure every (index, game, tool) asked for; print the tables; return the JSON document."""
    settings = Settings(
        time_limit=args.time_limit,
        max_bytes=int(args.memory_limit * 10**9),
        policy=RepeatPolicy(max_runs=args.max_runs),
    )
    tools: list[str] = args.tools
    cells: list[Cell] = []
    games_used: dict[str, BenchGame] = {}
    tables: list[str] = []
    with tempfile.TemporaryDirectory(prefix="powershare-bench-") as tmp:
        workdir = Path(tmp)
        for index in args.indices:
            game_keys = args.games or list(harness.default_games(index))
            index_games = [games_used.setdefault(k, harness.make_game(k)) for k in game_keys]
            for game in index_games:
                game_file = workdir / f"game_{game.key}.json"
                game_file.write_text(json.dumps(game.to_dict()), encoding="utf-8")
                _progress(f"{harness.INDEX_LABELS[index]}, game {game_label(game)}")
                ours, our_values = measure("ours", index, game, game_file, workdir, settings)
                reference = reference_values(ours, our_values)
                if "ours" in tools:
                    cells.append(ours)
                for tool in tools:
                    if tool == "ours":
                        continue
                    cell, values = measure(tool, index, game, game_file, workdir, settings)
                    compare(cell, values, reference)
                    if cell.median_seconds is not None and ours.median_seconds:
                        cell.ratio_to_ours = cell.median_seconds / ours.median_seconds
                    cells.append(cell)
            tables.append(render_index_table(index, index_games, cells))
    versions = tool_versions()
    print()
    print("powershare benchmark: median wall time per run (tool's own call, no process start);")
    print(f"time limit {args.time_limit:g} s per run, peak RSS includes interpreter and imports.")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    for table in tables:
        print()
        print(table)
    summary = targets_summary(cells)
    if summary:
        print()
        print("targets:")
        for line in summary:
            print("  " + line)
    return {
        "meta": {
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "versions": versions,
            "time_limit_seconds": args.time_limit,
            "memory_limit_bytes": settings.max_bytes,
            "argv": sys.argv[1:],
        },
        "games": {
            k: {"title": g.title, "n": g.n, "quota": g.quota, "total_weight": g.total_weight}
            for k, g in games_used.items()
        },
        "results": [c.to_json() for c in cells],
        "targets": summary,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: set up ``bench/.venv`` if needed, then run the benchmark there."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--scaling" in argv:  # no peers: runs in this interpreter; options go to bench_scaling
        import bench_scaling

        return bench_scaling.main([a for a in argv if a != "--scaling"])
    args = parse_args(argv)
    if not args.no_venv and not _in_bench_venv():
        if os.environ.get(BOOTSTRAP_ENV):
            print("bench: re-executed but not inside bench/.venv; giving up", file=sys.stderr)
            return 2
        reexec_in_venv(argv)
    document = run_benchmark(args)
    args.json.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"\nresults written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
