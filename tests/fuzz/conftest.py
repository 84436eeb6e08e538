"""The fuzz harness's shared pieces, handed out as fixtures (tests run with
``--import-mode=importlib``, so the sibling modules are loaded by path, not imported).

Profiles (``HYPOTHESIS_PROFILE``, applied to the fuzz tests only): ``ci`` (default, the short
run of ``make test``: a few dozen inputs per command, derandomised) and ``long`` (``make fuzz``:
1,300 inputs per command, fresh random inputs each run). Counts and findings are printed at the
end of the session and written to ``$FUZZ_REPORT_DIR`` (default ``/tmp/powershare-fuzz``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent


def load(name: str) -> ModuleType:
    """The sibling module ``tests/fuzz/<name>.py`` (one copy per session)."""
    key = f"powershare_fuzz_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


harness = load("harness")
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
REPORT_DIR = Path(os.environ.get("FUZZ_REPORT_DIR", "/tmp/powershare-fuzz"))
_STATS = harness.Stats()


class Fuzz:
    """What a fuzz test needs: the worker, the counts, and the known failures."""

    def __init__(self) -> None:
        self.worker = harness.Worker()
        self.stats = _STATS
        self.known = load("known_failures")
        self.strategies = load("strategies")
        self.harness = harness
        # the long run (or FUZZ_COLLECT=1) records every failure, then fails
        self.collect = PROFILE == "long" or bool(os.environ.get("FUZZ_COLLECT"))

    def check(self, argv: tuple[str, ...], files: dict[str, bytes]) -> Any:
        """Run one case; the new finding (or ``None``). Known failures are counted, not raised."""
        answer = self.worker.run(argv, files, time_bound=harness.time_bound_for(argv))
        verdict = harness.judge(answer)
        known = verdict is not None and self.known.is_known(argv, verdict[0], verdict[1])
        self.stats.record(argv, answer, verdict, known)
        total = sum(self.stats.runs.values())
        if total % 250 == 0:  # progress for long runs: tail -f $FUZZ_REPORT_DIR/progress.txt
            REPORT_DIR.mkdir(parents=True, exist_ok=True)
            (REPORT_DIR / "progress.txt").write_text(
                self.stats.summary() + "\n", errors="backslashreplace"
            )
        if verdict is None or known:
            return None
        detail = answer.get("traceback") or answer.get("stderr") or ""
        finding = harness.Finding(
            verdict[0], verdict[1], argv, files, detail, float(answer.get("seconds", 0.0))
        )
        if self.stats.add_finding(finding):
            REPORT_DIR.mkdir(parents=True, exist_ok=True)
            with (REPORT_DIR / "findings.jsonl").open("a") as fh:
                fh.write(json.dumps(finding.to_json()) + "\n")
        return finding


@pytest.fixture(scope="session")
def fuzz() -> Iterator[Fuzz]:
    f = Fuzz()
    yield f
    f.worker.close()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "known" in metafunc.fixturenames:
        entries = load("known_failures").KNOWN
        metafunc.parametrize(
            "known",
            [
                pytest.param(k, id=k.id, marks=pytest.mark.xfail(strict=True, reason=k.note))
                for k in entries
            ],
        )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _STATS.runs:
        return
    text = _STATS.summary()
    terminalreporter.write_sep("=", f"powershare fuzz ({PROFILE})")
    terminalreporter.write_line(text)
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    (REPORT_DIR / f"summary-{PROFILE}.txt").write_text(text + "\n", errors="backslashreplace")
