"""A consensus report's treatment plan -> CDS Hooks cards.

Decision support never places an order. A `start` item becomes a card whose one suggestion
drafts a MedicationRequest with intent `proposal` (FHIR R4: "a suggestion made by someone or
something that does not have an intention to ensure it occurs"), for the clinician to sign. A
conditional item (`start_if`, `consider`) is a suggestion only: an info card that lists what
must be confirmed first, with no action the EHR could apply. Care steps come as one card per
diagnosis. An escalated report's items are all suggestions. Avoided and stopped drugs are the
medication review's cards, not these.
"""

from __future__ import annotations

import uuid
from typing import Any

from consilium.core.report import CareStep, ConsensusReport, MedicationPlanItem
from consilium.server.cds.models import Action, Card, Source, Suggestion

SOURCE_LABEL = "consilium treatment plan"


def _summary(text: str) -> str:
    return text if len(text) <= 140 else text[:139].rstrip() + "…"


def _for(item: MedicationPlanItem) -> str:
    return f" for {item.indication.label}" if item.indication else ""


def proposal(item: MedicationPlanItem, patient_id: str | None) -> dict[str, Any]:
    """The draft MedicationRequest a `start` card suggests: status draft, intent proposal."""
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest", "status": "draft", "intent": "proposal",
        "medicationCodeableConcept": {"text": item.drug},
        "dosageInstruction": [{"text": item.dosage or "dose to be set by the prescriber"}],
        "reasonCode": [{"text": item.indication.diagnosis}] if item.indication else [],
        "note": [{"text": item.rationale}] if item.rationale else [],
    }
    if patient_id:
        resource["subject"] = {"reference": f"Patient/{patient_id}"}
    return resource


def item_card(item: MedicationPlanItem, patient_id: str | None, held: bool = False) -> Card:
    """`held`: the report was escalated, so even a `start` is only a suggestion."""
    conditional = item.action != "start" or held
    verb = "Consider" if item.action == "consider" else "Start"
    summary = f"{verb} {item.drug} {item.dose or ''}".strip() + _for(item)
    detail = item.dosage
    if item.conditions:
        detail += "\n\n**Only if:**\n" + "\n".join(f"- {c}" for c in item.conditions)
    detail += f"\n\n{item.rationale}" if item.rationale else ""
    detail += f"\n\n_Source: {item.source}_" if item.source else ""
    suggestions = [] if conditional else [Suggestion(
        label=f"Draft a proposal: {item.drug} {item.dosage}".strip(), uuid=str(uuid.uuid4()),
        isRecommended=True,
        actions=[Action(type="create", description=f"Draft {item.drug} for the prescriber to "
                        "review and sign", resource=proposal(item, patient_id))])]
    return Card(uuid=str(uuid.uuid4()),
                summary=_summary(("Suggestion: " if conditional else "") + summary),
                detail=detail.strip(), indicator="info",
                source=Source(label=SOURCE_LABEL, topic={"code": item.action,
                                                         "display": item.source or ""}),
                suggestions=suggestions)


def steps_card(diagnosis: str, steps: list[CareStep]) -> Card:
    lines = []
    for step in steps:
        extra = "; ".join(p for p in (step.amount, step.timing) if p)
        condition = f" — only if {'; '.join(step.conditions)}" if step.conditions else ""
        lines.append(f"- **{step.kind}**: {step.step}{f' ({extra})' if extra else ''}{condition}")
    return Card(uuid=str(uuid.uuid4()), summary=_summary(f"Care steps for {diagnosis}"),
                detail="\n".join(lines), indicator="info",
                source=Source(label=SOURCE_LABEL, topic={"code": "care_steps",
                                                         "display": steps[0].source}))


def plan_cards(report: ConsensusReport, patient_id: str | None = None) -> list[Card]:
    """One card per new drug (start, start if, consider), then the care steps by diagnosis."""
    held = report.status == "escalated"
    cards = [item_card(item, patient_id, held) for item in report.medication_plan
             if item.action in ("start", "start_if", "consider")]
    by_diagnosis: dict[str, list[CareStep]] = {}
    for step in report.care_steps:
        by_diagnosis.setdefault(step.indication.diagnosis, []).append(step)
    cards += [steps_card(diagnosis, steps) for diagnosis, steps in by_diagnosis.items()]
    return cards
