"""Write the fuzz findings as Markdown, each checked again with the real ``powershare``.

Usage::

    .venv/bin/python tests/fuzz/findings_report.py [REPORT_DIR ...] > /tmp/fuzz_findings.md

Reads ``findings.jsonl`` of each report directory (default ``/tmp/powershare-fuzz``) and the
entries of ``known_failures.py``; re-runs every reproducer as a subprocess (``powershare`` of
the virtual environment, 2 GB address space, 30 s) in an empty directory, and prints what that
run did next to the reproducer command.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
POWERSHARE = Path(sys.executable).with_name("powershare")


def _load(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(f"powershare_fuzz_{name}", HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


def rerun(argv: list[str], files: dict[str, bytes], timeout: float = 30) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in files.items():
            path = Path(tmp, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        start = time.perf_counter()
        try:
            proc = subprocess.run(
                [str(POWERSHARE), *argv],
                cwd=tmp,
                capture_output=True,
                timeout=timeout,
                preexec_fn=_limit,
                env={"PATH": "/usr/bin:/bin", "COLUMNS": "100", "OPENBLAS_NUM_THREADS": "1"},
            )
        except subprocess.TimeoutExpired:
            return f"still running after {timeout:.0f} s (killed)"
        seconds = time.perf_counter() - start
        err = proc.stderr.decode(errors="replace").strip().splitlines()
        tail = "\n".join(err[-4:])
        return f"exit {proc.returncode} after {seconds:.1f} s; stderr ends:\n{tail}"


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    only = {a for a in sys.argv[1:] if a.startswith("--")}  # --known-only, --findings-only
    dirs = [Path(d) for d in args] or [Path("/tmp/powershare-fuzz")]
    known = _load("known_failures")
    harness = _load("harness")
    out = ["# powershare fuzz findings", ""]
    out.append(
        "Found by the fuzz harness (`tests/fuzz`, docs/fuzzing.md). Each reproducer runs in an "
        "empty directory; 'real run' is the installed `powershare` re-run as a subprocess "
        "(2 GB address space, 30 s). Open ones are listed in `tests/fuzz/known_failures.py` "
        "(strict xfail: remove the entry when the fix lands)."
    )
    out += ["", "## Known open failures (tests/fuzz/known_failures.py)", ""]
    for k in [] if "--findings-only" in only else known.KNOWN:
        out.append(f"### {k.id} ({k.kind})")
        out.append("")
        out.append(k.note)
        out.append("")
        out.append("```sh\n" + harness.reproducer(k.argv, k.files) + "\n```")
        out.append("")
        out.append("Real run: " + rerun(list(k.argv), k.files).replace("\n", "\n    "))
        out.append("")
    seen: set[tuple[str, str, str]] = set()
    new = []
    for d in [] if "--known-only" in only else dirs:
        path = d / "findings.jsonl"
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            f = json.loads(line)
            key = (f["argv"][0] if f["argv"] else "", f["kind"], f["signature"])
            if key in seen:
                continue
            seen.add(key)
            new.append(f)
    out += ["## Findings of the fuzz runs", ""]
    if not new:
        out.append("None besides the known failures above.")
    for f in new:
        files = {k: base64.b64decode(v) for k, v in f["files"].items()}
        argv = tuple(f["argv"])
        is_known = known.is_known(argv, f["kind"], f["signature"])
        label = " (matches a known failure above)" if is_known else ""
        out.append(f"### [{f['kind']}] {f['signature']}{label}")
        out.append("")
        out.append("```sh\n" + f["reproducer"][:3000] + "\n```")
        out.append("")
        detail = f["detail"].strip().splitlines()
        if detail:
            out.append("Worker saw (last lines):\n\n```\n" + "\n".join(detail[-8:]) + "\n```")
        out.append("")
        out.append("Real run: " + rerun(f["argv"], files).replace("\n", "\n    "))
        out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
