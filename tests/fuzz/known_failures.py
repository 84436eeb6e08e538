"""Failures the fuzz harness found that are not fixed yet: the list the lead clears.

Each entry is a reproducer. ``test_known_failures.py`` runs every entry as a strict xfail: while
the bug is open it fails as expected; when a fix lands the run passes, the xfail turns into a
failure (XPASS strict), and the entry must be removed here. While an entry is listed, the
generative fuzz tests count runs with the same command, kind and signature as *known* instead
of failing (the signature is a regular expression over ``Exception@module/file.py:function``
for tracebacks and ``module/file.py:function`` for timeouts).

Full findings with tracebacks: ``/tmp/fuzz_findings.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["KNOWN", "Known", "is_known"]


@dataclass(frozen=True)
class Known:
    id: str
    kind: str
    signature: str  # regular expression
    argv: tuple[str, ...]
    files: dict[str, bytes] = field(default_factory=dict)
    note: str = ""
    # hangs are checked with a shorter bound so `make test` stays quick: a fixed version
    # refuses or finishes at once, an open one is still running after 2 s
    time_bound: float | None = None


def _count_body(n: int, rule: str) -> dict[str, bytes]:
    return {"body.yaml": f"members: [{{name: S, count: {n}, weight: 1}}]\nrule: {rule}\n".encode()}


KNOWN: list[Known] = []


def is_known(argv: tuple[str, ...], kind: str, signature: str) -> bool:
    command = argv[0] if argv else ""
    return any(
        k.kind == kind and k.argv[0] == command and re.search(k.signature, signature) for k in KNOWN
    )
