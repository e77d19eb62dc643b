"""The report contract: what every agent returns and what the panel releases.

Both reasoning engines (knowledge and LLM) return these same models, so the safety gate and
every consumer (CLI, batch evaluation, HTTP service) see one shape. `SCHEMA_VERSION` changes
whenever a field is removed or changes meaning.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# 1.1: usage.by_agent. 2.0: plan items carry an indication, conditions and timing; actions
# `start_if` and `consider`; typed `care_steps` (cultures, lactate, fluids, imaging, ...).
SCHEMA_VERSION = "2.0"

Severity = Literal["contraindicated", "major", "moderate", "minor", "info"]
SEVERITY_RANK: dict[str, int] = {
    "contraindicated": 4,
    "major": 3,
    "moderate": 2,
    "minor": 1,
    "info": 0,
}
FindingKind = Literal[
    "drug_interaction",
    "allergy",
    "contraindication",
    "renal_dose",
    "hepatic_dose",
    "pregnancy",
    "older_adult",
    "duplicate_therapy",
    "dose_range",
    "missed_diagnosis",
    "triage",
    "unrecognized_input",
    "citation",
    "treatment_plan",
]
Urgency = Literal["emergency", "non_emergency", "self_care"]
# start: give now; start_if: give once the item's `conditions` are confirmed (a suggestion, never
# an order); consider: an option for the clinician to weigh; continue / stop / adjust: a current
# drug; avoid: a proposed drug not to give.
MedicationAction = Literal["start", "start_if", "consider", "continue", "stop", "adjust", "avoid"]
IndicationBasis = Literal["differential", "history", "proposed", "current"]
CareStepKind = Literal["test", "imaging", "procedure", "fluid", "monitoring", "supportive",
                       "referral"]
ReportStatus = Literal["approved", "approved_with_warnings", "escalated"]
Verdict = Literal["pass", "revise", "escalate"]
AgentRole = Literal["intake", "triage", "diagnostician", "pharmacist", "consensus", "critic"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SafetyFinding(_Model):
    """One safety problem, with where the knowledge behind it comes from."""

    kind: FindingKind
    severity: Severity
    items: list[str] = Field(description="The drugs, diagnoses or inputs concerned.")
    message: str
    source: str = Field(description="Table row, rule id or guideline passage behind the finding.")
    source_label: str | None = Field(
        default=None, description="The source's own severity label, before mapping to our scale."
    )
    management: str | None = None

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]

    @property
    def is_serious(self) -> bool:
        """Contraindicated or major: never released unaddressed."""
        return self.rank >= SEVERITY_RANK["major"]


class ScoreResult(_Model):
    """A clinical score or derived value computed from the case."""

    name: str
    id: str | None = Field(default=None, description="Calculator id, e.g. 'ckd_epi_2021'.")
    value: float
    unit: str | None = None
    interpretation: str | None = None
    source: str


class TriageAssessment(_Model):
    esi: int = Field(ge=1, le=5, description="Emergency Severity Index level, 1 most urgent.")
    urgency: Urgency
    red_flags: list[str] = Field(default_factory=list)
    rationale: str
    scores: list[ScoreResult] = Field(default_factory=list)
    disposition: str | None = None
    rules_fired: list[str] = Field(default_factory=list, description="Ids of the rules applied.")


class DiagnosisCandidate(_Model):
    diagnosis: str
    icd10: str | None = None
    probability: float = Field(ge=0.0, le=1.0)
    must_not_miss: bool = False
    supporting: list[str] = Field(default_factory=list)
    against: list[str] = Field(default_factory=list)
    source: str | None = None


class NextTest(_Model):
    test: str
    for_diagnosis: str | None = None
    rationale: str | None = None


class Citation(_Model):
    """A guideline passage relied on; `id` must resolve in the guideline corpus."""

    id: str
    title: str
    body: str | None = None
    year: int | None = None
    section: str | None = None
    passage: str | None = None
    url: str | None = None


def unique_citations(citations: list[Citation]) -> list[Citation]:
    """The citations in order, each id once (the first one kept)."""
    seen: dict[str, Citation] = {}
    for citation in citations:
        seen.setdefault(citation.id, citation)
    return list(seen.values())


class DiagnosticAssessment(_Model):
    differential: list[DiagnosisCandidate] = Field(default_factory=list)
    next_tests: list[NextTest] = Field(default_factory=list)
    working_diagnosis: str | None = None
    rationale: str = ""
    citations: list[Citation] = Field(default_factory=list)


class Indication(_Model):
    """What a plan item is for: a diagnosis of the differential (with its probability), the
    patient's history, the clinician's own proposal, or a drug the patient already takes."""

    diagnosis: str = Field(min_length=1)
    probability: float | None = Field(default=None, ge=0.0, le=1.0)
    basis: IndicationBasis
    source: str | None = Field(default=None, description="Regimen row that links drug and "
                               "diagnosis, e.g. 'regimens/infection.yaml#sepsis'.")

    @property
    def label(self) -> str:
        """How reports say it: 'Ischaemic stroke (97%)'."""
        if self.probability is None:
            return self.diagnosis
        return f"{self.diagnosis} ({self.probability:.0%})"


class MedicationPlanItem(_Model):
    drug: str
    dose: str | None = Field(default=None, description="Amount and unit only, e.g. '72 mg'.")
    route: str | None = None
    frequency: str | None = None
    duration: str | None = None
    dose_basis: str | None = Field(
        default=None, description="How the dose was reached, e.g. '0.9 mg/kg x 80 kg, max 90 mg'."
    )
    action: MedicationAction
    conditions: list[str] = Field(
        default_factory=list,
        description="What the clinician must confirm before a `start_if` or `consider` item is "
                    "given (e.g. 'non-contrast CT excludes haemorrhage').",
    )
    timing: str | None = Field(default=None, description="e.g. 'within 1 hour of recognition'.")
    indication: Indication | None = None
    rationale: str = ""
    source: str | None = Field(default=None, description="Regimen row or guideline passage.")

    @property
    def dosage(self) -> str:
        """Dose, route, frequency and duration as one phrase ('72 mg IV once')."""
        return " ".join(p for p in (self.dose, self.route, self.frequency, self.duration) if p)


class CareStep(_Model):
    """A non-drug step of a guideline bundle: a culture, a lab, fluids, imaging, a procedure."""

    kind: CareStepKind
    step: str = Field(min_length=1)
    amount: str | None = Field(default=None, description="For fluids: the volume, e.g. '2100 mL'.")
    amount_basis: str | None = None
    timing: str | None = None
    conditions: list[str] = Field(default_factory=list)
    indication: Indication
    source: str


class MedicationReview(_Model):
    medication_plan: list[MedicationPlanItem] = Field(default_factory=list)
    care_steps: list[CareStep] = Field(default_factory=list)
    safety_findings: list[SafetyFinding] = Field(default_factory=list)
    rationale: str = ""
    citations: list[Citation] = Field(default_factory=list)


class Critique(_Model):
    """What the critic sends back to the agent at fault."""

    target: Literal["triage", "diagnostician", "pharmacist"]
    message: str
    findings: list[SafetyFinding] = Field(default_factory=list)


class CriticReview(_Model):
    verdict: Verdict
    reasoning: str
    findings: list[SafetyFinding] = Field(default_factory=list)
    critiques: list[Critique] = Field(default_factory=list)
    checks_run: list[str] = Field(default_factory=list)


class TranscriptEntry(_Model):
    """One step of the audit trail: an agent message, a tool call, a gate decision."""

    seq: int
    kind: Literal["message", "tool_call", "gate", "intake", "decision", "error"]
    agent: str
    content: str = ""
    tool: str | None = None
    input: dict[str, Any] | None = None
    output: Any = None
    duration_ms: float | None = None
    round: int = 0


class AgentUsage(_Model):
    """What one agent's model calls used (all its rounds together)."""

    llm_calls: int = 0
    tokens: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0


class Usage(AgentUsage):
    """A case's model use: the totals, the wall time, and the same counts per agent."""

    wall_ms: float = 0.0
    by_agent: dict[str, AgentUsage] = Field(default_factory=dict)


class Confidence(_Model):
    value: float = Field(ge=0.0, le=1.0)
    label: Literal["high", "moderate", "low"]
    reasons: list[str] = Field(default_factory=list)


class ClinicianDecision(_Model):
    decision: Literal["approve", "reject"]
    note: str = ""


class ConsensusReport(_Model):
    schema_version: str = SCHEMA_VERSION
    case_id: str
    status: ReportStatus
    engine: str
    disclaimer: str
    recommendation: str
    confidence: Confidence
    triage: TriageAssessment
    differential: list[DiagnosisCandidate]
    next_tests: list[NextTest] = Field(default_factory=list)
    medication_plan: list[MedicationPlanItem]
    care_steps: list[CareStep] = Field(default_factory=list)
    safety_findings: list[SafetyFinding]
    escalation_reasons: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    derived: list[ScoreResult] = Field(default_factory=list)
    critic: CriticReview | None = None
    rounds: int = 0
    clinician_decision: ClinicianDecision | None = None
    transcript: list[TranscriptEntry] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    thread_id: str | None = None
    awaiting_review: bool = Field(
        default=False, description="Paused for clinician sign-off: resume with the thread id."
    )
