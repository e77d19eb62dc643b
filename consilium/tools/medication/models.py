"""Typed inputs and outputs of the medication review and its checks."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from consilium.core.case import Allergy, Medication, Sex
from consilium.core.report import SafetyFinding
from consilium.tools.medication.dosing import DailyDose
from consilium.tools.medication.lexicon import ResolvedDrug


class MedicationReviewInput(BaseModel):
    """The medication list and the patient facts the checks need; unknown values stay None."""

    model_config = ConfigDict(extra="forbid")

    current: list[Medication] = Field(default_factory=list)
    proposed: list[Medication] = Field(default_factory=list)
    allergies: list[Allergy] = Field(default_factory=list)
    age_years: float | None = Field(default=None, ge=0, le=130)
    sex: Sex | None = None
    pregnant: bool | None = None
    gestation_weeks: float | None = Field(default=None, ge=0, le=45)
    breastfeeding: bool | None = None
    weight_kg: float | None = Field(default=None, gt=0, le=500)
    egfr: float | None = Field(
        default=None, ge=0, le=250, description="CKD-EPI 2021, mL/min/1.73 m2."
    )
    crcl: float | None = Field(default=None, ge=0, le=250, description="Cockcroft-Gault, mL/min.")
    conditions: list[str] = Field(default_factory=list)


class UnrecognizedDrug(BaseModel):
    text: str
    suggestions: list[str] = Field(default_factory=list)


class MedicationReviewResult(BaseModel):
    findings: list[SafetyFinding] = Field(default_factory=list, description="Worst first.")
    resolved: list[ResolvedDrug] = Field(default_factory=list)
    unrecognized: list[UnrecognizedDrug] = Field(default_factory=list)

    @property
    def serious(self) -> list[SafetyFinding]:
        return [f for f in self.findings if f.is_serious]


class CheckedDrug(BaseModel):
    """One medication line that resolved, as every check sees it."""

    medication: Medication
    drug: ResolvedDrug
    proposed: bool
    dose: DailyDose | None = None
    line: int = Field(default=0, description="Position of the medication line it came from.")

    @property
    def label(self) -> str:
        """The name as the case wrote it."""
        return self.medication.name
