"""The disease model: conditions with priors and finding likelihood ratios, read from YAML.

Files: `knowledge/diseases/*.yaml` (format fixed with the disease-model author; see DESIGN).
Unknown keys are errors naming the file and the condition, so a typo never drops knowledge.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from consilium.core.errors import InputError
from consilium.core.report import Urgency

DISEASES_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "diseases"
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


class Condition(_Strict):
    id: str
    name: str
    synonyms: list[str] = Field(default_factory=list)
    icd10: str | None = None
    specialty: str
    must_not_miss: bool = False
    urgency: Urgency
    prior: Prior
    findings: dict[str, FindingLR]
    tests: list[str] = Field(default_factory=list)
    file: str = Field(default="", description="Set by the loader: the knowledge file.")


def age_band(age_years: float) -> str:
    for band, low, high in AGE_BANDS:
        if low <= age_years < high:
            return band
    return AGE_BANDS[-1][0]


def load_conditions(directory: Path = DISEASES_DIR) -> list[Condition]:
    """All conditions of every `*.yaml`; the same id in two places is an error naming both."""
    seen: dict[str, str] = {}
    conditions: list[Condition] = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        relative = f"consilium/knowledge/diseases/{path.name}"
        for raw in data.get("conditions") or []:
            cid = raw.get("id", "?") if isinstance(raw, dict) else "?"
            if cid in seen:
                raise DiseaseModelError(f"condition {cid!r} defined in {seen[cid]} and {path.name}")
            try:
                condition = Condition.model_validate({**raw, "file": relative})
            except ValidationError as error:
                raise DiseaseModelError(f"{path.name}: condition {cid!r}: {error}") from None
            seen[cid] = path.name
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
