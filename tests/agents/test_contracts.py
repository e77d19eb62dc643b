"""The contracts agents are built on: typed transcript steps, gate decisions, the shared ranking."""

from __future__ import annotations

import json

from consilium.agents import reviewer
from consilium.agents.base import (
    ErrorStep,
    GateStep,
    MessageStep,
    Recorder,
    ToolCallStep,
    step_from_entry,
)
from consilium.agents.intake import run_intake
from consilium.core.loaders import load_case
from consilium.core.report import SafetyFinding, TranscriptEntry
from consilium.reasoning import extract_findings, rank_differential
from consilium.reasoning.differential import Ranking, rank_conditions, score_conditions
from tests.conftest import CASES_DIR


def test_each_kind_of_step_is_one_report_transcript_entry() -> None:
    steps = [MessageStep("triage", 0, "ESI 3"), GateStep("critic", 1, "Verdict: pass"),
             ErrorStep("diagnostician", 0, "LLM engine failed"),
             ToolCallStep("pharmacist", 0, tool="medication_review", input={"a": 1},
                          output=[1], duration_ms=2.0, error="timed out")]
    entries = [TranscriptEntry(seq=i, **step.entry()) for i, step in enumerate(steps)]
    assert [e.kind for e in entries] == ["message", "gate", "error", "tool_call"]
    assert entries[3].content == "timed out" and entries[3].tool == "medication_review"
    assert [step_from_entry(step.entry(), step.round) for step in steps] == steps


def test_the_recorder_times_a_tool_and_keeps_its_output_as_json() -> None:
    recorder = Recorder("triage", round=2)
    assert recorder.tool("double", lambda x: [x, x], {"x": 3}, 3) == [3, 3]
    (entry,) = recorder.entries
    assert entry["kind"] == "tool_call" and entry["output"] == [3, 3] and entry["round"] == 2
    json.dumps(entry)


def test_gate_decisions_are_built_by_their_constructors() -> None:
    finding = SafetyFinding(kind="triage", severity="major", items=["triage"], message="low",
                            source="t")
    assert not reviewer.allow().tripped
    sent_back = reviewer.revise("triage", "raise acuity", [finding])
    assert (sent_back.behavior, sent_back.target, sent_back.fixable) == (
        "revise", "triage", True)
    held = reviewer.escalate("unknown drug", [finding], target="pharmacist")
    assert held.tripped and not held.fixable
    assert [name for name, _ in reviewer.CHECKS] == [
        "medication_safety", "treatment_plan", "must_not_miss", "triage_consistency",
        "citations"]


def test_the_ranking_scored_once_gives_what_scoring_again_gives() -> None:
    case = run_intake(load_case(CASES_DIR / "chest-pain-acs.yaml").for_agents()).case
    findings = extract_findings(case)
    ranking = Ranking.model_validate_json(rank_conditions(case, findings).model_dump_json())
    again, other = score_conditions(case, findings)
    shared, shared_other = ranking.scored()
    assert shared_other == other
    assert [(s.condition.id, s.probability, s.supporting) for s in shared] == [
        (s.condition.id, s.probability, s.supporting) for s in again]
    assert rank_differential(case, findings, ranking) == rank_differential(case, findings)
