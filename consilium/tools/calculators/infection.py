"""Infection and pneumonia: Centor (McIsaac), FeverPAIN, CURB-65, PSI, SIRS, qSOFA."""

from __future__ import annotations

from pydantic import Field

from consilium.tools.calculators.base import CalculatorInput, Computed, calculator
from consilium.tools.calculators.quantities import (
    Age,
    Bun,
    CellCountValue,
    DiastolicBp,
    GlucoseValue,
    HeartRate,
    PressureValue,
    RespiratoryRate,
    Sex,
    SodiumValue,
    SystolicBp,
    TemperatureC,
    UreaValue,
    criterion,
    field,
)
from consilium.tools.calculators.scoring import count, present


class CentorInput(CalculatorInput):
    age_years: Age
    temperature_c: TemperatureC
    cough_absent: bool | None = criterion("Cough absent")
    tender_anterior_cervical_nodes: bool | None = criterion(
        "Tender or swollen anterior cervical nodes"
    )
    tonsillar_exudate_or_swelling: bool | None = criterion("Exudate or swelling on the tonsils")


@calculator(
    "centor",
    "Centor score (McIsaac)",
    category="infection",
    unit="points",
    decimals=None,
    source="McIsaac WJ et al., CMAJ 1998",
    formula="temperature > 38 °C, no cough, tender anterior nodes, tonsillar exudate: 1 each; "
    "age 3–14 +1, ≥ 45 −1",
)
def centor(p: CentorInput) -> Computed:
    age = p.age_years
    parts = {
        "age": 1 if 3 <= age < 15 else -1 if age >= 45 else 0,
        "temperature_over_38": int(p.temperature_c > 38),
        "cough_absent": present(p.cough_absent),
        "tender_anterior_cervical_nodes": present(p.tender_anterior_cervical_nodes),
        "tonsillar_exudate_or_swelling": present(p.tonsillar_exudate_or_swelling),
    }
    return count(parts)


class FeverPainInput(CalculatorInput):
    fever_past_24h: bool | None = criterion("Fever in the past 24 hours")
    purulence: bool | None = criterion("Purulent tonsils")
    attend_rapidly: bool | None = criterion("Symptom onset ≤ 3 days")
    severely_inflamed_tonsils: bool | None = criterion("Severely inflamed tonsils")
    no_cough_or_coryza: bool | None = criterion("No cough or coryza")


@calculator(
    "feverpain",
    "FeverPAIN",
    category="infection",
    unit="points",
    decimals=None,
    source="Little P et al., BMJ 2013",
    formula="fever, purulence, attend within 3 days, inflamed tonsils, no cough/coryza: 1 each",
)
def feverpain(p: FeverPainInput) -> Computed:
    return count({name: present(getattr(p, name)) for name in FeverPainInput.model_fields})


class Curb65Input(CalculatorInput):
    age_years: Age
    bun_mg_dl: Bun
    respiratory_rate: RespiratoryRate
    systolic_bp: SystolicBp
    diastolic_bp: DiastolicBp
    confusion: bool | None = criterion("New confusion")


@calculator(
    "curb_65",
    "CURB-65",
    category="infection",
    unit="points",
    decimals=None,
    source="Lim WS et al., Thorax 2003",
    formula="confusion, BUN > 19 mg/dL (urea > 7 mmol/L), RR ≥ 30, SBP < 90 or DBP ≤ 60, "
    "age ≥ 65: 1 each",
)
def curb_65(p: Curb65Input) -> Computed:
    parts = {
        "confusion": present(p.confusion),
        "bun_over_19": int(p.bun_mg_dl > 19),
        "respiratory_rate_30_or_over": int(p.respiratory_rate >= 30),
        "low_blood_pressure": int(p.systolic_bp < 90 or p.diastolic_bp <= 60),
        "age_65_or_over": int(p.age_years >= 65),
    }
    return count(
        parts,
        lambda s: "low risk (0–1)" if s <= 1 else "moderate (2)" if s == 2 else "severe (3–5)",
    )


class PsiInput(CalculatorInput):
    age_years: Age
    sex: Sex
    nursing_home_resident: bool | None = criterion("Nursing home resident")
    neoplastic_disease: bool | None = criterion("Neoplastic disease")
    liver_disease: bool | None = criterion("Liver disease")
    congestive_heart_failure: bool | None = criterion("Congestive heart failure")
    cerebrovascular_disease: bool | None = criterion("Cerebrovascular disease")
    renal_disease: bool | None = criterion("Renal disease")
    altered_mental_status: bool | None = criterion("Altered mental status")
    respiratory_rate: RespiratoryRate
    systolic_bp: SystolicBp
    temperature_c: TemperatureC
    heart_rate: HeartRate
    ph: float | None = field("Arterial pH", ge=6.5, le=8.0, optional=True)
    bun_mg_dl: UreaValue | None = field("Blood urea nitrogen", ge=0, le=400, optional=True)
    sodium: SodiumValue | None = field("Serum sodium", ge=80, le=220, optional=True)
    glucose_mg_dl: GlucoseValue | None = field("Glucose", gt=0, le=5000, optional=True)
    hematocrit: float | None = field("Haematocrit, %", ge=0, le=100, optional=True)
    pao2_mmhg: PressureValue | None = field("Arterial PaO2", ge=0, le=800, optional=True)
    pleural_effusion: bool | None = criterion("Pleural effusion on x-ray")


# Fine MJ et al., N Engl J Med 1997: points of each finding (age adds its years, −10 if female).
PSI_POINTS = {
    "nursing_home_resident": 10,
    "neoplastic_disease": 30,
    "liver_disease": 20,
    "congestive_heart_failure": 10,
    "cerebrovascular_disease": 10,
    "renal_disease": 10,
    "altered_mental_status": 20,
    "respiratory_rate_30_or_over": 20,
    "systolic_bp_under_90": 20,
    "temperature_out_of_35_to_40": 15,
    "heart_rate_125_or_over": 10,
    "ph_under_7_35": 30,
    "bun_30_or_over": 20,
    "sodium_under_130": 20,
    "glucose_250_or_over": 10,
    "hematocrit_under_30": 10,
    "pao2_under_60": 10,
    "pleural_effusion": 10,
}
PSI_CLASSES = [
    (130, "class V (> 130)"),
    (90, "class IV (91–130)"),
    (70, "class III (71–90)"),
    (0, "class II (≤ 70)"),
]


def _below(value: float | None, limit: float) -> bool:
    return value is not None and value < limit


def _at_least(value: float | None, limit: float) -> bool:
    return value is not None and value >= limit


@calculator(
    "psi",
    "Pneumonia Severity Index (PORT)",
    category="infection",
    unit="points",
    decimals=None,
    source="Fine MJ et al., N Engl J Med 1997",
    formula="age (−10 if female) plus points for comorbidities, examination and laboratory "
    "findings",
)
def psi(p: PsiInput) -> Computed:
    findings = {
        "nursing_home_resident": present(p.nursing_home_resident),
        "neoplastic_disease": present(p.neoplastic_disease),
        "liver_disease": present(p.liver_disease),
        "congestive_heart_failure": present(p.congestive_heart_failure),
        "cerebrovascular_disease": present(p.cerebrovascular_disease),
        "renal_disease": present(p.renal_disease),
        "altered_mental_status": present(p.altered_mental_status),
        "respiratory_rate_30_or_over": p.respiratory_rate >= 30,
        "systolic_bp_under_90": p.systolic_bp < 90,
        "temperature_out_of_35_to_40": p.temperature_c < 35 or p.temperature_c >= 40,
        "heart_rate_125_or_over": p.heart_rate >= 125,
        "ph_under_7_35": _below(p.ph, 7.35),
        "bun_30_or_over": _at_least(p.bun_mg_dl, 30),
        "sodium_under_130": _below(p.sodium, 130),
        "glucose_250_or_over": _at_least(p.glucose_mg_dl, 250),
        "hematocrit_under_30": _below(p.hematocrit, 30),
        "pao2_under_60": _below(p.pao2_mmhg, 60),
        "pleural_effusion": present(p.pleural_effusion),
    }
    parts: dict[str, float] = {"age": p.age_years - (10 if p.sex == "female" else 0)}
    parts.update({k: PSI_POINTS[k] * bool(v) for k, v in findings.items()})
    return count(parts, lambda s: next(c for bound, c in PSI_CLASSES if s > bound))


class SirsInput(CalculatorInput):
    temperature_c: TemperatureC
    heart_rate: HeartRate
    respiratory_rate: RespiratoryRate
    wbc_10e9_l: CellCountValue = field("White cell count", ge=0, le=1000)
    paco2_mmhg: PressureValue | None = field("Arterial PaCO2", ge=0, le=200, optional=True)
    bands_over_10_percent: bool | None = criterion("Immature (band) forms > 10%")


@calculator(
    "sirs",
    "SIRS criteria",
    category="infection",
    unit="criteria",
    decimals=None,
    source="Bone RC et al. (ACCP/SCCM consensus), Chest 1992",
    formula="count of: T > 38 or < 36 °C; HR > 90; RR > 20 or PaCO2 < 32 mmHg; "
    "WBC > 12 or < 4 ×10⁹/L or bands > 10%",
)
def sirs(p: SirsInput) -> Computed:
    parts = {
        "temperature": int(p.temperature_c > 38 or p.temperature_c < 36),
        "heart_rate": int(p.heart_rate > 90),
        "respiration": int(p.respiratory_rate > 20 or _below(p.paco2_mmhg, 32)),
        "white_cells": int(
            p.wbc_10e9_l > 12 or p.wbc_10e9_l < 4 or present(p.bands_over_10_percent) == 1
        ),
    }
    return count(parts, lambda s: "SIRS (≥ 2 criteria)" if s >= 2 else "SIRS criteria not met")


class QsofaInput(CalculatorInput):
    respiratory_rate: RespiratoryRate
    systolic_bp: SystolicBp
    altered_mentation: bool = Field(description="Altered mentation (GCS < 15)")


@calculator(
    "qsofa",
    "qSOFA",
    category="infection",
    unit="points",
    decimals=None,
    source="Seymour CW et al., JAMA 2016 (Sepsis-3)",
    formula="RR ≥ 22, SBP ≤ 100 mmHg, altered mentation: 1 each",
)
def qsofa(p: QsofaInput) -> Computed:
    parts = {
        "respiratory_rate_22_or_over": int(p.respiratory_rate >= 22),
        "systolic_bp_100_or_under": int(p.systolic_bp <= 100),
        "altered_mentation": int(p.altered_mentation),
    }
    return count(
        parts,
        lambda s: "≥ 2: high risk of poor outcome in suspected infection" if s >= 2 else "< 2",
    )
