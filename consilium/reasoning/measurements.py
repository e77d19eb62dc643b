"""Numbers in clinical text ("BP 84/50", "temp 39.2", "sats 88% on air") and onset/duration words.

Patterns are data (`knowledge/findings/rules/measurements.yaml`). A value outside the plausible
range of its field is reported as unreadable, never used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from consilium.core import knowledge
from consilium.core.units import UnitError, to_canonical

MEASUREMENTS_FILE = "findings/rules/measurements.yaml"
# Plausible ranges, the same bounds the case model's Vitals accepts.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "heart_rate": (20, 350), "systolic_bp": (30, 350), "diastolic_bp": (10, 250),
    "respiratory_rate": (3, 120), "spo2": (30, 100), "temperature_c": (25, 46),
    "gcs": (3, 15), "pain_score": (0, 10),
}
UNITS = {"heart_rate": "/min", "systolic_bp": "mmHg", "diastolic_bp": "mmHg",
         "respiratory_rate": "/min", "spo2": "%", "temperature_c": "°C", "gcs": "points",
         "pain_score": "/10"}


@dataclass(frozen=True)
class Measurement:
    field: str
    value: float
    text: str
    on_air: bool = False


@dataclass(frozen=True)
class MeasurementRules:
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    onset: tuple[tuple[str, re.Pattern[str]], ...]
    duration: tuple[re.Pattern[str], ...]
    words: dict[str, float]
    hours: dict[str, float]


class MeasurementsFile(BaseModel):
    """The measurement patterns file."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1)
    measurements: list[dict[str, str]]
    onset: dict[str, str]
    duration: dict[str, Any]


@lru_cache(maxsize=1)
def measurement_rules(source: knowledge.Source = MEASUREMENTS_FILE) -> MeasurementRules:
    data = knowledge.load(source, MeasurementsFile).model_dump()
    duration = data["duration"]
    return MeasurementRules(
        patterns=tuple((m["field"], re.compile(m["pattern"])) for m in data["measurements"]),
        onset=tuple((name, re.compile(p)) for name, p in data["onset"].items()),
        duration=(re.compile(duration["pattern"]), re.compile(duration["ago_pattern"])),
        words={str(k): float(v) for k, v in duration["words"].items()},
        hours={str(k): float(v) for k, v in duration["hours"].items()},
    )


def _temperature_c(raw: str, unit: str | None) -> float:
    value = float(raw)
    # A bare number above 45 can only be Fahrenheit ("temp 101.3").
    if (unit and unit.startswith("f")) or (unit is None and value > 45):
        return to_canonical("temperature", value, "°F")[0]
    return value


def find_measurements(text: str) -> tuple[list[Measurement], list[str]]:
    """Vital signs written in `text`; the second list names values that could not be used."""
    lowered = text.lower()
    found: dict[str, Measurement] = {}
    unreadable: list[str] = []
    for name, pattern in measurement_rules().patterns:
        for match in pattern.finditer(lowered):
            groups = match.groupdict()
            span = text[match.start() : match.end()].strip()
            if name == "blood_pressure":
                readings = [("systolic_bp", float(groups["sys"])),
                            ("diastolic_bp", float(groups["dia"]))]
            elif name == "temperature":
                try:
                    readings = [("temperature_c", _temperature_c(groups["value"],
                                                                 groups.get("unit")))]
                except UnitError:
                    unreadable.append(f"temperature {span!r}")
                    continue
            else:
                readings = [(name, float(groups["value"]))]
            for field, value in readings:
                low, high = PLAUSIBLE[field]
                if not low <= value <= high:
                    unreadable.append(f"{field} {span!r} (outside {low:g}-{high:g})")
                    continue
                # The first reading written wins: it is usually the presenting one.
                found.setdefault(field, Measurement(field, value, span, bool(groups.get("air"))))
    return list(found.values()), unreadable


def onset_of(sentence: str) -> str | None:
    lowered = sentence.lower()
    for name, pattern in measurement_rules().onset:
        if pattern.search(lowered):
            return name
    return None


def duration_hours(sentence: str) -> float | None:
    rules = measurement_rules()
    lowered = sentence.lower()
    for pattern in rules.duration:
        match = pattern.search(lowered)
        if match:
            amount = match.group("amount")
            count = rules.words.get(amount) or float(amount)
            return count * rules.hours[match.group("unit")]
    return None
