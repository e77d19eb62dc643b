"""Pregnancy and lactation risk. Rules: knowledge/interactions/pregnancy_lactation.yaml."""

from __future__ import annotations

from consilium.core.report import SafetyFinding
from consilium.tools.medication.models import CheckedDrug, MedicationReviewInput
from consilium.tools.medication.rules import PregnancyRule, load_rules


def trimester(gestation_weeks: float | None) -> int | None:
    """1: < 14 weeks, 2: 14-27, 3: >= 28 (ACOG definitions)."""
    if gestation_weeks is None:
        return None
    return 1 if gestation_weeks < 14 else 2 if gestation_weeks < 28 else 3


def _pregnancy_finding(
    checked: CheckedDrug, rule: PregnancyRule, current_trimester: int | None
) -> SafetyFinding | None:
    if rule.pregnancy is None:
        return None
    # A trimester-limited rule fires in that trimester, or when the stage is unknown.
    if rule.trimesters and current_trimester and current_trimester not in rule.trimesters:
        return None
    stage = f" (trimester {current_trimester})" if current_trimester else ""
    when = ""
    if rule.trimesters:
        when = f" Applies in trimester {', '.join(map(str, rule.trimesters))}"
        when += "; gestation unknown." if current_trimester is None else "."
    return SafetyFinding(
        kind="pregnancy",
        severity=rule.pregnancy,
        items=[checked.label],
        message=f"{checked.label} in pregnancy{stage}: {rule.message}{when}",
        source=f"{rule.id} ({rule.source})",
        source_label=f"pregnancy: {rule.pregnancy}",
        management=rule.management,
    )


def _lactation_finding(checked: CheckedDrug, rule: PregnancyRule) -> SafetyFinding | None:
    if rule.lactation is None:
        return None
    return SafetyFinding(
        kind="pregnancy",
        severity=rule.lactation,
        items=[checked.label],
        message=f"{checked.label} while breastfeeding: {rule.message}",
        source=f"{rule.id} ({rule.source})",
        source_label=f"lactation: {rule.lactation}",
        management=rule.management,
    )


def _worst(candidates: list[SafetyFinding | None]) -> SafetyFinding | None:
    """One finding per drug and situation: the most severe (the first listed on a tie)."""
    found = [c for c in candidates if c is not None]
    return max(found, key=lambda f: f.rank) if found else None


def check_pregnancy(drugs: list[CheckedDrug], review: MedicationReviewInput) -> list[SafetyFinding]:
    findings: list[SafetyFinding] = []
    current_trimester = trimester(review.gestation_weeks)
    for checked in drugs:
        rules = [r for r in load_rules().pregnancy if r.applies_to(checked.drug)]
        if review.pregnant:
            worst = _worst([_pregnancy_finding(checked, r, current_trimester) for r in rules])
            findings += [worst] if worst else []
        if review.breastfeeding:
            worst = _worst([_lactation_finding(checked, r) for r in rules])
            findings += [worst] if worst else []
    return findings
