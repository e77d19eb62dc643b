"""Per-key rate limits: over the limit gets 429 with Retry-After; other keys are unaffected."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from consilium.core.settings import Settings
from consilium.server import ServerConfig
from consilium.server.keys import KeyStore
from consilium.server.rate_limit import MemoryRateLimiter
from tests.server.conftest import LiveServer, away_from_minute_edge, start_server, stop_server


@pytest.fixture
def limited_server(tmp_path: Path) -> Iterator[LiveServer]:
    settings = Settings(state_dir=tmp_path / "limited")
    keys = KeyStore.in_state_dir(settings.state_dir)
    _, key = keys.create("limited")
    url, running = start_server(settings, ServerConfig(rate_limit_per_minute=3))
    yield LiveServer(url, key, settings, keys)
    stop_server(running)


def test_fourth_request_in_a_minute_is_429(limited_server: LiveServer) -> None:
    payload = {"drug_a": "warfarin", "drug_b": "aspirin"}
    away_from_minute_edge()
    with limited_server.client() as client:
        statuses = [client.post("/v1/tools/drug_pair_interaction", json=payload).status_code
                    for _ in range(4)]
        limited = client.post("/v1/tools/drug_pair_interaction", json=payload)
        health = client.get("/healthz")
    assert statuses == [200, 200, 200, 429]
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert "rate limit" in limited.json()["detail"]
    assert health.status_code == 200  # health is never limited
    _, other_key = limited_server.keys.create("other")
    with limited_server.client(key=other_key) as other:
        assert other.post("/v1/tools/drug_pair_interaction", json=payload).status_code == 200


async def test_memory_limiter_counts_per_key() -> None:
    limiter = MemoryRateLimiter(limit=2)
    away_from_minute_edge()
    assert [(await limiter.hit("a")).allowed for _ in range(3)] == [True, True, False]
    assert (await limiter.hit("b")).allowed
