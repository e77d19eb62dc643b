"""Case jobs: each POSTed case runs as an asyncio task whose events are kept in order, so a
client can GET the result, follow the events (SSE) from the start, or sign off a paused case.

The job id is also the workflow's thread id, so a paused case resumes from its checkpoint.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from consilium.api import Panel, PanelEvent
from consilium.core.case import Case
from consilium.core.report import ConsensusReport
from consilium.core.settings import Settings
from consilium.server.events import RedisEventPublisher

log = logging.getLogger(__name__)

JobStatus = Literal["running", "paused", "completed", "failed"]


@dataclass
class CaseJob:
    id: str
    case_id: str
    created: datetime
    status: JobStatus = "running"
    events: list[PanelEvent] = field(default_factory=list)
    report: ConsensusReport | None = None
    error: str | None = None
    task: asyncio.Task[None] | None = None
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def settled(self) -> bool:
        """Nothing more will happen until a client acts (or ever)."""
        return self.status != "running"

    def notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def follow(self) -> AsyncIterator[PanelEvent]:
        """Every event from the first, then new ones as they come, until the job settles."""
        index = 0
        while True:
            waiter = self._changed
            while index < len(self.events):
                yield self.events[index]
                index += 1
            if self.settled:
                return
            await waiter.wait()


class CaseJobs:
    def __init__(self, settings: Settings, publisher: RedisEventPublisher | None,
                 keep_finished: int = 1000) -> None:
        self.settings = settings
        self.publisher = publisher
        self.keep_finished = keep_finished
        self._jobs: OrderedDict[str, CaseJob] = OrderedDict()
        # One panel for every job: its checkpoint connection and compiled graph are shared.
        self.panel = Panel(settings)

    async def aclose(self) -> None:
        await self.panel.aclose()

    def get(self, job_id: str) -> CaseJob | None:
        return self._jobs.get(job_id)

    def start(self, case: Case, *, review: bool, max_rounds: int | None) -> CaseJob:
        job = CaseJob(id=f"{uuid.uuid4().hex}", case_id=case.id, created=datetime.now(UTC))
        self._jobs[job.id] = job
        self._forget_old()
        events = self.panel.stream(case, review=review, max_rounds=max_rounds, thread_id=job.id)
        job.task = asyncio.create_task(self._run(job, events))
        return job

    async def decide(self, job: CaseJob, decision: Literal["approve", "reject"],
                     note: str) -> None:
        """Resume a paused job with the clinician's decision (caller checks it is paused)."""
        job.status = "running"
        job.notify()
        try:
            report = await self.panel.resume(job.id, decision, note)
        except Exception as exc:
            await self._fail(job, exc)
            raise
        await self._record(job, PanelEvent(type="report", report=report))

    async def _run(self, job: CaseJob, events: AsyncIterator[PanelEvent]) -> None:
        try:
            async for event in events:
                await self._record(job, event)
        except Exception as exc:  # a failed case must not take the service down
            await self._fail(job, exc)

    async def _record(self, job: CaseJob, event: PanelEvent) -> None:
        job.events.append(event)
        if event.report is not None:
            job.report = event.report
            job.status = "paused" if event.type == "paused" else "completed"
        if self.publisher is not None:
            try:
                await self.publisher.publish(job.id, event.type, event.model_dump_json())
            except Exception:  # the stream is a side channel; the case goes on without it
                log.exception("could not publish event of case job %s to Redis", job.id)
        job.notify()

    async def _fail(self, job: CaseJob, exc: Exception) -> None:
        log.error("case job %s failed: %s", job.id, type(exc).__name__)
        job.error = f"{type(exc).__name__}: the panel could not finish this case"
        job.status = "failed"
        if self.publisher is not None:
            try:
                await self.publisher.publish(job.id, "error", json.dumps({"error": job.error}))
            except Exception:
                log.exception("could not publish failure of case job %s to Redis", job.id)
        job.notify()

    def _forget_old(self) -> None:
        settled = [job_id for job_id, job in self._jobs.items() if job.status in
                   ("completed", "failed")]
        for job_id in settled[: max(0, len(settled) - self.keep_finished)]:
            del self._jobs[job_id]

    def summary(self, job: CaseJob) -> dict[str, Any]:
        return {"id": job.id, "case_id": job.case_id, "status": job.status,
                "created": job.created.isoformat(), "error": job.error}
