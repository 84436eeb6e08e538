"""Benchmark the power-sharing audit against the issue's targets.

Targets: the full Afghanistan audit (every section, HTML with plots) in under 10 s; the EU
Council audit in under 20 s.  Each case is timed in a fresh Python process, so imports
(numpy, matplotlib) are included, as a user running ``powershare audit`` would see them.
Run: ``python bench/bench_audit.py`` (with ``src`` importable).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = (
    ("afghanistan", 10.0),
    ("eu-council-lisbon", 20.0),
    ("afghanistan-council-illustrative", 10.0),
    ("us-electoral-college-2024", 20.0),
)

SCRIPT = """
import sys
from powershare.audit import audit, load_audit_scenario
from powershare.audit.report_html import to_html
result = audit(load_audit_scenario(sys.argv[1]))
open(sys.argv[2], "w", encoding="utf-8").write(to_html(result))
"""


def _run(name: str, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", SCRIPT, name, str(out)], check=True)
    return time.perf_counter() - start


def main() -> None:
    """Print the time of each full audit (median of 3 runs) and whether the target is met."""
    print(
        f"{'audit (all sections, HTML with plots)':40} {'median':>9} {'best':>9} {'target':>7}  ok"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, target in CASES:
            out = Path(tmp) / f"{name}.html"
            times = sorted(_run(name, out) for _ in range(3))
            med = times[1]
            ok = "yes" if med < target else "NO"
            size = out.stat().st_size / 1e3
            print(f"{name:40} {med:8.2f}s {times[0]:8.2f}s {target:6.0f}s  {ok}  ({size:.0f} kB)")


if __name__ == "__main__":
    main()
