"""Drug-disease contraindications (NSAIDs in CKD or heart failure, non-selective beta-blockers in
asthma, ...). Rules: knowledge/interactions/drug_disease.yaml."""

from __future__ import annotations

import re

from consilium.core.report import SafetyFinding
from consilium.tools.medication.lexicon import normalise
from consilium.tools.medication.models import CheckedDrug
from consilium.tools.medication.rules import load_rules


def _mentions(condition: str, terms: list[str]) -> bool:
    text = normalise(condition)
    return any(re.search(rf"\b{re.escape(normalise(term))}\b", text) for term in terms)


def check_conditions(drugs: list[CheckedDrug], conditions: list[str]) -> list[SafetyFinding]:
    findings = []
    for checked in drugs:
        # Rules are listed strictest first: one finding per drug and condition.
        covered: set[str] = set()
        for rule in load_rules().disease:
            if not rule.applies_to(checked.drug):
                continue
            matched = next((c for c in conditions if _mentions(c, rule.condition_terms)), None)
            if matched is None or matched in covered:
                continue
            covered.add(matched)
            findings.append(
                SafetyFinding(
                    kind="contraindication",
                    severity=rule.severity,
                    items=[checked.label, matched],
                    message=f"{checked.label} with {matched}: {rule.message}",
                    source=f"{rule.id} ({rule.source})",
                    source_label=rule.severity,
                    management=rule.management,
                )
            )
    return findings
