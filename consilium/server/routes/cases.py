"""`/v1/cases`: run a case (our schema or a FHIR R4 Bundle), read it, follow it, sign it off."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sse_starlette import EventSourceResponse, ServerSentEvent

from consilium.api import UnknownThreadError
from consilium.core.case import Case
from consilium.core.fhir import case_from_fhir
from consilium.core.loaders import case_from_mapping
from consilium.core.report import ConsensusReport
from consilium.server.jobs import CaseJob, JobStatus
from consilium.server.problems import ProblemError
from consilium.server.security import require_api_key
from consilium.server.state import ServiceState, service

router = APIRouter(prefix="/v1/cases", tags=["cases"], dependencies=[Depends(require_api_key)])

CASE_EXAMPLE = {
    "id": "warfarin-nsaid", "patient": {"age": 72, "sex": "female"},
    "presenting_complaint": "right knee pain after a fall",
    "medications": ["warfarin 5 mg daily"], "proposed_medications": ["ibuprofen 600 mg tds"],
}


class CaseJobView(BaseModel):
    id: str = Field(description="Job id; also the workflow thread id.")
    case_id: str
    status: JobStatus
    created: str
    error: str | None = None
    report: ConsensusReport | None = None
    links: dict[str, str] = Field(default_factory=dict)


class Decision(BaseModel):
    decision: Literal["approve", "reject"]
    note: str = Field(default="", max_length=4000)


def parse_case(payload: dict[str, Any]) -> Case:
    """Our case schema, or a FHIR R4 Bundle when `resourceType` says so."""
    if payload.get("resourceType") == "Bundle":
        return case_from_fhir(payload)
    if "resourceType" in payload:
        raise ProblemError(422, "Invalid case", "resourceType: only a FHIR R4 'Bundle' is "
                           "accepted", errors=[{"field": "body.resourceType",
                                                "message": "expected 'Bundle'"}])
    return case_from_mapping(payload, source="request body")


def _view(state: ServiceState, job: CaseJob) -> CaseJobView:
    base = f"/v1/cases/{job.id}"
    links = {"self": base, "events": f"{base}/events"}
    if job.status == "paused":
        links["decision"] = f"{base}/decision"
    return CaseJobView(**state.jobs.summary(job), report=job.report, links=links)


def _job(state: ServiceState, job_id: str) -> CaseJob:
    job = state.jobs.get(job_id)
    if job is None:
        raise ProblemError(404, "Not Found", f"no case job {job_id!r}")
    return job


@router.post("", response_model=CaseJobView, status_code=200,
             responses={202: {"model": CaseJobView, "description": "Accepted (async=true)"},
                        422: {"description": "Invalid case (problem detail naming the field)"}})
async def run_case(
    state: Annotated[ServiceState, Depends(service)],
    payload: Annotated[dict[str, Any], Body(description="A consilium case or a FHIR R4 Bundle.",
                                            examples=[CASE_EXAMPLE])],
    run_async: Annotated[bool, Query(alias="async", description="Answer 202 with a job id.")]
    = False,
    review: Annotated[bool, Query(description="Pause for clinician sign-off.")] = False,
    max_rounds: Annotated[int | None, Query(ge=0, le=10)] = None,
) -> Any:
    job = state.jobs.start(parse_case(payload), review=review, max_rounds=max_rounds)
    if run_async:
        return JSONResponse(_view(state, job).model_dump(mode="json"), status_code=202)
    assert job.task is not None
    await job.task
    if job.status == "failed":
        raise ProblemError(500, "Case failed", job.error or "the panel failed", job_id=job.id)
    return _view(state, job)


@router.get("/{job_id}", response_model=CaseJobView)
async def get_case(state: Annotated[ServiceState, Depends(service)], job_id: str) -> CaseJobView:
    return _view(state, _job(state, job_id))


@router.get("/{job_id}/events", response_class=EventSourceResponse,
            responses={200: {"content": {"text/event-stream": {}},
                             "description": "transcript events, then paused/report/error"}})
async def case_events(
    state: Annotated[ServiceState, Depends(service)], job_id: str
) -> EventSourceResponse:
    job = _job(state, job_id)

    async def events() -> AsyncIterator[ServerSentEvent]:
        seq = 0
        async for event in job.follow():
            yield ServerSentEvent(event=event.type, id=str(seq), data=event.model_dump_json())
            seq += 1
        if job.status == "failed":
            yield ServerSentEvent(event="error", data=json.dumps({"error": job.error}))

    return EventSourceResponse(events(), ping=15)


@router.post("/{job_id}/decision", response_model=CaseJobView,
             responses={409: {"description": "The case is not awaiting sign-off"}})
async def decide(
    state: Annotated[ServiceState, Depends(service)], job_id: str, decision: Decision
) -> CaseJobView:
    job = _job(state, job_id)
    if job.status != "paused":
        raise ProblemError(409, "Conflict", f"case job {job_id!r} is {job.status}, not awaiting "
                           "clinician sign-off (POST the case with review=true)")
    try:
        await state.jobs.decide(job, decision.decision, decision.note)
    except UnknownThreadError as exc:  # the checkpoint is gone (state directory wiped)
        raise ProblemError(409, "Conflict", str(exc)) from None
    except Exception:
        raise ProblemError(500, "Case failed", job.error or "the panel could not resume",
                           job_id=job.id) from None
    return _view(state, job)
