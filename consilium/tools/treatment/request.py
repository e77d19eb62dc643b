"""The planner's data: what it is asked (a patient, a differential, the current plan), how it
screens a candidate (the medication review), and what it answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from consilium.core.case import Case, Medication
from consilium.core.report import (
    CareStep,
    DiagnosisCandidate,
    Indication,
    MedicationPlanItem,
    SafetyFinding,
    ScoreResult,
)
from consilium.reasoning.diseases import condition_named
from consilium.tools.medication.lexicon import resolve_drug
from consilium.tools.treatment.models import Regimen

# (a candidate drug, the other new drugs of the plan, the current drug it would replace) -> the
# medication review's findings about the candidate.
Screen = Callable[[Medication, list[Medication], str | None], list[SafetyFinding]]


@dataclass
class PlanRequest:
    case: Case  # as intake normalised it
    derived: list[ScoreResult]
    differential: list[DiagnosisCandidate]
    plan: list[MedicationPlanItem]  # the pharmacist's review of current and proposed drugs
    present: list[str] = field(default_factory=list)  # concept ids of present findings
    absent: list[str] = field(default_factory=list)  # ... and of findings asserted absent

    @property
    def unresolved(self) -> list[str]:
        """Current and proposed drugs the lexicon does not know (their interactions with any
        new drug are unchecked)."""
        lines = [*self.case.medications, *self.case.proposed_medications]
        return [m.name for m in lines if resolve_drug(m.name) is None]


class TreatmentPlan(BaseModel):
    """What the planner adds: drug items, care steps, what it passed over and why, and the
    guideline passages it relied on; `replaces` maps an avoided proposal to its replacement."""

    items: list[MedicationPlanItem] = Field(default_factory=list)
    steps: list[CareStep] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    passages: list[str] = Field(default_factory=list)
    replaces: dict[str, str] = Field(default_factory=dict)
    findings: list[SafetyFinding] = Field(
        default_factory=list, description="The review's findings about the drugs added.")


@dataclass(frozen=True)
class Match:
    regimen: Regimen
    candidate: DiagnosisCandidate
    treat: bool  # at or above the regimen's threshold (else: work-up only)
    conditions: list[str]  # a severity variant chosen on data that was not measured

    @property
    def indication(self) -> Indication:
        return Indication(diagnosis=self.candidate.diagnosis,
                          probability=self.candidate.probability, basis="differential",
                          source=self.regimen.ref)


def condition_id(candidate: DiagnosisCandidate) -> str | None:
    """The disease-model id behind a candidate: from its source, else by name or synonym."""
    if candidate.source and "#" in candidate.source:
        return candidate.source.rpartition("#")[2]
    condition = condition_named(candidate.diagnosis)
    return condition.id if condition else None
