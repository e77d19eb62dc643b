"""With a model, the patient speaks naturally, but only the chosen facts and never the gold."""

from __future__ import annotations

from consilium.core.settings import Settings
from consilium.llm.testing import ScriptedModel, answer
from consilium.simulations.phrasing import LLMPhraser
from consilium.simulations.session import Session
from tests.simulations.conftest import PE_CASE


def _session(settings: Settings, *replies: str) -> tuple[Session, LLMPhraser]:
    phraser = LLMPhraser(ScriptedModel(*replies))
    return Session.start(PE_CASE, mode="doctor", settings=settings, phraser=phraser), phraser


def test_a_faithful_rewording_is_spoken(settings: Settings) -> None:
    session, phraser = _session(
        settings, answer({"reply": "Yes, doctor, my left calf has been swollen for three days."}))
    reveal = session.ask("Has your calf been swollen?")
    assert reveal.text == "Yes, doctor, my left calf has been swollen for three days."
    assert phraser.rejected == 0


def test_a_reply_that_adds_a_finding_is_replaced_by_the_plain_facts(settings: Settings) -> None:
    session, phraser = _session(
        settings, answer({"reply": "My calf is swollen, and I have had a fever and chest pain."}))
    reveal = session.ask("Has your calf been swollen?")
    assert "fever" not in reveal.text.lower().replace("no fever", "")
    assert "left calf has been swollen and sore" in reveal.text
    assert phraser.rejected == 1


def test_a_reply_naming_the_gold_diagnosis_never_reaches_the_doctor(settings: Settings) -> None:
    session, _ = _session(
        settings, answer({"reply": "My calf is swollen. I think I have a pulmonary embolism."}),
        answer("not json"))
    first = session.ask("Has your calf been swollen?")
    assert "embolism" not in first.text.lower()
    second = session.order("D-dimer")  # an unusable reply: the plain result is given
    assert "4,200" in second.text
