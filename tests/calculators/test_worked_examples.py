"""One worked example per calculator, from its source's definition, checked by hand.

Each case: calculator id, inputs, expected value, and how the expectation is reached.
"""

from __future__ import annotations

from typing import Any

import pytest

from consilium.tools.calculators import CALCULATORS, run_calculator

NORMAL_APACHE = {
    "age_years": 40,
    "temperature_c": 37,
    "systolic_bp": 120,
    "diastolic_bp": 80,
    "heart_rate": 80,
    "respiratory_rate": 16,
    "fio2_percent": 21,
    "pao2_mmhg": 90,
    "ph": 7.4,
    "sodium": 140,
    "potassium": 4.0,
    "creatinine_mg_dl": 1.0,
    "hematocrit": 40,
    "wbc_10e9_l": 8,
    "gcs": 15,
}
PSI_BASE = {
    "age_years": 70,
    "sex": "male",
    "respiratory_rate": 18,
    "systolic_bp": 130,
    "temperature_c": 37,
    "heart_rate": 80,
}
ELECTROLYTES = {"sodium": 140, "chloride": 100, "bicarbonate": 14}  # anion gap 26

# (id, inputs, expected, tolerance, working)
EXAMPLES: list[tuple[str, dict[str, Any], Any, float, str]] = [
    ("bmi", {"weight_kg": 70, "height_cm": 175}, 22.857, 0.01, "70 / 1.75²"),
    ("bsa", {"weight_kg": 80, "height_cm": 180}, 2.0, 0.001, "√(180 × 80 / 3600) = √4"),
    ("ideal_body_weight", {"sex": "male", "height_cm": 182.88}, 77.6, 0.01, "6 ft: 50 + 12 × 2.3"),
    (
        "adjusted_body_weight",
        {"sex": "male", "height_cm": 182.88, "weight_kg": 100},
        86.56,
        0.01,
        "77.6 + 0.4 × (100 − 77.6)",
    ),
    ("target_weight", {"target_bmi": 25, "height_cm": 180}, 81.0, 0.01, "25 × 1.8²"),
    ("maintenance_fluids", {"weight_kg": 25}, 65, 0.01, "40 + 20 + 5 mL/h (4-2-1)"),
    (
        "cockcroft_gault",
        {"creatinine_mg_dl": 1.0, "age_years": 60, "sex": "female", "weight_kg": 72},
        68.0,
        0.01,
        "(140 − 60) × 72 × 0.85 / 72",
    ),
    (
        "ckd_epi_2021",
        {"creatinine_mg_dl": 0.7, "age_years": 50, "sex": "female"},
        105.3,
        0.2,
        "142 × 1 × 0.9938^50 × 1.012 (Scr = κ)",
    ),
    (
        "mdrd",
        {"creatinine_mg_dl": 1.0, "age_years": 60, "sex": "male"},
        76.2,
        0.2,
        "175 × 60^−0.203",
    ),
    (
        "fena",
        {
            "serum_sodium": 140,
            "urine_sodium": 20,
            "creatinine_mg_dl": 2,
            "urine_creatinine_mg_dl": 100,
        },
        0.286,
        0.001,
        "100 × 20 × 2 / (140 × 100)",
    ),
    ("anion_gap", ELECTROLYTES, 26, 0.001, "140 − (100 + 14)"),
    ("delta_gap", ELECTROLYTES, 14, 0.001, "26 − 12"),
    ("delta_ratio", ELECTROLYTES, 1.4, 0.001, "14 / (24 − 14)"),
    (
        "albumin_corrected_anion_gap",
        {**ELECTROLYTES, "albumin_g_dl": 2.0},
        31,
        0.001,
        "26 + 2.5 × (4 − 2)",
    ),
    ("albumin_corrected_delta_gap", {**ELECTROLYTES, "albumin_g_dl": 2.0}, 19, 0.001, "31 − 12"),
    ("albumin_corrected_delta_ratio", {**ELECTROLYTES, "albumin_g_dl": 2.0}, 1.9, 0.001, "19 / 10"),
    ("corrected_calcium", {"calcium_mg_dl": 8.0, "albumin_g_dl": 2.0}, 9.6, 0.001, "8 + 0.8 × 2"),
    ("corrected_sodium", {"sodium": 130, "glucose_mg_dl": 600}, 142, 0.001, "130 + 0.024 × 500"),
    (
        "serum_osmolality",
        {"sodium": 140, "bun_mg_dl": 28, "glucose_mg_dl": 180},
        300,
        0.001,
        "280 + 10 + 10",
    ),
    (
        "free_water_deficit",
        {"sodium": 154, "weight_kg": 70, "age_years": 40, "sex": "male"},
        4.2,
        0.001,
        "0.6 × 70 × (154/140 − 1)",
    ),
    (
        "ldl_friedewald",
        {"total_cholesterol_mg_dl": 200, "hdl_mg_dl": 50, "triglycerides_mg_dl": 150},
        120,
        0.001,
        "200 − 50 − 30",
    ),
    ("homa_ir", {"glucose_mg_dl": 100, "insulin_uiu_ml": 10}, 2.469, 0.001, "10 × 100 / 405"),
    (
        "mean_arterial_pressure",
        {"systolic_bp": 120, "diastolic_bp": 80},
        93.333,
        0.001,
        "(2 × 80 + 120) / 3",
    ),
    ("shock_index", {"heart_rate": 120, "systolic_bp": 100}, 1.2, 0.001, "120 / 100"),
    ("qtc_bazett", {"qt_ms": 400, "heart_rate": 100}, 516.4, 0.1, "400 / √0.6"),
    ("qtc_fridericia", {"qt_ms": 400, "heart_rate": 100}, 474.3, 0.1, "400 / 0.6^(1/3)"),
    ("qtc_framingham", {"qt_ms": 400, "heart_rate": 100}, 461.6, 0.01, "400 + 154 × 0.4"),
    ("qtc_hodges", {"qt_ms": 400, "heart_rate": 100}, 470, 0.01, "400 + 1.75 × 40"),
    ("qtc_rautaharju", {"qt_ms": 400, "heart_rate": 100}, 488.9, 0.1, "400 × 220 / 180"),
    (
        "cha2ds2_vasc",
        {"age_years": 76, "sex": "female", "hypertension": True, "diabetes": True},
        5,
        0,
        "age ≥ 75 2 + female 1 + HTN 1 + DM 1",
    ),
    (
        "has_bled",
        {"age_years": 70, "hypertension": True, "drugs": True, "alcohol_drinks_per_week": 10},
        4,
        0,
        "HTN, elderly, drugs, alcohol",
    ),
    (
        "heart_score",
        {
            "history": "moderately",
            "ecg": "nonspecific_repolarization",
            "age_years": 50,
            "troponin": "normal",
            "hypertension": True,
            "smoking": True,
        },
        4,
        0,
        "1 + 1 + 1 (45–64) + 1 (1–2 risk factors) + 0",
    ),
    (
        "rcri",
        {"ischemic_heart_disease": True, "congestive_heart_failure": True, "creatinine_mg_dl": 2.5},
        3,
        0,
        "IHD, CHF, creatinine > 2",
    ),
    ("wells_pe", {"heart_rate": 110, "clinical_signs_dvt": True}, 4.5, 0, "3 + 1.5"),
    (
        "wells_dvt",
        {
            "active_cancer": True,
            "entire_leg_swollen": True,
            "alternative_diagnosis_as_likely": True,
        },
        0,
        0,
        "1 + 1 − 2",
    ),
    ("perc", {"age_years": 55, "heart_rate": 80, "spo2": 98}, 1, 0, "age ≥ 50 only"),
    (
        "caprini",
        {"age_years": 65, "sex": "female", "surgery_type": "major", "varicose_veins": True},
        5,
        0,
        "age 61–74 2 + major surgery 2 + varicose 1",
    ),
    (
        "centor",
        {"age_years": 10, "temperature_c": 38.5, "cough_absent": True},
        3,
        0,
        "age 3–14 +1, fever +1, no cough +1",
    ),
    (
        "feverpain",
        {"fever_past_24h": True, "purulence": True, "no_cough_or_coryza": True},
        3,
        0,
        "three of five",
    ),
    (
        "curb_65",
        {
            "age_years": 70,
            "bun_mg_dl": 25,
            "respiratory_rate": 32,
            "systolic_bp": 85,
            "diastolic_bp": 50,
            "confusion": True,
        },
        5,
        0,
        "all five",
    ),
    (
        "psi",
        {**PSI_BASE, "nursing_home_resident": True, "respiratory_rate": 32},
        100,
        0,
        "age 70 + nursing home 10 + RR ≥ 30 20",
    ),
    (
        "sirs",
        {"temperature_c": 38.5, "heart_rate": 100, "respiratory_rate": 18, "wbc_10e9_l": 13},
        3,
        0,
        "temperature, heart rate, white cells",
    ),
    (
        "qsofa",
        {"respiratory_rate": 24, "systolic_bp": 95, "altered_mentation": True},
        3,
        0,
        "all three",
    ),
    ("gcs", {"eye": "to_voice", "verbal": "confused", "motor": "obeys"}, 13, 0, "3 + 4 + 6"),
    (
        "apache_ii",
        {**NORMAL_APACHE, "age_years": 70, "heart_rate": 145, "gcs": 12},
        11,
        0,
        "age 65–74 5 + HR 140–179 3 + (15 − 12) 3",
    ),
    (
        "sofa",
        {
            "pao2_mmhg": 90,
            "fio2_percent": 50,
            "mechanical_ventilation": True,
            "platelets_10e9_l": 80,
            "gcs": 14,
            "bilirubin_mg_dl": 2.5,
            "norepinephrine": 0.2,
            "creatinine_mg_dl": 1.0,
        },
        12,
        0,
        "P/F 180 ventilated 3 + platelets 2 + bilirubin 2 + norepinephrine > 0.1 4 + GCS 1",
    ),
    (
        "news2",
        {
            "respiratory_rate": 22,
            "spo2": 93,
            "supplemental_oxygen": True,
            "systolic_bp": 105,
            "heart_rate": 115,
            "consciousness": "alert",
            "temperature_c": 38.5,
        },
        10,
        0,
        "RR 2 + SpO2 2 + oxygen 2 + SBP 1 + HR 2 + T 1",
    ),
    (
        "child_pugh",
        {
            "bilirubin_mg_dl": 2.5,
            "albumin_g_dl": 3.0,
            "inr": 1.5,
            "ascites": "slight",
            "encephalopathy": "none",
        },
        8,
        0,
        "2 + 2 + 1 + 2 + 1",
    ),
    (
        "meld_na",
        {"creatinine_mg_dl": 2, "bilirubin_mg_dl": 3, "inr": 2, "sodium": 130},
        28,
        0,
        "MELD(i) 2.498 → 25; 25 + 1.32 × 7 − 0.033 × 25 × 7 = 28.5 → 28",
    ),
    (
        "fib4",
        {"age_years": 50, "ast_u_l": 40, "alt_u_l": 25, "platelets_10e9_l": 200},
        2.0,
        0.001,
        "50 × 40 / (200 × 5)",
    ),
    (
        "glasgow_blatchford",
        {
            "bun_mg_dl": 30,
            "hemoglobin_g_dl": 11,
            "sex": "male",
            "systolic_bp": 95,
            "heart_rate": 105,
            "melena": True,
        },
        11,
        0,
        "BUN 28–70 4 + Hb 10–12 (man) 3 + SBP 90–99 2 + pulse 1 + melaena 1",
    ),
    (
        "charlson",
        {
            "age_years": 65,
            "myocardial_infarction": True,
            "diabetes": "end_organ_damage",
            "solid_tumor": "metastatic",
        },
        11,
        0,
        "age 60–69 2 + MI 1 + diabetes with damage 2 + metastatic 6",
    ),
    (
        "steroid_conversion",
        {"from_steroid": "prednisone", "dose_mg": 10, "to_steroid": "dexamethasone"},
        1.5,
        0.001,
        "10 × 0.75 / 5",
    ),
    (
        "mme",
        {
            "opioids": [
                {"drug": "oxycodone", "dose": 10, "doses_per_day": 4},
                {"drug": "fentanyl_patch", "dose": 25, "doses_per_day": 1},
            ]
        },
        120,
        0.001,
        "10 × 4 × 1.5 + 25 × 2.4",
    ),
    (
        "due_date",
        {"last_menstrual_period": "2024-01-01", "cycle_length_days": 35},
        "2024-10-14",
        0,
        "LMP + 280 + 7 days",
    ),
    (
        "conception_date",
        {"last_menstrual_period": "2024-01-01"},
        "2024-01-15",
        0,
        "LMP + 14 days for a 28-day cycle",
    ),
    (
        "gestational_age",
        {"last_menstrual_period": "2024-01-01", "current_date": "2024-03-01"},
        60,
        0,
        "60 days = 8 weeks 4 days",
    ),
    (
        "framingham_hard_chd",
        {
            "age_years": 55,
            "sex": "male",
            "total_cholesterol_mg_dl": 213,
            "hdl_mg_dl": 50,
            "systolic_bp": 120,
        },
        8.0,
        3.0,
        "ATP III point table: 8 + 3 + 0 + 0 + 0 = 11 points ≈ 8%",
    ),
]


@pytest.mark.parametrize(
    ("calculator_id", "inputs", "expected", "tolerance", "working"),
    EXAMPLES,
    ids=[case[0] for case in EXAMPLES],
)
def test_worked_example(
    calculator_id: str, inputs: dict[str, Any], expected: Any, tolerance: float, working: str
) -> None:
    result = run_calculator(calculator_id, inputs)
    if isinstance(expected, str):
        assert result.value == expected, working
    else:
        assert result.value == pytest.approx(expected, abs=tolerance), working
    assert result.source and result.formula


def test_every_calculator_has_a_worked_example() -> None:
    assert {case[0] for case in EXAMPLES} == set(CALCULATORS)
