"""Read cases from YAML, JSON and JSONL files and from free-text vignettes.

Every failure becomes a `CaseInputError` naming the file and the field; nothing is returned
half-read.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from consilium.core.case import Case
from consilium.core.errors import CaseInputError, describe_validation_error

CASE_SUFFIXES = (".yaml", ".yml", ".json", ".txt")


def case_from_mapping(data: Any, source: str | None = None) -> Case:
    if not isinstance(data, dict):
        raise CaseInputError("a case must be a mapping of fields", source)
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise CaseInputError(describe_validation_error(exc), source) from None


def load_case(path: str | Path) -> Case:
    """Load one case from .yaml/.yml, .json (our schema or a FHIR R4 Bundle) or .txt (vignette)."""
    file = Path(path)
    source = str(file)
    if not file.is_file():
        raise CaseInputError("file not found", source)
    suffix = file.suffix.lower()
    if suffix not in CASE_SUFFIXES:
        raise CaseInputError(f"unsupported file type {suffix!r} (use {', '.join(CASE_SUFFIXES)})")
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseInputError(f"cannot read file: {exc}", source) from None
    if suffix == ".txt":
        return case_from_text(text, case_id=file.stem, source=source)
    document = _parse_document(text, suffix, source)
    if isinstance(document, dict) and document.get("resourceType") == "Bundle":
        from consilium.core.fhir import case_from_fhir  # fhir builds on this module

        try:
            return case_from_fhir(document, case_id=file.stem)
        except CaseInputError as exc:
            raise CaseInputError(str(exc), source) from None
    return case_from_mapping(document, source)


def _parse_document(text: str, suffix: str, source: str) -> Any:
    try:
        if suffix == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise CaseInputError(f"not valid JSON (line {exc.lineno}): {exc.msg}", source) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise CaseInputError(f"not valid YAML{where}: {exc}", source) from None


def iter_jsonl_cases(path: str | Path) -> Iterator[tuple[int, Case | CaseInputError]]:
    """Yield (line number, case or the error for that line): one bad line does not stop a batch."""
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            source = f"{path}:{number}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, CaseInputError(f"not valid JSON: {exc.msg}", source)
                continue
            try:
                yield number, case_from_mapping(data, source)
            except CaseInputError as exc:
                yield number, exc


_AGE_PATTERNS = (
    re.compile(
        r"\b(\d{1,3}(?:\.\d+)?)[- ]?(year|yr|month|mo|week|wk|day)s?[- ]?old\b", re.IGNORECASE
    ),
    re.compile(r"\b(\d{1,3})\s*(?:yo|y/o|y\.o\.|yrs?)\b", re.IGNORECASE),
    re.compile(r"\baged?\s+(\d{1,3})\b", re.IGNORECASE),
)
_FEMALE = re.compile(r"\b(woman|female|girl|lady|she|her|mother|f)\b", re.IGNORECASE)
_MALE = re.compile(r"\b(man|male|boy|gentleman|he|his|father|m)\b", re.IGNORECASE)


def _age_from_text(text: str) -> str | None:
    for pattern in _AGE_PATTERNS:
        match = pattern.search(text)
        if match:
            unit = match.group(2) if match.lastindex and match.lastindex >= 2 else "year"
            return f"{match.group(1)} {unit}s"
    return None


def _sex_from_text(text: str) -> str:
    female, male = _FEMALE.search(text), _MALE.search(text)
    if female and (not male or female.start() < male.start()):
        return "female"
    if male:
        return "male"
    return "unknown"


def case_from_text(text: str, case_id: str | None = None, source: str | None = None) -> Case:
    """Build a case from a free-text vignette: age and sex from the text, the rest as the note.

    Vital signs and findings written in the text are read by the intake step, which records
    what it took from the text.
    """
    text = text.strip()
    if not text:
        raise CaseInputError("text: the vignette is empty", source)
    age = _age_from_text(text)
    if age is None:
        raise CaseInputError(
            "text: no age found; write it as e.g. '45-year-old' or '6-week-old'", source
        )
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    first_sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return case_from_mapping(
        {
            "id": case_id or f"vignette-{digest}",
            "patient": {"age": age, "sex": _sex_from_text(text)},
            "presenting_complaint": first_sentence[:200],
            "note": text,
        },
        source,
    )
