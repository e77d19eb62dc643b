"""Consensus: merge the specialists' outputs into one draft, then word the released report.

The draft's treatment plan comes from the pharmacist's guideline screen for the working
diagnosis; the wording says plainly that this is decision support for a clinician.
"""

from __future__ import annotations

from consilium.agents import pharmacist
from consilium.agents.base import AgentContext, Recorder
from consilium.core.report import (
    Citation,
    Confidence,
    CriticReview,
    DiagnosticAssessment,
    MedicationReview,
    SafetyFinding,
    TriageAssessment,
)

DISCLAIMER = (
    "Decision support for a qualified clinician, not a diagnosis or treatment instruction for a "
    "patient. Verify every recommendation against the full clinical picture and local protocols."
)
# Below this probability the top diagnosis is too uncertain to start disease-specific treatment.
WORKING_DIAGNOSIS_TREATMENT_THRESHOLD = 0.30
# Confidence bands on the top diagnosis' probability, lowered by unresolved inputs and escalation.
CONFIDENCE_BANDS = ((0.6, "high"), (0.3, "moderate"), (0.0, "low"))


def working_candidate_probability(diagnosis: DiagnosticAssessment) -> float:
    return diagnosis.differential[0].probability if diagnosis.differential else 0.0


def add_treatment_plan(
    context: AgentContext, diagnosis: DiagnosticAssessment, medication: MedicationReview,
    recorder: Recorder,
) -> MedicationReview:
    """Add screened guideline treatment for a confident working diagnosis."""
    working = diagnosis.working_diagnosis
    if not working or working_candidate_probability(diagnosis) < (
        WORKING_DIAGNOSIS_TREATMENT_THRESHOLD
    ):
        recorder.message("No disease-specific treatment: the working diagnosis is not firm enough.")
        return medication
    planned = {item.drug.lower() for item in medication.medication_plan}
    items, citations = pharmacist.plan_treatment(context, working, recorder)
    new_items = [item for item in items if item.drug.lower() not in planned]
    if new_items:
        recorder.message(
            f"Treatment for {working}: " + ", ".join(f"{i.drug} {i.dose or ''}".strip()
                                                     for i in new_items)
        )
    return medication.model_copy(
        update={
            "medication_plan": [*medication.medication_plan, *new_items],
            "citations": _unique([*medication.citations, *citations]),
        }
    )


def _unique(citations: list[Citation]) -> list[Citation]:
    seen: dict[str, Citation] = {}
    for citation in citations:
        seen.setdefault(citation.id, citation)
    return list(seen.values())


def all_citations(diagnosis: DiagnosticAssessment, medication: MedicationReview) -> list[Citation]:
    return _unique([*diagnosis.citations, *medication.citations])


def confidence(
    diagnosis: DiagnosticAssessment, findings: list[SafetyFinding], escalated: bool
) -> Confidence:
    value = working_candidate_probability(diagnosis)
    reasons = [f"top diagnosis probability {value:.0%}"]
    unknown = [f for f in findings if f.kind == "unrecognized_input"]
    if unknown:
        value *= 0.75
        reasons.append(f"{len(unknown)} input(s) not recognised")
    if escalated:
        value = min(value, 0.29)
        reasons.append("escalated to a clinician")
    label = next(name for floor, name in CONFIDENCE_BANDS if value >= floor)
    return Confidence(value=round(value, 3), label=label, reasons=reasons)


def recommendation(
    triage: TriageAssessment, diagnosis: DiagnosticAssessment, medication: MedicationReview,
    review: CriticReview | None, escalated: bool,
) -> str:
    lines: list[str] = []
    if escalated:
        lines.append("ESCALATED to a clinician: the safety gate could not release this plan.")
        if review:
            lines.extend(f"- {f.message}" for f in review.findings)
    lines.append(
        f"Acuity: ESI {triage.esi} ({triage.urgency.replace('_', '-')})"
        + (f"; {triage.disposition.rstrip('.')}" if triage.disposition else "")
        + (f". Red flags: {', '.join(triage.red_flags)}" if triage.red_flags else "")
        + "."
    )
    if diagnosis.working_diagnosis:
        probability = working_candidate_probability(diagnosis)
        firm = probability >= WORKING_DIAGNOSIS_TREATMENT_THRESHOLD
        lines.append(
            f"{'Working diagnosis' if firm else 'No firm diagnosis; leading possibility'}: "
            f"{diagnosis.working_diagnosis} ({probability:.0%})."
        )
    must_not_miss = [c.diagnosis for c in diagnosis.differential if c.must_not_miss]
    if must_not_miss:
        lines.append(f"Do not miss: {', '.join(must_not_miss)}.")
    if diagnosis.next_tests:
        lines.append("Next tests: " + "; ".join(t.test for t in diagnosis.next_tests[:6]) + ".")
    for item in medication.medication_plan:
        if item.action != "continue":
            dose = " ".join(part for part in (item.dose, item.route, item.frequency) if part)
            lines.append(f"{item.action.upper()} {item.drug}{' ' + dose if dose else ''}: "
                         f"{item.rationale}")
    return "\n".join(lines)
