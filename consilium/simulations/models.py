"""The hidden case and the session record: what a simulation knows, reveals and keeps.

A hidden case holds facts that stay secret until someone asks the right question (history),
examines (examination) or orders the right test (tests). Its gold diagnosis is for scoring only
and never leaves this module through an agent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from consilium.core.case import Patient

FactKind = Literal["history", "exam", "test"]
Mode = Literal["watch", "doctor", "patient"]
EventKind = Literal[
    "opening", "question", "answer", "exam", "test", "result", "consult", "commit", "review",
    "score", "note", "error",
]
SessionStatus = Literal["active", "committed"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Fact(_Strict):
    """One revealable item: a history sentence, an examination finding or a test result."""

    id: str
    kind: FactKind
    topic: str = Field(description="Where it sits, e.g. 'Social history' or 'Blood tests: TSH'.")
    text: str


class HiddenCase(_Strict):
    id: str
    title: str | None = None
    source: str = Field(description="Where the case comes from (file, record, provenance).")
    patient: Patient
    demographics: str = Field(description="What anyone sees on arrival, e.g. '35-year-old woman'.")
    opening: str = Field(description="The presenting complaint, as the patient first says it.")
    facts: list[Fact]
    gold_diagnosis: str | None = None
    gold_synonyms: list[str] = Field(default_factory=list)

    def facts_of(self, *kinds: FactKind) -> list[Fact]:
        return [f for f in self.facts if f.kind in kinds]

    def fact(self, fact_id: str) -> Fact:
        for item in self.facts:
            if item.id == fact_id:
                return item
        raise KeyError(fact_id)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SessionEvent(_Strict):
    """One line of the transcript."""

    seq: int
    at: str = Field(default_factory=utc_now)
    role: str = Field(description="doctor, patient, examiner, panel, critic or system.")
    kind: EventKind
    text: str
    cost_usd: float = 0.0
    fact_ids: list[str] = Field(default_factory=list, description="Facts this event revealed.")
    assumed: bool = Field(
        default=False, description="A result the case does not mention, reported as normal."
    )


class Score(_Strict):
    committed: str | None
    gold: str | None
    correct: bool | None = Field(description="None when the case has no gold diagnosis.")
    questions: int
    examinations: int
    tests: int
    cost_usd: float
    budget_usd: float | None
    seconds: float
    facts_revealed: int
    facts_total: int


class SessionState(_Strict):
    """Everything needed to resume: the checkpoint written after every step."""

    id: str
    case_spec: str = Field(description="How to load the case again (path, or path#index).")
    case_id: str
    mode: Mode
    budget_usd: float | None = None
    spent_usd: float = 0.0
    status: SessionStatus = "active"
    events: list[SessionEvent] = Field(default_factory=list)
    revealed: list[str] = Field(default_factory=list, description="Fact ids, in order.")
    patient_statements: list[str] = Field(
        default_factory=list, description="Patient-mode answers typed by the user."
    )
    asked_concepts: list[str] = Field(default_factory=list)
    normal_findings: list[str] = Field(
        default_factory=list, description="Labels examined or tested and reported normal."
    )
    abnormal_findings: list[str] = Field(
        default_factory=list, description="Labels whose ordered result reads abnormal."
    )
    diagnosis: str | None = None
    plan: str | None = None
    elapsed_s: float = 0.0
    score: Score | None = None
