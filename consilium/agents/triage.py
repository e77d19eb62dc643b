"""Triage agent: acuity (ESI 1-5 and the three-level urgency), red flags, early-warning scores."""

from __future__ import annotations

from consilium.agents.base import AgentContext, Recorder
from consilium.core.report import TriageAssessment
from consilium.reasoning import assess_triage
from consilium.reasoning.triage import EMERGENCY_ESI

ROLE = "triage"
LLM_TOOLS = ["calc_news2", "calc_qsofa", "calc_shock_index"]
TRIAGE_SCORES = ("news2", "qsofa", "shock_index")


def assess(context: AgentContext, recorder: Recorder) -> TriageAssessment:
    scores = [score for score in context.derived if score.id in TRIAGE_SCORES]
    triage = recorder.tool(
        "assess_triage",
        assess_triage,
        {"case_id": context.case.id, "scores": [s.id for s in scores]},
        case=context.case,
        findings=context.clinical_findings,
        ddx=None,
        scores=scores,
        ranking=context.ranking,
    )
    recorder.message(
        f"ESI {triage.esi}, {triage.urgency}; red flags: {', '.join(triage.red_flags) or 'none'}. "
        f"{triage.rationale}"
    )
    return triage


def revise(triage: TriageAssessment, critique: list[str], recorder: Recorder) -> TriageAssessment:
    """The critic found the acuity too low for the red flags or must-not-miss ones: raise it."""
    revised = triage.model_copy(
        update={
            "esi": min(triage.esi, EMERGENCY_ESI),
            "urgency": "emergency",
            "rationale": f"{triage.rationale} Raised after review: {' '.join(critique)}",
            "rules_fired": [*triage.rules_fired, "critic:acuity-raised"],
        }
    )
    recorder.message(f"Revised to ESI {revised.esi}, emergency, after the critic's review.")
    return revised
