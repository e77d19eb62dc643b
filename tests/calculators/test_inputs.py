"""Inputs: missing and impossible values are named, units are converted and reported."""

from __future__ import annotations

import pytest

from consilium.core.report import ScoreResult
from consilium.tools.calculators import CalculatorInputError, run_calculator
from consilium.tools.registry import TOOLS, get_tool

CKD = {"creatinine_mg_dl": 1.4, "age_years": 72, "sex": "female"}


def test_missing_inputs_are_named() -> None:
    with pytest.raises(CalculatorInputError) as caught:
        run_calculator("cockcroft_gault", {"age_years": 80, "sex": "male"})
    assert set(caught.value.fields) == {"creatinine_mg_dl", "weight_kg"}
    assert "missing" in str(caught.value)


@pytest.mark.parametrize(
    ("calculator_id", "inputs", "field"),
    [
        ("bmi", {"weight_kg": -70, "height_cm": 170}, "weight_kg"),
        ("ckd_epi_2021", {**CKD, "age_years": 300}, "age_years"),
        (
            "news2",
            {
                "respiratory_rate": 18,
                "spo2": 130,
                "supplemental_oxygen": False,
                "systolic_bp": 120,
                "heart_rate": 80,
                "consciousness": "alert",
                "temperature_c": 37,
            },
            "spo2",
        ),
        ("bmi", {"weight_kg": "70 stone", "height_cm": 170}, "weight_kg"),
        ("ckd_epi_2021", {**CKD, "sex": "unknown"}, "sex"),
        ("bmi", {"weight_kg": 70, "height_cm": 170, "waist_cm": 90}, "waist_cm"),
        (
            "gestational_age",
            {"last_menstrual_period": "2024-03-01", "current_date": "2024-01-01"},
            "input",
        ),
    ],
)
def test_impossible_or_unknown_values_are_rejected(
    calculator_id: str, inputs: dict[str, object], field: str
) -> None:
    with pytest.raises(CalculatorInputError) as caught:
        run_calculator(calculator_id, inputs)
    assert field in caught.value.fields


def test_a_division_by_zero_is_an_input_error() -> None:
    with pytest.raises(CalculatorInputError):
        run_calculator("delta_ratio", {"sodium": 140, "chloride": 100, "bicarbonate": 24})


def test_si_units_give_the_same_egfr_and_say_how_they_were_converted() -> None:
    in_mg = run_calculator("ckd_epi_2021", CKD)
    in_si = run_calculator("ckd_epi_2021", {**CKD, "creatinine_mg_dl": "123.8 µmol/L"})
    assert in_si.value == pytest.approx(in_mg.value, abs=0.1)
    assert in_si.conversions and "88.42" in in_si.conversions[0]
    assert in_mg.conversions == []


def test_imperial_and_fahrenheit_inputs_are_converted() -> None:
    bmi = run_calculator("bmi", {"weight_kg": [154, "lb"], "height_cm": "70 in"})
    assert bmi.value == pytest.approx(22.1, abs=0.05)
    centor = run_calculator("centor", {"age_years": 30, "temperature_c": "101.3 °F"})
    assert centor.components["temperature_over_38"] == 1  # 38.5 °C


def test_urea_in_mmol_counts_for_curb65() -> None:
    result = run_calculator(
        "curb_65",
        {
            "age_years": 50,
            "bun_mg_dl": "7.5 mmol/L",
            "respiratory_rate": 18,
            "systolic_bp": 120,
            "diastolic_bp": 80,
        },
    )
    assert result.components["bun_over_19"] == 1  # urea 7.5 mmol/L > 7 (BUN 21 mg/dL)


def test_undocumented_criteria_are_reported_not_silently_negative() -> None:
    result = run_calculator("wells_pe", {"heart_rate": 80})
    assert result.value == 0
    assert "hemoptysis" in result.not_documented
    assert any("not documented" in note for note in result.notes)


def test_to_score_carries_value_unit_and_source() -> None:
    score = run_calculator("ckd_epi_2021", CKD).to_score()
    assert isinstance(score, ScoreResult)
    assert score.unit == "mL/min/1.73 m²"
    assert score.value == pytest.approx(39.97, abs=0.01)
    assert "Inker" in score.source
    assert "G3b" in (score.interpretation or "")


def test_every_calculator_is_a_registered_tool() -> None:
    tool = get_tool("calc_news2")
    result = tool(
        {
            "respiratory_rate": 18,
            "spo2": 97,
            "supplemental_oxygen": False,
            "systolic_bp": 120,
            "heart_rate": 70,
            "consciousness": "alert",
            "temperature_c": 37,
        }
    )
    assert result.value == 0
    schema = tool.json_schema()["function"]["parameters"]
    assert "temperature_c" in schema["properties"]
    assert sum(name.startswith("calc_") for name in TOOLS) == 58
