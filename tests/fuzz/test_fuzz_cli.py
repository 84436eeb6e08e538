"""Fuzzing every command of the command line (see docs/fuzzing.md).

Each generated command line runs in the harness's worker process; the run must end within the
time bound and memory limit with exit code 0, 2 or 3, no traceback and at most one error line.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

COMMANDS = [
    "power",
    "structure",
    "audit",
    "design",
    "settle",
    "apportion",
    "datasets",
    "methods",
    "solutions",
    "package",
]
# runs per command in each profile; methods and datasets take few distinct inputs
EXAMPLES = {
    "ci": {
        "power": 40,
        "structure": 25,
        "audit": 12,
        "design": 15,
        "settle": 15,
        "apportion": 25,
        "datasets": 6,
        "methods": 2,
        "solutions": 10,
        "package": 8,
    },
    "long": {
        "power": 2600,
        "structure": 1500,
        "audit": 700,
        "design": 1000,
        "settle": 1500,
        "apportion": 2200,
        "datasets": 400,
        "methods": 100,
        "solutions": 800,
        "package": 500,
    },
}
_QUIET = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
    HealthCheck.function_scoped_fixture,
]
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_QUIET,
    phases=[Phase.explicit, Phase.generate],
    print_blob=False,
)
settings.register_profile(
    "long",
    deadline=None,
    database=None,
    suppress_health_check=_QUIET,
    phases=[Phase.explicit, Phase.generate],
    print_blob=False,
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
if PROFILE not in EXAMPLES:
    PROFILE = "ci"
# FUZZ_SCALE=0.3 runs 30% of the profile's inputs (a shorter long run on a busy machine)
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning"),
]


@pytest.mark.parametrize("command", COMMANDS)
def test_fuzz_command(fuzz, command: str) -> None:  # type: ignore[no-untyped-def]
    """Every generated command line ends cleanly (the long run records all, then fails)."""
    found = []

    @settings(
        settings.get_profile(PROFILE),
        max_examples=max(1, round(SCALE * EXAMPLES[PROFILE][command])),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        case = data.draw(fuzz.strategies.case_for(command), label="case")
        finding = fuzz.check(case.argv, case.files)
        if finding is None:
            return
        found.append(finding)
        if not fuzz.collect:
            pytest.fail(_describe(finding))

    run()
    assert not found, "\n\n".join(_describe(f) for f in found)


def _describe(f) -> str:  # type: ignore[no-untyped-def]
    repro = f.to_json()["reproducer"]
    if len(repro) > 600:
        repro = repro[:600] + " ... (full reproducer in $FUZZ_REPORT_DIR/findings.jsonl)"
    head = f"[{f.kind}] {f.signature} after {f.seconds:.1f} s"
    return f"{head}\nreproducer:\n{repro}\n{f.detail[-1500:]}"
