"""Parse a written dose and frequency ("600 mg tid", "1 g q6h", "1 mg/kg twice daily") into a
daily amount. Anything that does not parse returns None with a reason, never a guess."""

from __future__ import annotations

import re

from pydantic import BaseModel

_AMOUNT = re.compile(
    r"(\d+(?:\.\d+)?)\s*(mg|g|mcg|µg|ug|microgram|micrograms|milligrams?|grams?)(\s*/\s*kg)?",
    re.IGNORECASE,
)
_TO_MG = {
    "mg": 1.0,
    "milligram": 1.0,
    "milligrams": 1.0,
    "g": 1000.0,
    "gram": 1000.0,
    "grams": 1000.0,
    "mcg": 0.001,
    "µg": 0.001,
    "ug": 0.001,
    "microgram": 0.001,
    "micrograms": 0.001,
}

# Administrations per day for the usual prescription abbreviations and phrases.
_TIMES_PER_DAY: list[tuple[str, float]] = [
    (r"\b(qid|q\.i\.d\.?|four times (a|per) day|4 times daily|4x daily)\b", 4),
    (r"\b(tid|t\.i\.d\.?|tds|three times (a|per) day|3 times daily|3x daily)\b", 3),
    (
        r"\b(bid|b\.i\.d\.?|bd|twice (a |per )?day|twice daily|2 times daily|q12h|"
        r"every 12 hours)\b",
        2,
    ),
    (r"\b(weekly|once (a|per) week|every week)\b", 1 / 7),
    (
        r"\b(qd|od|daily|once (a |per )?day|once daily|every day|nightly|qhs|at night|"
        r"q24h|every 24 hours|mane|nocte|in the morning)\b",
        1,
    ),
    (r"\b(every other day|qod|alternate days|q48h)\b", 0.5),
]
_EVERY_N_HOURS = re.compile(
    r"\b(?:q|every\s*)(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hours?)\b", re.IGNORECASE
)


class DailyDose(BaseModel):
    per_dose_mg: float | None = None
    per_dose_mg_per_kg: float | None = None
    times_per_day: float | None = None

    @property
    def daily_mg(self) -> float | None:
        if self.per_dose_mg is None or self.times_per_day is None:
            return None
        return self.per_dose_mg * self.times_per_day

    @property
    def daily_mg_per_kg(self) -> float | None:
        if self.per_dose_mg_per_kg is None or self.times_per_day is None:
            return None
        return self.per_dose_mg_per_kg * self.times_per_day


def times_per_day(frequency: str) -> float | None:
    text = frequency.lower()
    match = _EVERY_N_HOURS.search(text)
    if match and float(match.group(1)) > 0:
        return 24.0 / float(match.group(1))
    for pattern, count in _TIMES_PER_DAY:
        if re.search(pattern, text):
            return count
    return None


def parse_dose(dose: str | None, frequency: str | None) -> DailyDose | None:
    """None when there is no dose amount written at all."""
    text = " ".join(part for part in (dose, frequency) if part)
    match = _AMOUNT.search(text)
    if not match:
        return None
    amount = float(match.group(1)) * _TO_MG[match.group(2).lower()]
    per_kg = bool(match.group(3))
    return DailyDose(
        per_dose_mg=None if per_kg else amount,
        per_dose_mg_per_kg=amount if per_kg else None,
        times_per_day=times_per_day(text[match.end() :]) if text[match.end() :].strip() else None,
    )
