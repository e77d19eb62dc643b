"""The CDS Hooks endpoints: `GET /cds-services` and one `POST /cds-services/{id}` per service.

CDS Hooks 2.0 §"Discovery" and §"Calling a CDS Service". An EHR authenticates with an API key
like any other client (the spec's JWT bearer scheme is not implemented yet).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from consilium.agents.intake import run_intake
from consilium.core.case import Case
from consilium.server.cds.cards import review_cards
from consilium.server.cds.models import CardsResponse, Discovery, HookRequest, ServiceDescription
from consilium.server.cds.plan_cards import plan_cards
from consilium.server.cds.prefetch import PREFETCH, case_from_hook, draft_orders
from consilium.server.problems import ProblemError
from consilium.server.security import require_api_key
from consilium.server.state import ServiceState, service
from consilium.tools.medication import (
    MedicationReviewInput,
    MedicationReviewResult,
    review_medications,
)

router = APIRouter(prefix="/cds-services", tags=["cds-hooks"],
                   dependencies=[Depends(require_api_key)])

SERVICES = [
    ServiceDescription(
        hook="patient-view", id="consilium-medication-review",
        title="consilium medication review",
        description="Reviews the patient's current medications for interactions, allergies, "
                    "contraindications, renal dosing, pregnancy and older-adult risks.",
        prefetch=PREFETCH,
    ),
    ServiceDescription(
        hook="patient-view", id="consilium-treatment-plan",
        title="consilium treatment plan",
        description="Runs the panel on the patient's record and returns its treatment plan: a "
                    "drug to start as a draft proposal to sign, a conditional one as a "
                    "suggestion listing what must be confirmed first, and the care steps.",
        prefetch=PREFETCH,
    ),
    ServiceDescription(
        hook="order-sign", id="consilium-order-check",
        title="consilium order check",
        description="Checks the medication orders being signed against the current medications, "
                    "allergies and conditions; a dangerous order gets a critical card.",
        prefetch=PREFETCH,
    ),
]


def _review(case: Case) -> MedicationReviewResult:
    intake = run_intake(case)
    derived = {score.id: score.value for score in intake.derived}
    patient = intake.case.patient
    return review_medications(MedicationReviewInput(
        current=case.medications, proposed=case.proposed_medications, allergies=case.allergies,
        age_years=patient.age, sex=patient.sex, pregnant=patient.pregnant,
        gestation_weeks=patient.gestation_weeks, breastfeeding=patient.breastfeeding,
        weight_kg=patient.weight_kg, egfr=derived.get("ckd_epi_2021"),
        crcl=derived.get("cockcroft_gault"), conditions=case.past_medical_history,
    ))


def _check_hook(request: HookRequest, hook: str) -> None:
    if request.hook != hook:
        raise ProblemError(400, "Bad Request", f"hook: this service answers '{hook}', "
                           f"not {request.hook!r}")


@router.get("", response_model=Discovery)
async def discovery() -> Discovery:
    return Discovery(services=SERVICES)


@router.post("/consilium-medication-review", response_model=CardsResponse)
def patient_view(request: HookRequest) -> CardsResponse:
    _check_hook(request, "patient-view")
    case = case_from_hook(request.prefetch, request.context)
    return CardsResponse(cards=review_cards(_review(case)))


@router.post("/consilium-treatment-plan", response_model=CardsResponse)
async def treatment_plan(
    request: HookRequest, state: Annotated[ServiceState, Depends(service)]
) -> CardsResponse:
    _check_hook(request, "patient-view")
    case = case_from_hook(request.prefetch, request.context)
    job = state.jobs.start(case, review=False, max_rounds=None)
    assert job.task is not None
    await job.task
    if job.report is None:
        raise ProblemError(500, "Case failed", job.error or "the panel failed", job_id=job.id)
    return CardsResponse(cards=plan_cards(job.report, request.context.get("patientId")))


@router.post("/consilium-order-check", response_model=CardsResponse)
def order_sign(request: HookRequest) -> CardsResponse:
    _check_hook(request, "order-sign")
    orders = draft_orders(request.context)
    if not orders:
        raise ProblemError(400, "Bad Request", "context.draftOrders: no MedicationRequest in the "
                           "draft orders Bundle")
    case = case_from_hook(request.prefetch, request.context)
    ordered = {m.name for m in case.proposed_medications}
    return CardsResponse(cards=review_cards(_review(case), only_items=ordered, orders=orders))


__all__ = ["SERVICES", "router"]
