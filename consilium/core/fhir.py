"""FHIR R4 Bundle -> Case, for the few resources a case needs.

Pydantic models of just the fields read here (Patient, Condition, MedicationRequest,
MedicationStatement, AllergyIntolerance, Observation); other resources in the Bundle are
ignored and counted. Observations are matched on LOINC codes (loinc.org) for vitals and labs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from consilium.core.case import Case
from consilium.core.errors import CaseInputError, describe_validation_error
from consilium.core.loaders import case_from_mapping

# LOINC codes -> (case section, field). Source: LOINC vital signs panel 85353-1 and common labs.
LOINC_VITALS: dict[str, str] = {
    "8867-4": "heart_rate",
    "8480-6": "systolic_bp",
    "8462-4": "diastolic_bp",
    "9279-1": "respiratory_rate",
    "59408-5": "spo2",
    "2708-6": "spo2",
    "8310-5": "temperature_c",
    "9269-2": "gcs",
}
LOINC_BODY: dict[str, str] = {"29463-7": "weight_kg", "8302-2": "height_cm"}
LOINC_LABS: dict[str, str] = {
    "2160-0": "creatinine", "38483-4": "creatinine", "2345-7": "glucose", "2339-0": "glucose",
    "6301-6": "INR", "34714-6": "INR", "2823-3": "potassium", "2951-2": "sodium",
    "2524-7": "lactate", "6690-2": "WBC", "718-7": "hemoglobin", "1975-2": "bilirubin",
    "3094-0": "BUN", "10839-9": "troponin I", "6598-7": "troponin T",
}
BLOOD_PRESSURE_PANEL = "85354-9"


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Coding(_Lenient):
    system: str | None = None
    code: str | None = None
    display: str | None = None


class CodeableConcept(_Lenient):
    coding: list[Coding] = []
    text: str | None = None

    @property
    def label(self) -> str | None:
        return self.text or next((c.display for c in self.coding if c.display), None)

    def codes(self) -> set[str]:
        return {c.code for c in self.coding if c.code}


class Quantity(_Lenient):
    value: float | None = None
    unit: str | None = None
    code: str | None = None


class Reaction(_Lenient):
    manifestation: list[CodeableConcept] = []
    severity: str | None = None


class Component(_Lenient):
    code: CodeableConcept
    valueQuantity: Quantity | None = None


class Resource(_Lenient):
    """The union of the fields read here; FHIR names are kept as written (camelCase)."""

    resourceType: str
    id: str | None = None
    gender: str | None = None
    birthDate: date | None = None
    code: CodeableConcept | None = None
    medicationCodeableConcept: CodeableConcept | None = None
    status: str | None = None
    intent: str | None = None
    reaction: list[Reaction] = []
    valueQuantity: Quantity | None = None
    valueString: str | None = None
    component: list[Component] = []
    dosageInstruction: list[dict[str, Any]] = []
    dosage: list[dict[str, Any]] = []


def _entries(bundle: Any) -> list[Resource]:
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise CaseInputError("resourceType: expected a FHIR R4 Bundle")
    resources = []
    for index, entry in enumerate(bundle.get("entry") or []):
        try:
            resources.append(Resource.model_validate((entry or {}).get("resource") or {}))
        except ValidationError as exc:
            message = describe_validation_error(exc)
            raise CaseInputError(f"entry[{index}].resource: {message}") from None
    return resources


def _age_years(birth: date, today: date) -> float:
    return round((today - birth).days / 365.25, 3)


def _dose_text(resource: Resource) -> str | None:
    for dosage in resource.dosageInstruction or resource.dosage:
        if dosage.get("text"):
            return str(dosage["text"])
    return None


def case_from_fhir(bundle: Any, case_id: str | None = None, today: date | None = None) -> Case:
    """Build a Case from a FHIR R4 Bundle; `MedicationRequest` with intent order/proposal and
    status draft become proposed medications (the order being signed)."""
    resources = _entries(bundle)
    patient = next((r for r in resources if r.resourceType == "Patient"), None)
    if patient is None or patient.birthDate is None:
        raise CaseInputError("Patient.birthDate: a Patient resource with a birth date is required")
    data: dict[str, Any] = {
        "id": case_id or f"fhir-{patient.id or 'patient'}",
        "patient": {
            "age": _age_years(patient.birthDate, today or date.today()),
            "sex": patient.gender if patient.gender in ("female", "male", "other") else "unknown",
        },
        "past_medical_history": [], "medications": [], "proposed_medications": [],
        "allergies": [], "vitals": {}, "labs": [],
    }
    for resource in resources:
        _add(resource, data)
    return case_from_mapping(data, source="FHIR Bundle")


def _add(resource: Resource, data: dict[str, Any]) -> None:
    kind = resource.resourceType
    if kind == "Condition" and resource.code and resource.code.label:
        data["past_medical_history"].append(resource.code.label)
    elif kind in ("MedicationRequest", "MedicationStatement"):
        concept = resource.medicationCodeableConcept
        if concept is None or not concept.label:
            return
        text = " ".join(part for part in (concept.label, _dose_text(resource)) if part)
        is_order = kind == "MedicationRequest" and resource.status == "draft"
        data["proposed_medications" if is_order else "medications"].append(text)
    elif kind == "AllergyIntolerance" and resource.code and resource.code.label:
        reactions = [m.label for r in resource.reaction for m in r.manifestation if m.label]
        data["allergies"].append(
            {"substance": resource.code.label, "reaction": ", ".join(reactions) or None}
        )
    elif kind == "Observation" and resource.code:
        _add_observation(resource, data)


def _add_observation(resource: Resource, data: dict[str, Any]) -> None:
    assert resource.code is not None
    codes = resource.code.codes()
    if BLOOD_PRESSURE_PANEL in codes:
        for component in resource.component:
            field = next((LOINC_VITALS[c] for c in component.code.codes() if c in LOINC_VITALS),
                         None)
            if field and component.valueQuantity and component.valueQuantity.value is not None:
                data["vitals"][field] = component.valueQuantity.value
        return
    quantity = resource.valueQuantity
    value = quantity.value if quantity else None
    for code in codes:
        if code in LOINC_VITALS and value is not None:
            if LOINC_VITALS[code] == "temperature_c" and quantity and quantity.unit:
                data["vitals"]["temperature"] = f"{value} {quantity.unit}"
            else:
                data["vitals"][LOINC_VITALS[code]] = value
            return
        if code in LOINC_BODY and value is not None:
            body_field = LOINC_BODY[code]
            unit = quantity.unit if quantity else None
            if unit and unit not in ("kg", "cm"):
                data["patient"][body_field.split("_")[0]] = f"{value} {unit}"
            else:
                data["patient"][body_field] = value
            return
    label = LOINC_LABS.get(next(iter(codes & LOINC_LABS.keys()), ""), resource.code.label)
    if label and (value is not None or resource.valueString):
        data["labs"].append({"name": label,
                             "value": value if value is not None else resource.valueString,
                             "unit": quantity.unit if quantity else None})
