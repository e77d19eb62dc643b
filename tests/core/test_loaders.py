"""Case loading: every accepted shape parses, every bad input names its field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consilium.core.errors import CaseInputError
from consilium.core.loaders import case_from_text, iter_jsonl_cases, load_case

CASES = Path(__file__).resolve().parents[2] / "cases"
CASE_FILES = sorted(path for path in CASES.glob("*") if path.is_file())


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_issue_example_shape_parses_strings_and_mappings() -> None:
    case = load_case(CASES / "warfarin-nsaid.yaml")
    assert case.patient.age == 72 and case.patient.sex == "female"
    warfarin, lisinopril = case.medications
    assert (warfarin.name, warfarin.dose, warfarin.frequency) == ("warfarin", "5 mg", "daily")
    assert warfarin.dose_mg == 5.0
    assert (lisinopril.name, lisinopril.dose) == ("lisinopril", "10 mg")
    penicillin, sulfa = case.allergies
    assert penicillin.substance == "penicillin" and penicillin.severe
    assert sulfa.reaction == "rash" and not sulfa.severe
    assert case.proposed_medications[0].name == "ibuprofen"
    assert case.expected is not None and case.expected.urgency == "non_emergency"


def test_agents_never_see_gold_answers() -> None:
    case = load_case(CASES / "warfarin-nsaid.yaml")
    assert case.expected is not None
    assert case.for_agents().expected is None


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_every_bundled_case_loads(path: Path) -> None:
    assert load_case(path).id


def test_not_a_number_names_the_field(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "id: x\npatient: {age: 40}\nvitals: {heart_rate: fast}\n")
    with pytest.raises(CaseInputError) as error:
        load_case(path)
    assert "vitals.heart_rate: not a number: 'fast'" in str(error.value)


def test_unknown_field_is_rejected_not_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, "typo.yaml", "id: x\npatient: {age: 40}\nalergies: [penicillin]\n")
    with pytest.raises(CaseInputError, match="alergies: unknown field"):
        load_case(path)


def test_missing_patient_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.json", json.dumps({"id": "x"}))
    with pytest.raises(CaseInputError, match="patient: required field is missing"):
        load_case(path)


def test_impossible_age_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "old.yaml", "id: x\npatient: {age: 300}\n")
    with pytest.raises(CaseInputError, match=r"patient\.age"):
        load_case(path)


def test_malformed_yaml_reports_line(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", "id: x\npatient: {age: 40\n")
    with pytest.raises(CaseInputError, match="not valid YAML"):
        load_case(path)


def test_missing_file_and_bad_suffix(tmp_path: Path) -> None:
    with pytest.raises(CaseInputError, match="file not found"):
        load_case(tmp_path / "nope.yaml")
    with pytest.raises(CaseInputError, match="unsupported file type"):
        load_case(write(tmp_path, "case.csv", "x"))


def test_pregnant_male_is_a_contradiction(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", "id: x\npatient: {age: 30, sex: male, pregnant: true}\n")
    with pytest.raises(CaseInputError, match="pregnant"):
        load_case(path)


def test_vignette_reads_age_and_sex() -> None:
    case = case_from_text("A 6-week-old girl with fever and poor feeding.")
    assert case.patient.sex == "female"
    assert case.patient.age == pytest.approx(6 * 7 / 365.25)
    adult = case_from_text("58 yo man with crushing chest pain for an hour.")
    assert (adult.patient.age, adult.patient.sex) == (58, "male")


def test_vignette_without_age_is_an_error() -> None:
    with pytest.raises(CaseInputError, match="no age found"):
        case_from_text("Patient with chest pain.")


def test_combination_product_dose_keeps_the_name() -> None:
    case = load_case(CASES / "uti-sulfa-allergy.yaml")
    drug = case.proposed_medications[0]
    assert drug.name == "trimethoprim-sulfamethoxazole" and drug.dose == "160/800 mg"


def test_jsonl_reports_bad_lines_and_continues(tmp_path: Path) -> None:
    good = json.dumps({"id": "a", "patient": {"age": 30}})
    path = write(tmp_path, "cases.jsonl", f"{good}\nnot json\n{json.dumps({'id': 'b'})}\n")
    results = list(iter_jsonl_cases(path))
    assert [number for number, _ in results] == [1, 2, 3]
    assert results[0][1].id == "a"  # type: ignore[union-attr]
    assert isinstance(results[1][1], CaseInputError) and ":2" in str(results[1][1])
    assert isinstance(results[2][1], CaseInputError) and "patient" in str(results[2][1])
