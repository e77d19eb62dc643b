"""Sessions: prices against a budget, saved transcripts, resuming, and synonym-aware scoring."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from consilium.core.settings import Settings
from consilium.simulations.evidence import read_vitals
from consilium.simulations.models import Fact
from consilium.simulations.session import OverBudgetError, Session, SessionError
from consilium.simulations.store import UnknownSessionError
from tests.simulations.conftest import PE_CASE


def test_every_step_is_priced_from_the_price_list(settings: Settings) -> None:
    session = Session.start(PE_CASE, mode="doctor", settings=settings)
    session.ask("Do you have chest pain?")
    session.examine("legs")
    session.order("CT pulmonary angiography")
    prices = session.prices
    assert session.state.spent_usd == prices.question.usd + prices.examination.usd + 150
    assert [e.cost_usd for e in session.state.events if e.cost_usd] == [10, 15, 150]


def test_the_budget_refuses_a_step_it_cannot_pay_for(settings: Settings) -> None:
    session = Session.start(PE_CASE, mode="doctor", budget_usd=100, settings=settings)
    session.order("procalcitonin")  # 50 USD, not on the list: the default price
    with pytest.raises(OverBudgetError, match="150 USD but only 50 USD"):
        session.order("CT pulmonary angiography")
    assert "filling defects" not in json.dumps(session.state.model_dump())
    assert session.state.spent_usd == 50


def test_session_is_saved_as_jsonl_and_markdown_and_resumes(settings: Settings) -> None:
    session = Session.start(PE_CASE, mode="doctor", settings=settings)
    session.ask("Has your calf been swollen?")
    paths = session.store.paths(session.state.id) if session.store else {}
    lines = paths["jsonl"].read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["role"] == "patient"
    assert "calf" in json.loads(lines[-1])["text"]
    assert "**doctor** (question)" in paths["md"].read_text(encoding="utf-8")

    resumed = Session.resume(session.state.id, settings=settings)
    assert resumed.state.spent_usd == 10 and resumed.state.revealed == session.state.revealed
    resumed.order("D-dimer")
    resumed.commit("PE", "anticoagulation")
    score = resumed.finish()
    assert score.correct is True  # "PE" is a synonym of pulmonary embolism
    assert score.questions == 1 and score.tests == 1 and score.cost_usd == 20
    assert "## Score" in paths["md"].read_text(encoding="utf-8")


def test_a_wrong_diagnosis_scores_incorrect_and_a_finished_session_takes_no_steps(
        settings: Settings) -> None:
    session = Session.start(PE_CASE, mode="doctor", settings=settings)
    session.commit("community-acquired pneumonia", "antibiotics")
    assert session.finish().correct is False
    with pytest.raises(SessionError, match="committed"):
        session.ask("Anything else?")


def test_unknown_session_id_is_a_clear_error(settings: Settings) -> None:
    with pytest.raises(UnknownSessionError, match="no saved session"):
        Session.resume("nope-123", settings=settings)


def test_the_working_case_holds_only_what_was_revealed(settings: Settings) -> None:
    session = Session.start(PE_CASE, mode="doctor", settings=settings)
    session.examine("vital signs")
    case = session.working_case()
    assert case.vitals.heart_rate == 112 and case.vitals.spo2 == 90
    assert "knee replacement" not in case.note  # not asked yet
    assert case.expected is None


def test_a_full_examination_costs_the_full_examination_price(settings: Settings) -> None:
    session = Session.start(PE_CASE, mode="doctor", settings=settings)
    session.examine("full physical examination")
    assert session.state.spent_usd == session.prices.full_examination.usd


def test_patient_mode_answers_become_the_panels_evidence(settings: Settings) -> None:
    session = Session.start(PE_CASE, mode="patient", settings=settings)
    session.ask_human_patient("How did this start?", "I coughed up blood this morning.")
    assert "coughed up blood" in session.working_case().note
    assert session.state.events[-1].role == "patient"


def test_vital_signs_written_as_text_are_read_or_reported() -> None:
    facts = [Fact(id="e1", kind="exam", topic="Vital signs: Heart rate",
                  text="Heart rate: tachycardic"),
             Fact(id="e2", kind="exam", topic="Vital signs",
                  text="Vital signs: BP 150/95 mmHg, temperature 101.3 F, SpO2 94%")]
    reading = read_vitals(facts)
    assert reading.values["systolic_bp"] == 150 and reading.values["diastolic_bp"] == 95
    assert round(reading.values["temperature_c"], 1) == 38.5
    assert reading.unreadable == ["Heart rate: tachycardic"]


def test_a_session_whose_case_file_changed_is_not_resumed(settings: Settings,
                                                          tmp_path: Path) -> None:
    copy = tmp_path / "case.yaml"
    shutil.copy(PE_CASE, copy)
    session = Session.start(str(copy), mode="doctor", settings=settings)
    session.order("CT pulmonary angiography")
    copy.write_text(copy.read_text(encoding="utf-8").replace("sim-post-op-breathless", "other"),
                    encoding="utf-8")
    with pytest.raises(SessionError, match="changed since session"):
        Session.resume(session.state.id, settings=settings)
