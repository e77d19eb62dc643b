"""Reasoning tools: findings extraction and the ranked differential, for both engines."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from consilium.core.case import Case, Patient
from consilium.core.report import DiagnosticAssessment
from consilium.reasoning import ExtractionResult, extract_case, rank_differential
from consilium.tools.registry import clinical_tool


class CaseOrVignette(BaseModel):
    """Either a full case, or a free-text vignette with the patient's age and sex."""

    model_config = ConfigDict(extra="forbid")

    case: Case | None = None
    text: str | None = Field(default=None, description="Free-text vignette.")
    age: float | None = Field(default=None, ge=0, le=125, description="Years (with text).")
    sex: str = "unknown"

    @model_validator(mode="after")
    def _one_of(self) -> CaseOrVignette:
        if (self.case is None) == (self.text is None):
            raise ValueError("give either 'case' or 'text' (with 'age')")
        if self.text is not None and self.age is None:
            raise ValueError("'age' is required with 'text'")
        return self

    def to_case(self) -> Case:
        if self.case is not None:
            return self.case
        patient = Patient.model_validate({"age": self.age, "sex": self.sex})
        return Case(id="vignette", patient=patient, note=self.text or "")


@clinical_tool(
    "extract_findings",
    "Extract clinical findings (symptoms, signs, vital signs, labs) from a case or free text, "
    "with negation, history, hypothetical and family context, and list inputs not understood.",
)
def extract_findings_tool(payload: CaseOrVignette) -> ExtractionResult:
    return extract_case(payload.to_case())


@clinical_tool(
    "rank_differential",
    "Rank the differential diagnosis of a case or free-text vignette by likelihood ratios, with "
    "findings for and against, must-not-miss diagnoses and the next most informative tests.",
)
def rank_differential_tool(payload: CaseOrVignette) -> DiagnosticAssessment:
    case = payload.to_case()
    return rank_differential(case, extract_case(case).findings)
