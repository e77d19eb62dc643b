"""Framingham 10-year risk of hard coronary heart disease (NCEP ATP III, 2001)."""

from __future__ import annotations

import math

from consilium.tools.calculators.base import CalculatorInput, Computed, calculator
from consilium.tools.calculators.quantities import (
    AgeValue,
    CholesterolValue,
    Sex,
    SystolicBp,
    criterion,
    field,
)

# Cox model coefficients behind the ATP III risk tables (NCEP ATP III, JAMA 2001), cholesterol in
# mg/dL. The age in the smoking interaction is capped (70 men, 78 women).
FRAMINGHAM = {
    "male": {
        "ln_age": 52.00961,
        "ln_tc": 20.014077,
        "ln_hdl": -0.905964,
        "ln_sbp": 1.305784,
        "treated": 0.241549,
        "smoker": 12.096316,
        "ln_age_ln_tc": -4.605038,
        "ln_age_smoker": -2.84367,
        "ln_age_squared": -2.93323,
        "constant": -172.300168,
        "baseline_survival": 0.9402,
        "smoking_age_cap": 70,
    },
    "female": {
        "ln_age": 31.764001,
        "ln_tc": 22.465206,
        "ln_hdl": -1.187731,
        "ln_sbp": 2.552905,
        "treated": 0.420251,
        "smoker": 13.07543,
        "ln_age_ln_tc": -5.060998,
        "ln_age_smoker": -2.996945,
        "ln_age_squared": 0.0,
        "constant": -146.5933061,
        "baseline_survival": 0.98767,
        "smoking_age_cap": 78,
    },
}


class FraminghamInput(CalculatorInput):
    age_years: AgeValue = field("Age (model fitted on 30–79 years)", ge=30, le=79)
    sex: Sex
    total_cholesterol_mg_dl: CholesterolValue = field("Total cholesterol", gt=0, le=2000)
    hdl_mg_dl: CholesterolValue = field("HDL cholesterol", gt=0, le=500)
    systolic_bp: SystolicBp
    bp_treated: bool | None = criterion("Blood pressure treated with medicines")
    smoker: bool | None = criterion("Current smoker")


@calculator(
    "framingham_hard_chd",
    "Framingham 10-year hard CHD risk",
    category="cardiac",
    unit="%",
    decimals=2,
    source="NCEP ATP III, JAMA 2001 (Framingham Heart Study)",
    formula="risk = 1 − S0^exp(Σ β·x) with ln(age), ln(TC), ln(HDL), ln(SBP), treatment, "
    "smoking and interaction terms (sex-specific β)",
)
def framingham_hard_chd(p: FraminghamInput) -> Computed:
    b = FRAMINGHAM[p.sex]
    ln_age = math.log(p.age_years)
    ln_tc = math.log(p.total_cholesterol_mg_dl)
    smoker = float(bool(p.smoker))
    ln_smoking_age = math.log(min(p.age_years, b["smoking_age_cap"]))
    linear = (
        b["ln_age"] * ln_age
        + b["ln_tc"] * ln_tc
        + b["ln_hdl"] * math.log(p.hdl_mg_dl)
        + b["ln_sbp"] * math.log(p.systolic_bp)
        + b["treated"] * float(bool(p.bp_treated))
        + b["smoker"] * smoker
        + b["ln_age_ln_tc"] * ln_age * ln_tc
        + b["ln_age_smoker"] * ln_smoking_age * smoker
        + b["ln_age_squared"] * ln_age**2
        + b["constant"]
    )
    risk = 100 * (1 - b["baseline_survival"] ** math.exp(linear))
    return Computed(
        risk,
        "high (≥ 20%)" if risk >= 20 else "intermediate (10–20%)" if risk >= 10 else "low (< 10%)",
    )
