"""Critical care: Glasgow Coma Scale, APACHE II, SOFA, NEWS2."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from consilium.tools.calculators.base import CalculatorInput, Computed, calculator
from consilium.tools.calculators.quantities import (
    Age,
    BilirubinValue,
    CellCountValue,
    Creatinine,
    CreatinineValue,
    DiastolicBp,
    ElectrolyteValue,
    HeartRate,
    PressureValue,
    RespiratoryRate,
    Sodium,
    SystolicBp,
    TemperatureC,
    criterion,
    field,
)
from consilium.tools.calculators.scoring import LOWEST, band, count, present

# Teasdale G, Jennett B, Lancet 1974. "not_testable" scores as the lowest level, the usual
# convention when a component cannot be assessed (it is reported in the notes).
GCS_EYE = {"spontaneous": 4, "to_voice": 3, "to_pain": 2, "none": 1, "not_testable": 1}
GCS_VERBAL = {
    "oriented": 5,
    "confused": 4,
    "inappropriate_words": 3,
    "incomprehensible_sounds": 2,
    "none": 1,
    "not_testable": 1,
}
GCS_MOTOR = {
    "obeys": 6,
    "localizes": 5,
    "withdraws": 4,
    "abnormal_flexion": 3,
    "extension": 2,
    "none": 1,
}


class GcsInput(CalculatorInput):
    eye: Literal["spontaneous", "to_voice", "to_pain", "none", "not_testable"]
    verbal: Literal[
        "oriented",
        "confused",
        "inappropriate_words",
        "incomprehensible_sounds",
        "none",
        "not_testable",
    ]
    motor: Literal["obeys", "localizes", "withdraws", "abnormal_flexion", "extension", "none"]


@calculator(
    "gcs",
    "Glasgow Coma Scale",
    category="critical care",
    unit="points",
    decimals=None,
    source="Teasdale G, Jennett B, Lancet 1974",
    formula="eye 1–4 + verbal 1–5 + motor 1–6",
)
def gcs(p: GcsInput) -> Computed:
    result = count(
        {"eye": GCS_EYE[p.eye], "verbal": GCS_VERBAL[p.verbal], "motor": GCS_MOTOR[p.motor]},
        lambda s: "severe (≤ 8)" if s <= 8 else "moderate (9–12)" if s <= 12 else "mild (13–15)",
    )
    if "not_testable" in (p.eye, p.verbal):
        result.notes.append("a component was not testable and scored 1")
    return result


# APACHE II physiology bands (Knaus WA et al., Crit Care Med 1985): (lower bound, points).
APACHE_TEMPERATURE = [(41, 4), (39, 3), (38.5, 1), (36, 0), (34, 1), (32, 2), (30, 3), (LOWEST, 4)]
APACHE_MAP = [(160, 4), (130, 3), (110, 2), (70, 0), (50, 2), (LOWEST, 4)]
APACHE_HEART_RATE = [(180, 4), (140, 3), (110, 2), (70, 0), (55, 2), (40, 3), (LOWEST, 4)]
APACHE_RESPIRATORY_RATE = [(50, 4), (35, 3), (25, 1), (12, 0), (10, 1), (6, 2), (LOWEST, 4)]
APACHE_AA_GRADIENT = [(500, 4), (350, 3), (200, 2), (LOWEST, 0)]
APACHE_PH = [(7.7, 4), (7.6, 3), (7.5, 1), (7.33, 0), (7.25, 2), (7.15, 3), (LOWEST, 4)]
APACHE_SODIUM = [(180, 4), (160, 3), (155, 2), (150, 1), (130, 0), (120, 2), (111, 3), (LOWEST, 4)]
APACHE_POTASSIUM = [(7, 4), (6, 3), (5.5, 1), (3.5, 0), (3, 1), (2.5, 2), (LOWEST, 4)]
APACHE_CREATININE = [(3.5, 4), (2, 3), (1.5, 2), (0.6, 0), (LOWEST, 2)]
APACHE_HEMATOCRIT = [(60, 4), (50, 2), (46, 1), (30, 0), (20, 2), (LOWEST, 4)]
APACHE_WBC = [(40, 4), (20, 2), (15, 1), (3, 0), (1, 2), (LOWEST, 4)]
APACHE_AGE = [(75, 6), (65, 5), (55, 3), (45, 2), (LOWEST, 0)]
APACHE_CHRONIC_HEALTH = {
    "nonoperative": 5,
    "emergency_postoperative": 5,
    "elective_postoperative": 2,
}


def _apache_pao2_points(pao2: float) -> int:
    """PaO2 when FiO2 < 50%: > 70 mmHg 0, 61–70 1, 55–60 3, < 55 4."""
    return 0 if pao2 > 70 else 1 if pao2 >= 61 else 3 if pao2 >= 55 else 4


class ApacheInput(CalculatorInput):
    age_years: Age
    temperature_c: TemperatureC
    systolic_bp: SystolicBp
    diastolic_bp: DiastolicBp
    heart_rate: HeartRate
    respiratory_rate: RespiratoryRate
    fio2_percent: float = field("Inspired oxygen fraction, %", ge=21, le=100)
    pao2_mmhg: PressureValue | None = field(
        "Arterial PaO2 (used when FiO2 < 50%)", ge=0, le=800, optional=True
    )
    aa_gradient_mmhg: float | None = field(
        "A–a gradient, mmHg (used when FiO2 ≥ 50%)", ge=0, le=800, optional=True
    )
    ph: float = field("Arterial pH", ge=6.5, le=8.0)
    sodium: Sodium
    potassium: ElectrolyteValue = field("Serum potassium", ge=0.5, le=12)
    creatinine_mg_dl: Creatinine
    acute_renal_failure: bool | None = criterion("Acute renal failure (doubles creatinine points)")
    hematocrit: float = field("Haematocrit, %", ge=0, le=100)
    wbc_10e9_l: CellCountValue = field("White cell count", ge=0, le=1000)
    gcs: float = field("Glasgow Coma Scale", ge=3, le=15)
    severe_organ_insufficiency_or_immunocompromised: bool | None = criterion(
        "History of severe organ insufficiency or immunocompromise"
    )
    admission: Literal["nonoperative", "emergency_postoperative", "elective_postoperative"] = Field(
        default="nonoperative", description="Admission type, for the chronic health points"
    )


@calculator(
    "apache_ii",
    "APACHE II",
    category="critical care",
    unit="points",
    decimals=None,
    source="Knaus WA et al., Crit Care Med 1985",
    formula="acute physiology points (12 variables, worst in 24 h) + age points + chronic "
    "health points",
)
def apache_ii(p: ApacheInput) -> Computed:
    mean_arterial = (2 * p.diastolic_bp + p.systolic_bp) / 3
    notes: list[str] = []
    if p.fio2_percent >= 50:
        oxygenation = (
            band(p.aa_gradient_mmhg, APACHE_AA_GRADIENT) if p.aa_gradient_mmhg is not None else 0
        )
    else:
        oxygenation = _apache_pao2_points(p.pao2_mmhg) if p.pao2_mmhg is not None else 0
    creatinine = band(p.creatinine_mg_dl, APACHE_CREATININE) * (2 if p.acute_renal_failure else 1)
    parts = {
        "temperature": band(p.temperature_c, APACHE_TEMPERATURE),
        "mean_arterial_pressure": band(mean_arterial, APACHE_MAP),
        "heart_rate": band(p.heart_rate, APACHE_HEART_RATE),
        "respiratory_rate": band(p.respiratory_rate, APACHE_RESPIRATORY_RATE),
        "oxygenation": oxygenation,
        "ph": band(p.ph, APACHE_PH),
        "sodium": band(p.sodium, APACHE_SODIUM),
        "potassium": band(p.potassium, APACHE_POTASSIUM),
        "creatinine": creatinine,
        "hematocrit": band(p.hematocrit, APACHE_HEMATOCRIT),
        "white_cells": band(p.wbc_10e9_l, APACHE_WBC),
        "glasgow_coma_scale": 15 - p.gcs,
        "age": band(p.age_years, APACHE_AGE),
        "chronic_health": APACHE_CHRONIC_HEALTH[p.admission]
        * present(p.severe_organ_insufficiency_or_immunocompromised),
    }
    result = count(parts)
    result.notes.extend(notes)
    return result


# SOFA (Vincent JL et al., Intensive Care Med 1996).
SOFA_PLATELETS = [(150, 0), (100, 1), (50, 2), (20, 3), (LOWEST, 4)]
SOFA_BILIRUBIN = [(12, 4), (6, 3), (2, 2), (1.2, 1), (LOWEST, 0)]
SOFA_GCS = [(15, 0), (13, 1), (10, 2), (6, 3), (LOWEST, 4)]
SOFA_CREATININE = [(5, 4), (3.5, 3), (2, 2), (1.2, 1), (LOWEST, 0)]


class SofaInput(CalculatorInput):
    pao2_mmhg: PressureValue = field("Arterial PaO2", ge=0, le=800)
    fio2_percent: float = field("Inspired oxygen fraction, %", ge=21, le=100)
    mechanical_ventilation: bool | None = criterion("On mechanical ventilation or CPAP")
    platelets_10e9_l: CellCountValue = field("Platelet count", ge=0, le=3000)
    gcs: float = field("Glasgow Coma Scale", ge=3, le=15)
    bilirubin_mg_dl: BilirubinValue = field("Total bilirubin", ge=0, le=80)
    mean_arterial_pressure: float | None = field(
        "Mean arterial pressure, mmHg", ge=0, le=250, optional=True
    )
    hypotension: bool | None = criterion("MAP < 70 mmHg, when no pressure is given")
    dopamine: float | None = field("Dopamine, µg/kg/min", ge=0, le=100, optional=True)
    dobutamine: float | None = field("Dobutamine, µg/kg/min", ge=0, le=100, optional=True)
    epinephrine: float | None = field("Epinephrine, µg/kg/min", ge=0, le=10, optional=True)
    norepinephrine: float | None = field("Norepinephrine, µg/kg/min", ge=0, le=10, optional=True)
    creatinine_mg_dl: CreatinineValue | None = field("Serum creatinine", gt=0, le=40, optional=True)
    urine_output_ml_day: float | None = field("Urine output, mL/day", ge=0, le=20000, optional=True)


def _sofa_respiration(p: SofaInput) -> int:
    ratio = p.pao2_mmhg / (p.fio2_percent / 100)
    if ratio < 200 and p.mechanical_ventilation:
        return 4 if ratio < 100 else 3
    return 2 if ratio < 300 else 1 if ratio < 400 else 0


def _sofa_cardiovascular(p: SofaInput) -> int:
    dopamine, epinephrine, norepinephrine = (
        p.dopamine or 0,
        p.epinephrine or 0,
        p.norepinephrine or 0,
    )
    if dopamine > 15 or epinephrine > 0.1 or norepinephrine > 0.1:
        return 4
    if dopamine > 5 or epinephrine > 0 or norepinephrine > 0:
        return 3
    if dopamine > 0 or (p.dobutamine or 0) > 0:
        return 2
    if p.mean_arterial_pressure is not None:
        return int(p.mean_arterial_pressure < 70)
    return present(p.hypotension)


def _sofa_renal(p: SofaInput) -> int:
    points = band(p.creatinine_mg_dl, SOFA_CREATININE) if p.creatinine_mg_dl is not None else 0
    if p.urine_output_ml_day is not None:
        points = max(
            points, 4 if p.urine_output_ml_day < 200 else 3 if p.urine_output_ml_day < 500 else 0
        )
    return points


@calculator(
    "sofa",
    "SOFA score",
    category="critical care",
    unit="points",
    decimals=None,
    source="Vincent JL et al., Intensive Care Med 1996",
    formula="respiration, coagulation, liver, cardiovascular, CNS, renal: 0–4 each",
)
def sofa(p: SofaInput) -> Computed:
    return count(
        {
            "respiration": _sofa_respiration(p),
            "coagulation": band(p.platelets_10e9_l, SOFA_PLATELETS),
            "liver": band(p.bilirubin_mg_dl, SOFA_BILIRUBIN),
            "cardiovascular": _sofa_cardiovascular(p),
            "central_nervous_system": band(p.gcs, SOFA_GCS),
            "renal": _sofa_renal(p),
        }
    )


# NEWS2 (Royal College of Physicians, 2017): (lower bound, points).
NEWS2_RESPIRATORY_RATE = [(25, 3), (21, 2), (12, 0), (9, 1), (LOWEST, 3)]
NEWS2_SPO2_SCALE1 = [(96, 0), (94, 1), (92, 2), (LOWEST, 3)]
NEWS2_SPO2_SCALE2_ON_OXYGEN = [(97, 3), (95, 2), (93, 1), (88, 0), (86, 1), (84, 2), (LOWEST, 3)]
NEWS2_SPO2_SCALE2_ON_AIR = [(88, 0), (86, 1), (84, 2), (LOWEST, 3)]
NEWS2_SYSTOLIC = [(220, 3), (111, 0), (101, 1), (91, 2), (LOWEST, 3)]
NEWS2_PULSE = [(131, 3), (111, 2), (91, 1), (51, 0), (41, 1), (LOWEST, 3)]
NEWS2_TEMPERATURE = [(39.1, 2), (38.1, 1), (36.1, 0), (35.1, 1), (LOWEST, 3)]
NEWS2_OXYGEN_POINTS = 2
NEWS2_NEW_CONFUSION_POINTS = 3


class News2Input(CalculatorInput):
    respiratory_rate: RespiratoryRate
    spo2: float = field("Oxygen saturation, %", ge=0, le=100)
    supplemental_oxygen: bool = Field(description="On supplemental oxygen")
    systolic_bp: SystolicBp
    heart_rate: HeartRate
    consciousness: Literal["alert", "confused", "voice", "pain", "unresponsive"]
    temperature_c: TemperatureC
    spo2_scale: Literal[1, 2] = Field(
        default=1, description="2 only for confirmed hypercapnic respiratory failure"
    )


@calculator(
    "news2",
    "National Early Warning Score 2",
    category="critical care",
    unit="points",
    decimals=None,
    source="Royal College of Physicians, NEWS2 (2017)",
    formula="respiration, SpO2, air/oxygen, systolic BP, pulse, consciousness, temperature",
)
def news2(p: News2Input) -> Computed:
    if p.spo2_scale == 1:
        spo2_bands = NEWS2_SPO2_SCALE1
    else:
        spo2_bands = (
            NEWS2_SPO2_SCALE2_ON_OXYGEN if p.supplemental_oxygen else NEWS2_SPO2_SCALE2_ON_AIR
        )
    parts = {
        "respiratory_rate": band(p.respiratory_rate, NEWS2_RESPIRATORY_RATE),
        "spo2": band(p.spo2, spo2_bands),
        "supplemental_oxygen": NEWS2_OXYGEN_POINTS * int(p.supplemental_oxygen),
        "systolic_bp": band(p.systolic_bp, NEWS2_SYSTOLIC),
        "heart_rate": band(p.heart_rate, NEWS2_PULSE),
        "consciousness": 0 if p.consciousness == "alert" else NEWS2_NEW_CONFUSION_POINTS,
        "temperature": band(p.temperature_c, NEWS2_TEMPERATURE),
    }
    single_red = any(points == 3 for points in parts.values())

    def interpret(total: float) -> str:
        if total >= 7:
            return "high clinical risk (≥ 7): emergency response"
        if total >= 5:
            return "medium clinical risk (5–6): urgent response"
        if single_red:
            return "low–medium clinical risk (3 in one parameter): urgent ward review"
        return "low clinical risk (0–4)"

    return count(parts, interpret)
