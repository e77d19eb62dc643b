"""Renal dosing by CrCl (Cockcroft-Gault) or eGFR (CKD-EPI 2021). Rules:
knowledge/interactions/renal_dosing.yaml. When the kidney function is unknown for a renally
dosed drug, that is reported instead of passing silently."""

from __future__ import annotations

from consilium.core.report import SafetyFinding
from consilium.tools.medication.models import CheckedDrug, MedicationReviewInput
from consilium.tools.medication.rules import RenalRule, load_rules


def _kidney_function(rule: RenalRule, review: MedicationReviewInput) -> tuple[float, str] | None:
    preferred = review.crcl if rule.measure == "crcl" else review.egfr
    if preferred is not None:
        return preferred, rule.measure
    other = review.egfr if rule.measure == "crcl" else review.crcl
    other_name = "egfr" if rule.measure == "crcl" else "crcl"
    return (other, other_name) if other is not None else None


def _dose_within(rule: RenalRule, checked: CheckedDrug, weight_kg: float | None) -> bool:
    """True when the written daily dose is at or under the rule's renal maximum."""
    dose = checked.dose
    if dose is None:
        return False
    if rule.max_daily_mg_per_kg is not None and dose.daily_mg_per_kg is not None:
        return dose.daily_mg_per_kg <= rule.max_daily_mg_per_kg
    daily = dose.daily_mg
    if daily is None and dose.daily_mg_per_kg is not None and weight_kg:
        daily = dose.daily_mg_per_kg * weight_kg
    return rule.max_daily_mg is not None and daily is not None and daily <= rule.max_daily_mg


def check_renal(drugs: list[CheckedDrug], review: MedicationReviewInput) -> list[SafetyFinding]:
    findings = []
    rules = load_rules().renal
    for checked in drugs:
        applicable = [r for r in rules if r.applies_to(checked.drug)]
        if not applicable:
            continue
        if review.egfr is None and review.crcl is None:
            findings.append(
                SafetyFinding(
                    kind="renal_dose",
                    severity="info",
                    items=[checked.label],
                    message=f"{checked.label} needs renal dosing; kidney function unknown.",
                    source=f"{applicable[0].id} ({applicable[0].source})",
                    management="Measure creatinine; compute CrCl (Cockcroft-Gault) or eGFR first.",
                )
            )
            continue
        # The strictest threshold that applies fires (lowest `below`).
        for rule in sorted(applicable, key=lambda r: r.below):
            value = _kidney_function(rule, review)
            if (
                value is None
                or value[0] >= rule.below
                or _dose_within(rule, checked, review.weight_kg)
            ):
                continue
            measured, measure = value
            unit = "mL/min" if measure == "crcl" else "mL/min/1.73 m2"
            substitute = (
                "" if measure == rule.measure else f" (rule uses {rule.measure}; {measure} used)"
            )
            written = " ".join(
                p for p in (checked.medication.dose, checked.medication.frequency) if p
            )
            dose = f" at {written}" if written else ""
            findings.append(
                SafetyFinding(
                    kind="renal_dose",
                    severity=rule.severity,
                    items=[checked.label],
                    message=f"{checked.label}{dose} with {measure} {measured:g} {unit} "
                    f"(threshold < {rule.below:g}){substitute}.",
                    source=f"{rule.id} ({rule.source})",
                    source_label=f"{rule.measure} < {rule.below:g}",
                    management=rule.management,
                )
            )
            break
    return findings
