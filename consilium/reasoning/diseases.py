"""The disease model: conditions with priors and finding likelihood ratios, read from YAML.

Files: `knowledge/diseases/*.yaml` (format fixed with the disease-model author; see DESIGN).
Unknown keys are errors naming the file and the condition, so a typo never drops knowledge.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from consilium.core import knowledge
from consilium.core.errors import InputError
from consilium.core.report import Urgency

DISEASES = "diseases"  # the disease model's folder in knowledge/
AGE_BANDS: tuple[tuple[str, float, float], ...] = (
    ("0-1", 0.0, 1.0), ("1-17", 1.0, 18.0), ("18-39", 18.0, 40.0),
    ("40-64", 40.0, 65.0), ("65+", 65.0, 200.0),
)


class DiseaseModelError(InputError, ValueError):
    """A disease file is malformed; the message names the file and the condition."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Prior(_Strict):
    source: str = Field(min_length=1)
    by_age: dict[str, float]
    sex_ratio: dict[Literal["male", "female"], float] | None = None
    sex_only: Literal["male", "female"] | None = None

    @field_validator("by_age")
    @classmethod
    def _all_bands(cls, value: dict[str, float]) -> dict[str, float]:
        missing = [band for band, _, _ in AGE_BANDS if band not in value]
        if missing:
            raise ValueError(f"by_age lacks bands {missing}")
        if any(not 0.0 <= p < 1.0 for p in value.values()):
            raise ValueError("by_age prevalences must lie in [0, 1)")
        return value


class FindingLR(_Strict):
    lr_pos: float = Field(gt=0)
    lr_neg: float = Field(gt=0)
    source: str = Field(min_length=1)


# A condition's acuity class: how soon it needs a clinician. emergency: emergency care now;
# urgent: a clinician within 24-48 h; routine: within days to weeks; self_care: home or pharmacy.
Acuity = Literal["emergency", "urgent", "routine", "self_care"]
URGENCY_TO_ACUITY: dict[str, Acuity] = {
    "emergency": "emergency", "non_emergency": "routine", "self_care": "self_care"}


class Condition(_Strict):
    id: str
    name: str
    synonyms: list[str] = Field(default_factory=list)
    icd10: str | None = None
    specialty: str
    must_not_miss: bool = False
    urgency: Urgency
    acuity: Acuity = Field(default=None, validate_default=True)
    prior: Prior
    findings: dict[str, FindingLR]
    tests: list[str] = Field(default_factory=list)
    file: str = Field(default="", description="Set by the loader: the knowledge file.")


    @field_validator("acuity", mode="before")
    @classmethod
    def _acuity_from_urgency(cls, value: Acuity | None, info: ValidationInfo) -> Acuity:
        """Until every file states its acuity (issue #16), carry the wave-1 urgency over."""
        if value is not None:
            return value
        return URGENCY_TO_ACUITY[info.data["urgency"]]


def age_band(age_years: float) -> str:
    for band, low, high in AGE_BANDS:
        if low <= age_years < high:
            return band
    return AGE_BANDS[-1][0]


class DiseaseFile(_Strict):
    """One file of the disease model (each condition is validated on its own, so an error
    names the condition)."""

    source_notes: str
    conditions: list[dict[str, Any]]


def load_conditions(folder: knowledge.Source = DISEASES) -> list[Condition]:
    """All conditions of every `*.yaml`; the same id in two places is an error naming both."""
    seen: dict[str, str] = {}
    conditions: list[Condition] = []
    for source in knowledge.files(folder):
        name = knowledge.name_of(source).rpartition("/")[2]
        relative = f"consilium/knowledge/diseases/{name}"
        for raw in knowledge.load(source, DiseaseFile).conditions:
            cid = raw.get("id", "?") if isinstance(raw, dict) else "?"
            if cid in seen:
                raise DiseaseModelError(f"condition {cid!r} defined in {seen[cid]} and {name}")
            try:
                condition = Condition.model_validate({**raw, "file": relative})
            except ValidationError as error:
                raise DiseaseModelError(f"{name}: condition {cid!r}: {error}") from None
            seen[cid] = name
            conditions.append(condition)
    return conditions


@lru_cache(maxsize=1)
def default_conditions() -> tuple[Condition, ...]:
    return tuple(load_conditions())


@lru_cache(maxsize=1)
def _conditions_by_name() -> dict[str, Condition]:
    index: dict[str, Condition] = {}
    for condition in default_conditions():
        for name in (condition.name, *condition.synonyms):
            index.setdefault(name.lower(), condition)
    return index


def condition_named(name: str) -> Condition | None:
    """The disease model's condition for a name or synonym (case-insensitive)."""
    return _conditions_by_name().get(name.lower())


def names_of(diagnosis: str) -> list[str]:
    """The diagnosis followed by its synonyms in the disease model, for matching other sources."""
    condition = condition_named(diagnosis)
    return [diagnosis, *(condition.synonyms if condition else [])]
