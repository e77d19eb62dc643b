"""Pharmacist agent: medication review of current and proposed drugs, and the treatment plan.

Policy (the knowledge engine's; the critic enforces it whatever engine drafted the plan):
- a proposed drug with a contraindicated or major finding is not started (`avoid`), and a
  safer alternative is suggested where the alternatives table has one;
- a current drug in a contraindicated finding is stopped; in a major one it is `adjust`ed
  with the finding's management advice (the clinician reviews it);
- at consensus, the regimen book (tools/treatment) gives the treatment for the differential:
  each option is screened the same way before it is proposed, falling back to the regimen's
  alternatives, and every item names its indication.
"""

from __future__ import annotations

from dataclasses import replace

from consilium.agents.base import AgentContext, Recorder, medication_review
from consilium.core.case import Medication
from consilium.core.report import (
    DiagnosticAssessment,
    MedicationAction,
    MedicationPlanItem,
    MedicationReview,
    SafetyFinding,
    unique_citations,
)
from consilium.tools.guidelines import citation_for, resolve_passage
from consilium.tools.medication import suggest_alternatives
from consilium.tools.medication.plan import active_medications, as_medication
from consilium.tools.treatment import PlanRequest, Screen, generic, plan_treatment, replacements
from consilium.tools.treatment.indications import with_indications

ROLE = "pharmacist"
LLM_TOOLS = ["medication_review", "guideline_search"]


def serious_findings_for(drug: str, findings: list[SafetyFinding]) -> list[SafetyFinding]:
    return [f for f in findings if f.is_serious and drug in f.items]


def _plan_item(med: Medication, action: MedicationAction, rationale: str) -> MedicationPlanItem:
    return MedicationPlanItem(
        drug=med.name, dose=med.dose, route=med.route, frequency=med.frequency,
        action=action, rationale=rationale,
    )


def decide(
    med: Medication, proposed: bool, findings: list[SafetyFinding],
    alternatives: list[str] | None = None,
) -> MedicationPlanItem:
    """Apply the module's policy to one drug given the review's findings (`alternatives`: what
    to suggest instead of an avoided proposal; the class-level table when None)."""
    serious = serious_findings_for(med.name, findings)
    if not serious:
        return _plan_item(med, "start" if proposed else "continue", "no serious finding")
    worst = max(serious, key=lambda f: f.rank)
    reason = f"{worst.message} [{worst.source}]"
    if proposed:
        if alternatives is None:
            alternatives = suggest_alternatives(med.name, avoid_classes=[])
        if alternatives:
            reason += f" Consider instead: {', '.join(alternatives)}."
        return _plan_item(med, "avoid", reason)
    if worst.severity == "contraindicated":
        return _plan_item(med, "stop", reason)
    return _plan_item(med, "adjust", f"{reason} {worst.management or ''}".strip())


def assess(context: AgentContext, recorder: Recorder) -> MedicationReview:
    case = context.case
    result = medication_review(context, case.medications, case.proposed_medications, recorder)
    proposed = [decide(m, True, result.findings) for m in case.proposed_medications]
    # A finding that involves a proposed drug we will not start needs no change to current ones.
    avoided = {item.drug for item in proposed if item.action == "avoid"}
    remaining = [f for f in result.findings if not avoided.intersection(f.items)]
    plan = [decide(m, False, remaining) for m in case.medications] + proposed
    changed = [f"{p.action} {p.drug}" for p in plan if p.action not in ("start", "continue")]
    recorder.message(
        f"Reviewed {len(plan)} medications: {len(result.findings)} findings"
        + (f"; {', '.join(changed)}." if changed else "; no change needed.")
    )
    return MedicationReview(
        medication_plan=plan, safety_findings=result.findings,
        rationale="; ".join(p.rationale for p in plan if p.action != "continue"),
    )


def _screen(context: AgentContext, active: list[Medication], recorder: Recorder) -> Screen:
    """The medication review of one candidate with the drugs already in the plan: the
    findings that concern the candidate."""
    def screen(candidate: Medication, others: list[Medication],
               replacing: str | None) -> list[SafetyFinding]:
        current = [m for m in active if m.name != replacing]
        review = medication_review(context, [*current, *others], [candidate], recorder)
        return [f for f in review.findings if candidate.name in f.items]
    return screen


def _request(context: AgentContext, diagnosis: DiagnosticAssessment,
             medication: MedicationReview) -> PlanRequest:
    findings = context.clinical_findings
    return PlanRequest(
        case=context.case, derived=context.derived, differential=diagnosis.differential,
        plan=medication.medication_plan,
        present=[f.concept_id for f in findings if f.present],
        absent=[f.concept_id for f in findings if f.asserted_absent],
    )


def _swap_alternatives(context: AgentContext, medication: MedicationReview,
                       replaces: dict[str, str]) -> list[MedicationPlanItem]:
    """An avoided proposal that the regimen book replaced points to that replacement instead
    of the class-level alternatives table."""
    proposed = {m.name: m for m in context.case.proposed_medications}
    return [
        decide(proposed[item.drug], True, medication.safety_findings,
               alternatives=[replaces[item.drug]])
        .model_copy(update={"indication": item.indication})
        if item.drug in replaces and item.drug in proposed else item
        for item in medication.medication_plan
    ]


def add_treatment_plan(
    context: AgentContext, diagnosis: DiagnosticAssessment, medication: MedicationReview,
    recorder: Recorder,
) -> MedicationReview:
    """At consensus (the pharmacist runs beside the diagnostician, so the differential comes
    after it): the regimen book applied to the differential and screened against this patient,
    a replacement for each avoided proposal, and an indication on every item."""
    request = _request(context, diagnosis, medication)
    active = [as_medication(i) for i in active_medications(medication.medication_plan)]
    screen = _screen(context, active, recorder)
    payload = {"differential": [f"{c.diagnosis} {c.probability:.0%}"
                                for c in diagnosis.differential]}
    plan = recorder.tool("plan_treatment", plan_treatment, payload, request, screen)
    swaps = recorder.tool("regimen_replacements", replacements, payload, request, screen)
    swapped = _swap_alternatives(context, medication, swaps.replaces)
    existing = with_indications(replace(request, plan=swapped))
    items = [*plan.items, *swaps.items]
    # A current drug a regimen re-doses (an `adjust` item) replaces its `continue` line.
    adjusted = {generic(i.drug) for i in items if i.action == "adjust"}
    existing = [i for i in existing if generic(i.drug) not in adjusted or i.action != "continue"]
    hits = [hit for p in dict.fromkeys([*plan.passages, *swaps.passages])
            if (hit := resolve_passage(p)) is not None]
    summary = "; ".join(f"{i.action} {i.drug} {i.dose or ''}".strip() for i in items)
    recorder.message(
        (f"Treatment plan: {summary}." if items else "No regimen drug for this differential.")
        + (f" Care steps: {len(plan.steps)}." if plan.steps else "")
        + "".join(f"\n- {note}" for note in plan.notes + swaps.notes))
    return medication.model_copy(update={
        "medication_plan": [*existing, *items],
        "care_steps": [*medication.care_steps, *plan.steps],
        "safety_findings": _merge_findings(medication.safety_findings,
                                           [*plan.findings, *swaps.findings]),
        "citations": unique_citations([*medication.citations,
                                       *(citation_for(hit) for hit in hits)]),
    })


def revise(
    context: AgentContext, review: MedicationReview, findings: list[SafetyFinding],
    recorder: Recorder,
) -> MedicationReview:
    """The critic found active drugs with serious findings: stop or avoid them."""
    plan: list[MedicationPlanItem] = []
    for item in review.medication_plan:
        flagged = [f for f in findings if item.drug in f.items]
        if flagged and item.action in ("start", "start_if", "consider", "continue", "adjust"):
            worst = max(flagged, key=lambda f: f.rank)
            new = item.action in ("start", "start_if", "consider")
            action: MedicationAction = "avoid" if new else "stop"
            item = item.model_copy(
                update={"action": action, "rationale": f"{worst.message} [{worst.source}]"}
            )
        plan.append(item)
    recorder.message("Revised plan after the critic: " + ", ".join(
        f"{p.action} {p.drug}" for p in plan if p.action in ("avoid", "stop")
    ))
    merged = _merge_findings(review.safety_findings, findings)
    return review.model_copy(update={"medication_plan": plan, "safety_findings": merged})


def _merge_findings(
    first: list[SafetyFinding], second: list[SafetyFinding]
) -> list[SafetyFinding]:
    seen = {(f.kind, tuple(sorted(f.items)), f.source) for f in first}
    extra = [f for f in second if (f.kind, tuple(sorted(f.items)), f.source) not in seen]
    return sorted([*first, *extra], key=lambda f: -f.rank)
