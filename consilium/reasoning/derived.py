"""Findings derived from measured vital signs and laboratory results, by sourced thresholds.

Thresholds are data: `knowledge/findings/rules/vital_thresholds.yaml` and `lab_thresholds.yaml`.
A measured value that does not cross a threshold is an asserted-absent finding (it was checked).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from consilium.core import knowledge
from consilium.core.case import Case, Lab
from consilium.core.units import UnitError, split_quantity, to_canonical
from consilium.reasoning.lexicon import default_lexicon
from consilium.reasoning.measurements import UNITS, find_measurements
from consilium.reasoning.models import Finding

_AGE_EXPRESSION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*\+\s*(\d+(?:\.\d+)?)\s*\*\s*age\s*$")


@dataclass(frozen=True)
class VitalReading:
    value: float | str
    text: str
    from_text: bool


class VitalThresholdsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1)
    thresholds: dict[str, list[dict[str, Any]]]


class LabThresholdsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1)
    labs: list[dict[str, Any]]


@lru_cache(maxsize=1)
def vital_thresholds() -> dict[str, list[dict[str, Any]]]:
    return knowledge.load("findings/rules/vital_thresholds.yaml", VitalThresholdsFile).thresholds


@lru_cache(maxsize=1)
def lab_rules() -> list[dict[str, Any]]:
    return knowledge.load("findings/rules/lab_thresholds.yaml", LabThresholdsFile).labs


def effective_vitals(case: Case) -> tuple[dict[str, VitalReading], list[str]]:
    """Structured vitals, completed by numbers written in the text (structured wins)."""
    readings: dict[str, VitalReading] = {}
    problems: list[str] = []
    measured, unreadable = find_measurements(case.narrative())
    problems.extend(f"vital sign in text not usable: {u}" for u in unreadable)
    for m in measured:
        readings[m.field] = VitalReading(m.value, m.text, True)
    vitals = case.vitals
    for name in ("heart_rate", "systolic_bp", "diastolic_bp", "respiratory_rate", "spo2",
                 "temperature_c", "gcs", "pain_score"):
        value = getattr(vitals, name)
        if value is not None:
            readings[name] = VitalReading(float(value), f"{name}={value:g}", False)
    if vitals.temperature and vitals.temperature_c is None:
        try:
            amount, unit = split_quantity(vitals.temperature)
            celsius = to_canonical("temperature", amount, unit)[0]
            readings["temperature_c"] = VitalReading(celsius, vitals.temperature, False)
        except (UnitError, ValueError):
            problems.append(f"vitals.temperature not understood: {vitals.temperature!r}")
    if vitals.consciousness:
        readings["consciousness"] = VitalReading(vitals.consciousness, vitals.consciousness, False)
    if vitals.supplemental_oxygen and "spo2" in readings:
        problems.append("SpO2 measured on supplemental oxygen: hypoxaemia threshold is for air")
    return readings, problems


def _crosses(op: str, reading: float | str, limit: Any, age: float) -> bool:
    if op == "in":
        return reading in limit
    if isinstance(limit, str):
        match = _AGE_EXPRESSION.match(limit)
        if not match:
            raise ValueError(f"threshold expression not understood: {limit!r}")
        limit = float(match.group(1)) + float(match.group(2)) * age
    value = float(reading)
    return {"<": value < limit, "<=": value <= limit, ">": value > limit,
            ">=": value >= limit}[op]


def vital_findings(case: Case, readings: dict[str, VitalReading]) -> list[Finding]:
    """One finding per threshold concept whose field was measured: present or absent."""
    lexicon = default_lexicon()
    age = case.patient.age
    out: list[Finding] = []
    for concept_id, rows in vital_thresholds().items():
        applicable = [r for r in rows if r["ages"][0] <= age < r["ages"][1]
                      and r["field"] in readings]
        if not applicable:
            continue
        fired = [r for r in applicable if _crosses(r["op"], readings[r["field"]].value,
                                                   r["value"], age)]
        if concept_id == "hypoxemia" and case.vitals.supplemental_oxygen and not fired:
            continue  # a normal saturation on oxygen does not show normal oxygenation
        row = (fired or applicable)[0]
        reading = readings[row["field"]]
        out.append(Finding(
            concept_id=concept_id, label=lexicon.concepts[concept_id].label, category="vital",
            text=reading.text, present=bool(fired),
            value=reading.value if isinstance(reading.value, float) else None,
            unit=UNITS.get(row["field"]), source="vitals", rule=row["source"],
        ))
    return out


def _lab_unit_value(rule_units: dict[str, float], unit: str | None) -> float | None:
    if unit is None:
        return None
    for key, limit in rule_units.items():
        if key.lower().replace(" ", "") == unit.lower().replace(" ", ""):
            return float(limit)
    return None


def lab_findings(labs: list[Lab]) -> tuple[list[Finding], list[str]]:
    lexicon = default_lexicon()
    out: list[Finding] = []
    problems: list[str] = []
    for lab in labs:
        name = lab.name.lower().strip()
        rules = [r for r in lab_rules() if name in r["names"]]
        if not rules:
            problems.append(f"lab {lab.name!r} is not used by the reasoning engine")
            continue
        for rule in rules:
            concept = lexicon.concepts[rule["concept"]]
            words = [str(w).lower() for w in rule.get("positive_words", [])]
            numeric = lab.numeric
            if numeric is None:
                text = str(lab.value).lower().strip()
                if not words:
                    problems.append(f"lab {lab.name!r} value {lab.value!r} is not a number")
                    continue
                present = text in words
            else:
                bound = "above" if "above" in rule else "below"
                limit = _lab_unit_value(rule.get(bound, {}), lab.unit)
                if limit is None:
                    problems.append(f"lab {lab.name!r}: unit {lab.unit!r} not recognised")
                    continue
                present = numeric > limit if bound == "above" else numeric < limit
            out.append(Finding(
                concept_id=concept.id, label=concept.label, category="lab",
                text=f"{lab.name} {lab.value} {lab.unit or ''}".strip(), present=present,
                value=numeric, unit=lab.unit, source="labs", rule=rule["source"],
            ))
    return out, problems
