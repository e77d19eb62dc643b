"""The panel's workflow state, and the one place it is read back into typed parts.

State holds plain JSON-able data (model dumps), so every checkpoint can be written to SQLite
and read back by another process or version without pickling classes. `context_of` and
`report_parts` turn it into the typed `AgentContext` and `ReportParts` the agents work on, so
no node rebuilds models on its own.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from consilium.agents.base import AgentContext
from consilium.agents.consensus import ReportParts
from consilium.core.case import Case
from consilium.core.report import (
    AgentUsage,
    ClinicianDecision,
    CriticReview,
    DiagnosticAssessment,
    MedicationReview,
    SafetyFinding,
    ScoreResult,
    TranscriptEntry,
    TriageAssessment,
)
from consilium.reasoning import Finding
from consilium.reasoning.differential import Ranking


def merge_dicts(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    return {**left, **right}


class PanelInput(TypedDict):
    """What a caller provides to start a case."""

    case: dict[str, Any]
    """The case as loaded (gold answers are stripped before any agent sees it)."""
    max_rounds: int
    """How many times the critic may send a draft back before escalating."""
    review: bool
    """Pause an escalated case for clinician sign-off instead of finishing."""


class PanelState(PanelInput, total=False):
    derived: list[dict[str, Any]]
    """Intake's derived values and scores (ScoreResult dumps)."""
    intake_findings: list[dict[str, Any]]
    """Inputs intake could not use (unrecognised units, implausible values; SafetyFinding)."""
    clinical_findings: list[dict[str, Any]]
    """Findings extracted from the case text and structured fields (reasoning Finding dumps)."""
    ranking: dict[str, Any]
    """Every condition of the disease model scored once at intake (reasoning `Ranking`):
    triage and the diagnostician both read it instead of ranking again."""
    triage: dict[str, Any]
    """The current draft's TriageAssessment."""
    diagnosis: dict[str, Any]
    """The current draft's DiagnosticAssessment."""
    medication: dict[str, Any]
    """The current draft's MedicationReview (with the treatment plan after consensus)."""
    critic: dict[str, Any]
    """The latest CriticReview."""
    round: int
    """Revision rounds used so far."""
    escalated: bool
    """The critic escalated the draft (set by the escalate node)."""
    decision: dict[str, Any] | None
    """The clinician's sign-off on an escalated case (ClinicianDecision), when paused for review."""
    report: dict[str, Any]
    """The released ConsensusReport."""
    transcript: Annotated[list[dict[str, Any]], operator.add]
    """Every agent message, tool call and gate decision, in order (parallel branches append;
    each is a transcript step's JSON entry, `agents.base.Step.entry()`)."""
    usage: Annotated[list[dict[str, Any]], operator.add]
    """LLM usage per agent call (`agent` plus the AgentUsage counts), summed into the report."""
    engines: Annotated[dict[str, str], merge_dicts]
    """Which engine produced each role's output."""
    started_at: float
    """When intake started (epoch seconds): the report's wall time counts from here."""


def context_of(state: PanelState) -> AgentContext:
    """What the agents may see, typed (never the case's gold answers)."""
    return AgentContext(
        case=Case.model_validate(state["case"]),
        derived=[ScoreResult.model_validate(d) for d in state.get("derived", [])],
        clinical_findings=[Finding.model_validate(f) for f in state.get("clinical_findings", [])],
        ranking=Ranking.model_validate(state["ranking"]) if "ranking" in state else None,
        triage=TriageAssessment.model_validate(state["triage"]) if "triage" in state else None,
        diagnosis=(DiagnosticAssessment.model_validate(state["diagnosis"])
                   if "diagnosis" in state else None),
        medication=(MedicationReview.model_validate(state["medication"])
                    if "medication" in state else None),
        round=state.get("round", 0),
    )


def critic_of(state: PanelState) -> CriticReview:
    return CriticReview.model_validate(state["critic"])


def usage_entry(agent: str, usage: AgentUsage) -> dict[str, Any]:
    """One agent call's usage as the state keeps it."""
    return {"agent": agent,
            **usage.model_dump(mode="json", include=set(AgentUsage.model_fields))}


def report_parts(state: PanelState, *, escalated: bool | None = None) -> ReportParts:
    """The report's typed parts from the state (`escalated` overrides the state's flag: a case
    paused for review is reported as escalated)."""
    decision = state.get("decision")
    return ReportParts(
        case_id=state["case"]["id"],
        triage=TriageAssessment.model_validate(state["triage"]),
        diagnosis=DiagnosticAssessment.model_validate(state["diagnosis"]),
        medication=MedicationReview.model_validate(state["medication"]),
        critic=critic_of(state),
        decision=ClinicianDecision.model_validate(decision) if decision else None,
        escalated=bool(state.get("escalated")) if escalated is None else escalated,
        intake_findings=[SafetyFinding.model_validate(f)
                         for f in state.get("intake_findings", [])],
        derived=[ScoreResult.model_validate(d) for d in state.get("derived", [])],
        transcript=[TranscriptEntry(seq=i, **entry)
                    for i, entry in enumerate(state.get("transcript", []))],
        usage=[(entry.get("agent", "unknown"), AgentUsage.model_validate(
            {key: value for key, value in entry.items() if key != "agent"}))
            for entry in state.get("usage", [])],
        engines=dict(state.get("engines", {})),
        rounds=state.get("round", 0),
        started_at=state.get("started_at"),
    )
