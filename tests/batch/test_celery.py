"""The Celery backend against a real redis-server and two real worker processes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

VIGNETTES = REPO / "tests" / "reasoning" / "vignettes.jsonl"
CLI = [sys.executable, "-m", "consilium"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Any, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not come up in {timeout} s")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """redis-server on a free loopback port and two `consilium worker` processes."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    import redis

    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    workers: list[subprocess.Popen[bytes]] = []
    state = tmp_path_factory.mktemp("worker-state")
    env = {**os.environ, "CONSILIUM_REDIS_URL": url, "PYTHONPATH": str(REPO),
           "XDG_STATE_HOME": str(state)}
    try:
        client = redis.Redis.from_url(url)
        wait_for(lambda: _pings(client), "redis-server")
        logs = tmp_path_factory.mktemp("worker-logs")
        for name in ("w1", "w2"):
            log = (logs / f"{name}.log").open("wb")
            workers.append(subprocess.Popen([*CLI, "worker", "--hostname", f"{name}@%h"],
                                            env=env, cwd=REPO, stdout=log, stderr=log))
        wait_for(lambda: all("ready" in (logs / f"{n}.log").read_text() for n in ("w1", "w2")),
                 "two celery workers")
        yield env
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
        server.terminate()
        server.wait(timeout=10)


def _pings(client: Any) -> bool:
    try:
        return bool(client.ping())
    except Exception:
        return False


def comparable(path: Path) -> dict[str, Any]:
    """Records without what legitimately differs between two runs: timings and thread ids."""
    records = {}
    for line in path.read_text().splitlines():
        record = json.loads(line)
        record.pop("timing")
        report = record["report"]
        report.pop("thread_id")
        report["usage"].pop("wall_ms")
        for entry in report["transcript"]:
            entry.pop("duration_ms", None)
        records[record["id"]] = record
    return records


def test_celery_results_are_identical_to_the_local_backend(cluster: dict[str, str],
                                                           tmp_path: Path) -> None:
    for backend in ("local", "celery"):
        subprocess.run([*CLI, "batch", str(VIGNETTES), "--out", str(tmp_path / backend),
                        "--limit", "25", "--backend", backend, "--quiet"],
                       env=cluster, cwd=REPO, check=True, timeout=120)
    local, celery = comparable(tmp_path / "local" / "results.jsonl"), comparable(
        tmp_path / "celery" / "results.jsonl")
    assert len(celery) == 25 and local == celery
    run = json.loads((tmp_path / "celery" / "run.json").read_text())
    assert run["config"]["backend"] == "celery"


def test_coordinator_killed_midway_resumes_with_every_case_exactly_once(
        cluster: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "run"
    command = [*CLI, "batch", str(VIGNETTES), "--out", str(out), "--backend", "celery",
               "--concurrency", "2", "--quiet"]
    process = subprocess.Popen(command, env=cluster, cwd=REPO)
    results = out / "results.jsonl"
    wait_for(lambda: results.exists() and results.read_text().count("\n") >= 10,
             "ten results", timeout=60)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    total = sum(1 for line in VIGNETTES.read_text().splitlines() if line.strip())
    assert results.read_text().count("\n") < total
    subprocess.run(command, env=cluster, cwd=REPO, check=True, timeout=180)
    ids = [json.loads(line)["id"] for line in results.read_text().splitlines()]
    assert len(ids) == len(set(ids)) == total


def test_without_a_reachable_redis_the_batch_exits_2(tmp_path: Path) -> None:
    env = {**os.environ, "CONSILIUM_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
           "PYTHONPATH": str(REPO)}
    result = subprocess.run([*CLI, "batch", str(VIGNETTES), "--out", str(tmp_path),
                             "--backend", "celery"], env=env, cwd=REPO, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and "does not answer" in result.stderr
    assert "Traceback" not in result.stderr
