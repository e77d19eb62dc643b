"""The finding: one clinical fact the engine extracted, with its context and where it came from."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FindingSource = Literal["text", "vitals", "labs", "findings"]
Category = Literal["symptom", "sign", "vital", "lab", "history", "risk_factor", "exposure"]
# Past events and risk factors stay true when written in the past tense ("history of DVT").
TIMELESS_CATEGORIES = frozenset({"history", "risk_factor", "exposure"})


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    concept_id: str
    label: str
    category: Category = "symptom"
    text: str = Field(default="", description="The words (or measurement) the finding came from.")
    present: bool
    negated: bool = False
    historical: bool = False
    hypothetical: bool = False
    family: bool = False
    value: float | None = None
    unit: str | None = None
    source: FindingSource = "text"
    onset: Literal["sudden", "gradual"] | None = None
    duration_hours: float | None = Field(default=None, description="How long it has lasted.")
    rule: str | None = Field(default=None, description="Threshold or rule behind a finding.")

    @property
    def asserted_absent(self) -> bool:
        """Asked about and absent: negated in text, or measured and normal."""
        return not self.present and (self.negated or self.source in ("vitals", "labs"))


class ExtractionResult(BaseModel):
    """Findings plus every input the extractor could not read (unknown is never silently safe)."""

    model_config = ConfigDict(extra="forbid")

    findings: list[Finding]
    unrecognised: list[str] = Field(default_factory=list)
