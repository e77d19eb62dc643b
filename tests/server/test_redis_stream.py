"""With Redis configured, every case event is XADDed to `consilium:case:{id}:events`, and a
second process can follow the case; the rate limit is shared through Redis too.

Starts a real `redis-server` (Debian package) on a free loopback port; skips without one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from consilium.core.settings import Settings
from consilium.server import ServerConfig
from consilium.server.keys import KeyStore
from tests.server.conftest import (
    LiveServer,
    away_from_minute_edge,
    case_payload,
    free_port,
    start_server,
    stop_server,
)

READER = """
import json, sys, redis
client = redis.Redis.from_url(sys.argv[1])
entries = client.xrange(f"consilium:case:{sys.argv[2]}:events")
print(json.dumps([{k.decode(): v.decode() for k, v in fields.items()} for _, fields in entries]))
"""


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_server(redis_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    settings = Settings(state_dir=tmp_path / "state", redis_url=redis_url)
    keys = KeyStore.in_state_dir(settings.state_dir)
    _, key = keys.create("redis-tests")
    url, running = start_server(settings, ServerConfig(rate_limit_per_minute=5))
    yield LiveServer(url, key, settings, keys)
    stop_server(running)


def test_second_process_reads_the_case_stream(redis_server: LiveServer, redis_url: str) -> None:
    with redis_server.client() as client:
        assert client.get("/readyz").json()["checks"]["redis"] == "ok"
        job = client.post("/v1/cases", json=case_payload()).json()
    assert job["status"] == "completed"
    reader = subprocess.run([sys.executable, "-c", READER, redis_url, job["id"]],
                            capture_output=True, text=True, timeout=60, check=True)
    entries = json.loads(reader.stdout)
    types = [entry["type"] for entry in entries]
    assert types[-1] == "report"
    assert types.count("transcript") == len(job["report"]["transcript"])
    first = json.loads(entries[0]["data"])
    assert first["entry"]["seq"] == 0
    report = json.loads(entries[-1]["data"])["report"]
    assert report["case_id"] == "warfarin-nsaid"


def test_rate_limit_is_counted_in_redis(redis_server: LiveServer, redis_url: str) -> None:
    payload = {"drug_a": "warfarin", "drug_b": "ibuprofen"}
    away_from_minute_edge()
    with redis_server.client() as client:
        statuses = [client.post("/v1/tools/drug_pair_interaction", json=payload).status_code
                    for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    counters = redis.Redis.from_url(redis_url).keys("consilium:ratelimit:*")
    assert counters, "the per-key counter lives in Redis"
