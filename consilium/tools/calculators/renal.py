"""Kidney function: Cockcroft–Gault, CKD-EPI 2021, MDRD, fractional excretion of sodium."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from consilium.tools.calculators.base import CalculatorInput, Computed, calculator
from consilium.tools.calculators.body import (
    adjusted_body_weight_kg,
    bmi_class,
    ideal_body_weight_kg,
)
from consilium.tools.calculators.quantities import (
    Age,
    Creatinine,
    CreatinineValue,
    HeightValue,
    Sex,
    Sodium,
    SodiumValue,
    Weight,
    field,
)

# KDIGO 2012 GFR categories, lower bounds in mL/min/1.73 m².
GFR_CATEGORIES = [
    (90.0, "G1 normal or high"),
    (60.0, "G2 mildly decreased"),
    (45.0, "G3a mildly to moderately decreased"),
    (30.0, "G3b moderately to severely decreased"),
    (15.0, "G4 severely decreased"),
    (0.0, "G5 kidney failure"),
]

# CKD-EPI 2021 race-free creatinine equation (Inker LA et al., N Engl J Med 2021).
CKD_EPI_2021 = {
    "female": {"kappa": 0.7, "alpha": -0.241, "factor": 1.012},
    "male": {"kappa": 0.9, "alpha": -0.302, "factor": 1.0},
}


def adult_only(age_years: float) -> list[str]:
    return ["validated in adults only; age under 18"] if age_years < 18 else []


def gfr_category(gfr: float) -> str:
    label = next(text for bound, text in GFR_CATEGORIES if gfr >= bound)
    return f"KDIGO {label}"


class CockcroftGaultInput(CalculatorInput):
    creatinine_mg_dl: Creatinine
    age_years: Age
    sex: Sex
    weight_kg: Weight
    height_cm: HeightValue | None = field(
        "Height; when given, the weight used follows the BMI",
        gt=20,
        le=275,
        optional=True,
    )


@calculator(
    "cockcroft_gault",
    "Creatinine clearance (Cockcroft–Gault)",
    category="renal",
    unit="mL/min",
    source="Cockcroft DW, Gault MH, Nephron 1976; weight choice by BMI per Winter MA et al., "
    "Pharmacotherapy 2012",
    formula="(140 − age) × weight × (0.85 if female) / (72 × creatinine mg/dL)",
)
def cockcroft_gault(p: CockcroftGaultInput) -> Computed:
    weight, basis = p.weight_kg, "actual body weight"
    if p.height_cm is not None:
        bmi = p.weight_kg / (p.height_cm / 100.0) ** 2
        ideal = ideal_body_weight_kg(p.sex, p.height_cm)
        if bmi_class(bmi) == "underweight":
            pass
        elif bmi_class(bmi) == "normal weight":
            weight, basis = min(ideal, p.weight_kg), "lesser of ideal and actual body weight"
        else:
            weight = adjusted_body_weight_kg(p.sex, p.height_cm, p.weight_kg)
            basis = "adjusted body weight (BMI ≥ 25)"
    sex_factor = 0.85 if p.sex == "female" else 1.0
    value = (140 - p.age_years) * weight * sex_factor / (72 * p.creatinine_mg_dl)
    return Computed(
        value,
        notes=[f"weight used: {weight:.1f} kg ({basis})", *adult_only(p.age_years)],
        components={"weight_used_kg": round(weight, 2)},
    )


class CkdEpiInput(CalculatorInput):
    creatinine_mg_dl: Creatinine
    age_years: Age
    sex: Sex


@calculator(
    "ckd_epi_2021",
    "eGFR (CKD-EPI 2021, race-free)",
    category="renal",
    unit="mL/min/1.73 m²",
    source="Inker LA et al., N Engl J Med 2021",
    formula="142 × min(Scr/κ,1)^α × max(Scr/κ,1)^−1.200 × 0.9938^age × 1.012 if female; "
    "κ 0.7 F / 0.9 M, α −0.241 F / −0.302 M",
)
def ckd_epi_2021(p: CkdEpiInput) -> Computed:
    k = CKD_EPI_2021[p.sex]
    ratio = p.creatinine_mg_dl / k["kappa"]
    value = (
        142
        * min(ratio, 1) ** k["alpha"]
        * max(ratio, 1) ** -1.200
        * 0.9938**p.age_years
        * k["factor"]
    )
    return Computed(value, gfr_category(value), notes=adult_only(p.age_years))


class MdrdInput(CalculatorInput):
    creatinine_mg_dl: Creatinine
    age_years: Age
    sex: Sex
    race: Literal["black", "other"] | None = Field(
        default=None, description="black or other; the 1.212 factor of the original study"
    )


@calculator(
    "mdrd",
    "eGFR (MDRD, IDMS-traceable)",
    category="renal",
    unit="mL/min/1.73 m²",
    source="Levey AS et al., Ann Intern Med 2006",
    formula="175 × Scr^−1.154 × age^−0.203 × 0.742 if female × 1.212 if black",
)
def mdrd(p: MdrdInput) -> Computed:
    value = 175 * p.creatinine_mg_dl**-1.154 * p.age_years**-0.203
    value *= 0.742 if p.sex == "female" else 1.0
    value *= 1.212 if p.race == "black" else 1.0
    return Computed(value, gfr_category(value), notes=adult_only(p.age_years))


class FenaInput(CalculatorInput):
    serum_sodium: Sodium
    urine_sodium: SodiumValue = field("Urine sodium", ge=0, le=400)
    creatinine_mg_dl: Creatinine
    urine_creatinine_mg_dl: CreatinineValue = field("Urine creatinine", gt=0, le=1000)


@calculator(
    "fena",
    "Fractional excretion of sodium",
    category="renal",
    unit="%",
    source="Espinel CH, JAMA 1976",
    formula="100 × (urine Na × serum Cr) / (serum Na × urine Cr)",
)
def fena(p: FenaInput) -> Computed:
    value = 100 * p.urine_sodium * p.creatinine_mg_dl / (p.serum_sodium * p.urine_creatinine_mg_dl)
    label = "< 1%: prerenal" if value < 1 else "> 2%: intrinsic renal" if value > 2 else "1–2%"
    return Computed(value, label)
