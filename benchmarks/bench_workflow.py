"""Per-case latency and throughput of the panel in knowledge mode, against the framework floor.

The floor is the same LangGraph graph (same nodes, edges, state reducers and SQLite
checkpointer) with no-op node functions, so the ratio shows what the agents themselves cost.

    .venv/bin/python benchmarks/bench_workflow.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from consilium.core.loaders import load_case
from consilium.core.settings import Settings
from consilium.workflows.panel import build_panel

CASES = sorted((Path(__file__).resolve().parents[1] / "cases").glob("*.yaml"))


class NoOpNodes:
    """Node functions that do nothing but satisfy the graph's routing."""

    def intake(self, state: dict[str, Any]) -> dict[str, Any]:
        return {"round": 0}

    async def triage(self, state: dict[str, Any]) -> dict[str, Any]:
        return {}

    async def diagnostician(self, state: dict[str, Any]) -> dict[str, Any]:
        return {}

    async def pharmacist(self, state: dict[str, Any]) -> dict[str, Any]:
        return {}

    def consensus(self, state: dict[str, Any]) -> dict[str, Any]:
        return {}

    async def critic(self, state: dict[str, Any]) -> dict[str, Any]:
        return {"critic": {"verdict": "pass"}}

    def revise(self, state: dict[str, Any]) -> dict[str, Any]:
        return {}

    def escalate(self, state: dict[str, Any]) -> dict[str, Any]:
        return {}

    def finalize(self, state: dict[str, Any]) -> dict[str, Any]:
        return {"report": {}}


async def measure(nodes: Any, settings: Settings, inputs: list[dict[str, Any]], repeats: int
                  ) -> list[float]:
    latencies: list[float] = []
    async with AsyncSqliteSaver.from_conn_string(str(settings.checkpoint_db)) as saver:
        graph = build_panel(settings, saver, nodes=nodes)
        for _ in range(repeats):
            for graph_input in inputs:
                config: RunnableConfig = {"configurable": {"thread_id": uuid.uuid4().hex}}
                started = time.perf_counter()
                await graph.ainvoke(graph_input, config, durability=settings.checkpoint_durability)
                latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def summarise(name: str, latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    throughput = len(ordered) / (sum(ordered) / 1000)
    print(f"{name:<22} n={len(ordered):<4} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms   "
          f"{throughput:8.1f} cases/s")
    return {"p50": p50, "p95": p95, "throughput": throughput}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    inputs = [
        {"case": load_case(path).model_dump(mode="json"), "max_rounds": 2, "review": False}
        for path in CASES
    ]
    with tempfile.TemporaryDirectory() as state_dir:
        settings = Settings(state_dir=Path(state_dir), model=None)
        # One warm-up pass loads the knowledge bases and indexes once, as a server would.
        asyncio.run(measure(None, settings, inputs, 1))
        panel = summarise("knowledge panel", asyncio.run(
            measure(None, settings, inputs, args.repeats)))
        floor = summarise("no-op graph (floor)", asyncio.run(
            measure(NoOpNodes(), settings, inputs, args.repeats)))
    print(f"ratio panel/floor: p50 {panel['p50'] / floor['p50']:.1f}x, "
          f"throughput {floor['throughput'] / panel['throughput']:.1f}x lower")


if __name__ == "__main__":
    main()
