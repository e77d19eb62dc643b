"""One adapter per MedCalc-Bench calculator: its entities -> (our calculator id, parameters)."""

from __future__ import annotations

from typing import Any

from consilium.evaluation.benchmarks.medcalc.adapters_late import LATER_ADAPTERS, Adapter
from consilium.evaluation.benchmarks.medcalc.composite import (
    adapt_apache,
    adapt_psi,
    adapt_steroid,
)
from consilium.evaluation.benchmarks.medcalc.entities import (
    ASCITES,
    ENCEPHALOPATHY,
    GCS_EYE,
    GCS_MOTOR,
    GCS_VERBAL,
    HEART_ECG,
    HEART_HISTORY,
    HEART_TROPONIN,
    Entities,
    _cycle,
    _qtc,
    flag,
    quantity,
    sex,
)

ADAPTERS: dict[int, tuple[str, Adapter]] = {
    2: (
        "cockcroft_gault",
        lambda e: {
            "creatinine_mg_dl": quantity(e, "creatinine"),
            "age_years": quantity(e, "age"),
            "sex": sex(e),
            "weight_kg": quantity(e, "weight"),
            "height_cm": quantity(e, "height"),
        },
    ),
    3: (
        "ckd_epi_2021",
        lambda e: {
            "creatinine_mg_dl": quantity(e, "creatinine"),
            "age_years": quantity(e, "age"),
            "sex": sex(e),
        },
    ),
    4: (
        "cha2ds2_vasc",
        lambda e: {
            "age_years": quantity(e, "age"),
            "sex": sex(e),
            "congestive_heart_failure": flag(e, "Congestive Heart Faliure"),
            "hypertension": flag(e, "Hypertension history"),
            "diabetes": flag(e, "Diabetes history"),
            "stroke_tia_thromboembolism": flag(
                e, "Stroke", "Transient Ischemic Attacks History", "Thromboembolism history"
            ),
            "vascular_disease": flag(e, "Vascular disease history"),
        },
    ),
    5: (
        "mean_arterial_pressure",
        lambda e: {
            "systolic_bp": quantity(e, "Systolic Blood Pressure"),
            "diastolic_bp": quantity(e, "Diastolic Blood Pressure"),
        },
    ),
    6: ("bmi", lambda e: {"weight_kg": quantity(e, "weight"), "height_cm": quantity(e, "height")}),
    7: (
        "corrected_calcium",
        lambda e: {"calcium_mg_dl": quantity(e, "Calcium"), "albumin_g_dl": quantity(e, "Albumin")},
    ),
    8: (
        "wells_pe",
        lambda e: {
            "heart_rate": quantity(e, "Heart Rate or Pulse"),
            "clinical_signs_dvt": flag(e, "Clinical signs and symptoms of Deep Vein Thrombosis"),
            "pe_most_likely": flag(e, "Pulmonary Embolism is #1 diagnosis OR equally likely"),
            "immobilization_or_recent_surgery": flag(
                e, "Immobilization for at least 3 days", "Surgery in the previous 4 weeks"
            ),
            "previous_pe_or_dvt": flag(
                e,
                "Previously Documented Pulmonary Embolism",
                "Previously documented Deep Vein Thrombosis",
            ),
            "hemoptysis": flag(e, "Hemoptysis"),
            "malignancy": flag(e, "Malignancy with treatment within 6 months or palliative"),
        },
    ),
    9: (
        "mdrd",
        lambda e: {
            "creatinine_mg_dl": quantity(e, "creatinine"),
            "age_years": quantity(e, "age"),
            "sex": sex(e),
            "race": "black" if e.get("Race") == "Black" else None,
        },
    ),
    10: ("ideal_body_weight", lambda e: {"sex": sex(e), "height_cm": quantity(e, "height")}),
    11: ("qtc_bazett", _qtc),
    13: ("due_date", _cycle),
    15: (
        "child_pugh",
        lambda e: {
            "bilirubin_mg_dl": quantity(e, "Bilirubin"),
            "albumin_g_dl": quantity(e, "Albumin"),
            "inr": e.get("international normalized ratio"),
            "ascites": ASCITES(e.get("Ascites", "absent")),
            "encephalopathy": ENCEPHALOPATHY(e.get("Encephalopathy", "no encephalopathy")),
        },
    ),
    16: (
        "wells_dvt",
        lambda e: {
            "active_cancer": flag(e, "Active cancer"),
            "bedridden_or_major_surgery": flag(
                e,
                "Bedridden recently >3 days or major surgery within 12 weeks",
                "Major surgery within 12 weeks",
            ),
            "calf_swelling_over_3cm": flag(
                e, "Calf swelling >3 centimeters compared to the other leg"
            ),
            "collateral_superficial_veins": flag(
                e, "Collateral (nonvaricose) superficial veins present"
            ),
            "entire_leg_swollen": flag(e, "Entire Leg Swollen"),
            "localized_tenderness": flag(e, "Localized tenderness along the deep venous system"),
            "pitting_edema": flag(e, "Pitting edema, confined to symptomatic leg"),
            "paralysis_or_cast": flag(
                e, "Paralysis, paresis, or recent plaster immobilization of the lower extremity"
            ),
            "previous_dvt": flag(e, "Previously documented Deep Vein Thrombosis"),
            "alternative_diagnosis_as_likely": flag(
                e, "Alternative diagnosis to Deep Vein Thrombosis as likely or more likely"
            ),
        },
    ),
    17: (
        "rcri",
        lambda e: {
            "elevated_risk_surgery": flag(e, "Elevated-risk surgery"),
            "ischemic_heart_disease": flag(e, "History of ischemic heart disease"),
            "congestive_heart_failure": flag(
                e, "Congestive Heart Failure criteria for the Cardiac Risk Index rule"
            ),
            "cerebrovascular_disease": flag(
                e, "History of cerebrovascular disease", "Cerebrovascular disease history"
            ),
            "insulin_treatment": flag(e, "Pre-operative treatment with insulin"),
            "creatinine_mg_dl": quantity(e, "Pre-operative creatinine"),
        },
    ),
    18: (
        "heart_score",
        lambda e: {
            "history": HEART_HISTORY(e["Suspicion History"]),
            "ecg": HEART_ECG(e["Electrocardiogram Test"]),
            "age_years": quantity(e, "age"),
            "troponin": HEART_TROPONIN(e["Initial troponin"]),
            "hypertension": flag(e, "Hypertension history"),
            "hypercholesterolemia": flag(e, "hypercholesterolemia"),
            "diabetes": flag(e, "Diabetes mellitus criteria for CCI rule"),
            "obesity": flag(e, "obesity"),
            "smoking": flag(e, "smoking"),
            "family_history": flag(
                e, "parent or sibling with Cardiovascular disease before age 65"
            ),
            "atherosclerotic_disease": flag(
                e, "atherosclerotic disease", "Transient Ischemic Attacks History"
            ),
        },
    ),
    19: (
        "fib4",
        lambda e: {
            "age_years": quantity(e, "age"),
            "ast_u_l": quantity(e, "Aspartate aminotransferase"),
            "alt_u_l": quantity(e, "Alanine aminotransferase"),
            "platelets_10e9_l": quantity(e, "Platelet count"),
        },
    ),
    20: (
        "centor",
        lambda e: {
            "age_years": quantity(e, "age"),
            "temperature_c": quantity(e, "Temperature"),
            "cough_absent": flag(e, "Cough Absent"),
            "tender_anterior_cervical_nodes": flag(
                e, "Tender/swollen anterior cervical lymph nodes"
            ),
            "tonsillar_exudate_or_swelling": flag(e, "Exudate or swelling on tonsils"),
        },
    ),
    21: (
        "gcs",
        lambda e: {
            "eye": GCS_EYE(e["Best eye response"]),
            "verbal": GCS_VERBAL(e["Best verbal response"]),
            "motor": GCS_MOTOR(e["Best motor response"]),
        },
    ),
    22: ("maintenance_fluids", lambda e: {"weight_kg": quantity(e, "weight")}),
    23: (
        "meld_na",
        lambda e: {
            "creatinine_mg_dl": quantity(e, "creatinine"),
            "bilirubin_mg_dl": quantity(e, "Bilirubin"),
            "inr": e.get("international normalized ratio"),
            "sodium": quantity(e, "Sodium"),
            "dialysis_twice_past_week": flag(
                e,
                "Dialysis at least twice in the past week",
                "Continuous veno-venous hemodialysis for ≥24 hours in the past week",
            ),
        },
    ),
    24: ("steroid_conversion", adapt_steroid),
    25: (
        "has_bled",
        lambda e: {
            "age_years": quantity(e, "age"),
            "hypertension": flag(e, "Hypertension history"),
            "abnormal_renal_function": flag(e, "Renal disease criteria for the HAS-BLED rule"),
            "abnormal_liver_function": flag(e, "Liver disease criteria for the HAS-BLED rule"),
            "stroke": flag(e, "Stroke"),
            "bleeding": flag(e, "Prior major bleeding or predisposition to bleeding"),
            "labile_inr": flag(e, "Labile international normalized ratio"),
            "drugs": flag(e, "Medication usage predisposing to bleeding"),
            "alcohol_drinks_per_week": e.get("Number of Alcoholic Drinks Per Week"),
        },
    ),
    26: (
        "corrected_sodium",
        lambda e: {"sodium": quantity(e, "Sodium"), "glucose_mg_dl": quantity(e, "Glucose")},
    ),
    27: (
        "glasgow_blatchford",
        lambda e: {
            "bun_mg_dl": quantity(e, "Blood Urea Nitrogen (BUN)"),
            "hemoglobin_g_dl": quantity(e, "Hemoglobin"),
            "sex": sex(e),
            "systolic_bp": quantity(e, "Systolic Blood Pressure"),
            "heart_rate": quantity(e, "Heart Rate or Pulse"),
            "melena": flag(e, "Melena present"),
            "syncope": flag(e, "Recent syncope"),
            "hepatic_disease": flag(e, "Hepatic disease history"),
            "cardiac_failure": flag(e, "Cardiac failure present"),
        },
    ),
    28: ("apache_ii", adapt_apache),
    29: ("psi", adapt_psi),
    30: (
        "serum_osmolality",
        lambda e: {
            "sodium": quantity(e, "Sodium"),
            "bun_mg_dl": quantity(e, "Blood Urea Nitrogen (BUN)"),
            "glucose_mg_dl": quantity(e, "Glucose"),
        },
    ),
    **LATER_ADAPTERS,
}


def to_params(calculator_id: int, entities: Entities) -> tuple[str, dict[str, Any]]:
    name, adapter = ADAPTERS[calculator_id]
    return name, {k: v for k, v in adapter(entities).items() if v is not None}
