"""What the doctor knows so far, as a `Case` the knowledge engine can read.

Only revealed facts go in (redacted of the gold diagnosis), plus what the user said as the
patient and the findings examined or tested and reported normal ("No ptosis."). Vital signs
written as text ("Heart rate: 72 bpm", "36.6°C (97.9°F)") are read into `Vitals`, so the
engine's early-warning rules see them; a reading that does not parse is listed, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from consilium.core.case import Case, Vitals
from consilium.simulations.models import Fact

_NUMBER = r"(\d+(?:\.\d+)?)"
_TEMPERATURE = re.compile(_NUMBER + r"\s*°?\s*([CF])\b")
_PRESSURE = re.compile(r"(\d{2,3})\s*/\s*(\d{2,3})")
_FIRST_NUMBER = re.compile(_NUMBER)
_PERCENT = re.compile(_NUMBER + r"\s*%")
# (field, words that name it in "Name: value")
_RATE_FIELDS = (("heart_rate", ("heart rate", "pulse")),
                ("respiratory_rate", ("respiratory rate", "respirations", "respiration")))


@dataclass
class VitalReading:
    values: dict[str, float] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)


def _read_one(name: str, value: str, out: VitalReading) -> None:
    lowered = name.lower()
    words = set(re.findall(r"[a-z0-9]+", lowered))
    if "temperature" in words or "temp" in words:
        match = _TEMPERATURE.search(value)
        if match:
            degrees = float(match.group(1))
            out.values["temperature_c"] = degrees if match.group(2) == "C" else (
                (degrees - 32) * 5 / 9)
            return
    elif "pressure" in words or "bp" in words:
        match = _PRESSURE.search(value)
        if match:
            out.values["systolic_bp"] = float(match.group(1))
            out.values["diastolic_bp"] = float(match.group(2))
            return
    elif "saturation" in words or words & {"spo2", "so2", "sao2", "sats"}:
        match = _PERCENT.search(value)
        if match:
            out.values["spo2"] = float(match.group(1))
            return
    else:
        named = [key for key, words in _RATE_FIELDS if any(word in lowered for word in words)]
        if not named:
            return  # weight, height, BMI: not vital signs for the engine
        match = _FIRST_NUMBER.search(value)
        if match:
            out.values[named[0]] = float(match.group(1))
            return
    if "normal" in value.lower() or "normothermic" in value.lower():
        return  # "within normal range": normal, but no number to give the engine
    out.unreadable.append(f"{name}: {value}")


def read_vitals(facts: list[Fact]) -> VitalReading:
    """Vital signs from facts whose topic is a vital sign ("Vital signs: Heart rate"), one sign
    per fact ("Heart rate: 72 bpm") or several in one ("heart rate 112 bpm, BP 128/76 mmHg")."""
    out = VitalReading()
    for fact in facts:
        if "vital" not in fact.topic.lower():
            continue
        name, colon, value = fact.text.partition(":")
        if colon and "vital" not in name.lower():
            _read_one(name.strip(), value.strip(), out)
            continue
        # One line for all signs: "heart rate 112 bpm, blood pressure 128/76 mmHg, ..."
        for piece in re.split(r"[,;]", value if colon else name):
            if piece.strip():
                _read_one(piece.strip(), piece.strip(), out)
    return out


def working_case(case_id: str, base: Case, lines: list[str], facts: list[Fact]) -> tuple[
        Case, list[str]]:
    """`base` (demographics and complaint) with the known lines as its note and the vitals read.

    Returns the case and the vital readings that could not be read.
    """
    reading = read_vitals(facts)
    try:
        vitals = Vitals.model_validate(reading.values)
    except ValidationError:
        vitals = Vitals()
        reading.unreadable.append(f"out-of-range vital signs {reading.values}")
    note = "\n".join(f"{line.rstrip('.')}." for line in lines if line.strip())
    return base.model_copy(update={"id": case_id, "note": note, "vitals": vitals}), \
        reading.unreadable
