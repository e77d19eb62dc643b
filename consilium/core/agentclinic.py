"""The one AgentClinic reader: its OSCE records (MedQA-derived) and NEJM image cases.

    for record in read_agentclinic(Path("agentclinic_medqa.jsonl")):
        case = record.case()              # history, examination, vital signs, test results
        record.gold                       # the gold diagnosis (never shown to an agent)

An OSCE record becomes a case with the actor's history and symptoms, the examination findings
and test results as findings, and the vital signs that parse as vitals; an NEJM record's
`patient_info` and `physical_exams` become a free-text case. `record_at(path, 3)` is record 3
(from 0) of a file; a record that is not AgentClinic's is a `CaseInputError` naming it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consilium.core.case import Case, Patient
from consilium.core.errors import CaseInputError
from consilium.core.loaders import case_from_mapping, case_from_text

_AGE = re.compile(r"(\d+(?:\.\d+)?)[- ](year|month|week|day)s?[- ]old", re.IGNORECASE)


def is_agentclinic(record: Any) -> bool:
    return isinstance(record, dict) and (
        "OSCE_Examination" in record or ("patient_info" in record and "answers" in record))


@dataclass(frozen=True)
class AgentClinicRecord:
    """One record of a file: its 0-based index, the record as read, and its source."""

    index: int
    raw: dict[str, Any]
    source: str

    @property
    def osce(self) -> dict[str, Any] | None:
        osce = self.raw.get("OSCE_Examination")
        return osce if isinstance(osce, dict) else None

    @property
    def gold(self) -> str:
        """The gold diagnosis: the OSCE's `Correct_Diagnosis`, or the NEJM answer marked right."""
        try:
            if self.osce is not None:
                return str(self.osce["Correct_Diagnosis"])
            correct = [a["text"] for a in self.raw["answers"] if a.get("correct")]
        except (KeyError, TypeError) as error:
            raise CaseInputError(f"not an AgentClinic record: missing {error}",
                                 self.source) from None
        if not correct:
            raise CaseInputError("answers: none is marked correct", self.source)
        return str(correct[0])

    def case(self, case_id: str | None = None, *, tests: bool = True) -> Case:
        """The record as a case (`tests=False` leaves the OSCE's test results out)."""
        case_id = case_id or f"agentclinic-{self.index}"
        if self.osce is None:
            text = f"{self.raw['patient_info']}\n{self.raw.get('physical_exams') or ''}"
            return case_from_text(text, case_id=case_id)
        return case_from_mapping(_osce_mapping(self.osce, case_id, tests), self.source)


def read_agentclinic(path: Path) -> Iterator[AgentClinicRecord]:
    """Every record of a JSONL file (blank lines skipped, not counted)."""
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip())
        for index, line in enumerate(lines):
            yield _record(line, index, f"{path}#{index}")


def record_at(path: Path, index: int, spec: str | None = None) -> AgentClinicRecord:
    """Record `index` (from 0) of a JSONL file."""
    spec = spec or f"{path}#{index}"
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip()]
    if index >= len(lines):
        raise CaseInputError(f"record {index} is out of range: the file has {len(lines)}", spec)
    return _record(lines[index], index, spec)


def _record(line: str, index: int, source: str) -> AgentClinicRecord:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as error:
        raise CaseInputError(f"record {index} is not JSON: {error}", source) from None
    if not is_agentclinic(raw):
        raise CaseInputError("not an AgentClinic record (no OSCE_Examination or answers)", source)
    return AgentClinicRecord(index, raw, source)


def osce_patient(actor: dict[str, Any]) -> Patient:
    """Age and sex from the actor's demographics (and history); an infant or newborn without a
    stated age is read as 6 months / 3 days, anyone else without one as an adult of 40."""
    demographics = str(actor.get("Demographics") or "")
    try:
        return case_from_text(f"{demographics}. {actor.get('History', '')}").patient
    except CaseInputError:
        lowered = demographics.lower()
        match = _AGE.search(demographics)
        if match:
            age = f"{match.group(1)} {match.group(2)}s"
        elif any(word in lowered for word in ("newborn", "neonate", "new-born")):
            age = "3 days"
        elif "infant" in lowered:
            age = "6 months"
        else:
            age = "40"  # not stated: an adult is the commonest presenter
        return Patient.model_validate({"age": age, "sex": "unknown"})


def _flatten(value: Any, prefix: str = "") -> list[str]:
    """{"Neurological_Examination": {"Reflexes": "Normal"}} -> ["Neurological examination,
    reflexes: Normal"]: nested OSCE sections as readable finding lines."""
    if isinstance(value, dict):
        lines: list[str] = []
        for key, inner in value.items():
            label = key.replace("_", " ")
            label = label[0].upper() + label[1:].lower() if not prefix else label.lower()
            lines += _flatten(inner, f"{prefix}, {label}" if prefix else label)
        return lines
    if isinstance(value, list):
        text = "; ".join(str(v) for v in value if v not in (None, ""))
    else:
        text = str(value).strip()
    if not text:
        return []
    return [f"{prefix}: {text}" if prefix else text]


_VITAL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("heart_rate", re.compile(r"^(?:heart.?rate|pulse)$", re.I)),
    ("respiratory_rate", re.compile(r"^respiratory.?rate$", re.I)),
    ("spo2", re.compile(r"^(?:oxygen.?saturation|spo2|o2.?sat)", re.I)),
)


def _vitals(raw: Any) -> dict[str, Any]:
    """The numbers the OSCE vital-sign strings hold; anything unparsed stays in the findings."""
    vitals: dict[str, Any] = {}
    if not isinstance(raw, dict):
        return vitals
    for key, value in raw.items():
        text = str(value)
        number = re.search(r"\d+(?:\.\d+)?", text)
        if number is None:
            continue
        if re.match(r"^blood.?pressure$", key, re.I):
            bp = re.search(r"(\d{2,3})\s*/\s*(\d{2,3})", text)
            if bp:
                vitals["systolic_bp"], vitals["diastolic_bp"] = float(bp[1]), float(bp[2])
        elif re.match(r"^temperature$", key, re.I):
            celsius = re.search(r"(\d+(?:\.\d+)?)\s*°?\s*C\b", text)
            if celsius:
                vitals["temperature_c"] = float(celsius[1])
        for field, pattern in _VITAL_PATTERNS:
            if pattern.match(key):
                vitals[field] = float(number[0])
    return vitals


def _osce_mapping(osce: dict[str, Any], case_id: str, tests: bool) -> dict[str, Any]:
    actor = osce.get("Patient_Actor") or {}
    exam = dict(osce.get("Physical_Examination_Findings") or {})
    symptoms = actor.get("Symptoms") or {}
    patient = osce_patient(actor)
    history = " ".join(
        part for part in (
            str(actor.get("History") or ""),
            "; ".join(_flatten(symptoms)),
            f"Review of systems: {actor['Review_of_Systems']}"
            if actor.get("Review_of_Systems") else "",
        ) if part
    )
    vital_signs = exam.get("Vital_Signs")
    return {
        "id": case_id,
        "patient": patient.model_dump(exclude_none=True),
        "presenting_complaint": str(symptoms.get("Primary_Symptom") or "")
        if isinstance(symptoms, dict) else "",
        "history": history,
        "past_medical_history": [str(actor["Past_Medical_History"])]
        if actor.get("Past_Medical_History") else [],
        "social_history": str(actor.get("Social_History") or ""),
        "vitals": _vitals(vital_signs),
        "findings": _flatten(exam) + (_flatten(osce.get("Test_Results") or {}) if tests else []),
    }
