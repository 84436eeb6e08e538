"""Load test of the web app's live update: 20 concurrent clients editing a 51-member body.

Starts ``powershare.web`` under uvicorn in a separate process on a free loopback port, then runs
N clients (asyncio + httpx) that each, in a loop, change one weight of the US Electoral College
(51 members), POST ``/api/power`` as the page does (Banzhaf and Shapley-Shubik, exact) and wait
for the answer, then pause for the page's typing pause (``--think``; the page debounces edits by
180 ms).  Prints p50/p95/p99 latency and throughput; ``--think 0`` is a saturation test.

Target (issue 8): p95 < 150 ms with 20 concurrent clients.

Usage::

    .venv/bin/python bench/bench_web_load.py [--clients 20] [--seconds 20] [--think 0.25]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

import httpx

SERVER = """
import sys, uvicorn
from powershare.web import Settings, create_app
app = create_app(sys.argv[1], settings=Settings(max_seconds=10, processes=int(sys.argv[3])))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


async def client(
    base: str,
    scenario: dict[str, Any],
    indices: list[str],
    until: float,
    warm_until: float,
    think: float,
    method: str,
    seed: int,
    latencies: list[float],
    errors: list[str],
) -> None:
    rng = random.Random(seed)
    members = [dict(m) for m in scenario["members"]]
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        await asyncio.sleep(rng.random() * max(think, 0.05))  # stagger the start
        while time.perf_counter() < until:
            i = rng.randrange(len(members))
            members[i]["weight"] = max(1, int(members[i]["weight"]) + rng.choice((-1, 1)))
            body = {
                "scenario": {**scenario, "members": members},
                "indices": indices,
                "method": method,
            }
            start = time.perf_counter()
            r = await http.post("/api/power", json=body)
            elapsed = time.perf_counter() - start
            if r.status_code != 200:
                errors.append(f"{r.status_code}: {r.text[:200]}")
            elif start >= warm_until:
                latencies.append(elapsed)
            if think:
                await asyncio.sleep(think)


async def run(args: argparse.Namespace, base: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base) as http:
        scenario = (await http.get("/api/datasets/us-electoral-college-2024")).json()["scenario"]
    assert len(scenario["members"]) == 51
    latencies: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    warm_until = start + args.warmup
    until = warm_until + args.seconds
    indices = args.indices.split(",")
    await asyncio.gather(
        *(
            client(
                base,
                scenario,
                indices,
                until,
                warm_until,
                args.think,
                args.method,
                k,
                latencies,
                errors,
            )
            for k in range(args.clients)
        )
    )
    ms = [x * 1000 for x in latencies]
    return {
        "clients": args.clients,
        "think_seconds": args.think,
        "indices": indices,
        "method": args.method,
        "requests": len(ms),
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "throughput_per_s": round(len(ms) / args.seconds, 1),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "mean_ms": round(statistics.fmean(ms), 1),
        "cpus": os.cpu_count(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--think", type=float, default=0.25, help="pause between edits (s)")
    parser.add_argument("--indices", default="banzhaf,shapley")
    parser.add_argument(
        "--method",
        default="auto",
        help="counting method sent (auto as the page does; e.g. generating-function to "
        "leave out the library's method choice)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="server worker processes (as 'powershare serve' uses; 0: threads only)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="powershare-bench-") as data:
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, data, str(port), str(args.processes)]
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not start")
                time.sleep(0.1)
            result = asyncio.run(run(args, base))
        finally:
            server.terminate()
            server.wait(timeout=10)
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"live update, 51 members, {result['clients']} clients, think {args.think}s, "
            f"indices {args.indices}, method {args.method}, "
            f"{args.processes} server processes: p50 {result['p50_ms']} ms, "
            f"p95 {result['p95_ms']} ms, "
            f"p99 {result['p99_ms']} ms, {result['throughput_per_s']} req/s, "
            f"{result['requests']} requests, {result['errors']} errors "
            f"(target p95 < 150 ms: {'met' if result['p95_ms'] < 150 else 'NOT met'})"
        )
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
