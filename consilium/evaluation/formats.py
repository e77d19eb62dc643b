"""Read batch inputs (JSONL) in the four formats an evaluation team brings.

- `case`: this project's case schema, one case per line (gold answers under `expected`).
- `vignette`: free text, `{"id", "text", "gold_diagnosis", "gold_synonyms", "gold_urgency"}`
  (optional `age`, `sex`, `gold_icd10`, `category`).
- `agentclinic`: the AgentClinic OSCE records (`OSCE_Examination`, MedQA-derived) and its NEJM
  image cases (`patient_info`, `physical_exams`, `answers`; the image itself is not used).
- `medqa`: MedQA multiple choice (`question`, `options`, `answer_idx`).

The format is detected from the first line that parses, unless named. A line that is not JSON
or lacks its format's keys is a `BadLine` (reported with its number, skipped). A well-formed
record whose case cannot be built (a question naming no age) becomes an item carrying the
error, so the batch records it rather than silently shrinking the denominator.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from consilium.core.case import Case
from consilium.core.errors import CaseInputError, InputError
from consilium.core.loaders import case_from_mapping, case_from_text
from consilium.core.report import Urgency

InputFormat = Literal["case", "vignette", "agentclinic", "medqa"]
FORMATS: tuple[InputFormat, ...] = ("case", "vignette", "agentclinic", "medqa")
_ICD10 = re.compile(r"^[A-TV-Z][0-9][0-9AB](\.[0-9A-Z]{1,4})?$")


class FormatError(InputError, ValueError):
    """The input as a whole cannot be read (no line parses, or an unknown format)."""


class Gold(BaseModel):
    """The answers a case is scored against; never shown to the panel."""

    model_config = ConfigDict(extra="forbid")

    diagnosis: str | None = None
    synonyms: list[str] = Field(default_factory=list)
    icd10: str | None = None
    urgency: Urgency | None = None
    esi: int | None = None


class McqItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    options: dict[str, str]
    answer_idx: str


class BatchItem(BaseModel):
    """One input record ready to run: its case (or why none could be built) and its gold."""

    model_config = ConfigDict(extra="forbid")

    id: str
    line: int
    format: InputFormat
    category: str = "all"
    case: Case | None = None
    build_error: str | None = None
    gold: Gold = Field(default_factory=Gold)
    mcq: McqItem | None = None


class BadLine(BaseModel):
    line: int
    error: str


def detect_format(record: Any) -> InputFormat:
    if not isinstance(record, dict):
        raise FormatError("a JSONL record must be an object")
    if "OSCE_Examination" in record or ("patient_info" in record and "answers" in record):
        return "agentclinic"
    if "question" in record and "options" in record:
        return "medqa"
    if "text" in record:
        return "vignette"
    if "patient" in record:
        return "case"
    raise FormatError(f"unrecognised record (keys: {', '.join(sorted(record)) or 'none'})")


def read_items(
    path: str | Path, fmt: InputFormat | None = None
) -> tuple[list[BatchItem], list[BadLine], InputFormat]:
    """Every item of the file, the lines skipped with their reasons, and the format used."""
    file = Path(path)
    if not file.is_file():
        raise FormatError(f"{file}: file not found")
    if fmt is not None and fmt not in FORMATS:
        raise FormatError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    items: list[BatchItem] = []
    bad: list[BadLine] = []
    seen: dict[str, int] = {}
    for number, record in _records(file, bad):
        if fmt is None:
            try:
                fmt = detect_format(record)
            except FormatError as exc:
                bad.append(BadLine(line=number, error=str(exc)))
                continue
        try:
            item = _BUILDERS[fmt](record, number, file.stem)
        except (CaseInputError, KeyError, TypeError, ValueError) as exc:
            bad.append(BadLine(line=number, error=_describe(exc)))
            continue
        if item.id in seen:
            bad.append(BadLine(line=number, error=f"duplicate id {item.id!r} (first on line "
                                                  f"{seen[item.id]})"))
            continue
        seen[item.id] = number
        items.append(item)
    if fmt is None:
        raise FormatError(f"{file}: no readable record")
    return items, bad, fmt


def _describe(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing key {exc.args[0]!r}"
    return str(exc)


def _records(file: Path, bad: list[BadLine]) -> Iterator[tuple[int, Any]]:
    with file.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                bad.append(BadLine(line=number, error=f"not valid JSON: {exc.msg}"))


def _split_icd10(names: list[str]) -> tuple[list[str], str | None]:
    """Gold synonyms may include an ICD-10 code; it is matched as a code, not a name."""
    codes = [name for name in names if _ICD10.match(name.strip().upper())]
    return [n for n in names if n not in codes], (codes[0].strip().upper() if codes else None)


def _from_case(record: Any, line: int, stem: str) -> BatchItem:
    case = case_from_mapping(record, f"line {line}")
    expected = case.expected
    gold = Gold()
    if expected is not None:
        synonyms, icd10 = _split_icd10(expected.synonyms)
        gold = Gold(diagnosis=expected.diagnosis, synonyms=synonyms, icd10=icd10,
                    urgency=expected.urgency, esi=expected.esi)
    return BatchItem(id=case.id, line=line, format="case", case=case, gold=gold,
                     category=str(record.get("category") or "all"))


def _from_vignette(record: Any, line: int, stem: str) -> BatchItem:
    text = record["text"]
    if not isinstance(text, str):
        raise ValueError("text: must be a string")
    case_id = str(record.get("id") or f"{stem}-{line}")
    synonyms, icd10 = _split_icd10(list(record.get("gold_synonyms") or []))
    gold = Gold(diagnosis=record.get("gold_diagnosis"), synonyms=synonyms,
                icd10=record.get("gold_icd10") or icd10, urgency=record.get("gold_urgency"))
    item = BatchItem(id=case_id, line=line, format="vignette", gold=gold,
                     category=str(record.get("category") or "all"))
    return _with_case(item, lambda: _vignette_case(record, text, case_id))


def _vignette_case(record: dict[str, Any], text: str, case_id: str) -> Case:
    """Age and sex from optional `age`/`sex` keys when given, else read from the text."""
    if record.get("age") is None:
        return case_from_text(text, case_id=case_id)
    patient = {"age": record["age"], "sex": record.get("sex") or "unknown"}
    complaint = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0][:200]
    return case_from_mapping({"id": case_id, "patient": patient,
                              "presenting_complaint": complaint, "note": text})


def _with_case(item: BatchItem, build: Any) -> BatchItem:
    try:
        return item.model_copy(update={"case": build()})
    except CaseInputError as exc:
        return item.model_copy(update={"build_error": str(exc)})


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


def _osce_mapping(osce: dict[str, Any], case_id: str) -> dict[str, Any]:
    actor = osce.get("Patient_Actor") or {}
    exam = dict(osce.get("Physical_Examination_Findings") or {})
    symptoms = actor.get("Symptoms") or {}
    demographics = str(actor.get("Demographics") or "")
    patient = case_from_text(f"{demographics}. {actor.get('History', '')}", case_id=case_id).patient
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
        "findings": _flatten(exam) + _flatten(osce.get("Test_Results") or {}),
    }


def _from_agentclinic(record: Any, line: int, stem: str) -> BatchItem:
    case_id = f"{stem}-{line}"
    if "OSCE_Examination" in record:
        osce = record["OSCE_Examination"]
        gold = Gold(diagnosis=str(osce["Correct_Diagnosis"]))
        item = BatchItem(id=case_id, line=line, format="agentclinic", gold=gold, category=stem)
        return _with_case(item, lambda: case_from_mapping(_osce_mapping(osce, case_id)))
    correct = [a["text"] for a in record["answers"] if a.get("correct")]
    if not correct:
        raise ValueError("answers: none is marked correct")
    gold = Gold(diagnosis=str(correct[0]))
    text = f"{record['patient_info']}\n{record.get('physical_exams') or ''}"
    item = BatchItem(id=case_id, line=line, format="agentclinic", gold=gold, category=stem)
    return _with_case(item, lambda: case_from_text(text, case_id=case_id))


def _from_medqa(record: Any, line: int, stem: str) -> BatchItem:
    options = {str(k): str(v) for k, v in dict(record["options"]).items()}
    answer = str(record["answer_idx"])
    if answer not in options:
        raise ValueError(f"answer_idx {answer!r} is not one of the options")
    case_id = f"medqa-{record['realidx']}" if "realidx" in record else f"{stem}-{line}"
    question = str(record["question"])
    item = BatchItem(
        id=case_id, line=line, format="medqa", category=str(record.get("meta_info") or "all"),
        mcq=McqItem(options=options, answer_idx=answer),
    )
    return _with_case(item, lambda: case_from_text(question, case_id=case_id))


_BUILDERS = {
    "case": _from_case,
    "vignette": _from_vignette,
    "agentclinic": _from_agentclinic,
    "medqa": _from_medqa,
}
