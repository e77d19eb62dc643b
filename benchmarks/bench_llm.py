"""The LLM layer under load: N cases at concurrency C against the fake OpenAI-compatible server.

The fake server (consilium.llm.fake_server, run in its own process so that it does not share
the interpreter with the panel) answers every call after a fixed latency. The ideal wall time
is what the latency alone forces: LLM round trips on the critical path x latency x cases /
concurrency. The panel's critical path is triage -> (diagnostician || pharmacist) -> critic,
three round trips when the critic passes the draft at once.

    .venv/bin/python benchmarks/bench_llm.py [--cases 200] [--concurrency 32] [--latency 0.2]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import consilium
from consilium.core.loaders import load_case
from consilium.core.report import ConsensusReport
from consilium.core.settings import Settings
from consilium.llm.fake_server import wait_for_port

CASES = sorted((Path(__file__).resolve().parents[1] / "cases").glob("*.yaml"))
CRITICAL_PATH_ROUND_TRIPS = 3


async def run_all(settings: Settings, total: int, concurrency: int) -> list[ConsensusReport]:
    """`total` cases at `concurrency` on one panel, as a service or a batch runs them."""
    cases = [load_case(path) for path in CASES]
    gate = asyncio.Semaphore(concurrency)
    async with consilium.Panel(settings) as panel:

        async def one(index: int) -> ConsensusReport:
            async with gate:
                return await panel.run(cases[index % len(cases)])

        return await asyncio.gather(*(one(i) for i in range(total)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per model call")
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
            # One warm-up case so that imports and first connections are not on the clock.
            asyncio.run(run_all(settings, 1, 1))
            started, cpu_started = time.perf_counter(), time.process_time()
            reports = asyncio.run(run_all(settings, args.cases, args.concurrency))
            wall = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
    finally:
        server.terminate()
        server.wait(timeout=10)

    ideal = CRITICAL_PATH_ROUND_TRIPS * args.latency * args.cases / args.concurrency
    calls = [report.usage.llm_calls for report in reports]
    tokens = [report.usage.tokens for report in reports]
    fallbacks = sum("knowledge (" in report.engine for report in reports)
    latency_ms = args.latency * 1000
    print(f"cases {args.cases}  concurrency {args.concurrency}  latency {latency_ms:.0f} ms")
    print(f"wall time       {wall:7.2f} s")
    print(f"ideal           {ideal:7.2f} s  ({CRITICAL_PATH_ROUND_TRIPS} round trips on the "
          "critical path x latency x cases / concurrency)")
    print(f"over ideal      {100 * (wall / ideal - 1):+7.1f} %  (target: within +15 %)")
    print(f"client CPU      {cpu:7.2f} s  ({1000 * cpu / args.cases:.0f} ms a case: panel, "
          "AG2 and HTTP in one Python process; wall time cannot fall below it)")
    print(f"LLM calls/case  mean {statistics.mean(calls):.2f}  max {max(calls)}")
    print(f"tokens/case     mean {statistics.mean(tokens):.0f}  max {max(tokens)}")
    print(f"cases with a role on the knowledge fallback: {fallbacks}")


if __name__ == "__main__":
    main()
