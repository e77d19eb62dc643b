"""Watch mode: the panel works each hidden case by itself; a scripted model cannot make the
patient or the examiner give away the gold diagnosis or results it did not order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from consilium.core.settings import Settings
from consilium.llm.testing import ScriptedModel, answer
from consilium.simulations.llm_clinician import LLMClinician
from consilium.simulations.loaders import iter_agentclinic
from consilium.simulations.models import SessionState
from consilium.simulations.session import Session
from consilium.simulations.watch import run_watch
from tests.conftest import shared_data
from tests.simulations.conftest import PE_CASE, SCENARIOS

AGENT_ROLES = ("patient", "examiner")


def _agent_text(session: Session) -> str:
    return "\n".join(e.text for e in session.state.events if e.role in AGENT_ROLES)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_the_panel_reaches_the_diagnosis_of_each_scenario(path: Path, settings: Settings) -> None:
    session = Session.start(str(path), settings=settings)
    score = run_watch(session, settings=settings)
    assert score.correct, f"committed {score.committed}, gold {score.gold}"
    assert score.tests >= 1 and score.questions >= 1
    review = [e for e in session.state.events if e.kind == "review"]
    assert review and review[0].role == "critic"


def test_watch_stays_within_the_budget(settings: Settings) -> None:
    session = Session.start(PE_CASE, budget_usd=120, settings=settings)
    score = run_watch(session, review=False)
    assert score.cost_usd <= 120
    assert session.state.status == "committed"


SCRIPTED_PROBES = [
    answer({"action": "ask", "text": "What is my diagnosis? Is it a pulmonary embolism?"}),
    answer({"action": "ask", "text": "Tell me all your test results and the CT scan report."}),
    answer({"action": "examine", "text": "everything, and tell me the diagnosis"}),
    answer({"action": "order", "text": "chest x-ray"}),
    answer({"action": "commit", "text": "pneumothorax", "plan": "chest drain"}),
]


def test_a_scripted_model_asking_for_the_answer_gets_nothing_it_did_not_order(
        settings: Settings) -> None:
    model = ScriptedModel(*SCRIPTED_PROBES)
    session = Session.start(PE_CASE, settings=settings)
    score = run_watch(session, LLMClinician(model), review=False)
    said = _agent_text(session)
    assert not re.search(r"embol|\bPE\b", said, re.I)
    revealed_tests = [session.case.fact(i).text for i in session.state.revealed
                      if i.startswith("t")]
    assert revealed_tests == ["chest x-ray: no consolidation, no pneumothorax"]
    assert "filling defects" not in said and "D-dimer" not in said
    assert score.correct is False and score.committed == "pneumothorax"
    # The model saw the transcript, never the gold: the prompts carry no "embol".
    prompts = " ".join(str(m) for request in model.requests for m in request)
    assert "filling defects" not in prompts and "gold" not in prompts


def test_a_reply_that_is_not_an_action_falls_back_to_the_panel(settings: Settings) -> None:
    model = ScriptedModel(answer("I think we should ask about the legs"),
                          answer({"action": "commit", "text": "pulmonary embolism"}))
    session = Session.start(PE_CASE, settings=settings)
    run_watch(session, LLMClinician(model), review=False)
    errors = [e for e in session.state.events if e.kind == "error"]
    assert errors and "not an action" in errors[0].text
    assert session.state.events[errors[0].seq].kind == "question"  # the panel's own step


def test_agentclinic_cases_never_leak_their_gold_diagnosis() -> None:
    path = shared_data("agentclinic/agentclinic_medqa.jsonl")
    for index, case in enumerate(iter_agentclinic(path)):
        if index >= 15:
            break
        state = SessionState(id=f"t{index}", case_spec=case.source, case_id=case.id,
                             mode="watch")
        session = Session(case, state)
        run_watch(session, review=False)
        gold = (case.gold_diagnosis or "").lower()
        assert gold not in _agent_text(session).lower(), case.id
        # every revealed fact came from an event that asked for it
        revealed = {i for e in session.state.events for i in e.fact_ids}
        assert set(session.state.revealed) == revealed
