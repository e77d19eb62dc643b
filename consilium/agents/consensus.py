"""Consensus: the released report, built from its typed parts, and its wording.

The draft's treatment plan comes from the pharmacist's regimen screen for the differential
(`pharmacist.add_treatment_plan`); every item says what it is for and, when it is conditional,
what the clinician must confirm first. An escalated report never says `start` for a drug the
escalation could not clear. The wording says plainly that this is decision support for a
clinician.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from consilium.core.report import (
    AgentUsage,
    CareStep,
    Citation,
    ClinicianDecision,
    Confidence,
    ConsensusReport,
    CriticReview,
    DiagnosticAssessment,
    MedicationPlanItem,
    MedicationReview,
    SafetyFinding,
    ScoreResult,
    TranscriptEntry,
    TriageAssessment,
    Usage,
    unique_citations,
)
from consilium.reasoning.differential import (
    WORKING_DIAGNOSIS_TREATMENT_THRESHOLD,
    working_candidate_probability,
)

DISCLAIMER = (
    "Decision support for a qualified clinician, not a diagnosis or treatment instruction for a "
    "patient. Verify every recommendation against the full clinical picture and local protocols."
)
# Confidence bands on the top diagnosis' probability, lowered by unresolved inputs and escalation.
CONFIDENCE_BANDS = ((0.6, "high"), (0.3, "moderate"), (0.0, "low"))


def all_citations(diagnosis: DiagnosticAssessment, medication: MedicationReview) -> list[Citation]:
    return unique_citations([*diagnosis.citations, *medication.citations])


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
    lines.extend(plan_line(item) for item in medication.medication_plan
                 if item.action != "continue")
    if medication.care_steps:
        lines.append("Care steps: " + "; ".join(step_text(step) for step in medication.care_steps)
                     + ".")
    return "\n".join(lines)


def plan_line(item: MedicationPlanItem) -> str:
    """One plan item as the recommendation says it: what, how much, if what, for what."""
    verb = {"start_if": "START", "consider": "CONSIDER"}.get(item.action, item.action.upper())
    text = f"{verb} {item.drug}{' ' + item.dosage if item.dosage else ''}"
    if item.conditions:
        text += " IF " + "; ".join(item.conditions)
    if item.indication and item.indication.probability is not None:
        text += f" — for {item.indication.label}"
    return f"{text}: {item.rationale}"


def step_text(step: CareStep) -> str:
    amount = f" {step.amount}" if step.amount else ""
    timing = f" ({step.timing})" if step.timing else ""
    condition = f" if {'; '.join(step.conditions)}" if step.conditions else ""
    return f"{step.step}{amount}{timing}{condition}"


def hold_uncleared(plan: list[MedicationPlanItem], escalation: list[SafetyFinding]
                   ) -> list[MedicationPlanItem]:
    """An escalated report never says `start` for a drug the escalation could not clear: a
    drug an escalation finding names, or any new drug when a medication could not be
    recognised (its interactions are unchecked). Such items wait for the clinician."""
    unknown = [f for f in escalation if f.kind == "unrecognized_input"]
    held: list[MedicationPlanItem] = []
    for item in plan:
        reasons = [f.message for f in escalation if item.drug in f.items] or (
            [f.message for f in unknown] if item.action == "start" else [])
        if item.action == "start" and reasons:
            item = item.model_copy(update={
                "action": "start_if",
                "conditions": [*item.conditions,
                               *(f"a clinician clears the escalation: {r}" for r in reasons)]})
        held.append(item)
    return held


@dataclass(frozen=True)
class ReportParts:
    """Everything the report is made of, typed: the draft's parts, the critic's review, the
    clinician's decision, and the run's record (transcript, usage per agent call, engines)."""

    case_id: str
    triage: TriageAssessment
    diagnosis: DiagnosticAssessment
    medication: MedicationReview
    critic: CriticReview
    decision: ClinicianDecision | None
    escalated: bool
    intake_findings: list[SafetyFinding]
    derived: list[ScoreResult]
    transcript: list[TranscriptEntry]
    usage: list[tuple[str, AgentUsage]]
    engines: dict[str, str]
    rounds: int
    started_at: float | None


def build_report(parts: ReportParts) -> ConsensusReport:
    decision = parts.decision
    escalated = parts.escalated and not (decision and decision.decision == "approve")
    review = parts.critic
    medication = parts.medication
    if escalated:
        medication = medication.model_copy(update={
            "medication_plan": hold_uncleared(medication.medication_plan, review.findings)})
    findings = _all_findings(parts.intake_findings, parts.medication, review)
    if escalated:
        status = "escalated"
    elif decision is not None or any(f.severity != "info" for f in findings):
        status = "approved_with_warnings"
    else:
        status = "approved"
    return ConsensusReport(
        case_id=parts.case_id,
        status=status,
        engine=", ".join(f"{role}={engine}" for role, engine in sorted(parts.engines.items())),
        disclaimer=DISCLAIMER,
        recommendation=recommendation(
            parts.triage, parts.diagnosis, medication, review, escalated
        ),
        confidence=confidence(parts.diagnosis, findings, escalated),
        triage=parts.triage,
        differential=parts.diagnosis.differential,
        next_tests=parts.diagnosis.next_tests,
        medication_plan=medication.medication_plan,
        care_steps=medication.care_steps,
        safety_findings=findings,
        escalation_reasons=[f.message for f in review.findings] if escalated else [],
        citations=all_citations(parts.diagnosis, parts.medication),
        derived=parts.derived,
        critic=review,
        rounds=parts.rounds,
        clinician_decision=decision,
        transcript=parts.transcript,
        usage=_sum_usage(parts.usage, parts.started_at),
    )


def _all_findings(
    intake_findings: list[SafetyFinding], medication: MedicationReview, review: CriticReview
) -> list[SafetyFinding]:
    findings = [*intake_findings, *medication.safety_findings, *review.findings]
    unique: dict[tuple[str, tuple[str, ...], str], SafetyFinding] = {}
    for finding in findings:
        unique.setdefault((finding.kind, tuple(sorted(finding.items)), finding.message), finding)
    return sorted(unique.values(), key=lambda f: -f.rank)


def _sum_usage(entries: list[tuple[str, AgentUsage]], started_at: float | None) -> Usage:
    by_agent: dict[str, list[AgentUsage]] = {}
    for agent, usage in entries:
        by_agent.setdefault(agent, []).append(usage)
    totals = _add(usage for usages in by_agent.values() for usage in usages)
    return Usage(
        **totals.model_dump(),
        wall_ms=round((time.time() - started_at) * 1000, 1) if started_at else 0.0,
        by_agent={agent: _add(usages) for agent, usages in sorted(by_agent.items())},
    )


def _add(usages: Iterable[AgentUsage]) -> AgentUsage:
    total = AgentUsage()
    for usage in usages:
        total.llm_calls += usage.llm_calls
        total.tokens += usage.tokens
        total.prompt_tokens += usage.prompt_tokens
        total.completion_tokens += usage.completion_tokens
        total.cost_usd += usage.cost_usd
    total.cost_usd = round(total.cost_usd, 6)
    return total
