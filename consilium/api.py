"""The Python embedding surface.

    report = consilium.run_case("cases/warfarin-nsaid.yaml")
    report = await consilium.arun_case(case)
    async for event in consilium.stream_case(case):   # agent messages and tool calls as they happen
        ...
    report = await consilium.aresume(thread_id, "approve", note="reviewed")

    async with consilium.Panel(settings) as panel:      # many cases on one panel
        reports = await asyncio.gather(*(panel.run(case) for case in cases))

Every run checkpoints to SQLite (`Settings.checkpoint_db`, when `Settings.checkpoint_durability`
says), so a case paused for clinician review can be resumed from another process.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractContextManager, AsyncExitStack, asynccontextmanager, nullcontext
from pathlib import Path
from typing import Any, Literal, cast

import aiosqlite
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command
from pydantic import BaseModel

from consilium.agents.consensus import build_report
from consilium.core.case import Case
from consilium.core.errors import InputError
from consilium.core.loaders import load_case
from consilium.core.report import ConsensusReport, TranscriptEntry
from consilium.core.settings import Settings
from consilium.workflows.panel import build_panel
from consilium.workflows.state import PanelState, report_parts


class PanelEvent(BaseModel):
    """One step of a running case, for apps that show progress."""

    type: Literal["transcript", "paused", "report"]
    node: str | None = None
    entry: TranscriptEntry | None = None
    report: ConsensusReport | None = None


class UnknownThreadError(InputError, LookupError):
    """`resume` was given a thread id with no paused case behind it."""


def _as_case(case_or_path: Case | str | Path) -> Case:
    return case_or_path if isinstance(case_or_path, Case) else load_case(case_or_path)


@asynccontextmanager
async def _checkpointer(settings: Settings) -> AsyncIterator[AsyncSqliteSaver]:
    """The SQLite checkpointer (LangGraph sets WAL mode); a long busy timeout lets several
    processes share the file instead of failing locked."""
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


class Panel:
    """The panel ready to run many cases: one checkpoint connection and one compiled graph,
    shared by every case (at once or in turn) until it is closed.

        async with consilium.Panel(settings) as panel:
            reports = await asyncio.gather(*(panel.run(case) for case in cases))

    Opening costs a connection and a graph compilation; a service or a batch opens one panel
    and keeps it, instead of paying that for every case. It opens on first use if not entered,
    and belongs to the event loop that opened it. `models` maps a role to an AG2 model config
    that replaces the configured endpoint for that role (tests pass scripted models).
    """

    def __init__(
        self, settings: Settings | None = None, *, models: Mapping[str, Any] | None = None
    ) -> None:
        self.settings = settings or Settings()
        self.models = models
        self._resources: AsyncExitStack | None = None
        self._graph: CompiledStateGraph[Any] | None = None
        self._opening = asyncio.Lock()

    async def open(self) -> Panel:
        async with self._opening:
            if self._graph is None:
                resources = AsyncExitStack()
                saver = await resources.enter_async_context(_checkpointer(self.settings))
                self._graph = build_panel(self.settings, saver, self.models)
                self._resources = resources
        return self

    async def aclose(self) -> None:
        if self._resources is not None:
            await self._resources.aclose()
        self._resources, self._graph = None, None

    async def __aenter__(self) -> Panel:
        return await self.open()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def stream(
        self,
        case_or_path: Case | str | Path,
        *,
        max_rounds: int | None = None,
        review: bool = False,
        thread_id: str | None = None,
    ) -> AsyncIterator[PanelEvent]:
        """Run a case, yielding each transcript entry as it happens and finally the report."""
        case = _as_case(case_or_path)  # a bad file fails here, before anything runs
        graph_input = {
            "case": case.model_dump(mode="json"),
            "max_rounds": self.settings.max_rounds if max_rounds is None else max_rounds,
            "review": review,
        }
        return self._stream(graph_input, thread_id or f"{case.id}-{uuid.uuid4().hex[:8]}")

    async def run(
        self,
        case_or_path: Case | str | Path,
        *,
        max_rounds: int | None = None,
        review: bool = False,
        thread_id: str | None = None,
    ) -> ConsensusReport:
        return await _final_report(
            self.stream(case_or_path, max_rounds=max_rounds, review=review, thread_id=thread_id)
        )

    async def resume(
        self, thread_id: str, decision: Literal["approve", "reject"], note: str = ""
    ) -> ConsensusReport:
        """Continue a case paused for clinician sign-off, from its checkpoint."""
        if self._graph is None and not self.settings.checkpoint_db.exists():
            raise UnknownThreadError(f"no paused case {thread_id!r} (no checkpoint database yet)")
        graph = await self._compiled()
        snapshot = await graph.aget_state(_thread_config(thread_id))
        if not snapshot.values or not snapshot.interrupts:
            raise UnknownThreadError(f"no case paused for review under thread id {thread_id!r}")
        command: Command[Any] = Command(resume={"decision": decision, "note": note})
        return await _final_report(self._stream(command, thread_id))

    async def _compiled(self) -> CompiledStateGraph[Any]:
        await self.open()
        assert self._graph is not None  # open() compiled it
        return self._graph

    async def _stream(self, graph_input: Any, thread_id: str) -> AsyncIterator[PanelEvent]:
        with _budget_scope(self.settings, self.models):
            async for event in self._panel_events(graph_input, thread_id):
                yield event

    async def _panel_events(self, graph_input: Any, thread_id: str) -> AsyncIterator[PanelEvent]:
        graph = await self._compiled()
        config = _thread_config(thread_id)
        seq = 0
        if isinstance(graph_input, Command):
            # Count the entries already recorded so sequence numbers continue.
            seq = len((await graph.aget_state(config)).values.get("transcript", []))
        paused = False
        updates = graph.astream(
            graph_input, config, stream_mode="updates",
            durability=self.settings.checkpoint_durability,
        )
        async for update in updates:
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
            parts = report_parts(cast(PanelState, state), escalated=True)
            report = build_report(parts).model_copy(
                update={"thread_id": thread_id, "awaiting_review": True}
            )
            yield PanelEvent(type="paused", report=report)


def _thread_config(thread_id: str) -> RunnableConfig:
    return {"configurable": {"thread_id": thread_id}}


def stream_case(
    case_or_path: Case | str | Path,
    *,
    settings: Settings | None = None,
    max_rounds: int | None = None,
    review: bool = False,
    thread_id: str | None = None,
    models: Mapping[str, Any] | None = None,
) -> AsyncIterator[PanelEvent]:
    """Run one case on a panel of its own, yielding each transcript entry as it happens and
    finally the report (see `Panel` to run many cases on one)."""
    case = _as_case(case_or_path)

    async def events() -> AsyncIterator[PanelEvent]:
        async with Panel(settings, models=models) as panel:
            async for event in panel.stream(
                case, max_rounds=max_rounds, review=review, thread_id=thread_id
            ):
                yield event

    return events()


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
    panel = Panel(settings)  # not entered: resume checks for the database before opening it
    try:
        return await panel.resume(thread_id, decision, note)
    finally:
        await panel.aclose()


def resume(
    thread_id: str, decision: Literal["approve", "reject"], note: str = "",
    *, settings: Settings | None = None,
) -> ConsensusReport:
    return asyncio.run(aresume(thread_id, decision, note, settings=settings))
