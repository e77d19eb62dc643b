"""Intake normalises units explicitly and derives the values the panel needs."""

from __future__ import annotations

import pytest

from consilium.agents.intake import age_group, run_intake
from consilium.core.case import Case
from consilium.core.loaders import load_case
from tests.conftest import CASES_DIR


def derived(case: Case) -> dict[str, float]:
    return {s.id: s.value for s in run_intake(case).derived if s.id}


def test_si_creatinine_and_imperial_body_measures_are_converted() -> None:
    result = run_intake(load_case(CASES_DIR / "renal-metformin.yaml"))
    assert result.case.patient.weight_kg == pytest.approx(69.85, abs=0.01)
    assert result.case.patient.height_cm == pytest.approx(172.72, abs=0.01)
    creatinine = next(lab for lab in result.case.labs if lab.name == "creatinine")
    assert creatinine.unit == "mg/dL" and creatinine.value == pytest.approx(2.60, abs=0.01)
    assert any("88.42" in note for note in result.notes)  # the basis of the conversion is shown
    values = {s.id: s.value for s in result.derived}
    assert values["ckd_epi_2021"] < 30  # CKD stage 4, as the history says


def test_fahrenheit_temperature_feeds_the_early_warning_scores() -> None:
    result = run_intake(load_case(CASES_DIR / "sepsis-pneumonia.yaml"))
    assert result.case.vitals.temperature_c == pytest.approx(39.3, abs=0.05)
    values = {s.id: s.value for s in result.derived}
    assert values["qsofa"] == 3 and values["news2"] >= 7 and values["shock_index"] > 1


def test_unparseable_unit_is_reported_not_ignored() -> None:
    case = Case.model_validate({
        "id": "x", "patient": {"age": 50, "sex": "male", "weight": "12 stone"},
        "labs": [{"name": "creatinine", "value": 1.1, "unit": "mg/L/h"}],
    })
    result = run_intake(case)
    flagged = {item for f in result.findings for item in f.items}
    assert {"patient.weight", "labs.creatinine"} <= flagged
    assert all(f.kind == "unrecognized_input" for f in result.findings)
    assert "ckd_epi_2021" not in derived(case)


def test_adult_scores_are_not_applied_to_an_infant() -> None:
    case = load_case(CASES_DIR / "febrile-infant.yaml")
    values = derived(case)
    assert "news2" not in values and "ckd_epi_2021" not in values
    assert age_group(case.patient.age) == "infant"


def test_missing_inputs_are_noted() -> None:
    case = Case.model_validate({"id": "x", "patient": {"age": 40, "sex": "female"}})
    result = run_intake(case)
    assert any("ckd_epi_2021: not computed, missing creatinine_mg_dl" in n for n in result.notes)
