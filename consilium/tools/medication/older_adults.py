"""Potentially inappropriate medications in adults aged 65 and over (public facts of the AGS
Beers Criteria 2023 and STOPP v3). Rules: knowledge/interactions/older_adults.yaml."""

from __future__ import annotations

from consilium.core.report import SafetyFinding
from consilium.tools.medication.models import CheckedDrug
from consilium.tools.medication.rules import load_rules


def check_older_adult(drugs: list[CheckedDrug], age_years: float | None) -> list[SafetyFinding]:
    book = load_rules()
    if age_years is None or age_years < book.older_adult_min_age:
        return []
    findings = []
    for checked in drugs:
        for rule in book.older_adult:
            if not rule.applies_to(checked.drug):
                continue
            daily = checked.dose.daily_mg if checked.dose else None
            if rule.max_daily_mg is not None and daily is not None and daily <= rule.max_daily_mg:
                continue
            findings.append(
                SafetyFinding(
                    kind="older_adult",
                    severity=rule.severity,
                    items=[checked.label],
                    message=f"{checked.label} at age {age_years:g}: {rule.message}",
                    source=f"{rule.id} ({rule.source})",
                    source_label="potentially inappropriate",
                    management=rule.management,
                )
            )
            break
    return findings
