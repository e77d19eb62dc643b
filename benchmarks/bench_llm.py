"""The LLM layer under load: N cases at concurrency C against the fake OpenAI-compatible server.

The fake server (consilium.llm.fake_server, run in its own process so that it does not share
the interpreter with the panel) answers every call after a fixed latency. The ideal wall time
is what the latency alone forces: LLM round trips on the critical path x latency x cases /
concurrency. The panel's critical path is triage -> (diagnostician || pharmacist) -> critic,
three round trips when the critic passes the draft at once.

With `--processes P` the cases are shared by P worker processes, each with its own panel and
C/P cases in flight (together still C), as P service or batch workers would run them; all of
them use one checkpoint database. Workers load and warm up before the clock starts.

    .venv/bin/python benchmarks/bench_llm.py [--cases 200] [--concurrency 32] [--latency 0.2]
                                             [--processes 1]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.synchronize import Barrier
from pathlib import Path

import consilium
from consilium.core.loaders import load_case
from consilium.core.report import ConsensusReport
from consilium.core.settings import Settings
from consilium.llm.fake_server import wait_for_port
from consilium.runtime import warm_up

CASES = sorted((Path(__file__).resolve().parents[1] / "cases").glob("*.yaml"))
CRITICAL_PATH_ROUND_TRIPS = 3


@dataclass
class WorkerResult:
    wall_s: float
    cpu_s: float
    calls: list[int]
    tokens: list[int]
    fallbacks: int


async def run_all(
    settings: Settings, indices: range, concurrency: int
) -> list[ConsensusReport]:
    """The cases at `indices` (into the bundled cases, cycling) at `concurrency` on one panel,
    as a service or a batch runs them."""
    cases = [load_case(path) for path in CASES]
    gate = asyncio.Semaphore(concurrency)
    async with consilium.Panel(settings) as panel:

        async def one(index: int) -> ConsensusReport:
            async with gate:
                return await panel.run(cases[index % len(cases)])

        return await asyncio.gather(*(one(i) for i in indices))


def worker(settings: Settings, indices: range, concurrency: int, start: Barrier) -> WorkerResult:
    # As the service and batch workers start: knowledge loaded and frozen out of the collector.
    warm_up()
    # And one LLM case, so that imports and first connections are not on the clock.
    asyncio.run(run_all(settings, range(1), 1))
    start.wait()
    started, cpu_started = time.perf_counter(), time.process_time()
    reports = asyncio.run(run_all(settings, indices, concurrency))
    return WorkerResult(
        wall_s=time.perf_counter() - started,
        cpu_s=time.process_time() - cpu_started,
        calls=[report.usage.llm_calls for report in reports],
        tokens=[report.usage.tokens for report in reports],
        fallbacks=sum("knowledge (" in report.engine for report in reports),
    )


def _worker_main(settings: Settings, indices: range, concurrency: int, start: Barrier,
                 results: multiprocessing.Queue[WorkerResult]) -> None:
    results.put(worker(settings, indices, concurrency, start))


def run_workers(settings: Settings, cases: int, concurrency: int, processes: int
                ) -> tuple[float, list[WorkerResult]]:
    """Wall time from the common start to the last worker's end, and each worker's result."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(processes + 1)
    results: multiprocessing.Queue[WorkerResult] = context.Queue()
    workers = [
        context.Process(
            target=_worker_main,
            args=(settings, range(i, cases, processes), max(1, concurrency // processes),
                  start, results),
        )
        for i in range(processes)
    ]
    for process in workers:
        process.start()
    start.wait()
    started = time.perf_counter()
    collected = [results.get() for _ in workers]
    wall = time.perf_counter() - started
    for process in workers:
        process.join()
    return wall, collected


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process, from /proc (None where there is no /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per model call")
    parser.add_argument("--processes", type=int, default=1, help="worker processes")
    args = parser.parse_args()

    server = subprocess.Popen(
        [sys.executable, "-m", "consilium.llm.fake_server", "--latency", str(args.latency),
         "--port", "0", "--print-port"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        wait_for_port(port)
        with tempfile.TemporaryDirectory() as state:
            settings = Settings(
                model="fake", base_url=f"http://127.0.0.1:{port}/v1", api_key="k",
                state_dir=Path(state), llm_cache=False,
            )
            server_cpu_before = cpu_seconds(server.pid)
            wall, results = run_workers(settings, args.cases, args.concurrency, args.processes)
            server_cpu_after = cpu_seconds(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)

    ideal = CRITICAL_PATH_ROUND_TRIPS * args.latency * args.cases / args.concurrency
    over_ideal = f"{100 * (wall / ideal - 1):+7.1f} %" if ideal else "    n/a"
    calls = [n for result in results for n in result.calls]
    tokens = [n for result in results for n in result.tokens]
    client_cpu = sum(result.cpu_s for result in results)
    print(f"cases {args.cases}  concurrency {args.concurrency}  latency "
          f"{args.latency * 1000:.0f} ms  processes {args.processes}  (cores: {os.cpu_count()})")
    print(f"wall time       {wall:7.2f} s")
    print(f"ideal           {ideal:7.2f} s  ({CRITICAL_PATH_ROUND_TRIPS} round trips on the "
          "critical path x latency x cases / concurrency)")
    print(f"over ideal      {over_ideal}  (target: within +15 %)")
    # Whole cases cannot be split between slots: some slot runs ceil(cases / slots) of them
    # back to back, so no scheduler beats this unless cases differ in round trips.
    slots = max(1, args.concurrency // args.processes)
    serial = math.ceil(math.ceil(args.cases / args.processes) / slots)
    floor = CRITICAL_PATH_ROUND_TRIPS * args.latency * serial
    if floor:
        print(f"whole-case floor{floor:7.2f} s  ({serial} cases in a row on the busiest slot x "
              f"round trips x latency; wall is {100 * (wall / floor - 1):+.1f} % over it)")
    print(f"client CPU      {client_cpu:7.2f} s  ({1000 * client_cpu / args.cases:.1f} ms a case: "
          "panel, AG2 and HTTP; per process the wall time cannot fall below its share)")
    if server_cpu_before is not None and server_cpu_after is not None:
        server_cpu = server_cpu_after - server_cpu_before
        print(f"fake server CPU {server_cpu:7.2f} s  (on the same cores)")
    print(f"LLM calls/case  mean {statistics.mean(calls):.2f}  max {max(calls)}")
    print(f"tokens/case     mean {statistics.mean(tokens):.0f}  max {max(tokens)}")
    print("cases with a role on the knowledge fallback: "
          f"{sum(result.fallbacks for result in results)}")


if __name__ == "__main__":
    main()
