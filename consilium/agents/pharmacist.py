"""Pharmacist agent: medication review of current and proposed drugs, and the treatment plan.

Policy (the knowledge engine's; the critic enforces it whatever engine drafted the plan):
- a proposed drug with a contraindicated or major finding is not started (`avoid`), and a
  safer alternative is suggested where the alternatives table has one;
- a current drug in a contraindicated finding is stopped; in a major one it is `adjust`ed
  with the finding's management advice (the clinician reviews it);
- guideline treatments for the working diagnosis are screened the same way before they are
  proposed, falling back to the guideline's alternatives.
"""

from __future__ import annotations

from consilium.agents.base import AgentContext, Recorder, medication_review
from consilium.core.case import Medication
from consilium.core.report import (
    Citation,
    DiagnosticAssessment,
    MedicationAction,
    MedicationPlanItem,
    MedicationReview,
    SafetyFinding,
    unique_citations,
)
from consilium.reasoning.differential import (
    WORKING_DIAGNOSIS_TREATMENT_THRESHOLD,
    working_candidate_probability,
)
from consilium.reasoning.diseases import names_of
from consilium.tools.guidelines import citation_for, resolve_passage, treatments_for
from consilium.tools.medication import suggest_alternatives
from consilium.tools.medication.plan import as_medication

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
    med: Medication, proposed: bool, findings: list[SafetyFinding]
) -> MedicationPlanItem:
    """Apply the module's policy to one drug given the review's findings."""
    serious = serious_findings_for(med.name, findings)
    if not serious:
        return _plan_item(med, "start" if proposed else "continue", "no serious finding")
    worst = max(serious, key=lambda f: f.rank)
    reason = f"{worst.message} [{worst.source}]"
    if proposed:
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


def plan_treatment(
    context: AgentContext, working_diagnosis: str, recorder: Recorder
) -> tuple[list[MedicationPlanItem], list[Citation]]:
    """One guideline treatment for the working diagnosis, screened against this patient.

    First-line options are tried in the guideline's order, then its alternatives; the first
    with no serious finding is proposed. Nothing is added when a drug the guideline lists is
    already in the plan. The rationale names the options screened out and why, so the
    clinician sees the whole choice (combination regimens and setting stay their decision).
    """
    names = names_of(working_diagnosis)
    options = recorder.tool(
        "treatments_for", treatments_for, {"condition": working_diagnosis, "synonyms": names[1:]},
        working_diagnosis, names[1:],
    )
    plan = context.medication.medication_plan if context.medication else []
    given = [item for item in plan if item.action in ("start", "continue", "adjust")]
    if {option.drug.lower() for option in options} & {item.drug.lower() for item in given}:
        recorder.message(f"A guideline treatment for {working_diagnosis} is already in the plan.")
        return [], []
    active = [as_medication(item) for item in given]
    screened_out: list[str] = []
    for option in sorted(options, key=lambda o: o.line != "first"):
        candidate = Medication(
            name=option.drug, dose=option.dose, route=option.route, frequency=option.frequency
        )
        review = medication_review(context, active, [candidate], recorder)
        serious = serious_findings_for(option.drug, review.findings)
        if serious:
            screened_out.append(f"{option.drug} ({serious[0].kind}: {serious[0].severity})")
            continue
        rationale = f"{option.line}-line for {option.condition} [{option.citation_id}]"
        if option.note:
            rationale += f"; {option.note}"
        if screened_out:
            rationale += f"; screened out for this patient: {', '.join(screened_out)}"
        hit = resolve_passage(option.citation_id)
        return [_plan_item(candidate, "start", rationale)], [citation_for(hit)] if hit else []
    if options:
        recorder.message(
            f"Every guideline option for {working_diagnosis} is unsafe here: "
            f"{', '.join(screened_out)}; the choice is left to the clinician."
        )
    return [], []


def add_treatment_plan(
    context: AgentContext, diagnosis: DiagnosticAssessment, medication: MedicationReview,
    recorder: Recorder,
) -> MedicationReview:
    """At consensus: add screened guideline treatment for a confident working diagnosis (the
    pharmacist runs beside the diagnostician, so the working diagnosis comes after it)."""
    working = diagnosis.working_diagnosis
    if not working or working_candidate_probability(diagnosis) < (
        WORKING_DIAGNOSIS_TREATMENT_THRESHOLD
    ):
        recorder.message("No disease-specific treatment: the working diagnosis is not firm enough.")
        return medication
    planned = {item.drug.lower() for item in medication.medication_plan}
    items, citations = plan_treatment(context, working, recorder)
    new_items = [item for item in items if item.drug.lower() not in planned]
    if new_items:
        recorder.message(
            f"Treatment for {working}: " + ", ".join(f"{i.drug} {i.dose or ''}".strip()
                                                     for i in new_items)
        )
    return medication.model_copy(
        update={
            "medication_plan": [*medication.medication_plan, *new_items],
            "citations": unique_citations([*medication.citations, *citations]),
        }
    )


def revise(
    context: AgentContext, review: MedicationReview, findings: list[SafetyFinding],
    recorder: Recorder,
) -> MedicationReview:
    """The critic found active drugs with serious findings: stop or avoid them."""
    plan: list[MedicationPlanItem] = []
    for item in review.medication_plan:
        flagged = [f for f in findings if item.drug in f.items]
        if flagged and item.action in ("start", "continue", "adjust"):
            worst = max(flagged, key=lambda f: f.rank)
            action: MedicationAction = "avoid" if item.action == "start" else "stop"
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
