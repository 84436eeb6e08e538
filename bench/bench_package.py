"""Benchmark: a package of 5 institutions and 4 issue areas over 10 parties, every index.

Run: ``.venv/bin/python bench/bench_package.py`` (target: under 2 s on 2 cores).
"""

from __future__ import annotations

import time

from powershare.packages import analyse, package_from_mapping

PARTIES = [f"P{k}" for k in range(1, 11)]
SEATS = [23, 19, 15, 12, 9, 8, 6, 4, 3, 1]


def build() -> dict[str, object]:
    members = [{"name": p, "seats": s, "side": "L" if k % 2 else "R"}
               for k, (p, s) in enumerate(zip(PARTIES, SEATS, strict=True))]  # fmt: skip
    majority = {"type": "weighted", "weight": "seats", "quota": "majority"}
    return {
        "package": {
            "name": "bench",
            "parties": [{"name": p, "seats": s} for p, s in zip(PARTIES, SEATS, strict=True)],
            "areas": [{"name": a} for a in ("laws", "budget", "treaties", "executive")],
            "institutions": [
                {"name": "Lower", "members": members, "rule": majority,
                 "decides": ["laws", "budget", "treaties"]},
                {"name": "Upper", "members": [{"name": p, "seats": 1} for p in PARTIES],
                 "rule": {"type": "weighted", "weight": "seats", "quota": "2/3"},
                 "decides": ["laws", "treaties"]},
                {"name": "Communities", "members": members,
                 "rule": {"type": "bloc_consent", "group_by": "side", "bloc_rule": majority},
                 "decides": ["budget"]},
                {"name": "Presidency", "members": [{"name": "Chair", "party": "P1"},
                  {"name": "Deputy", "party": "P2"}, {"name": "Third", "party": "P3"}],
                 "rule": {"type": "at_least", "count": 2}, "decides": ["treaties", "executive"],
                 "rotation": {"holders": ["P1", "P2", "P3"]}},
                {"name": "Cabinet", "cabinet": "Ministries", "rule": majority,
                 "decides": ["executive", "budget"]},
            ],
            "cabinets": [{"name": "Ministries", "from": "Lower", "method": "dhondt",
                          "portfolios": [f"M{k}" for k in range(12)]}],
        }
    }  # fmt: skip


def main() -> None:
    package = package_from_mapping(build(), source="bench")
    start = time.perf_counter()
    result = analyse(package, "all")
    seconds = time.perf_counter() - start
    print(f"package: 5 institutions, 4 areas, 10 parties, {len(result.indices)} indices "
          f"({', '.join(result.indices)}): {seconds:.2f} s (target < 2 s)")  # fmt: skip


if __name__ == "__main__":
    main()
