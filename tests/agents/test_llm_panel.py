"""The panel on the LLM engine (scripted models): the deterministic gate still decides."""

from __future__ import annotations

from typing import Any

import pytest

from consilium import api
from consilium.core.report import ConsensusReport
from consilium.core.settings import Settings
from consilium.llm.testing import ScriptedModel, answer, block_network, tool_call
from tests.conftest import CASES_DIR

WARFARIN_CASE = CASES_DIR / "warfarin-nsaid.yaml"
TRIAGE = {"esi": 4, "urgency": "non_emergency", "red_flags": ["fall on warfarin"],
          "rationale": "Mechanical knee injury; anticoagulated, so examine for haemarthrosis."}
DIAGNOSIS = {
    "differential": [
        {"diagnosis": "Knee contusion", "probability": 0.6, "supporting": ["fall", "swelling"]},
        {"diagnosis": "Haemarthrosis", "probability": 0.2, "must_not_miss": True},
    ],
    "next_tests": [{"test": "knee X-ray (Ottawa rule)", "for_diagnosis": "Knee contusion"},
                   {"test": "INR", "for_diagnosis": "Haemarthrosis"}],
    "working_diagnosis": "Knee contusion",
    "rationale": "Direct blow to the knee.",
}
# An LLM pharmacist that ignores the interaction the knowledge engine reported to it.
RECKLESS_PLAN = {
    "medication_plan": [
        {"drug": "warfarin", "dose": "5 mg", "frequency": "daily", "action": "continue"},
        {"drug": "lisinopril", "dose": "10 mg", "frequency": "daily", "action": "continue"},
        {"drug": "ibuprofen", "dose": "600 mg", "frequency": "three times daily",
         "action": "start", "rationale": "analgesia"},
    ],
    "rationale": "Pain relief.",
}
PASS = {"verdict": "pass", "reasoning": "No further concern."}


@pytest.fixture(autouse=True)
def _no_network() -> Any:
    with block_network():
        yield


def run(models: dict[str, ScriptedModel], settings: Settings) -> ConsensusReport:
    return api.run_case(WARFARIN_CASE, settings=settings, models=models)


def test_gate_overrules_an_llm_plan_that_starts_an_interacting_nsaid(settings: Settings) -> None:
    diagnostician = ScriptedModel(
        tool_call("rank_differential", text="72-year-old woman, knee pain after a fall",
                  age=72, sex="female"),
        answer(DIAGNOSIS),
    )
    models = {
        "triage": ScriptedModel(answer(TRIAGE)),
        "diagnostician": diagnostician,
        "pharmacist": ScriptedModel(answer(RECKLESS_PLAN)),
        "critic": ScriptedModel(answer(PASS), answer(PASS)),
    }
    report = run(models, settings)

    ibuprofen = next(i for i in report.medication_plan if i.drug == "ibuprofen")
    assert ibuprofen.action == "avoid"  # the critic sent it back; it was not released
    assert report.rounds == 1 and report.status == "approved_with_warnings"
    assert any(f.kind == "drug_interaction" and f.severity == "major"
               for f in report.safety_findings)
    assert report.triage.esi == 4  # the LLM's own triage stands where it is consistent
    assert "triage=llm:scripted" in report.engine and "pharmacist=llm:scripted" in report.engine
    assert report.usage.llm_calls >= 6
    # The diagnostician's real tool call is on the record, with the engine's real output.
    calls = [e for e in report.transcript if e.agent == "diagnostician" and e.tool ==
             "rank_differential" and e.input and "text" in e.input]
    assert calls and calls[0].output


def test_invalid_llm_output_falls_back_to_the_knowledge_engine(settings: Settings) -> None:
    models = {"pharmacist": ScriptedModel(answer("not json at all"), answer("still not json"))}
    report = run(models, settings)
    assert "pharmacist=knowledge (LLM fallback)" in report.engine
    assert any(e.kind == "error" and e.agent == "pharmacist" for e in report.transcript)
    ibuprofen = next(i for i in report.medication_plan if i.drug == "ibuprofen")
    assert ibuprofen.action == "avoid"
