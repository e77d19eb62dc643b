"""`consilium serve` starts the service; bad options exit 2 with one clear message."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from consilium.cli import app
from tests.server.conftest import free_port

RUN_SERVE = [sys.executable, "-m", "consilium", "serve"]


def test_serve_answers_health_and_requires_keys(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "CONSILIUM_STATE_DIR": str(tmp_path)}
    process = subprocess.Popen([*RUN_SERVE, "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{url}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        assert health.json() == {"status": "ok"}
        assert httpx.get(f"{url}/v1/tools").status_code == 401
        assert httpx.get(f"{url}/openapi.json").json()["info"]["title"] == "consilium"
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode()
    assert "no API key yet" in output  # the operator is told why everything answers 401


def test_bad_port_exits_2() -> None:
    result = CliRunner().invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2
    assert "65535" in result.output
