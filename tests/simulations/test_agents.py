"""The patient and the examiner reveal only what is asked for, and never the gold diagnosis."""

from __future__ import annotations

from consilium.core.case import Patient
from consilium.simulations.actors import (
    PATIENT_DOES_NOT_KNOW,
    WITHHELD,
    ExaminerAgent,
    PatientAgent,
)
from consilium.simulations.loaders import load_hidden_case
from consilium.simulations.models import Fact, HiddenCase
from tests.simulations.conftest import PE_CASE


def _case() -> HiddenCase:
    return load_hidden_case(PE_CASE)


def test_patient_answers_a_history_question_from_the_case() -> None:
    reply = PatientAgent(_case()).answer("Has your calf been swollen?")
    assert "left calf has been swollen" in reply.text
    assert all(f.kind == "history" for f in reply.facts)


def test_patient_recognises_a_synonym_through_the_finding_lexicon() -> None:
    # "coughing up blood" is the lexicon's haemoptysis; the case says "blood-streaked sputum".
    reply = PatientAgent(_case()).answer("Any haemoptysis?")
    assert "blood-streaked sputum" in reply.text


def test_patient_says_so_when_the_case_does_not_say() -> None:
    reply = PatientAgent(_case()).answer("Have you travelled abroad recently?")
    assert reply.text == PATIENT_DOES_NOT_KNOW and not reply.facts


def test_patient_never_reveals_examination_or_test_results() -> None:
    case = _case()
    patient = PatientAgent(case)
    for question in ("What did the CT pulmonary angiography show?", "What is your D-dimer?",
                     "What is your oxygen saturation?", "What is the diagnosis?"):
        reply = patient.answer(question)
        assert all(f.kind == "history" for f in reply.facts), question
        assert "filling defects" not in reply.text and "4,200" not in reply.text


def test_examiner_reveals_only_the_ordered_test() -> None:
    examiner = ExaminerAgent(_case())
    reply = examiner.order("D-dimer")
    assert "4,200" in reply.text
    assert "filling defects" not in reply.text and "S1Q3T3" not in reply.text
    assert [f.kind for f in reply.facts] == ["test"]


def test_examiner_reports_normal_for_what_the_case_does_not_mention() -> None:
    examiner = ExaminerAgent(_case())
    test = examiner.order("serum lipase")
    assert test.assumed and "within normal limits" in test.text and not test.facts
    exam = examiner.examine("abdomen")
    assert exam.assumed and "no abnormality found" in exam.text


def test_examination_reveals_the_system_examined_not_the_tests() -> None:
    reply = ExaminerAgent(_case()).examine("legs")
    assert "left calf is swollen and tender" in reply.text
    assert all(f.kind == "exam" for f in reply.facts)


def test_gold_diagnosis_written_into_a_result_is_withheld() -> None:
    case = HiddenCase(
        id="leak", source="test", patient=Patient(age=40, sex="male"),
        demographics="40-year-old man", opening="I am short of breath.",
        facts=[Fact(id="t1", kind="test", topic="CTPA",
                    text="CTPA: findings consistent with pulmonary embolism"),
               Fact(id="h1", kind="history", topic="History",
                    text="My doctor thought it might be a PE.")],
        gold_diagnosis="Pulmonary embolism")
    result = ExaminerAgent(case).order("CTPA")
    assert "pulmonary embolism" not in result.text.lower() and WITHHELD in result.text
    answer = PatientAgent(case).answer("What did your doctor think?")
    assert " PE" not in answer.text and WITHHELD in answer.text


def test_a_full_examination_reveals_every_finding_but_no_test() -> None:
    case = _case()
    reply = ExaminerAgent(case).examine("Physical_Examination")
    assert {f.id for f in reply.facts} == {f.id for f in case.facts_of("exam")}
    assert "filling defects" not in reply.text
