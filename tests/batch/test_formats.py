"""Reading batch inputs: detection, the four formats, bad lines reported by number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consilium.evaluation.formats import FormatError, detect_format, read_items
from tests.conftest import shared_data

VIGNETTE = {"id": "v1", "text": "A 58-year-old man with crushing chest pain for 2 hours.",
            "gold_diagnosis": "Acute coronary syndrome", "gold_synonyms": ["ACS", "I24.9"],
            "gold_urgency": "emergency"}
OSCE = {"OSCE_Examination": {
    "Patient_Actor": {"Demographics": "35-year-old female", "History": "Double vision for a month.",
                      "Symptoms": {"Primary_Symptom": "Double vision",
                                   "Secondary_Symptoms": ["Weak arms"]},
                      "Past_Medical_History": "None."},
    "Physical_Examination_Findings": {"Vital_Signs": {
        "Temperature": "36.6°C (97.9°F)", "Blood_Pressure": "125/80 mmHg",
        "Heart_Rate": "72 bpm", "Respiratory_Rate": "16 breaths/min"},
        "Neurological_Examination": {"Cranial_Nerves": "Fatigable ptosis."}},
    "Test_Results": {"Blood_Tests": {"Acetylcholine_Receptor_Antibodies": "Present"}},
    "Correct_Diagnosis": "Myasthenia gravis"}}
MCQ = {"realidx": 7, "question": "A 23-year-old woman has burning on urination. Which drug?",
       "options": {"A": "Nitrofurantoin", "B": "Warfarin"}, "answer_idx": "A",
       "meta_info": "step2&3"}


def write_jsonl(path: Path, lines: list[object]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines))
    return path


@pytest.mark.parametrize(("record", "expected"), [
    (VIGNETTE, "vignette"), (OSCE, "agentclinic"), (MCQ, "medqa"),
    ({"id": "c1", "patient": {"age": 30}}, "case"),
])
def test_each_format_is_detected_from_its_keys(record: object, expected: str) -> None:
    assert detect_format(record) == expected


def test_bad_lines_are_reported_by_number_and_the_rest_is_read(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [
        VIGNETTE, "{not json", {"id": "v2", "gold_diagnosis": "x"}, "",
        {**VIGNETTE, "id": "v3"}, VIGNETTE,
    ])
    items, bad, fmt = read_items(path)
    assert fmt == "vignette"
    assert [i.id for i in items] == ["v1", "v3"]
    assert [(b.line, b.error) for b in sorted(bad, key=lambda b: b.line)] == [
        (2, "not valid JSON: Expecting property name enclosed in double quotes"),
        (3, "missing key 'text'"),
        (6, "duplicate id 'v1' (first on line 1)"),
    ]


def test_named_format_overrides_detection_and_mismatched_lines_are_bad(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [VIGNETTE, MCQ])
    items, bad, fmt = read_items(path, "medqa")
    assert fmt == "medqa"
    assert [i.id for i in items] == ["medqa-7"]
    assert [b.line for b in bad] == [1] and bad[0].error == "missing key 'options'"


def test_vignette_gold_keeps_synonyms_and_reads_an_icd10_code_as_a_code(tmp_path: Path) -> None:
    (item,), _, _ = read_items(write_jsonl(tmp_path / "v.jsonl", [VIGNETTE]))
    assert item.gold.synonyms == ["ACS"] and item.gold.icd10 == "I24.9"
    assert item.gold.urgency == "emergency"
    assert item.case is not None and item.case.patient.age == 58
    assert item.case.expected is None  # gold never rides on the case the panel sees


def test_osce_record_becomes_a_case_with_vitals_exam_and_test_results(tmp_path: Path) -> None:
    (item,), bad, _ = read_items(write_jsonl(tmp_path / "agentclinic_x.jsonl", [OSCE]))
    assert not bad and item.case is not None
    case = item.case
    assert (case.patient.age, case.patient.sex) == (35, "female")
    assert case.vitals.systolic_bp == 125 and case.vitals.diastolic_bp == 80
    assert case.vitals.heart_rate == 72 and case.vitals.temperature_c == 36.6
    assert "Neurological examination, cranial nerves: Fatigable ptosis." in case.findings
    assert any("acetylcholine receptor antibodies: Present" in f for f in case.findings)
    assert item.gold.diagnosis == "Myasthenia gravis" and item.category == "agentclinic_x"
    assert "Myasthenia" not in case.model_dump_json()


def test_mcq_without_an_age_is_kept_with_its_error_not_dropped(tmp_path: Path) -> None:
    no_age = {**MCQ, "realidx": 8, "question": "A resident cuts a tendon. What next?"}
    items, bad, _ = read_items(write_jsonl(tmp_path / "q.jsonl", [MCQ, no_age]))
    assert not bad
    assert items[0].case is not None and items[0].mcq is not None
    assert items[1].case is None and "no age found" in (items[1].build_error or "")


def test_answer_idx_must_name_an_option(tmp_path: Path) -> None:
    _, bad, _ = read_items(write_jsonl(tmp_path / "q.jsonl", [{**MCQ, "answer_idx": "E"}, MCQ]))
    assert bad[0].line == 1 and "answer_idx" in bad[0].error


def test_missing_file_and_unreadable_file_are_format_errors(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="not found"):
        read_items(tmp_path / "absent.jsonl")
    with pytest.raises(FormatError, match="no readable record"):
        read_items(write_jsonl(tmp_path / "junk.jsonl", ["nope", "[1]"]))


def test_shared_agentclinic_and_medqa_files_read_without_bad_lines() -> None:
    for relative, expected in (("agentclinic/agentclinic_medqa.jsonl", "agentclinic"),
                               ("agentclinic/agentclinic_nejm.jsonl", "agentclinic"),
                               ("medqa/test.jsonl", "medqa")):
        items, bad, fmt = read_items(shared_data(relative))
        assert fmt == expected and not bad
        built = [i for i in items if i.case is not None]
        assert len(built) >= 0.9 * len(items)
