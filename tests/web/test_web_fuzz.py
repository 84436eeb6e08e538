"""Property-based fuzzing of the JSON API against its own OpenAPI schema: never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from powershare.web import Settings, create_app

DATA = Path(__file__).parent  # replaced per session below

_app = None


def _make_app() -> object:
    import tempfile

    global _app
    if _app is None:
        _app = create_app(
            Path(tempfile.mkdtemp(prefix="powershare-fuzz-")),
            settings=Settings(max_seconds=2.0, max_members=200),
        )
    return _app


schema = schemathesis.openapi.from_asgi("/api/openapi.json", _make_app())


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_web_api_fuzz_no_server_errors(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error])
