"""Every role's prompt renders compactly from the case, the evidence and the critique."""

from __future__ import annotations

import json

import pytest
from jinja2 import UndefinedError

from consilium.prompts import ROLES, render

CASE = {
    "id": "warfarin-nsaid-01",
    "patient": {"age": 72, "sex": "female"},
    "medications": ["warfarin 5 mg daily"],
    "proposed_medications": ["ibuprofen 600 mg three times daily"],
}
EVIDENCE = {"safety_findings": [{"kind": "drug_interaction", "severity": "major"}]}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_prompt_carries_the_case_evidence_and_the_rules(role):
    text = render(
        role, case=CASE, evidence=EVIDENCE, critique=[], schema_name="Schema", schema_json=None
    )
    assert "decision support for a treating clinician" in text
    assert "ibuprofen 600 mg three times daily" in text
    assert '"severity":"major"' in text  # compact JSON: no spaces spent on layout
    assert "ids that appear in tool results" in text
    assert "Schema schema and nothing else." in text
    assert "safety reviewer sent back" not in text  # no critique, no critique section
    assert len(text) < 1400, "prompts must stay compact"


def test_critique_points_are_listed_for_the_revising_agent():
    text = render(
        "pharmacist",
        case=CASE,
        evidence=EVIDENCE,
        critique=["warfarin + ibuprofen: major bleeding risk not addressed"],
        schema_name="MedicationReview",
        schema_json=None,
    )
    assert text.rstrip().endswith("- warfarin + ibuprofen: major bleeding risk not addressed")


def test_schema_travels_in_the_prompt_when_the_server_cannot_take_it():
    schema = json.dumps({"type": "object", "required": ["verdict"]})
    text = render(
        "critic",
        case=CASE,
        evidence=EVIDENCE,
        critique=[],
        schema_name="CriticReview",
        schema_json=schema,
    )
    assert f"CriticReview schema and nothing else: {schema}\nCASE:" in text


def test_a_missing_value_fails_loudly_instead_of_leaving_a_gap():
    with pytest.raises(UndefinedError):
        render(
            "triage", case=CASE, evidence=EVIDENCE, schema_name="TriageAssessment", schema_json=None
        )


def test_unknown_role_is_refused():
    with pytest.raises(ValueError, match="no prompt for role 'surgeon'"):
        render(
            "surgeon", case=CASE, evidence=EVIDENCE, critique=[], schema_name="X", schema_json=None
        )
