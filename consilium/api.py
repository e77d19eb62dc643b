"""The Python embedding surface.

    report = consilium.run_case("cases/warfarin-nsaid.yaml")
    report = await consilium.arun_case(case)
    async for event in consilium.stream_case(case):   # agent messages and tool calls as they happen
        ...
    report = await consilium.aresume(thread_id, "approve", note="reviewed")

Every run checkpoints to SQLite (`Settings.checkpoint_db`), so a case paused for clinician
review can be resumed from another process.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractContextManager, asynccontextmanager, nullcontext
from pathlib import Path
from typing import Any, Literal, cast

import aiosqlite
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from langgraph.types import Command
from pydantic import BaseModel

from consilium.core.case import Case
from consilium.core.loaders import load_case
from consilium.core.report import ConsensusReport, TranscriptEntry
from consilium.core.settings import Settings
from consilium.workflows.nodes import PanelNodes, build_report
from consilium.workflows.panel import build_panel
from consilium.workflows.state import PanelState


class PanelEvent(BaseModel):
    """One step of a running case, for apps that show progress."""

    type: Literal["transcript", "paused", "report"]
    node: str | None = None
    entry: TranscriptEntry | None = None
    report: ConsensusReport | None = None


class UnknownThreadError(LookupError):
    """`resume` was given a thread id with no paused case behind it."""


def _as_case(case_or_path: Case | str | Path) -> Case:
    return case_or_path if isinstance(case_or_path, Case) else load_case(case_or_path)


@asynccontextmanager
async def _checkpointer(settings: Settings) -> AsyncIterator[AsyncSqliteSaver]:
    """The SQLite checkpointer (LangGraph sets WAL mode); a long busy timeout lets many
    concurrent cases, in one process or several, share the file instead of failing locked."""
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    async with aiosqlite.connect(settings.checkpoint_db, timeout=60) as connection:
        yield AsyncSqliteSaver(connection)


def _budget_scope(
    settings: Settings, models: Mapping[str, Any] | None
) -> AbstractContextManager[Any]:
    """The per-case LLM budget (call, token and cost caps from settings). Nothing in knowledge
    mode, so the knowledge engine never loads the LLM layer."""
    if not (settings.llm_enabled or models):
        return nullcontext()
    from consilium.llm.budget import budget_scope, case_budget

    return budget_scope(case_budget(settings))


async def _stream(
    graph_input: Any, thread_id: str, settings: Settings, models: Mapping[str, Any] | None = None
) -> AsyncIterator[PanelEvent]:
    with _budget_scope(settings, models):
        async for event in _panel_events(graph_input, thread_id, settings, models):
            yield event


async def _panel_events(
    graph_input: Any, thread_id: str, settings: Settings, models: Mapping[str, Any] | None
) -> AsyncIterator[PanelEvent]:
    config: RunnableConfig = {"configurable": {"thread_id": thread_id}}
    seq = 0
    async with _checkpointer(settings) as saver:
        graph = build_panel(settings, saver, PanelNodes(settings, models))
        if isinstance(graph_input, Command):
            # Count the entries already recorded so sequence numbers continue.
            seq = len((await graph.aget_state(config)).values.get("transcript", []))
        paused = False
        async for update in graph.astream(graph_input, config, stream_mode="updates"):
            for node, values in update.items():
                if node == "__interrupt__":
                    paused = True  # the checkpoint is complete once the stream ends
                    continue
                for entry in (values or {}).get("transcript", []):
                    yield PanelEvent(
                        type="transcript", node=node, entry=TranscriptEntry(seq=seq, **entry)
                    )
                    seq += 1
                if node == "finalize":
                    report = ConsensusReport.model_validate(values["report"])
                    yield PanelEvent(
                        type="report", report=report.model_copy(update={"thread_id": thread_id})
                    )
        if paused:
            state = (await graph.aget_state(config)).values
            report = build_report(cast(PanelState, {**state, "escalated": True})).model_copy(
                update={"thread_id": thread_id, "awaiting_review": True}
            )
            yield PanelEvent(type="paused", report=report)


def stream_case(
    case_or_path: Case | str | Path,
    *,
    settings: Settings | None = None,
    max_rounds: int | None = None,
    review: bool = False,
    thread_id: str | None = None,
    models: Mapping[str, Any] | None = None,
) -> AsyncIterator[PanelEvent]:
    """Run a case, yielding each transcript entry as it happens and finally the report.

    `models` maps a role to an AG2 model config that replaces the configured endpoint for that
    role (tests pass scripted models; apps can pin a model per role).
    """
    settings = settings or Settings()
    case = _as_case(case_or_path)
    graph_input = {
        "case": case.model_dump(mode="json"),
        "max_rounds": settings.max_rounds if max_rounds is None else max_rounds,
        "review": review,
    }
    return _stream(
        graph_input, thread_id or f"{case.id}-{uuid.uuid4().hex[:8]}", settings, models
    )


async def _final_report(events: AsyncIterator[PanelEvent]) -> ConsensusReport:
    report: ConsensusReport | None = None
    async for event in events:
        if event.report is not None:
            report = event.report
    if report is None:  # the graph always ends in finalize or a pause
        raise RuntimeError("the panel finished without a report")
    return report


async def arun_case(
    case_or_path: Case | str | Path,
    *,
    settings: Settings | None = None,
    max_rounds: int | None = None,
    review: bool = False,
    models: Mapping[str, Any] | None = None,
) -> ConsensusReport:
    return await _final_report(
        stream_case(case_or_path, settings=settings, max_rounds=max_rounds, review=review,
                    models=models)
    )


def run_case(
    case_or_path: Case | str | Path,
    *,
    settings: Settings | None = None,
    max_rounds: int | None = None,
    review: bool = False,
    models: Mapping[str, Any] | None = None,
) -> ConsensusReport:
    """Run one case through the full panel and return the consensus report."""
    return asyncio.run(
        arun_case(case_or_path, settings=settings, max_rounds=max_rounds, review=review,
                  models=models)
    )


async def aresume(
    thread_id: str,
    decision: Literal["approve", "reject"],
    note: str = "",
    *,
    settings: Settings | None = None,
) -> ConsensusReport:
    """Continue a case paused for clinician sign-off, from its checkpoint."""
    settings = settings or Settings()
    if not settings.checkpoint_db.exists():
        raise UnknownThreadError(f"no paused case {thread_id!r} (no checkpoint database yet)")
    async with _checkpointer(settings) as saver:
        config: RunnableConfig = {"configurable": {"thread_id": thread_id}}
        snapshot = await build_panel(settings, saver).aget_state(config)
    if not snapshot.values or not snapshot.interrupts:
        raise UnknownThreadError(f"no case paused for review under thread id {thread_id!r}")
    command: Command[Any] = Command(resume={"decision": decision, "note": note})
    return await _final_report(_stream(command, thread_id, settings))


def resume(
    thread_id: str, decision: Literal["approve", "reject"], note: str = "",
    *, settings: Settings | None = None,
) -> ConsensusReport:
    return asyncio.run(aresume(thread_id, decision, note, settings=settings))
