"""A FHIR R4 Bundle becomes the same Case a YAML file would give."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from consilium.core.errors import CaseInputError
from consilium.core.fhir import case_from_fhir
from consilium.core.loaders import load_case


def loinc(code: str, value: float, unit: str) -> dict[str, Any]:
    return {"resourceType": "Observation", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
            "valueQuantity": {"value": value, "unit": unit}}


def bundle() -> dict[str, Any]:
    entries: list[dict[str, Any]] = [
        {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1953-05-01"},
        {"resourceType": "Condition", "code": {"text": "atrial fibrillation"}},
        {"resourceType": "MedicationStatement", "status": "active",
         "medicationCodeableConcept": {"text": "warfarin"}, "dosage": [{"text": "5 mg daily"}]},
        {"resourceType": "MedicationRequest", "status": "draft", "intent": "order",
         "medicationCodeableConcept": {"coding": [{"display": "ibuprofen"}]},
         "dosageInstruction": [{"text": "600 mg three times daily"}]},
        {"resourceType": "AllergyIntolerance", "code": {"text": "penicillin"},
         "reaction": [{"manifestation": [{"text": "anaphylaxis"}]}]},
        loinc("8867-4", 88, "/min"),
        loinc("29463-7", 134.5, "lb"),
        loinc("8310-5", 98.6, "degF"),
        loinc("2160-0", 1.4, "mg/dL"),
        {"resourceType": "Observation", "code": {"coding": [{"code": "85354-9"}]},
         "component": [
             {"code": {"coding": [{"code": "8480-6"}]}, "valueQuantity": {"value": 150}},
             {"code": {"coding": [{"code": "8462-4"}]}, "valueQuantity": {"value": 85}}]},
        {"resourceType": "Encounter", "id": "ignored"},
    ]
    return {"resourceType": "Bundle", "type": "collection",
            "entry": [{"resource": resource} for resource in entries]}


def test_bundle_to_case() -> None:
    case = case_from_fhir(bundle(), today=date(2025, 5, 1))
    assert case.patient.age == pytest.approx(72, abs=0.01) and case.patient.sex == "female"
    assert case.patient.weight == "134.5 lb"
    assert case.past_medical_history == ["atrial fibrillation"]
    assert [(m.name, m.dose) for m in case.medications] == [("warfarin", "5 mg")]
    assert [(m.name, m.dose) for m in case.proposed_medications] == [("ibuprofen", "600 mg")]
    assert case.allergies[0].substance == "penicillin" and case.allergies[0].severe
    assert (case.vitals.heart_rate, case.vitals.systolic_bp, case.vitals.diastolic_bp) == (
        88, 150, 85)
    assert case.vitals.temperature == "98.6 degF"
    assert case.labs[0].name == "creatinine" and case.labs[0].value == 1.4


def test_bundle_file_loads_through_load_case(tmp_path: Path) -> None:
    path = tmp_path / "order.json"
    path.write_text(json.dumps(bundle()))
    assert load_case(path).proposed_medications[0].name == "ibuprofen"


def test_bundle_without_patient_birth_date_is_rejected() -> None:
    with pytest.raises(CaseInputError, match=r"Patient\.birthDate"):
        case_from_fhir({"resourceType": "Bundle", "entry": []})
    with pytest.raises(CaseInputError, match="resourceType"):
        case_from_fhir({"resourceType": "Patient"})
