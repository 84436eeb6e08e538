"""Targets of the coalition-based indices on compound rules (issue 19, item 3).

Holler, absolute PGI, Deegan-Packel and Johnston, exact, on

* the EU Council (Lisbon double majority, 27 members; target: each under 1 s), counted on the
  decision diagram (:mod:`powershare.power.compound.minimal`, ``complete``), and
* US federal lawmaking (537 members; target: each under 30 s), with the method ``auto`` picks
  (symmetric classes) and on the decision diagram itself;

and, without a target, the two indices by coalition size now counted on compound rules too
(Public Help xi, Coleman-Shapley) on the EU Council.

Each line is one ``power(game, index, method=...)`` call in this process, after one warm-up
call that loads the dataset (the diagrams are cached per rule, so the first index of a rule
pays for building them).  ``--fresh`` clears the caches before every call.

Run: ``.venv/bin/python bench/bench_compound_mwc.py [--fresh]``.
"""

from __future__ import annotations

import sys
import time

from powershare.datasets import load
from powershare.power import power
from powershare.power.compound.minimal import critical_diagram, mwc_diagram

INDICES = ("holler", "holler_absolute", "deegan_packel", "johnston")
BY_SIZE = ("public_help_xi", "coleman_shapley")
CASES = (
    ("eu-council-lisbon", "auto", INDICES, 1.0),
    ("us-federal-lawmaking", "auto", INDICES, 30.0),
    ("us-federal-lawmaking", "decision-diagram", INDICES, 30.0),
    ("eu-council-lisbon", "auto", BY_SIZE, float("inf")),
)


def main(fresh: bool) -> int:
    failed = 0
    print(f"{'rule':<22} {'method':<18} {'index':<16} {'chosen':<18} {'seconds':>8}  target")
    for name, method, indices, target in CASES:
        game = load(name).game
        for index in indices:
            if fresh:
                mwc_diagram.cache_clear()
                critical_diagram.cache_clear()
            if method == "decision-diagram" and index == "johnston":
                print(f"{name:<22} {method:<18} {index:<16} {'(not complete)':<18} {'-':>8}")
                continue
            start = time.perf_counter()
            result = power(game, index, method=method)
            seconds = time.perf_counter() - start
            ok = seconds < target
            failed += not ok
            print(
                f"{name:<22} {method:<18} {index:<16} {result.method:<18} {seconds:8.2f}  "
                f"< {target:g} s {'ok' if ok else 'MISSED'}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main("--fresh" in sys.argv[1:]))
