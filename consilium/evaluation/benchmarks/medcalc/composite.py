"""MedCalc-Bench adapters for the calculators with many inputs or structured entities
(APACHE II, SOFA, PSI, Caprini, Charlson, MME, steroid conversion)."""

from __future__ import annotations

from consilium.evaluation.benchmarks.medcalc.entities import (
    APACHE_ADMISSION,
    CAPRINI_MOBILITY,
    CAPRINI_SURGERY,
    CCI_DIABETES,
    CCI_LIVER,
    CCI_TUMOR,
    OPIOID_KEYS,
    STEROID_NAME,
    Entities,
    Params,
    flag,
    quantity,
    sex,
)


def mean_arterial(e: Entities) -> float | None:
    sbp, dbp = quantity(e, "Systolic Blood Pressure"), quantity(e, "Diastolic Blood Pressure")
    return None if sbp is None or dbp is None else (2 * dbp + sbp) / 3


def adapt_steroid(e: Entities) -> Params:
    name, dose, _unit = e["input steroid"]
    return {
        "from_steroid": STEROID_NAME(name.split()[0]),
        "dose_mg": dose,
        "to_steroid": STEROID_NAME(e["target steroid"].split()[0]),
    }


def adapt_mme(e: Entities) -> Params:
    opioids = [
        {"drug": drug, "dose": e[f"{key} Dose"][0], "doses_per_day": e[f"{key} Dose Per Day"][0]}
        for key, drug in OPIOID_KEYS.items()
        if f"{key} Dose" in e
    ]
    return {"opioids": opioids}


def adapt_apache(e: Entities) -> Params:
    return {
        "age_years": quantity(e, "age"),
        "temperature_c": quantity(e, "Temperature"),
        "systolic_bp": quantity(e, "Systolic Blood Pressure"),
        "diastolic_bp": quantity(e, "Diastolic Blood Pressure"),
        "heart_rate": quantity(e, "Heart Rate or Pulse"),
        "respiratory_rate": quantity(e, "respiratory rate"),
        "fio2_percent": quantity(e, "FiO₂"),
        "pao2_mmhg": quantity(e, "Partial pressure of oxygen (PaO₂) for Apache II"),
        "aa_gradient_mmhg": e.get("A-a gradient"),
        "ph": e.get("pH"),
        "sodium": quantity(e, "Sodium"),
        "potassium": quantity(e, "Potassium"),
        "creatinine_mg_dl": quantity(e, "creatinine"),
        "acute_renal_failure": flag(e, "Acute renal failure"),
        "hematocrit": quantity(e, "Hematocrit"),
        "wbc_10e9_l": quantity(e, "White blood cell count"),
        "gcs": e.get("Glasgow Coma Score"),
        "severe_organ_insufficiency_or_immunocompromised": flag(
            e, "History of severe organ failure or immunocompromise"
        ),
        "admission": APACHE_ADMISSION(e.get("Surgery Type")),
    }


def adapt_sofa(e: Entities) -> Params:
    return {
        "pao2_mmhg": quantity(e, "Partial pressure of oxygen (PaO₂) for Apache II"),
        "fio2_percent": quantity(e, "FiO₂"),
        "mechanical_ventilation": flag(
            e, "On mechanical ventilation", "Continous positive airway pressure"
        ),
        "platelets_10e9_l": quantity(e, "Platelet count"),
        "gcs": e.get("Glasgow Coma Score"),
        "bilirubin_mg_dl": quantity(e, "Bilirubin"),
        "mean_arterial_pressure": mean_arterial(e),
        "hypotension": flag(e, "Hypotension"),
        "dopamine": quantity(e, "DOPamine"),
        "dobutamine": quantity(e, "DOBUTamine"),
        "epinephrine": quantity(e, "EPINEPHrine"),
        "norepinephrine": quantity(e, "norEPINEPHrine"),
        "creatinine_mg_dl": quantity(e, "creatinine"),
        "urine_output_ml_day": quantity(e, "Urine Output"),
    }


def adapt_psi(e: Entities) -> Params:
    return {
        "age_years": quantity(e, "age"),
        "sex": sex(e),
        "nursing_home_resident": flag(e, "Nursing home resident"),
        "neoplastic_disease": flag(e, "Neoplastic disease"),
        "liver_disease": flag(e, "Liver disease severity"),
        "congestive_heart_failure": flag(e, "Congestive Heart Faliure"),
        "cerebrovascular_disease": flag(e, "Cerebrovascular disease history"),
        "renal_disease": flag(e, "Renal disease"),
        "altered_mental_status": flag(e, "Altered mental status"),
        "respiratory_rate": quantity(e, "respiratory rate"),
        "systolic_bp": quantity(e, "Systolic Blood Pressure"),
        "temperature_c": quantity(e, "Temperature"),
        "heart_rate": quantity(e, "Heart Rate or Pulse"),
        "ph": e.get("pH"),
        "bun_mg_dl": quantity(e, "Blood Urea Nitrogen (BUN)"),
        "sodium": quantity(e, "Sodium"),
        "glucose_mg_dl": quantity(e, "Glucose"),
        "hematocrit": quantity(e, "Hematocrit"),
        "pao2_mmhg": quantity(e, "Partial pressure of oxygen (PaO₂) for Apache II"),
        "pleural_effusion": flag(e, "Pleural effusion on x-ray"),
    }


CAPRINI_FLAGS = {
    "major_surgery_last_month": "Major Surgery in the last month",
    "congestive_heart_failure_last_month": "Congestive Heart Failure in the last month",
    "sepsis_last_month": "Sepsis in the last month",
    "pneumonia_last_month": "Pneumonia in the last month",
    "varicose_veins": "Varicose veins",
    "swollen_legs": "Current swollen legs",
    "inflammatory_bowel_disease": "History of inflammatory bowel disease",
    "acute_myocardial_infarction": "Acute Myocardial infarction",
    "copd": "Chronic Obstructive Pulmonary Disease",
    "malignancy": "Present or previous malignancy",
    "immobilizing_cast": "Immobilizing plaster cast in the last month",
    "central_venous_access": "Current central venous access",
    "family_history_of_thrombosis": "Family history of thrombosis",
    "factor_v_leiden": "Positive Factor V Leiden",
    "prothrombin_20210a": "Positive prothrombin 20210A",
    "lupus_anticoagulant": "Positive lupus anticoagulant",
    "anticardiolipin_antibody": "Elevated anticardiolipin antibody",
    "elevated_homocysteine": "Elevated serum homocysteine",
    "heparin_induced_thrombocytopenia": "Heparin-induced thrombocytopenia",
    "other_thrombophilia": "Other congenital or acquired thrombophilia",
    "stroke_last_month": "Stroke in the last month",
    "hip_pelvis_leg_fracture": "Hip, pelvis, or leg fracture in the last month",
    "multiple_trauma_last_month": "Multiple trauma in the last month",
    "spinal_cord_injury_paralysis": "Acute spinal cord injury causing paralysis in the last month",
}


def adapt_caprini(e: Entities) -> Params:
    bmi = quantity(e, "Body Mass Index (BMI)")
    params: Params = {name: flag(e, key) for name, key in CAPRINI_FLAGS.items()}
    params.update(
        {
            "age_years": quantity(e, "age"),
            "sex": sex(e),
            "surgery_type": CAPRINI_SURGERY(e.get("Surgery Type", "none")),
            "mobility": CAPRINI_MOBILITY(e.get("Mobility", "normal")),
            "history_of_vte": flag(
                e,
                "Previously documented Deep Vein Thrombosis",
                "Previously Documented Pulmonary Embolism",
            ),
            "bmi_over_25": None if bmi is None else bmi > 25,
        }
    )
    return params


CHARLSON_FLAGS = {
    "myocardial_infarction": ("Myocardial infarction",),
    "congestive_heart_failure": ("Congestive Heart Faliure",),
    "peripheral_vascular_disease": ("Peripheral vascular disease",),
    "cerebrovascular_disease": ("Cerebrovascular Accident", "Transient Ischemic Attacks History"),
    "dementia": ("Dementia",),
    "copd": ("Chronic Obstructive Pulmonary Disease",),
    "connective_tissue_disease": ("Connective tissue disease",),
    "peptic_ulcer_disease": ("Peptic ulcer disease",),
    "hemiplegia": ("Hemiplegia",),
    "moderate_severe_ckd": ("Moderate to severe Chronic Kidney Disease",),
    "leukemia": ("Leukemia",),
    "lymphoma": ("Lymphoma",),
    "aids": ("AIDS",),
}


def adapt_charlson(e: Entities) -> Params:
    params: Params = {name: flag(e, *keys) for name, keys in CHARLSON_FLAGS.items()}
    tumor = e.get("Solid tumor")
    params.update(
        {
            "age_years": quantity(e, "age"),
            "liver_disease": CCI_LIVER(e.get("Liver disease severity") or "none"),
            "diabetes": CCI_DIABETES(
                e.get("Diabetes mellitus criteria for CCI rule") or "none or diet-controlled"
            ),
            # A tumour marked only "present" gets the lesser (localised) weight.
            "solid_tumor": CCI_TUMOR(
                tumor if isinstance(tumor, str) else "localized" if tumor else "none"
            ),
        }
    )
    return params
