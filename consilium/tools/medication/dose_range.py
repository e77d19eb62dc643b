"""Dose-range check: the written daily dose against the usual maximum
(knowledge/interactions/max_daily_doses.yaml). A dose that cannot be read is reported."""

from __future__ import annotations

from consilium.core.report import SafetyFinding
from consilium.tools.medication.models import CheckedDrug
from consilium.tools.medication.rules import load_rules


def _written(checked: CheckedDrug) -> str:
    med = checked.medication
    return " ".join(p for p in (med.dose, med.frequency) if p)


def check_dose_range(drugs: list[CheckedDrug], weight_kg: float | None) -> list[SafetyFinding]:
    doses = load_rules().max_doses
    findings = []
    for checked in drugs:
        written = _written(checked)
        if not written:
            continue
        limit = doses.get(checked.drug.generic)
        dose = checked.dose
        daily = dose.daily_mg if dose else None
        if daily is None and dose and dose.daily_mg_per_kg is not None and weight_kg:
            daily = dose.daily_mg_per_kg * weight_kg
        if daily is None and limit:
            findings.append(
                SafetyFinding(
                    kind="unrecognized_input",
                    severity="minor",
                    items=[checked.label],
                    message=f"Could not read a daily dose from {written!r} for {checked.label}; "
                    "the dose was not checked.",
                    source="consilium dose parser",
                    management="Write the dose as amount, unit and frequency (e.g. '500 mg bid').",
                )
            )
            continue
        if limit is None or daily is None:
            continue
        # Weekly drugs (methotrexate) are compared per week: daily dosing errors are fatal.
        days = 7 if limit.per == "week" else 1
        rule_id = checked.drug.generic.upper().replace(" ", "-")
        if daily * days > limit.max_daily_mg * 1.0001:
            findings.append(
                SafetyFinding(
                    kind="dose_range",
                    severity=limit.severity,
                    items=[checked.label],
                    message=f"{checked.label} {written} is {daily * days:g} mg/{limit.per}, "
                    f"above the usual maximum of {limit.max_daily_mg:g} mg/{limit.per}.",
                    source=f"MAXDOSE-{rule_id} ({limit.source})",
                    source_label=f"max {limit.max_daily_mg:g} mg/{limit.per}",
                    management="Check the dose and frequency; reduce to the labelled maximum.",
                )
            )
    return findings
