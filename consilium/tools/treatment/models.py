"""Regimens as data: what a guideline gives for a condition, for whom, and on what condition.

A regimen (knowledge/regimens/*.yaml) treats one or more disease-model conditions in one
population (ages, pregnancy). Its `steps` are the bundle's non-drug steps (cultures, lactate,
fluids, imaging); its `slots` are the drug choices, each filled by the first of its `options`
that is safe for the patient (first-line, then the alternatives). Every row names the guideline
passage that grounds it (`passage`, resolved against the shipped corpus by the tests) and every
dose names its source.

Criteria (`when`) are tests on the patient's data ("sbp < 90", "lactate >= 4",
"finding:wheeze"): met -> the item applies; unknown -> the item becomes conditional on the
criterion's text; not met -> the item is left out, or made conditional on `otherwise`.
Preconditions are what only the clinician can confirm ("non-contrast CT excludes
haemorrhage"): an item with one is never a plain `start`.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from consilium.core.report import CareStepKind

# "sbp < 90", "curb65 >= 3", "age > 50"; or "finding:wheeze" (a present clinical finding).
COMPARISON = re.compile(r"^\s*([a-z_0-9]+)\s*(<=|>=|<|>|==)\s*(-?\d+(?:\.\d+)?)\s*$")
FINDING = re.compile(r"^\s*finding:([a-z_0-9]+)\s*$")
# The facts a criterion may test (consilium.tools.treatment.facts computes them).
FACTS = frozenset({
    "age", "weight_kg", "sbp", "dbp", "map", "hr", "rr", "spo2", "temp_c", "gcs", "confused",
    "lactate", "potassium", "glucose_mg_dl", "urea_mg_dl", "ph", "bicarbonate", "egfr", "crcl",
    "curb65", "crb65", "pneumonia_severity", "gestation_weeks",
})
WORK_UP_KINDS: frozenset[str] = frozenset({"test", "imaging", "procedure"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Criterion(_Strict):
    """`any` of the tests true (or `all` of them); `text` is how a clinician reads it."""

    any: list[str] = Field(default_factory=list)
    all: list[str] = Field(default_factory=list)
    text: str = Field(min_length=1)
    otherwise: str | None = Field(
        default=None, description="When not met: the item stays, conditional on this text "
                                  "(None: the item is left out).")

    @model_validator(mode="after")
    def _one_list(self) -> Criterion:
        if bool(self.any) == bool(self.all):
            raise ValueError("give exactly one of `any` and `all`")
        for test in [*self.any, *self.all]:
            match = COMPARISON.match(test)
            if (match and match.group(1) in FACTS) or FINDING.match(test):
                continue
            raise ValueError(f"criterion {test!r}: expected 'FACT OP NUMBER' with FACT one of "
                             f"{sorted(FACTS)}, or 'finding:CONCEPT'")
        return self


class PerKg(_Strict):
    amount: float = Field(gt=0)
    unit: Literal["mg", "mcg", "g", "units", "mL"]
    max: float | None = Field(default=None, gt=0, description="Absolute cap per dose, same unit.")


class Dosing(_Strict):
    """The dose for one age band [ages[0], ages[1]) in years: fixed or per kg (with its cap)."""

    ages: tuple[float, float]
    dose: str | None = Field(default=None, description="Fixed: amount and unit, e.g. '500 mg'.")
    per_kg: PerKg | None = None
    route: str
    frequency: str
    duration: str | None = None
    note: str | None = Field(default=None, description="How to give it (bolus, infusion rate).")
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _fixed_or_per_kg(self) -> Dosing:
        if (self.dose is None) == (self.per_kg is None):
            raise ValueError("give exactly one of `dose` and `per_kg`")
        if not 0 <= self.ages[0] < self.ages[1]:
            raise ValueError(f"ages {self.ages}: expected [low, high) with low < high")
        return self

    def covers(self, age: float) -> bool:
        return self.ages[0] <= age < self.ages[1]


class Option(_Strict):
    drug: str = Field(min_length=1)
    line: Literal["first", "alternative"]
    dosing: list[Dosing] = Field(min_length=1)
    preconditions: list[str] = Field(default_factory=list)
    when: Criterion | None = None
    note: str | None = None
    passage: str = Field(pattern=r"^[a-z0-9-]+#[a-z0-9-]+$")


class Slot(_Strict):
    """One drug choice of a regimen (an antiplatelet, a beta-lactam): one option is given."""

    name: str = Field(min_length=1)
    action: Literal["start", "consider"] = "start"
    when: Criterion | None = None
    preconditions: list[str] = Field(default_factory=list, description="For every option.")
    timing: str | None = None
    role: str | None = Field(default=None, description="Shared across regimens, e.g. "
                                                       "'antimicrobial'.")
    yields_to_source: bool = Field(
        default=False, description="Left out when another regimen in the plan fills a slot of "
                                   "the same role (sepsis's empirical cover vs the source's).")
    skip_if_chosen: list[str] = Field(
        default_factory=list, description="Drugs that, chosen in another slot, already cover "
                                          "this one (a fluoroquinolone covers atypicals).")
    options: list[Option] = Field(min_length=1)

    @model_validator(mode="after")
    def _role_for_yield(self) -> Slot:
        if self.yields_to_source and not self.role:
            raise ValueError("yields_to_source needs a role")
        return self


class Step(_Strict):
    kind: CareStepKind
    step: str = Field(min_length=1)
    timing: str | None = None
    amount: str | None = Field(default=None, description="Fluids: a fixed volume.")
    per_kg: PerKg | None = Field(default=None, description="Fluids: volume per kg.")
    when: Criterion | None = None
    preconditions: list[str] = Field(default_factory=list)
    passage: str = Field(pattern=r"^[a-z0-9-]+#[a-z0-9-]+$")

    @property
    def work_up(self) -> bool:
        """Tests, imaging and procedures: offered for a must-not-miss diagnosis that is not yet
        likely enough to treat."""
        return self.kind in WORK_UP_KINDS


class Threshold(_Strict):
    value: float = Field(gt=0, lt=1)
    source: str = Field(min_length=1)


class Population(_Strict):
    ages: tuple[float, float] = (0.0, 200.0)
    pregnant: bool | None = Field(default=None, description="None: pregnant or not.")
    sex: Literal["female", "male"] | None = None

    def includes(self, age: float, pregnant: bool | None, sex: str) -> bool:
        if not self.ages[0] <= age < self.ages[1]:
            return False
        if self.sex is not None and sex != self.sex:
            return False
        return self.pregnant is None or self.pregnant == bool(pregnant)


class Regimen(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str = Field(min_length=1)
    treats: list[str] = Field(min_length=1, description="Disease-model condition ids.")
    population: Population = Field(default_factory=Population)
    source: str = Field(min_length=1)
    threshold: Threshold | None = Field(
        default=None, description="Probability from which to treat (the policy default when "
                                  "absent).")
    empirical: bool = Field(
        default=False, description="A must-not-miss diagnosis its guideline treats on suspicion.")
    severity: Criterion | None = Field(
        default=None, description="Variants of one condition (CAP by CURB-65): the first variant "
                                  "whose severity is met is used.")
    steps: list[Step] = Field(default_factory=list)
    slots: list[Slot] = Field(default_factory=list)
    file: str = ""

    @field_validator("treats")
    @classmethod
    def _ids(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not re.fullmatch(r"[a-z0-9_]+", v)]
        if bad:
            raise ValueError(f"condition ids {bad}: lower case, digits and '_' only")
        return value

    @property
    def ref(self) -> str:
        return f"regimens/{self.file}#{self.id}"


class Policy(_Strict):
    treatment_threshold: Threshold
    work_up_threshold: Threshold


class RegimenFile(_Strict):
    source_notes: str = Field(min_length=1)
    regimens: list[Regimen] = Field(default_factory=list)
    policy: Policy | None = None
