"""The panel's workflow state.

State holds plain JSON-able data (model dumps), so every checkpoint can be written to SQLite
and read back by another process or version without pickling classes. Nodes rebuild the typed
models they need at their boundary.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict


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
    """Inputs intake could not use (unrecognised units, implausible values)."""
    clinical_findings: list[dict[str, Any]]
    """Findings extracted from the case text and structured fields."""
    triage: dict[str, Any]
    diagnosis: dict[str, Any]
    medication: dict[str, Any]
    """The current draft's parts: TriageAssessment, DiagnosticAssessment, MedicationReview."""
    critic: dict[str, Any]
    """The latest CriticReview."""
    round: int
    """Revision rounds used so far."""
    escalated: bool
    decision: dict[str, Any] | None
    """The clinician's sign-off on an escalated case, when paused for review."""
    report: dict[str, Any]
    """The released ConsensusReport."""
    transcript: Annotated[list[dict[str, Any]], operator.add]
    """Every agent message, tool call and gate decision, in order (parallel branches append)."""
    usage: Annotated[list[dict[str, Any]], operator.add]
    """LLM usage per agent call, summed into the report."""
    engines: Annotated[dict[str, str], merge_dicts]
    """Which engine produced each role's output."""
    started_at: float
