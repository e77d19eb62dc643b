"""The case: one patient as the panel receives it.

Every model forbids unknown keys, so a misspelt field is an error naming it rather than data
silently dropped. Medications and allergies may be written as short strings
("warfarin 5 mg daily", "penicillin (anaphylaxis)") or as mappings; both parse to one model.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from consilium.core.report import Urgency


def _number(value: Any) -> Any:
    """Accept numbers and numeric strings; reject anything else with a plain message."""
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, int | float) or value is None:
        return value
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            raise ValueError(f"not a number: {value!r}") from None
    raise ValueError(f"not a number: {value!r}")


Number = Annotated[float, BeforeValidator(_number)]
Sex = Literal["female", "male", "other", "unknown"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


_AGE_TEXT = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(years?|yrs?|y|months?|mos?|mo|weeks?|wks?|w|days?|d)?\s*(old)?\s*$",
    re.IGNORECASE,
)
_AGE_UNIT_YEARS = {"y": 1.0, "m": 1 / 12, "w": 7 / 365.25, "d": 1 / 365.25}


def _age_years(value: Any) -> Any:
    """Ages are years; "6 weeks", "3 months" or "10 days" are converted."""
    if isinstance(value, str):
        match = _AGE_TEXT.match(value)
        if not match:
            raise ValueError(f"not an age: {value!r} (use years, or e.g. '6 weeks')")
        amount, unit = float(match.group(1)), (match.group(2) or "y").lower()
        return amount * _AGE_UNIT_YEARS[unit[0]]
    return _number(value)


class Patient(_Model):
    age: Annotated[float, BeforeValidator(_age_years)] = Field(
        ge=0, le=125, description="Years; '6 weeks' or '3 months' are accepted."
    )
    sex: Sex = "unknown"
    weight_kg: Number | None = Field(default=None, gt=0, le=650)
    height_cm: Number | None = Field(default=None, gt=0, le=280)
    weight: str | None = Field(default=None, description="Weight with a unit, e.g. '135 lb'.")
    height: str | None = Field(default=None, description="Height with a unit, e.g. '64 in'.")
    pregnant: bool | None = None
    gestation_weeks: Number | None = Field(default=None, ge=0, le=45)
    breastfeeding: bool | None = None
    race_ethnicity: str | None = Field(
        default=None, description="Recorded for completeness; no rule uses it."
    )

    @model_validator(mode="after")
    def _pregnancy_needs_capacity(self) -> Patient:
        if self.pregnant and self.sex == "male":
            raise ValueError("pregnant: true conflicts with sex: male")
        return self


# "5 mg", "1 g", "160/800 mg" (a fixed combination: the components' doses).
_DOSE = re.compile(
    r"(\d+(?:\.\d+)?)(?:/\d+(?:\.\d+)?)*\s*(mcg|µg|ug|mg|g|units?|iu|ml|mmol|meq)\b", re.IGNORECASE
)
_ROUTES = ("po", "iv", "im", "sc", "sq", "subcut", "inhaled", "topical", "pr", "sl", "oral")


class Medication(_Model):
    name: str = Field(min_length=1)
    dose: str | None = None
    route: str | None = None
    frequency: str | None = None
    indication: str | None = None
    text: str | None = Field(default=None, description="The line as written, when given as text.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return parse_medication_text(value)
        return value

    @property
    def dose_mg(self) -> float | None:
        """The dose in mg when it is written in mg, mcg or g; None otherwise."""
        if not self.dose:
            return None
        match = _DOSE.search(self.dose)
        if not match:
            return None
        amount, unit = float(match.group(1)), match.group(2).lower()
        scale = {"mg": 1.0, "g": 1000.0, "mcg": 0.001, "µg": 0.001, "ug": 0.001}.get(unit)
        return amount * scale if scale is not None else None


def parse_medication_text(text: str) -> dict[str, Any]:
    """Split "warfarin 5 mg daily" into name, dose, route and frequency."""
    raw = text.strip()
    if not raw:
        raise ValueError("empty medication")
    match = _DOSE.search(raw)
    if not match:
        return {"name": raw, "text": raw}
    name = raw[: match.start()].strip(" ,")
    dose = match.group(0)
    rest = raw[match.end() :].strip(" ,")
    route = None
    words = rest.split()
    if words and words[0].lower().strip(".") in _ROUTES:
        route = words.pop(0).strip(".")
    return {
        "name": name or raw,
        "dose": dose,
        "route": route,
        "frequency": " ".join(words) or None,
        "text": raw,
    }


# Whole words or phrases: "ten" must not match "extensive" or "tenderness".
_SEVERE_REACTIONS = re.compile(
    r"\b(anaphyla\w*|angioedema|stevens[- ]johnson|sjs|ten|toxic epidermal necrolysis|dress)\b"
)


class Allergy(_Model):
    substance: str = Field(min_length=1)
    reaction: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            match = re.match(r"^\s*([^()]+?)\s*(?:\((.*)\))?\s*$", value)
            if not match:
                raise ValueError(f"not an allergy: {value!r}")
            return {"substance": match.group(1), "reaction": match.group(2)}
        return value

    @property
    def severe(self) -> bool:
        return bool(_SEVERE_REACTIONS.search((self.reaction or "").lower()))


Consciousness = Literal["alert", "confused", "voice", "pain", "unresponsive"]


class Vitals(_Model):
    heart_rate: Number | None = Field(default=None, ge=0, le=350)
    systolic_bp: Number | None = Field(default=None, ge=0, le=350)
    diastolic_bp: Number | None = Field(default=None, ge=0, le=250)
    respiratory_rate: Number | None = Field(default=None, ge=0, le=120)
    spo2: Number | None = Field(default=None, ge=0, le=100)
    temperature_c: Number | None = Field(default=None, ge=10, le=46)
    temperature: str | None = Field(default=None, description="With a unit, e.g. '101.3 F'.")
    gcs: Number | None = Field(default=None, ge=3, le=15)
    supplemental_oxygen: bool | None = None
    consciousness: Consciousness | None = None
    pain_score: Number | None = Field(default=None, ge=0, le=10)


class Lab(_Model):
    name: str = Field(min_length=1)
    value: float | str
    unit: str | None = None

    @property
    def numeric(self) -> float | None:
        if isinstance(self.value, int | float):
            return float(self.value)
        try:
            return float(self.value)
        except ValueError:
            return None


class Expected(_Model):
    """Gold answers for evaluation only; never shown to an agent."""

    diagnosis: str | None = None
    synonyms: list[str] = Field(default_factory=list)
    urgency: Urgency | None = None
    esi: int | None = Field(default=None, ge=1, le=5)
    safety_kinds: list[str] = Field(default_factory=list)


class Case(_Model):
    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: str | None = None
    patient: Patient
    presenting_complaint: str = ""
    history: str = ""
    past_medical_history: list[str] = Field(default_factory=list)
    social_history: str = ""
    family_history: str = ""
    medications: list[Medication] = Field(default_factory=list)
    allergies: list[Allergy] = Field(default_factory=list)
    vitals: Vitals = Field(default_factory=Vitals)
    labs: list[Lab] = Field(default_factory=list)
    findings: list[str] = Field(default_factory=list)
    proposed_medications: list[Medication] = Field(default_factory=list)
    note: str = ""
    expected: Expected | None = None

    def for_agents(self) -> Case:
        """The case without its gold answers: what every agent is allowed to see."""
        return self.model_copy(update={"expected": None})

    def narrative(self) -> str:
        """All free text of the case, for findings extraction."""
        complaint = "" if self.presenting_complaint in self.note else self.presenting_complaint
        parts = [complaint, self.history, *self.findings, self.note]
        return "\n".join(part for part in parts if part)
