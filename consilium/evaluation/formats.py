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

from consilium.core.agentclinic import AgentClinicRecord, is_agentclinic
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
    if is_agentclinic(record):
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


def _from_agentclinic(record: Any, line: int, stem: str) -> BatchItem:
    case_id = f"{stem}-{line}"
    entry = AgentClinicRecord(line - 1, record, f"line {line}")
    gold = Gold(diagnosis=entry.gold)
    item = BatchItem(id=case_id, line=line, format="agentclinic", gold=gold, category=stem)
    return _with_case(item, lambda: entry.case(case_id))


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
