"""Findings extraction from a case: its free text, structured fields, vital signs and labs."""

from __future__ import annotations

from consilium.core.case import Case
from consilium.reasoning.derived import effective_vitals, lab_findings, vital_findings
from consilium.reasoning.lexicon import default_lexicon
from consilium.reasoning.models import ExtractionResult, Finding
from consilium.reasoning.text_findings import findings_in_text


def _structured(case: Case) -> list[Finding]:
    """Structured fields read as text with a fixed context (history, family, medications)."""
    out: list[Finding] = []
    for item in case.past_medical_history:
        out += findings_in_text(item, "findings", force_historical=True)
    if case.family_history:
        out += findings_in_text(case.family_history, "findings", force_family=True)
    if case.social_history:
        out += findings_in_text(case.social_history, "findings")
    for med in case.medications:
        out += findings_in_text(med.name, "findings", force_historical=True)
    pregnant = case.patient.pregnant
    if pregnant is not None:
        concept = default_lexicon().concepts["pregnancy"]
        out.append(Finding(concept_id="pregnancy", label=concept.label, category="history",
                           text=f"patient.pregnant={pregnant}", present=pregnant,
                           negated=not pregnant, source="findings"))
    return out


def extract_case(case: Case) -> ExtractionResult:
    """Every finding with its context, and the inputs that could not be read."""
    findings = findings_in_text(case.narrative(), "text")
    findings += _structured(case)
    readings, problems = effective_vitals(case)
    findings += vital_findings(case, readings)
    labs, lab_problems = lab_findings(case.labs)
    findings += labs
    return ExtractionResult(findings=findings, unrecognised=[*problems, *lab_problems])


def extract_findings(case: Case) -> list[Finding]:
    """The findings of `case` (text and structured fields); see `extract_case` for the gaps."""
    return extract_case(case).findings


def finding_states(findings: list[Finding]) -> dict[str, bool]:
    """concept id -> True (present) or False (asserted absent); a present mention wins.

    Historical, hypothetical and family mentions of a symptom say nothing about today, so they
    do not appear here at all.
    """
    states: dict[str, bool] = {}
    for f in findings:
        if f.present:
            states[f.concept_id] = True
        elif f.asserted_absent and not (f.hypothetical or f.family):
            states.setdefault(f.concept_id, False)
    return states
