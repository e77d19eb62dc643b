"""The medication review: resolve every line, run every check, sort the findings worst first.

Composes the checks (one module each); the only logic here is resolution and ordering."""

from __future__ import annotations

from consilium.core.case import Medication
from consilium.core.report import SafetyFinding
from consilium.tools.medication.allergy import check_allergies
from consilium.tools.medication.disease import check_conditions
from consilium.tools.medication.dose_range import check_dose_range
from consilium.tools.medication.dosing import parse_dose
from consilium.tools.medication.duplicates import check_duplicates
from consilium.tools.medication.interactions import check_interactions
from consilium.tools.medication.lexicon import load_lexicon
from consilium.tools.medication.models import (
    CheckedDrug,
    MedicationReviewInput,
    MedicationReviewResult,
    UnrecognizedDrug,
)
from consilium.tools.medication.older_adults import check_older_adult
from consilium.tools.medication.pregnancy import check_pregnancy
from consilium.tools.medication.renal import check_renal
from consilium.tools.registry import clinical_tool

# Kinds ordered for ties in severity: what most often harms first.
_KIND_ORDER = [
    "allergy",
    "drug_interaction",
    "contraindication",
    "pregnancy",
    "renal_dose",
    "dose_range",
    "duplicate_therapy",
    "older_adult",
    "unrecognized_input",
]


def _resolve(
    lines: list[tuple[Medication, bool]],
) -> tuple[list[CheckedDrug], list[UnrecognizedDrug]]:
    """Resolve each line; a combination product becomes one checked drug per component (the
    written dose is then not attributed to a component, so its dose is left unchecked)."""
    lexicon = load_lexicon()
    checked, unknown = [], []
    for line, (medication, proposed) in enumerate(lines):
        drug = lexicon.resolve(medication.name)
        if drug is None:
            suggestions = lexicon.suggest(medication.name)
            unknown.append(UnrecognizedDrug(text=medication.name, suggestions=suggestions))
            continue
        if not drug.components:
            dose = parse_dose(medication.dose, medication.frequency)
            checked.append(
                CheckedDrug(
                    medication=medication, drug=drug, proposed=proposed, dose=dose, line=line
                )
            )
            continue
        for component in drug.components:
            part = lexicon.resolve(component)
            assert part is not None  # the loader guarantees components exist
            part = part.model_copy(update={"text": medication.name})
            checked.append(
                CheckedDrug(medication=medication, drug=part, proposed=proposed, line=line)
            )
    return checked, unknown


def _unrecognized_finding(item: UnrecognizedDrug) -> SafetyFinding:
    hint = f" Did you mean: {', '.join(item.suggestions)}?" if item.suggestions else ""
    return SafetyFinding(
        kind="unrecognized_input",
        severity="moderate",
        items=[item.text],
        message=f"{item.text!r} is not in the drug lexicon, so it was not checked for "
        f"interactions, allergies or dosing.{hint}",
        source="consilium drug lexicon (knowledge/drugs)",
        management="Confirm the drug name (generic preferred) and re-run the review.",
    )


def sort_findings(findings: list[SafetyFinding]) -> list[SafetyFinding]:
    return sorted(
        findings,
        key=lambda f: (
            -f.rank,
            _KIND_ORDER.index(f.kind) if f.kind in _KIND_ORDER else len(_KIND_ORDER),
        ),
    )


def review_medications(review: MedicationReviewInput) -> MedicationReviewResult:
    """Every check on every current and proposed medication; findings worst first."""
    lines = [(m, False) for m in review.current] + [(m, True) for m in review.proposed]
    drugs, unknown = _resolve(lines)
    lexicon = load_lexicon()
    resolved = [r for m, _ in lines if (r := lexicon.resolve(m.name)) is not None]
    findings = [
        *check_interactions(drugs),
        *check_allergies(drugs, review.allergies),
        *check_conditions(drugs, review.conditions),
        *check_renal(drugs, review),
        *check_pregnancy(drugs, review),
        *check_older_adult(drugs, review.age_years),
        *check_duplicates(drugs),
        *check_dose_range(drugs, review.weight_kg),
        *(_unrecognized_finding(item) for item in unknown),
    ]
    return MedicationReviewResult(
        findings=sort_findings(findings),
        resolved=resolved,
        unrecognized=unknown,
    )


medication_review_tool = clinical_tool(
    "medication_review",
    "Review current and proposed medications for interactions, allergies, contraindications, "
    "renal dosing, pregnancy, older-adult risks, duplicate therapy and dose ranges.",
)(review_medications)
