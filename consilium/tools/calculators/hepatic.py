"""Liver and upper GI: Child-Pugh, MELD-Na, FIB-4, Glasgow-Blatchford."""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field

from consilium.tools.calculators.base import CalculatorInput, Computed, calculator
from consilium.tools.calculators.quantities import (
    Age,
    Albumin,
    Bilirubin,
    Bun,
    CellCountValue,
    Creatinine,
    HeartRate,
    HemoglobinValue,
    Sex,
    Sodium,
    SystolicBp,
    criterion,
    field,
)
from consilium.tools.calculators.scoring import LOWEST, band, count, present

Inr = Annotated[float, Field(gt=0.3, le=20, description="International normalised ratio")]

# Child-Pugh (Pugh RN et al., Br J Surg 1973): (lower bound, points).
# (low, high): 1 point on the good side of the range, 2 inside it (bounds included), 3 beyond.
CHILD_PUGH_BILIRUBIN = (2.0, 3.0)  # mg/dL, higher is worse
CHILD_PUGH_ALBUMIN = (2.8, 3.5)  # g/dL, lower is worse
CHILD_PUGH_INR = (1.7, 2.3)  # higher is worse
CHILD_PUGH_ASCITES = {"absent": 1, "slight": 2, "moderate": 3}
CHILD_PUGH_ENCEPHALOPATHY = {"none": 1, "grade_1_2": 2, "grade_3_4": 3}


def _child_pugh_points(
    value: float, bounds: tuple[float, float], *, low_is_worse: bool = False
) -> int:
    low, high = bounds
    if low_is_worse:
        return 1 if value > high else 2 if value >= low else 3
    return 1 if value < low else 2 if value <= high else 3


class ChildPughInput(CalculatorInput):
    bilirubin_mg_dl: Bilirubin
    albumin_g_dl: Albumin
    inr: Inr
    ascites: Literal["absent", "slight", "moderate"]
    encephalopathy: Literal["none", "grade_1_2", "grade_3_4"]


@calculator(
    "child_pugh",
    "Child-Pugh score",
    category="hepatic",
    unit="points",
    decimals=None,
    source="Pugh RN et al., Br J Surg 1973",
    formula="bilirubin, albumin, INR, ascites, encephalopathy: 1–3 each",
)
def child_pugh(p: ChildPughInput) -> Computed:
    return count(
        {
            "bilirubin": _child_pugh_points(p.bilirubin_mg_dl, CHILD_PUGH_BILIRUBIN),
            "albumin": _child_pugh_points(p.albumin_g_dl, CHILD_PUGH_ALBUMIN, low_is_worse=True),
            "inr": _child_pugh_points(p.inr, CHILD_PUGH_INR),
            "ascites": CHILD_PUGH_ASCITES[p.ascites],
            "encephalopathy": CHILD_PUGH_ENCEPHALOPATHY[p.encephalopathy],
        },
        lambda s: "class A (5–6)" if s <= 6 else "class B (7–9)" if s <= 9 else "class C (10–15)",
    )


class MeldNaInput(CalculatorInput):
    creatinine_mg_dl: Creatinine
    bilirubin_mg_dl: Bilirubin
    inr: Inr
    sodium: Sodium
    dialysis_twice_past_week: bool | None = criterion(
        "Dialysis ≥ 2 times, or CVVHD ≥ 24 h, in the past week"
    )


@calculator(
    "meld_na",
    "MELD-Na (UNOS/OPTN 2016)",
    category="hepatic",
    unit="points",
    decimals=None,
    source="Kim WR et al., N Engl J Med 2008; OPTN policy 2016",
    formula="MELD = 10 × (0.957 ln Cr + 0.378 ln bili + 1.120 ln INR) + 6.43; if > 11: "
    "+ 1.32 × (137 − Na) − 0.033 × MELD × (137 − Na); Cr, bili, INR ≥ 1, Cr ≤ 4, Na 125–137",
)
def meld_na(p: MeldNaInput) -> Computed:
    creatinine = 4.0 if p.dialysis_twice_past_week else min(max(p.creatinine_mg_dl, 1.0), 4.0)
    bilirubin, inr = max(p.bilirubin_mg_dl, 1.0), max(p.inr, 1.0)
    sodium = min(max(p.sodium, 125.0), 137.0)
    # OPTN rounds MELD(i) to one decimal before multiplying by 10.
    meld_i = (
        0.957 * math.log(creatinine) + 0.378 * math.log(bilirubin) + 1.120 * math.log(inr) + 0.643
    )
    meld = round(meld_i, 1) * 10
    if meld > 11:
        meld = meld + 1.32 * (137 - sodium) - 0.033 * meld * (137 - sodium)
    return Computed(round(meld), components={"meld": round(meld, 2)})


class Fib4Input(CalculatorInput):
    age_years: Age
    ast_u_l: float = field("AST, U/L", gt=0, le=50000)
    alt_u_l: float = field("ALT, U/L", gt=0, le=50000)
    platelets_10e9_l: CellCountValue = field("Platelet count", gt=0, le=3000)


@calculator(
    "fib4",
    "FIB-4 index",
    category="hepatic",
    unit=None,
    source="Sterling RK et al., Hepatology 2006",
    formula="age × AST / (platelets (10⁹/L) × √ALT)",
)
def fib4(p: Fib4Input) -> Computed:
    value = p.age_years * p.ast_u_l / (p.platelets_10e9_l * math.sqrt(p.alt_u_l))
    label = (
        "< 1.45: advanced fibrosis unlikely"
        if value < 1.45
        else "> 3.25: advanced fibrosis likely"
        if value > 3.25
        else "indeterminate"
    )
    return Computed(value, label)


# Glasgow-Blatchford (Blatchford O et al., Lancet 2000): BUN in mg/dL (urea 6.5/8/10/25 mmol/L).
GBS_BUN = [(70.01, 6), (28, 4), (22.4, 3), (18.2, 2), (LOWEST, 0)]
GBS_HEMOGLOBIN = {
    "male": [(13, 0), (12, 1), (10, 3), (LOWEST, 6)],
    "female": [(12, 0), (10, 1), (LOWEST, 6)],
}
GBS_SYSTOLIC = [(110, 0), (100, 1), (90, 2), (LOWEST, 3)]


class BlatchfordInput(CalculatorInput):
    bun_mg_dl: Bun
    hemoglobin_g_dl: HemoglobinValue = field("Haemoglobin", gt=0, le=25)
    sex: Sex
    systolic_bp: SystolicBp
    heart_rate: HeartRate
    melena: bool | None = criterion("Melaena")
    syncope: bool | None = criterion("Recent syncope")
    hepatic_disease: bool | None = criterion("History of hepatic disease")
    cardiac_failure: bool | None = criterion("Cardiac failure")


@calculator(
    "glasgow_blatchford",
    "Glasgow-Blatchford bleeding score",
    category="hepatic",
    unit="points",
    decimals=None,
    source="Blatchford O et al., Lancet 2000",
    formula="BUN 2–6, haemoglobin 1–6, SBP 1–3, pulse ≥ 100 1, melaena 1, syncope 2, "
    "hepatic disease 2, cardiac failure 2",
)
def glasgow_blatchford(p: BlatchfordInput) -> Computed:
    return count(
        {
            "bun": band(p.bun_mg_dl, GBS_BUN),
            "hemoglobin": band(p.hemoglobin_g_dl, GBS_HEMOGLOBIN[p.sex]),
            "systolic_bp": band(p.systolic_bp, GBS_SYSTOLIC),
            "heart_rate_100_or_over": int(p.heart_rate >= 100),
            "melena": present(p.melena),
            "syncope": 2 * present(p.syncope),
            "hepatic_disease": 2 * present(p.hepatic_disease),
            "cardiac_failure": 2 * present(p.cardiac_failure),
        },
        lambda s: (
            "0: low risk, outpatient care may be possible"
            if s == 0
            else "intervention may be needed"
        ),
    )
