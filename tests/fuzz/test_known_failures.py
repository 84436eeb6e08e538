"""Known fuzz findings stay reproducible until fixed.

Each entry of ``known_failures.py`` is a strict xfail (parametrised by ``conftest.py``): while the
bug is open the run fails the checks as expected; once a fix lands it passes, pytest reports
XPASS(strict) as a failure, and the entry is to be removed.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.fuzz


def test_known_failure_still_fails(fuzz, known) -> None:  # type: ignore[no-untyped-def]
    answer = fuzz.worker.run(known.argv, known.files, time_bound=known.time_bound)
    verdict = fuzz.harness.judge(answer)
    assert verdict is None, f"{known.id}: {verdict} (known: {known.kind} {known.signature})"
