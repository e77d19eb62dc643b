"""Drug-allergy check with cross-reactivity (penicillins and cephalosporins, sulfonamide
antibiotics, NSAID hypersensitivity, ...). Groups and figures:
knowledge/interactions/allergy.yaml."""

from __future__ import annotations

import re

from consilium.core.case import Allergy
from consilium.core.report import SEVERITY_RANK, SafetyFinding
from consilium.tools.medication.lexicon import normalise, resolve_drug
from consilium.tools.medication.models import CheckedDrug
from consilium.tools.medication.rules import AllergyGroup, load_rules, term_matches


def _groups_for(allergy: Allergy) -> list[AllergyGroup]:
    text = normalise(allergy.substance)
    resolved = resolve_drug(allergy.substance)
    classes = set(resolved.classes) if resolved else set()
    return [
        group
        for group in load_rules().allergy
        if classes & set(group.allergen_classes)
        or any(re.search(rf"\b{re.escape(term)}\b", text) for term in group.allergen_terms)
    ]


def _reaction(allergy: Allergy) -> str:
    return f" ({allergy.reaction})" if allergy.reaction else ""


def check_allergies(drugs: list[CheckedDrug], allergies: list[Allergy]) -> list[SafetyFinding]:
    findings: list[SafetyFinding] = []
    for allergy in allergies:
        allergen = resolve_drug(allergy.substance)
        groups = _groups_for(allergy)
        for checked in drugs:
            if allergen and allergen.generic == checked.drug.generic:
                findings.append(
                    SafetyFinding(
                        kind="allergy",
                        severity="contraindicated",
                        items=[checked.label, allergy.substance],
                        message=f"{checked.label} is the drug the patient is allergic to"
                        f"{_reaction(allergy)}.",
                        source="consilium allergy check: same drug as the documented allergy",
                        source_label="documented allergy",
                        management=f"Do not give {checked.label}; choose a drug of another class.",
                    )
                )
                continue
            best = None
            for group in groups:
                for cross in group.reacts_with:
                    if cross.severe_only and not allergy.severe:
                        continue
                    if not term_matches(cross.term, checked.drug):
                        continue
                    if (
                        best is None
                        or SEVERITY_RANK[cross.severity] > SEVERITY_RANK[best[1].severity]
                    ):
                        best = (group, cross)
            if best:
                group, cross = best
                findings.append(
                    SafetyFinding(
                        kind="allergy",
                        severity=cross.severity,
                        items=[checked.label, allergy.substance],
                        message=f"{checked.label} with a documented {allergy.substance} allergy"
                        f"{_reaction(allergy)}: {cross.note}",
                        source=f"{group.id} ({group.source})",
                        source_label=cross.severity,
                        management="Avoid unless an allergy specialist has cleared it; "
                        "if essential, give the first dose under observation "
                        "with anaphylaxis treatment ready."
                        if SEVERITY_RANK[cross.severity] >= SEVERITY_RANK["major"]
                        else "May be given with caution; observe after the first dose.",
                    )
                )
    return findings
