"""HTTP service throughput and latency in knowledge mode, on loopback only.

    .venv/bin/python benchmarks/bench_server.py [--requests 2000] [--cases 64] [--clients 16]

Starts `uvicorn consilium.server:create_app --factory` in a subprocess (one worker, a fresh
state directory, an API key made for the run, rate limit lifted), then measures:
  1. drug check: POST /v1/tools/drug_pair_interaction (warfarin + ibuprofen), requests per
     second and latency percentiles under N concurrent clients;
  2. case: POST /v1/cases (cases/warfarin-nsaid.yaml, synchronous), latency percentiles under
     N concurrent clients.
Bounded in count and in time (--max-seconds per phase). Prints the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import yaml

from consilium.server.keys import KeyStore

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(state_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CONSILIUM_STATE_DIR": str(state_dir),
           "CONSILIUM_SERVER_RATE_LIMIT_PER_MINUTE": "100000000"}
    for name in ("CONSILIUM_MODEL", "CONSILIUM_BASE_URL", "CONSILIUM_REDIS_URL"):
        env.pop(name, None)  # knowledge mode, in-memory limits
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "consilium.server:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
         "--no-access-log"], env=env, cwd=REPO)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start within 60 s")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _load(client: httpx.AsyncClient, path: str, payload: object, total: int,
                clients: int, max_seconds: float) -> tuple[list[float], float, int]:
    """`total` requests from `clients` concurrent workers; stops early at `max_seconds`."""
    latencies: list[float] = []
    errors = 0
    remaining = total
    stop_at = time.perf_counter() + max_seconds

    async def worker() -> None:
        nonlocal remaining, errors
        while remaining > 0 and time.perf_counter() < stop_at:
            remaining -= 1
            start = time.perf_counter()
            response = await client.post(path, json=payload)
            latencies.append(time.perf_counter() - start)
            errors += response.status_code != 200

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, time.perf_counter() - started, errors


def _report(title: str, latencies: list[float], elapsed: float, errors: int) -> None:
    ms = [value * 1000 for value in latencies]
    print(f"{title}: {len(ms)} requests in {elapsed:.2f} s = {len(ms) / elapsed:.1f} req/s; "
          f"latency ms p50 {statistics.median(ms):.1f}, p95 {_percentile(ms, 0.95):.1f}, "
          f"max {max(ms):.1f}; non-200: {errors}")


async def _run(url: str, key: str, args: argparse.Namespace) -> None:
    limits = httpx.Limits(max_connections=args.clients)
    async with httpx.AsyncClient(base_url=url, headers={"X-API-Key": key}, timeout=120,
                                 limits=limits) as client:
        drug = {"drug_a": "warfarin", "drug_b": "ibuprofen"}
        await _load(client, "/v1/tools/drug_pair_interaction", drug, 50, 4, 30)  # warm-up
        _report(f"drug check, {args.clients} clients",
                *await _load(client, "/v1/tools/drug_pair_interaction", drug, args.requests,
                             args.clients, args.max_seconds))
        case = yaml.safe_load((REPO / "cases" / "warfarin-nsaid.yaml").read_text())
        await _load(client, "/v1/cases", case, 2, 1, 60)  # warm-up
        _report(f"case (warfarin-nsaid, sync), {args.clients} clients",
                *await _load(client, "/v1/cases", case, args.cases, args.clients,
                             args.max_seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="drug-check requests")
    parser.add_argument("--cases", type=int, default=64, help="case requests")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="cap per phase")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="consilium-bench-") as tmp:
        state_dir = Path(tmp)
        _, key = KeyStore.in_state_dir(state_dir).create("benchmark")
        port = _free_port()
        process = _start(state_dir, port)
        try:
            print(f"consilium server on 127.0.0.1:{port}, knowledge mode, 1 uvicorn worker, "
                  f"{os.cpu_count()} CPUs")
            asyncio.run(_run(f"http://127.0.0.1:{port}", key, args))
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
