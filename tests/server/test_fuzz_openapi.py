"""Property-based fuzzing of every endpoint from the service's own OpenAPI schema
(schemathesis): whatever arrives, the real server answers, and never with a 5xx.

Bounded: a few examples per operation, so the whole file runs in well under a minute."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case

from consilium.core.settings import Settings
from consilium.server import create_app
from tests.server.conftest import LiveServer

# The schema comes from the same app factory the live server uses (no network at import).
_STATE = tempfile.TemporaryDirectory(prefix="consilium-openapi-")  # removed at exit
schema = schemathesis.openapi.from_dict(
    create_app(Settings(state_dir=Path(_STATE.name))).openapi())


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_request_crashes_the_server(case: Case, live_server: LiveServer) -> None:
    response = case.call(base_url=live_server.url, headers={"X-API-Key": live_server.key},
                         timeout=30)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}")
    if response.status_code >= 400:
        content_type = "".join(response.headers["content-type"])  # a list of values here
        assert content_type.startswith("application/problem+json"), response.text[:300]
