"""Running fuzz cases in a worker process, judging each run, and keeping the counts.

A run passes when it ends within the time bound, within the memory limit, with exit code 0, 2
or 3, no traceback, at most one ``powershare: error: ...`` line, and a message on standard
error whenever it fails. Anything else is a *finding* of one kind:

``traceback``       an exception escaped (the worker saw it; real ``powershare`` prints a traceback)
``timeout``         past the time bound (the stack where the alarm struck is kept)
``hang``            past the time bound and deaf to the alarm (stuck in C code); worker killed
``memory``          MemoryError under the address-space limit (also when the CLI reports it as
                    "out of memory": the work was not refused up front)
``crash``           the worker died (segfault, killed by the kernel)
``exit-code``       an exit code other than 0, 2, 3
``silent-failure``  a non-zero exit code with nothing on standard error
``multi-error``     more than one ``powershare: error:`` line
"""

from __future__ import annotations

import base64
import json
import os
import re
import selectors
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Finding", "Stats", "Worker", "judge", "reproducer", "time_bound_for"]

HERE = Path(__file__).resolve().parent
TIME_BOUND = float(os.environ.get("FUZZ_TIME_BOUND", "20"))
# Commands whose default time budget is longer than the bound get that budget and a margin
# when no --max-seconds is given: `design` stops its search at 60 s; `settle` refuses searches
# estimated past 120 s and stops an admitted one at three times its estimate (a run that ends
# inside its own default limit is not a hang; one past it is).
DEFAULT_BUDGETS = {"design": 60.0, "settle": 120.0}


def time_bound_for(argv: Sequence[str]) -> float:
    """The time bound of one command line (:data:`DEFAULT_BUDGETS`; else ``TIME_BOUND``)."""
    budget = DEFAULT_BUDGETS.get(argv[0] if argv else "")
    if budget is None or "--max-seconds" in argv:
        return TIME_BOUND
    return max(TIME_BOUND, budget + 15.0)


MEMORY_BYTES = int(os.environ.get("FUZZ_MEMORY_BYTES", str(2 * 1024**3)))
RESTART_EVERY = 300
_FRAME = re.compile(r'File "[^"]*?/powershare/([^"]+)", line \d+, in (\S+)')
_EXC = re.compile(r"^(\w+(?:\.\w+)*(?:Error|Exception|Exit|Interrupt|Timeout|Warning)\w*)\b", re.M)


@dataclass
class Finding:
    kind: str
    signature: str
    argv: tuple[str, ...]
    files: dict[str, bytes]
    detail: str
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "signature": self.signature,
            "argv": list(self.argv),
            "files": {k: base64.b64encode(v).decode() for k, v in self.files.items()},
            "detail": self.detail[-3000:],
            "seconds": round(self.seconds, 3),
            "reproducer": reproducer(self.argv, self.files),
        }


def _innermost(tb: str) -> str:
    frames = _FRAME.findall(tb or "")
    where = f"{frames[-1][0]}:{frames[-1][1]}" if frames else "?"
    excs = _EXC.findall(tb or "")
    return f"{excs[-1] if excs else '?'}@{where}"


def judge(answer: dict[str, Any]) -> tuple[str, str] | None:
    """``(kind, signature)`` of what is wrong with one run, or ``None``."""
    status = answer.get("status")
    tb = answer.get("traceback") or ""
    if status == "timeout":
        return "timeout", _innermost(tb).split("@", 1)[1]
    if status in ("hang", "crash", "memory", "worker-error"):
        return status, _innermost(tb) if tb else status
    code = answer["exit_code"]
    stderr: str = answer.get("stderr") or ""
    if tb or "Traceback" in stderr:
        sig = _innermost(tb or stderr)
        return ("memory" if sig.startswith("MemoryError") else "traceback"), sig
    if "powershare: error: out of memory" in stderr:
        return "memory", "MemoryError under the address-space limit (reported as exit 3)"
    if code not in (0, 2, 3):
        return "exit-code", f"exit {code}"
    if sum(line.startswith("powershare: error:") for line in stderr.splitlines()) > 1:
        return "multi-error", "several error lines"
    if code != 0 and not stderr.strip():
        return "silent-failure", f"exit {code} with empty stderr"
    return None


def _printf(data: bytes) -> str:
    out = []
    for b in data:
        c = chr(b)
        if 32 <= b < 127 and c not in "'\\%":
            out.append(c)
        elif c == "%":
            out.append("%%")
        else:
            out.append(f"\\{b:03o}")
    return "printf '" + "".join(out) + "'"


def _quote(arg: str) -> str:
    """Shell quoting; arguments with undecodable bytes (surrogates) as $'\\xNN'."""
    if not any("\udc80" <= c <= "\udcff" for c in arg):
        return shlex.quote(arg)
    data = arg.encode("utf-8", "surrogateescape")
    return (
        "$'"
        + "".join(chr(b) if 32 <= b < 127 and chr(b) not in "'\\" else f"\\x{b:02x}" for b in data)
        + "'"
    )


def reproducer(argv: tuple[str, ...] | list[str], files: dict[str, bytes]) -> str:
    """A shell command that reproduces a run (in an empty directory)."""
    lines = []
    for name, data in files.items():
        if len(data) > 3000:
            lines.append(f"# {name}: {len(data)} bytes, see the JSON finding (base64)")
            continue
        lines.append(f"{_printf(data)} > {shlex.quote(name)}")
    lines.append("powershare " + " ".join(_quote(a) for a in argv))
    return "\n".join(lines)


class Worker:
    """One long-lived ``tests/fuzz/worker.py`` process; restarted when it dies or is killed."""

    def __init__(self, time_bound: float = TIME_BOUND, memory: int = MEMORY_BYTES) -> None:
        self.time_bound = time_bound
        self.memory = memory
        self.proc: subprocess.Popen[bytes] | None = None
        self.served = 0
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - the worker's stderr, for its life

    def _start(self) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "MPLBACKEND": "Agg",
            "COLUMNS": "100",
            "NO_COLOR": "1",
            "TERM": "dumb",
            "PYTHONHASHSEED": "0",
        }
        return subprocess.Popen(
            [sys.executable, str(HERE / "worker.py"), str(self.memory)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            env=env,
        )

    def close(self) -> None:
        if self.proc is not None:
            try:
                self.proc.stdin.close()  # type: ignore[union-attr]
                self.proc.wait(timeout=5)
            except Exception:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    def _kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def run(
        self, argv: tuple[str, ...], files: dict[str, bytes], time_bound: float | None = None
    ) -> dict[str, Any]:
        bound = self.time_bound if time_bound is None else time_bound
        if self.proc is None or self.proc.poll() is not None or self.served >= RESTART_EVERY:
            self.close()
            self.proc = self._start()
            self.served = 0
        self.served += 1
        request = {
            "argv": list(argv),
            "files": {k: base64.b64encode(v).decode() for k, v in files.items()},
            "timeout": bound,
        }
        start = time.perf_counter()
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write((json.dumps(request) + "\n").encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            self._kill()
            return {"status": "crash", "seconds": 0.0, "traceback": "worker gone before request"}
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        # import time of a fresh worker, plus the alarm's grace
        ready = sel.select(timeout=bound + 30)
        sel.close()
        if not ready:
            self._kill()
            return {"status": "hang", "seconds": time.perf_counter() - start, "traceback": ""}
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            self.proc = None
            return {
                "status": "crash",
                "seconds": time.perf_counter() - start,
                "traceback": f"worker died with return code {code}",
            }
        answer: dict[str, Any] = json.loads(line)
        if answer.get("status") in ("timeout", "memory", "worker-error"):
            self.close()
        return answer


@dataclass
class Stats:
    runs: Counter[str] = field(default_factory=Counter)
    exit_codes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    failures: Counter[str] = field(default_factory=Counter)
    known: Counter[str] = field(default_factory=Counter)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    signatures: set[tuple[str, str, str]] = field(default_factory=set)
    wall: float = 0.0

    def record(
        self,
        argv: tuple[str, ...],
        answer: dict[str, Any],
        verdict: tuple[str, str] | None,
        known: bool,
    ) -> None:
        command = argv[0] if argv else ""
        self.runs[command] += 1
        seconds = float(answer.get("seconds", 0.0))
        self.wall += seconds
        code = str(answer.get("exit_code", answer.get("status")))
        self.exit_codes[command][code] += 1
        self.slowest.append((seconds, " ".join(shlex.quote(a) for a in argv)[:160]))
        self.slowest = sorted(self.slowest, reverse=True)[:10]
        if verdict is not None:
            (self.known if known else self.failures)[verdict[0]] += 1

    def add_finding(self, finding: Finding) -> bool:
        """Keep the first (shortest) example of each (command, kind, signature)."""
        key = (finding.argv[0] if finding.argv else "", finding.kind, finding.signature)
        if key in self.signatures:
            return False
        self.signatures.add(key)
        self.findings.append(finding)
        return True

    def summary(self) -> str:
        lines = [f"fuzz: {sum(self.runs.values())} runs, {self.wall:.1f} s inside the worker"]
        lines.append("runs per command and exit codes:")
        for command, n in sorted(self.runs.items()):
            codes = ", ".join(f"{c}: {k}" for c, k in sorted(self.exit_codes[command].items()))
            lines.append(f"  {command:<10} {n:>6}   {codes}")
        lines.append(
            "failures by kind (new): "
            + (", ".join(f"{k}: {v}" for k, v in sorted(self.failures.items())) or "none")
        )
        if self.known:
            lines.append(
                "failures by kind (known, tests/fuzz/known_failures.py): "
                + ", ".join(f"{k}: {v}" for k, v in sorted(self.known.items()))
            )
        lines.append(f"distinct findings: {len(self.findings)}")
        for f in self.findings:
            lines.append(f"  [{f.kind}] {f.signature}  <- powershare {' '.join(f.argv)[:120]!r}")
        lines.append("slowest runs:")
        for s, a in self.slowest:
            lines.append(f"  {s:7.2f} s  {a}")
        return "\n".join(lines)
