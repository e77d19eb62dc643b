"""Cardiovascular: MAP, shock index, QTc formulas, CHA2DS2-VASc, HAS-BLED, HEART, RCRI,
Framingham hard CHD."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

from consilium.tools.calculators.base import CalculatorInput, Computed, calculator
from consilium.tools.calculators.quantities import (
    Age,
    CreatinineValue,
    DiastolicBp,
    HeartRate,
    Sex,
    SystolicBp,
    criterion,
    field,
)
from consilium.tools.calculators.scoring import count, present


class BloodPressureInput(CalculatorInput):
    systolic_bp: SystolicBp
    diastolic_bp: DiastolicBp


@calculator(
    "mean_arterial_pressure",
    "Mean arterial pressure",
    category="cardiac",
    unit="mmHg",
    source="standard physiological estimate (diastolic + one third of the pulse pressure)",
    formula="(2 × DBP + SBP) / 3",
)
def mean_arterial_pressure(p: BloodPressureInput) -> Computed:
    value = (2 * p.diastolic_bp + p.systolic_bp) / 3
    return Computed(value, "below 65 mmHg: hypoperfusion risk" if value < 65 else None)


class ShockIndexInput(CalculatorInput):
    heart_rate: HeartRate
    systolic_bp: float = field("Systolic blood pressure, mmHg", gt=0, le=350)


@calculator(
    "shock_index",
    "Shock index",
    category="cardiac",
    unit=None,
    source="Allgöwer M, Burri C, Dtsch Med Wochenschr 1967",
    formula="heart rate / systolic BP",
)
def shock_index(p: ShockIndexInput) -> Computed:
    value = p.heart_rate / p.systolic_bp
    return Computed(value, "≥ 1.0: suggests shock" if value >= 1.0 else "< 1.0")


class QtInput(CalculatorInput):
    qt_ms: float = field("Measured QT interval, ms", gt=100, le=1000)
    heart_rate: float = field("Heart rate, beats/min", gt=10, le=350)


def _qtc(correct: Callable[[float, float], float]) -> Callable[[QtInput], Computed]:
    def compute(p: QtInput) -> Computed:
        rr_seconds = 60.0 / p.heart_rate
        value = correct(p.qt_ms, rr_seconds)
        return Computed(value, "prolonged (> 460 ms F / > 450 ms M)" if value > 450 else None)

    return compute


_QTC_FORMULAS: list[tuple[str, str, str, str, Callable[[float, float], float]]] = [
    (
        "qtc_bazett",
        "QTc (Bazett)",
        "Bazett HC, Heart 1920",
        "QT / √RR (RR in s)",
        lambda qt, rr: qt / math.sqrt(rr),
    ),
    (
        "qtc_fridericia",
        "QTc (Fridericia)",
        "Fridericia LS, Acta Med Scand 1920",
        "QT / RR^(1/3) (RR in s)",
        lambda qt, rr: qt / rr ** (1 / 3),
    ),
    (
        "qtc_framingham",
        "QTc (Framingham)",
        "Sagie A et al., Am J Cardiol 1992",
        "QT + 154 × (1 − RR) (ms, RR in s)",
        lambda qt, rr: qt + 154 * (1 - rr),
    ),
    (
        "qtc_hodges",
        "QTc (Hodges)",
        "Hodges M et al., J Am Coll Cardiol 1983",
        "QT + 1.75 × (HR − 60)",
        lambda qt, rr: qt + 1.75 * (60 / rr - 60),
    ),
    (
        "qtc_rautaharju",
        "QTc (Rautaharju)",
        "Rautaharju PM et al., J Electrocardiol 2014",
        "QT × (120 + HR) / 180",
        lambda qt, rr: qt * (120 + 60 / rr) / 180,
    ),
]

for _id, _name, _source, _formula, _fn in _QTC_FORMULAS:
    calculator(_id, _name, category="cardiac", unit="ms", source=_source, formula=_formula)(
        _qtc(_fn)
    )


class Cha2ds2VascInput(CalculatorInput):
    age_years: Age
    sex: Sex
    congestive_heart_failure: bool | None = criterion("Congestive heart failure or LV dysfunction")
    hypertension: bool | None = criterion("Hypertension")
    diabetes: bool | None = criterion("Diabetes mellitus")
    stroke_tia_thromboembolism: bool | None = criterion("Prior stroke, TIA or thromboembolism")
    vascular_disease: bool | None = criterion(
        "Prior MI, peripheral artery disease or aortic plaque"
    )


@calculator(
    "cha2ds2_vasc",
    "CHA2DS2-VASc",
    category="cardiac",
    unit="points",
    decimals=None,
    source="Lip GY et al., Chest 2010",
    formula="CHF 1, hypertension 1, age ≥ 75 2 / 65–74 1, diabetes 1, stroke/TIA/TE 2, "
    "vascular disease 1, female 1",
)
def cha2ds2_vasc(p: Cha2ds2VascInput) -> Computed:
    parts = {
        "congestive_heart_failure": present(p.congestive_heart_failure),
        "hypertension": present(p.hypertension),
        "age": 2 if p.age_years >= 75 else 1 if p.age_years >= 65 else 0,
        "diabetes": present(p.diabetes),
        "stroke_tia_thromboembolism": 2 * present(p.stroke_tia_thromboembolism),
        "vascular_disease": present(p.vascular_disease),
        "female": int(p.sex == "female"),
    }
    return count(parts)


class HasBledInput(CalculatorInput):
    age_years: Age
    hypertension: bool | None = criterion("Hypertension (uncontrolled, SBP > 160 mmHg)")
    abnormal_renal_function: bool | None = criterion("Dialysis, transplant, Cr > 2.26 mg/dL")
    abnormal_liver_function: bool | None = criterion(
        "Cirrhosis or bilirubin > 2× / AST/ALT > 3× normal"
    )
    stroke: bool | None = criterion("Prior stroke")
    bleeding: bool | None = criterion("Prior major bleeding or predisposition")
    labile_inr: bool | None = criterion("Labile INR")
    drugs: bool | None = criterion("Antiplatelet agents or NSAIDs")
    alcohol_drinks_per_week: float | None = field(
        "Alcoholic drinks per week", ge=0, le=300, optional=True
    )


@calculator(
    "has_bled",
    "HAS-BLED",
    category="cardiac",
    unit="points",
    decimals=None,
    source="Pisters R et al., Chest 2010",
    formula="one point each: hypertension, renal, liver, stroke, bleeding, labile INR, "
    "age > 65, drugs, alcohol ≥ 8 drinks/week",
)
def has_bled(p: HasBledInput) -> Computed:
    drinks = p.alcohol_drinks_per_week or 0
    parts = {
        "hypertension": present(p.hypertension),
        "abnormal_renal_function": present(p.abnormal_renal_function),
        "abnormal_liver_function": present(p.abnormal_liver_function),
        "stroke": present(p.stroke),
        "bleeding": present(p.bleeding),
        "labile_inr": present(p.labile_inr),
        "elderly": int(p.age_years > 65),
        "drugs": present(p.drugs),
        "alcohol": int(drinks >= 8),
    }
    return count(parts, lambda s: "high bleeding risk (≥ 3)" if s >= 3 else "lower risk")


class HeartScoreInput(CalculatorInput):
    history: Literal["slightly", "moderately", "highly"]
    ecg: Literal["normal", "nonspecific_repolarization", "significant_st_deviation"]
    age_years: Age
    troponin: Literal["normal", "one_to_three_times", "above_three_times"]
    hypertension: bool | None = criterion("Hypertension")
    hypercholesterolemia: bool | None = criterion("Hypercholesterolaemia")
    diabetes: bool | None = criterion("Diabetes mellitus")
    obesity: bool | None = criterion("Obesity (BMI > 30)")
    smoking: bool | None = criterion("Current or recent (< 3 months) smoker")
    family_history: bool | None = criterion(
        "Parent or sibling with cardiovascular disease before 65"
    )
    atherosclerotic_disease: bool | None = criterion(
        "Known atherosclerotic disease (MI, PCI/CABG, stroke/TIA, PAD)"
    )


HEART_LEVELS = {
    "slightly": 0,
    "moderately": 1,
    "highly": 2,
    "normal": 0,
    "nonspecific_repolarization": 1,
    "significant_st_deviation": 2,
    "one_to_three_times": 1,
    "above_three_times": 2,
}


@calculator(
    "heart_score",
    "HEART score",
    category="cardiac",
    unit="points",
    decimals=None,
    source="Six AJ, Backus BE, Kelder JC, Neth Heart J 2008",
    formula="history, ECG, age, risk factors, troponin: 0–2 each",
)
def heart_score(p: HeartScoreInput) -> Computed:
    risk_factors = sum(
        present(x)
        for x in (
            p.hypertension,
            p.hypercholesterolemia,
            p.diabetes,
            p.obesity,
            p.smoking,
            p.family_history,
        )
    )
    risk_points = (
        2 if risk_factors >= 3 or present(p.atherosclerotic_disease) else min(risk_factors, 1)
    )
    parts = {
        "history": HEART_LEVELS[p.history],
        "ecg": HEART_LEVELS[p.ecg],
        "age": 2 if p.age_years >= 65 else 1 if p.age_years >= 45 else 0,
        "risk_factors": risk_points,
        "troponin": HEART_LEVELS[p.troponin],
    }
    return count(
        parts,
        lambda s: "low risk (0–3)" if s <= 3 else "moderate risk (4–6)" if s <= 6 else "high risk",
    )


class RcriInput(CalculatorInput):
    elevated_risk_surgery: bool | None = criterion(
        "Intraperitoneal, intrathoracic or suprainguinal vascular"
    )
    ischemic_heart_disease: bool | None = criterion("History of ischaemic heart disease")
    congestive_heart_failure: bool | None = criterion("History of congestive heart failure")
    cerebrovascular_disease: bool | None = criterion("History of stroke or TIA")
    insulin_treatment: bool | None = criterion("Pre-operative treatment with insulin")
    creatinine_mg_dl: CreatinineValue | None = field(
        "Pre-operative creatinine", gt=0, le=40, optional=True
    )


@calculator(
    "rcri",
    "Revised Cardiac Risk Index",
    category="cardiac",
    unit="points",
    decimals=None,
    source="Lee TH et al., Circulation 1999",
    formula="one point each: high-risk surgery, IHD, CHF, cerebrovascular disease, insulin, "
    "creatinine > 2 mg/dL",
)
def rcri(p: RcriInput) -> Computed:
    parts = {
        "elevated_risk_surgery": present(p.elevated_risk_surgery),
        "ischemic_heart_disease": present(p.ischemic_heart_disease),
        "congestive_heart_failure": present(p.congestive_heart_failure),
        "cerebrovascular_disease": present(p.cerebrovascular_disease),
        "insulin_treatment": present(p.insulin_treatment),
        "creatinine_over_2": int((p.creatinine_mg_dl or 0) > 2),
    }
    return count(parts)
