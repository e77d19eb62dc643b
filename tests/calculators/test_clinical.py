"""Behaviour a clinician would check at the bedside."""

from __future__ import annotations

from typing import Any

import pytest

from consilium.tools.calculators import run_calculator

CALM = {
    "respiratory_rate": 16,
    "spo2": 97,
    "supplemental_oxygen": False,
    "systolic_bp": 125,
    "heart_rate": 72,
    "consciousness": "alert",
    "temperature_c": 36.8,
}


def news2(**changes: Any) -> Any:
    return run_calculator("news2", {**CALM, **changes})


def test_news2_single_red_parameter_needs_urgent_review() -> None:
    result = news2(consciousness="confused")
    assert result.value == 3
    assert "urgent ward review" in (result.interpretation or "")


def test_news2_septic_picture_is_high_risk() -> None:
    result = news2(respiratory_rate=26, heart_rate=125, systolic_bp=88, temperature_c=39.4)
    assert result.value >= 7
    assert "emergency" in (result.interpretation or "")


def test_news2_scale_2_does_not_penalise_target_saturation_in_copd() -> None:
    assert news2(spo2=89, spo2_scale=2).components["spo2"] == 0
    assert news2(spo2=89).components["spo2"] == 3


def test_qsofa_and_shock_index_flag_septic_shock() -> None:
    qsofa = run_calculator(
        "qsofa", {"respiratory_rate": 24, "systolic_bp": 85, "altered_mentation": False}
    )
    assert qsofa.value == 2
    shock = run_calculator("shock_index", {"heart_rate": 120, "systolic_bp": 85})
    assert float(shock.value) > 1 and "shock" in (shock.interpretation or "")


def test_cockcroft_gault_uses_adjusted_weight_in_obesity() -> None:
    actual = run_calculator(
        "cockcroft_gault",
        {"creatinine_mg_dl": 1.0, "age_years": 60, "sex": "male", "weight_kg": 120},
    )
    adjusted = run_calculator(
        "cockcroft_gault",
        {
            "creatinine_mg_dl": 1.0,
            "age_years": 60,
            "sex": "male",
            "weight_kg": 120,
            "height_cm": 175,
        },
    )
    assert float(adjusted.value) < float(actual.value)
    assert any("adjusted body weight" in note for note in adjusted.notes)


def test_ckd_epi_2021_staging_in_an_older_woman() -> None:
    result = run_calculator(
        "ckd_epi_2021", {"creatinine_mg_dl": 1.4, "age_years": 72, "sex": "female"}
    )
    assert 38 < float(result.value) < 42
    assert "G3b" in (result.interpretation or "")


def test_wells_pe_likely_above_four() -> None:
    result = run_calculator(
        "wells_pe", {"heart_rate": 110, "clinical_signs_dvt": True, "pe_most_likely": True}
    )
    assert result.value == 7.5 and "likely" in (result.interpretation or "")


def test_perc_negative_only_when_every_criterion_is_absent() -> None:
    young = {"age_years": 30, "heart_rate": 80, "spo2": 98}
    assert run_calculator("perc", young).value == 0
    assert run_calculator("perc", {**young, "hormone_use": True}).value == 1


def test_meld_na_caps_dialysis_creatinine_at_four() -> None:
    base = {"creatinine_mg_dl": 1.0, "bilirubin_mg_dl": 1.0, "inr": 1.0, "sodium": 137}
    assert run_calculator("meld_na", base).value == 6
    on_dialysis = run_calculator("meld_na", {**base, "dialysis_twice_past_week": True})
    assert on_dialysis.value == 20  # 10 × round(0.957 ln 4 + 0.643 = 1.97, 1)


@pytest.mark.parametrize(("cycle", "due"), [(28, "2024-10-07"), (21, "2024-09-30")])
def test_due_date_follows_cycle_length(cycle: int, due: str) -> None:
    result = run_calculator(
        "due_date", {"last_menstrual_period": "2024-01-01", "cycle_length_days": cycle}
    )
    assert result.value == due


def test_gestational_age_reads_as_weeks_and_days() -> None:
    result = run_calculator(
        "gestational_age", {"last_menstrual_period": "2024-01-01", "current_date": "2024-03-01"}
    )
    assert result.display == "8 weeks 4 days"
