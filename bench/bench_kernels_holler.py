"""Holler (public good index) and Banzhaf on large weighted games: the kernels, before and after.

Holler needs, per member, the minimal winning coalitions containing it and their total
(``mwc_total``).  *After*: :func:`powershare.power.kernels.mwc_members.mwc_members` (no size
dimension).  *Before*: the sized table :func:`powershare.power.mwc.coalitions_by_size` with
``kind="mwc"``, summed over the sizes (what Holler used until issue 19).  Both run in the same
invocation, each in a fresh process with a time limit, so the peak RSS (``ru_maxrss``) is its
own; the two results are checked to be equal when both finish.

Games: (a) US Electoral College 2024 (the shipped dataset ``us-electoral-college-2024``);
(b) 200 members, weights uniform on 1..1000, ``numpy.random.default_rng(2024)``; (c) 1,000
members, weights 1..100, ``default_rng(2025)``; (e) 1,000 members, weights 1..1000,
``default_rng(2024)``; quota ``floor(W / 2) + 1``.  Banzhaf: 200 members with weights up to
``10^2 .. 10^5`` (``default_rng(2024)``), each swing kernel and the one ``auto`` picks, and
the multi-modular kernel as it was at ``--before`` (a git revision, default ``HEAD``: the file
``swings_modular.py`` of that revision, loaded in the child).

EPIC (Kurz 2016; C++, GMP) is not installed here: the ratio column uses its figures published
in issue 19, measured on this machine as whole processes (Holler: 0.41 s for (b), 1.55 s for
1,000 members with weights 1..100, i.e. (c)).

Usage::

    python bench/bench_kernels_holler.py                    # everything, old path limited to 60 s
    python bench/bench_kernels_holler.py --cases a,b --old-limit 30 --banzhaf 2,3
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
MODULAR = "src/powershare/power/kernels/swings_modular.py"
EPIC_HOLLER = {"b": 0.41, "c": 1.55}  # seconds, whole process (issue 19)
RANDOM_GAMES = {"b": (200, 1000, 2024), "c": (1000, 100, 2025), "e": (1000, 1000, 2024)}


def game(case: str) -> tuple[list[int], int, str]:
    """``(weights, quota, title)`` of a Holler case, or ``"w<k>"``: Banzhaf, weights to 10^k."""
    if case == "a":
        from powershare.datasets import game_from_spec
        from powershare.games.weighted import WeightedGame

        g = game_from_spec("us-electoral-college-2024")
        assert isinstance(g, WeightedGame)
        return [int(w) for w in g.weights], int(g.quota), "US Electoral College 2024"
    if case.startswith("w"):
        n, top, seed = 200, 10 ** int(case[1:]), 2024
    else:
        n, top, seed = RANDOM_GAMES[case]
    weights = [int(w) for w in np.random.default_rng(seed).integers(1, top + 1, size=n)]
    return weights, sum(weights) // 2 + 1, f"n={n}, w=1..{top}"


def _module_at(revision: str, path: str) -> types.ModuleType:
    """The module ``path`` as it was at a git revision (for the "before" column)."""
    shown = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:{path}"],
        capture_output=True,
        text=True,
        check=True,
    )
    module = types.ModuleType(f"before_{Path(path).stem}")
    exec(compile(shown.stdout, f"{revision}:{path}", "exec"), module.__dict__)
    return module


def _child(case: str, kind: str) -> None:
    """Run one measurement in this process and print it as JSON."""
    sys.path.insert(0, str(SRC))
    from powershare.power import mwc
    from powershare.power.kernels import cost
    from powershare.power.kernels._game import prepare_equivalent
    from powershare.power.kernels.mwc_members import estimate_mwc_members, mwc_members
    from powershare.power.kernels.swings import swing_counts, swing_counts_by_class
    from powershare.power.kernels.swings_modular import swing_counts_by_class_modular

    weights, quota, _ = game(case)
    idle = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    estimate: tuple[float, int] | None = None
    wall, cpu = time.perf_counter(), time.process_time()
    if kind == "new":
        result: object = mwc_members(weights, quota)
        estimate = estimate_mwc_members(weights, quota)
    elif kind == "old":
        by_weight, _ = mwc.coalitions_by_size(weights, quota, "mwc")
        per = [sum(by_weight[w]) if w in by_weight else 0 for w in weights]
        result = (per, mwc.mwc_total(by_weight, weights))
        estimate = mwc.estimate_by_size(weights, quota, "mwc")
    elif kind == "auto":
        result = swing_counts(weights, quota)
        kind = "auto: " + cost.swing_kernel(prepare_equivalent(weights, quota))
        estimate = cost.estimate_swings(weights, quota)
    elif kind.startswith("before="):
        before = _module_at(kind.split("=", 1)[1], MODULAR)
        result = sorted(
            before.swing_counts_by_class_modular(prepare_equivalent(weights, quota)).items()
        )
    else:
        prepared = prepare_equivalent(weights, quota)
        fn = swing_counts_by_class_modular if kind == "modular" else swing_counts_by_class
        result = sorted(fn(prepared).items())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    digest = hashlib.sha256(repr(result).encode()).hexdigest()[:12]
    print(
        json.dumps(
            {
                "kind": kind,
                "wall": wall,
                "cpu": cpu,
                "rss_mb": peak / 1e3,
                "extra_mb": (peak - idle) / 1e3,
                "estimate": estimate,
                "digest": digest,
            }
        )
    )


def measure(case: str, kind: str, limit: float) -> dict[str, object]:
    """One measurement in a fresh process; ``{"timeout": limit}`` past the limit."""
    cmd = [sys.executable, __file__, "--child", case, kind]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return {"kind": kind, "timeout": limit}
    if done.returncode != 0:
        return {"kind": kind, "error": done.stderr.strip().splitlines()[-1:]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _cell(run: dict[str, object]) -> str:
    if "timeout" in run:
        return f"> {run['timeout']:.0f} s (stopped)"
    if "error" in run:
        return f"error: {run['error']}"
    return (
        f"{run['wall']:7.3f} s wall {run['cpu']:7.3f} s CPU "
        f"{run['rss_mb']:6.0f} MB RSS (+{run['extra_mb']:.0f})"
    )


def holler(cases: list[str], old_limit: float) -> None:
    print("Holler: minimal winning coalitions per member and in total")
    for case in cases:
        _, quota, title = game(case)
        new = measure(case, "new", 1800)
        old = measure(case, "old", old_limit)
        print(f"  ({case}) {title}, q={quota}")
        print(f"      after  {_cell(new)}   estimate {new.get('estimate')}")
        print(f"      before {_cell(old)}")
        if "cpu" in new:
            if "cpu" in old:
                agree = "equal" if old["digest"] == new["digest"] else "DIFFERENT"
                ratio = float(str(old["cpu"])) / max(float(str(new["cpu"])), 1e-9)
                print(f"      before/after CPU: {ratio:.1f}x; results {agree}")
            elif "timeout" in old:
                print(f"      before/after CPU: > {old_limit / float(str(new['cpu'])):.1f}x")
            if case in EPIC_HOLLER:
                epic = EPIC_HOLLER[case]
                print(
                    f"      EPIC (published, whole process) {epic} s: EPIC/after wall "
                    f"{epic / float(str(new['wall'])):.1f}x, EPIC/after CPU "
                    f"{epic / float(str(new['cpu'])):.1f}x"
                )


def banzhaf(exponents: list[str], revision: str) -> None:
    print(f"Banzhaf swings: 200 members, weights up to 10^k (before: {MODULAR} at {revision})")
    for k in exponents:
        case = f"w{k}"
        _, quota, title = game(case)
        print(f"  {title}, q={quota}")
        runs = {}
        for kind in ("auto", "modular", f"before={revision}", "gmp"):
            runs[kind] = run = measure(case, kind, 300)
            print(f"      {run.get('kind', kind)!s:18s} {_cell(run)}")
        after, before = runs["modular"], runs[f"before={revision}"]
        if "cpu" in after and "cpu" in before:
            agree = "equal" if after["digest"] == before["digest"] else "DIFFERENT"
            ratio = float(str(before["cpu"])) / max(float(str(after["cpu"])), 1e-9)
            print(f"      modular before/after CPU: {ratio:.2f}x; results {agree}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default="a,b,c,e", help="Holler games (a, b, c, e)")
    parser.add_argument("--old-limit", type=float, default=60.0, help="seconds for the old path")
    parser.add_argument("--banzhaf", default="2,3,4,5", help="exponents k of 10^k ('' for none)")
    parser.add_argument("--before", default="HEAD", help="git revision of the 'before' kernel")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    cases = [c for c in args.cases.split(",") if c]
    if cases:
        holler(cases, args.old_limit)
    exponents = [k for k in args.banzhaf.split(",") if k]
    if exponents:
        banzhaf(exponents, args.before)


if __name__ == "__main__":
    main()
