"""Medication review findings -> CDS Hooks cards.

Indicator mapping (ours): contraindicated or major -> critical, moderate -> warning, minor and
info -> info. A drug that could not be recognised gets a warning card (the review reports it as
a moderate `unrecognized_input` finding): an unchecked drug is never presented as safe.
"""

from __future__ import annotations

import uuid
from typing import Any

from consilium.core.report import SafetyFinding
from consilium.server.cds.models import Action, Card, Indicator, Source, Suggestion
from consilium.tools.medication import MedicationReviewResult, resolve_drug, suggest_alternatives

INDICATOR: dict[str, Indicator] = {
    "contraindicated": "critical", "major": "critical", "moderate": "warning",
    "minor": "info", "info": "info",
}
SOURCE_LABEL = "consilium medication review"


def _summary(text: str) -> str:
    return text if len(text) <= 140 else text[:139].rstrip() + "…"


def _order_ids(orders: list[dict[str, Any]]) -> dict[str, str]:
    """Generic drug name -> `MedicationRequest/<id>` of the draft order naming it."""
    ids: dict[str, str] = {}
    for order in orders:
        concept = order.get("medicationCodeableConcept") or {}
        label = concept.get("text") or next(
            (c.get("display") for c in concept.get("coding") or [] if c.get("display")), None)
        resolved = resolve_drug(label) if label else None
        if resolved and order.get("id"):
            ids[resolved.generic] = f"MedicationRequest/{order['id']}"
    return ids


def _suggestions(finding: SafetyFinding, order_ids: dict[str, str]) -> list[Suggestion]:
    """For a serious finding about an order being signed: remove it, or swap in an alternative."""
    if not finding.is_serious:
        return []
    suggestions = []
    for item in finding.items:
        resolved = resolve_drug(item)
        resource_id = order_ids.get(resolved.generic) if resolved else None
        if resource_id is None:
            continue
        alternatives = suggest_alternatives(item, [])
        label = f"Cancel the {item} order" + (
            f" (consider {', '.join(alternatives[:2])})" if alternatives else "")
        suggestions.append(Suggestion(
            label=label, uuid=str(uuid.uuid4()), isRecommended=True,
            actions=[Action(type="delete", description=f"Remove the draft {item} order",
                            resourceId=resource_id)],
        ))
    return suggestions


def finding_card(finding: SafetyFinding, order_ids: dict[str, str]) -> Card:
    detail = finding.message
    if finding.management:
        detail += f"\n\n**Management:** {finding.management}"
    detail += f"\n\n_Source: {finding.source}_"
    return Card(
        uuid=str(uuid.uuid4()),
        summary=_summary(f"{finding.severity.capitalize()} {finding.kind.replace('_', ' ')}: "
                         f"{' + '.join(finding.items)}"),
        detail=detail,
        indicator=INDICATOR[finding.severity],
        source=Source(label=SOURCE_LABEL, topic={"code": finding.kind, "display": finding.source}),
        suggestions=_suggestions(finding, order_ids),
        selectionBehavior="at-most-one" if finding.is_serious else None,
    )


def review_cards(
    review: MedicationReviewResult, *, only_items: set[str] | None = None,
    orders: list[dict[str, Any]] | None = None,
) -> list[Card]:
    """Cards worst first; with `only_items`, only findings naming one of those drugs."""
    order_ids = _order_ids(orders or [])
    # Unrecognised drugs arrive as `unrecognized_input` findings (moderate -> warning card).
    return [
        finding_card(finding, order_ids)
        for finding in review.findings
        if only_items is None or only_items & set(finding.items)
    ]
