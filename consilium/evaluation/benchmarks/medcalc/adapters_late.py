"""MedCalc-Bench adapters for calculators 31 to 69 (`adapters.py` holds 2 to 30 and `to_params`)."""

from __future__ import annotations

from collections.abc import Callable

from consilium.evaluation.benchmarks.medcalc.composite import (
    adapt_caprini,
    adapt_charlson,
    adapt_mme,
    adapt_sofa,
)
from consilium.evaluation.benchmarks.medcalc.entities import (
    Entities,
    Params,
    _cycle,
    _electrolytes,
    _qtc,
    _with_albumin,
    date,
    flag,
    quantity,
    sex,
)

Adapter = Callable[[Entities], Params]


LATER_ADAPTERS: dict[int, tuple[str, Adapter]] = {
    31: (
        "homa_ir",
        lambda e: {
            "glucose_mg_dl": quantity(e, "Glucose"),
            "insulin_uiu_ml": quantity(e, "Insulin"),
        },
    ),
    32: ("charlson", adapt_charlson),
    33: (
        "feverpain",
        lambda e: {
            "fever_past_24h": flag(e, "Fever in past 24 hours"),
            "purulence": flag(e, "Purulent tonsils"),
            "attend_rapidly": flag(e, "Symptom onset ≤3 days"),
            "severely_inflamed_tonsils": flag(e, "Severe tonsil inflammation"),
            "no_cough_or_coryza": flag(e, "Absence of cough or coryza"),
        },
    ),
    36: ("caprini", adapt_caprini),
    38: (
        "free_water_deficit",
        lambda e: {
            "sodium": quantity(e, "Sodium"),
            "weight_kg": quantity(e, "weight"),
            "age_years": quantity(e, "age"),
            "sex": sex(e),
        },
    ),
    39: ("anion_gap", _electrolytes),
    40: (
        "fena",
        lambda e: {
            "serum_sodium": quantity(e, "Sodium"),
            "urine_sodium": quantity(e, "Urine sodium"),
            "creatinine_mg_dl": quantity(e, "creatinine"),
            "urine_creatinine_mg_dl": quantity(e, "Urine creatinine"),
        },
    ),
    43: ("sofa", adapt_sofa),
    44: (
        "ldl_friedewald",
        lambda e: {
            "total_cholesterol_mg_dl": quantity(e, "Total cholesterol"),
            "hdl_mg_dl": quantity(e, "high-density lipoprotein cholesterol"),
            "triglycerides_mg_dl": quantity(e, "Triglycerides"),
        },
    ),
    45: (
        "curb_65",
        lambda e: {
            "age_years": quantity(e, "age"),
            "bun_mg_dl": quantity(e, "Blood Urea Nitrogen (BUN)"),
            "respiratory_rate": quantity(e, "respiratory rate"),
            "systolic_bp": quantity(e, "Systolic Blood Pressure"),
            "diastolic_bp": quantity(e, "Diastolic Blood Pressure"),
            "confusion": flag(e, "Confusion"),
        },
    ),
    46: (
        "framingham_hard_chd",
        lambda e: {
            "age_years": quantity(e, "age"),
            "sex": sex(e),
            "total_cholesterol_mg_dl": quantity(e, "Total cholesterol"),
            "hdl_mg_dl": quantity(e, "high-density lipoprotein cholesterol"),
            "systolic_bp": quantity(e, "Systolic Blood Pressure"),
            "bp_treated": flag(e, "Blood pressure being treated with medicines"),
            "smoker": flag(e, "Smoker"),
        },
    ),
    48: (
        "perc",
        lambda e: {
            "age_years": quantity(e, "age"),
            "heart_rate": quantity(e, "Heart Rate or Pulse"),
            "spo2": quantity(e, "O₂ saturation percentage"),
            "unilateral_leg_swelling": flag(e, "Unilateral Leg Swelling"),
            "hemoptysis": flag(e, "Hemoptysis"),
            "recent_surgery_or_trauma": flag(e, "Recent surgery or trauma"),
            "previous_pe_or_dvt": flag(
                e,
                "Previously Documented Pulmonary Embolism",
                "Previously documented Deep Vein Thrombosis",
            ),
            "hormone_use": flag(e, "Hormone use"),
        },
    ),
    49: ("mme", adapt_mme),
    51: (
        "sirs",
        lambda e: {
            "temperature_c": quantity(e, "Temperature"),
            "heart_rate": quantity(e, "Heart Rate or Pulse"),
            "respiratory_rate": quantity(e, "respiratory rate"),
            "wbc_10e9_l": quantity(e, "White blood cell count"),
            "paco2_mmhg": quantity(e, "PaCO₂"),
        },
    ),
    56: ("qtc_fridericia", _qtc),
    57: ("qtc_framingham", _qtc),
    58: ("qtc_hodges", _qtc),
    59: ("qtc_rautaharju", _qtc),
    60: ("bsa", lambda e: {"weight_kg": quantity(e, "weight"), "height_cm": quantity(e, "height")}),
    61: (
        "target_weight",
        lambda e: {
            "target_bmi": quantity(e, "Body Mass Index (BMI)"),
            "height_cm": quantity(e, "height"),
        },
    ),
    62: (
        "adjusted_body_weight",
        lambda e: {
            "sex": sex(e),
            "weight_kg": quantity(e, "weight"),
            "height_cm": quantity(e, "height"),
        },
    ),
    63: ("delta_gap", _electrolytes),
    64: ("delta_ratio", _electrolytes),
    65: ("albumin_corrected_anion_gap", _with_albumin),
    66: ("albumin_corrected_delta_gap", _with_albumin),
    67: ("albumin_corrected_delta_ratio", _with_albumin),
    68: ("conception_date", _cycle),
    69: (
        "gestational_age",
        lambda e: {
            "last_menstrual_period": date(e["Last menstrual date"]),
            "current_date": date(e["Current Date"]),
        },
    ),
}
