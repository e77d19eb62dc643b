"""Blood chemistry: anion gap family, corrected calcium and sodium, osmolality, free water
deficit, LDL, HOMA-IR."""

from __future__ import annotations

from consilium.tools.calculators.base import CalculatorInput, Computed, calculator
from consilium.tools.calculators.quantities import (
    Age,
    Albumin,
    Bicarbonate,
    Bun,
    CalciumValue,
    Chloride,
    CholesterolValue,
    Glucose,
    InsulinValue,
    Sex,
    Sodium,
    TriglyceridesValue,
    Weight,
    field,
)

NORMAL_ANION_GAP = 12.0  # mEq/L, the midpoint used by Wrenn 1990
NORMAL_BICARBONATE = 24.0  # mEq/L
NORMAL_ALBUMIN = 4.0  # g/dL
ANION_GAP_PER_G_ALBUMIN = 2.5  # Figge J et al., Crit Care Med 1998
CALCIUM_PER_G_ALBUMIN = 0.8  # Payne RB et al., BMJ 1973
SODIUM_PER_100_MG_GLUCOSE = 2.4  # Katz MA, N Engl J Med 1973
NORMAL_SODIUM = 140.0


class ElectrolytesInput(CalculatorInput):
    sodium: Sodium
    chloride: Chloride
    bicarbonate: Bicarbonate


class ElectrolytesAlbuminInput(ElectrolytesInput):
    albumin_g_dl: Albumin


def _anion_gap(p: ElectrolytesInput) -> float:
    return p.sodium - (p.chloride + p.bicarbonate)


def _albumin_corrected_gap(p: ElectrolytesAlbuminInput) -> float:
    return _anion_gap(p) + ANION_GAP_PER_G_ALBUMIN * (NORMAL_ALBUMIN - p.albumin_g_dl)


def _delta_ratio(gap: float, bicarbonate: float) -> Computed:
    value = (gap - NORMAL_ANION_GAP) / (NORMAL_BICARBONATE - bicarbonate)
    if value < 0.4:
        label = "< 0.4: hyperchloraemic normal anion gap acidosis"
    elif value < 1:
        label = "0.4–1: mixed high and normal anion gap acidosis"
    elif value <= 2:
        label = "1–2: pure high anion gap acidosis"
    else:
        label = "> 2: high anion gap acidosis with metabolic alkalosis"
    return Computed(value, label)


@calculator(
    "anion_gap",
    "Anion gap",
    category="chemistry",
    unit="mEq/L",
    source="Emmett M, Narins RG, Medicine (Baltimore) 1977",
    formula="Na − (Cl + HCO3)",
)
def anion_gap(p: ElectrolytesInput) -> Computed:
    value = _anion_gap(p)
    return Computed(value, "high (> 12)" if value > NORMAL_ANION_GAP else "not raised")


@calculator(
    "delta_gap",
    "Delta gap",
    category="chemistry",
    unit="mEq/L",
    source="Wrenn K, Ann Emerg Med 1990",
    formula="anion gap − 12",
)
def delta_gap(p: ElectrolytesInput) -> Computed:
    return Computed(_anion_gap(p) - NORMAL_ANION_GAP)


@calculator(
    "delta_ratio",
    "Delta ratio",
    category="chemistry",
    unit=None,
    source="Wrenn K, Ann Emerg Med 1990",
    formula="(anion gap − 12) / (24 − HCO3)",
)
def delta_ratio(p: ElectrolytesInput) -> Computed:
    return _delta_ratio(_anion_gap(p), p.bicarbonate)


@calculator(
    "albumin_corrected_anion_gap",
    "Albumin-corrected anion gap",
    category="chemistry",
    unit="mEq/L",
    source="Figge J et al., Crit Care Med 1998",
    formula="anion gap + 2.5 × (4 − albumin g/dL)",
)
def albumin_corrected_anion_gap(p: ElectrolytesAlbuminInput) -> Computed:
    return Computed(_albumin_corrected_gap(p))


@calculator(
    "albumin_corrected_delta_gap",
    "Albumin-corrected delta gap",
    category="chemistry",
    unit="mEq/L",
    source="Figge J et al. 1998; Wrenn K 1990",
    formula="albumin-corrected anion gap − 12",
)
def albumin_corrected_delta_gap(p: ElectrolytesAlbuminInput) -> Computed:
    return Computed(_albumin_corrected_gap(p) - NORMAL_ANION_GAP)


@calculator(
    "albumin_corrected_delta_ratio",
    "Albumin-corrected delta ratio",
    category="chemistry",
    unit=None,
    source="Figge J et al. 1998; Wrenn K 1990",
    formula="(albumin-corrected anion gap − 12) / (24 − HCO3)",
)
def albumin_corrected_delta_ratio(p: ElectrolytesAlbuminInput) -> Computed:
    return _delta_ratio(_albumin_corrected_gap(p), p.bicarbonate)


class CalciumInput(CalculatorInput):
    calcium_mg_dl: CalciumValue = field("Total serum calcium", gt=0, le=30)
    albumin_g_dl: Albumin


@calculator(
    "corrected_calcium",
    "Calcium corrected for albumin",
    category="chemistry",
    unit="mg/dL",
    source="Payne RB et al., BMJ 1973",
    formula="Ca + 0.8 × (4 − albumin g/dL)",
)
def corrected_calcium(p: CalciumInput) -> Computed:
    return Computed(p.calcium_mg_dl + CALCIUM_PER_G_ALBUMIN * (NORMAL_ALBUMIN - p.albumin_g_dl))


class SodiumGlucoseInput(CalculatorInput):
    sodium: Sodium
    glucose_mg_dl: Glucose


@calculator(
    "corrected_sodium",
    "Sodium corrected for hyperglycaemia (Katz)",
    category="chemistry",
    unit="mEq/L",
    source="Katz MA, N Engl J Med 1973",
    formula="Na + 0.024 × (glucose mg/dL − 100)",
)
def corrected_sodium(p: SodiumGlucoseInput) -> Computed:
    return Computed(p.sodium + SODIUM_PER_100_MG_GLUCOSE / 100 * (p.glucose_mg_dl - 100))


class OsmolalityInput(CalculatorInput):
    sodium: Sodium
    bun_mg_dl: Bun
    glucose_mg_dl: Glucose


@calculator(
    "serum_osmolality",
    "Calculated serum osmolality",
    category="chemistry",
    unit="mOsm/kg",
    source="Smithline N, Gardner KD, JAMA 1976",
    formula="2 × Na + BUN/2.8 + glucose/18 (mg/dL)",
)
def serum_osmolality(p: OsmolalityInput) -> Computed:
    return Computed(2 * p.sodium + p.bun_mg_dl / 2.8 + p.glucose_mg_dl / 18)


class FreeWaterInput(CalculatorInput):
    sodium: Sodium
    weight_kg: Weight
    age_years: Age
    sex: Sex


def total_body_water_fraction(age_years: float, sex: str) -> float:
    """Fraction of body weight that is water (Adrogué HJ, Madias NE, N Engl J Med 2000)."""
    if age_years < 18:
        return 0.6
    if age_years >= 65:
        return 0.5 if sex == "male" else 0.45
    return 0.6 if sex == "male" else 0.5


@calculator(
    "free_water_deficit",
    "Free water deficit",
    category="chemistry",
    unit="L",
    source="Adrogué HJ, Madias NE, N Engl J Med 2000",
    formula="total body water fraction × weight × (Na/140 − 1); fraction 0.6 child or adult man, "
    "0.5 adult woman or older man, 0.45 older woman",
)
def free_water_deficit(p: FreeWaterInput) -> Computed:
    fraction = total_body_water_fraction(p.age_years, p.sex)
    return Computed(
        fraction * p.weight_kg * (p.sodium / NORMAL_SODIUM - 1),
        components={"total_body_water_fraction": fraction},
    )


class LipidInput(CalculatorInput):
    total_cholesterol_mg_dl: CholesterolValue = field("Total cholesterol", gt=0, le=2000)
    hdl_mg_dl: CholesterolValue = field("HDL cholesterol", gt=0, le=500)
    triglycerides_mg_dl: TriglyceridesValue = field("Triglycerides", ge=0, le=10000)


@calculator(
    "ldl_friedewald",
    "LDL cholesterol (Friedewald)",
    category="chemistry",
    unit="mg/dL",
    source="Friedewald WT et al., Clin Chem 1972",
    formula="total cholesterol − HDL − triglycerides/5 (mg/dL)",
)
def ldl_friedewald(p: LipidInput) -> Computed:
    notes = ["not valid with triglycerides ≥ 400 mg/dL"] if p.triglycerides_mg_dl >= 400 else []
    value = p.total_cholesterol_mg_dl - p.hdl_mg_dl - p.triglycerides_mg_dl / 5
    return Computed(value, notes=notes)


class HomaInput(CalculatorInput):
    glucose_mg_dl: Glucose
    insulin_uiu_ml: InsulinValue = field("Fasting insulin", ge=0, le=3000)


@calculator(
    "homa_ir",
    "HOMA-IR",
    category="chemistry",
    unit=None,
    source="Matthews DR et al., Diabetologia 1985",
    formula="fasting insulin (µIU/mL) × fasting glucose (mg/dL) / 405",
)
def homa_ir(p: HomaInput) -> Computed:
    return Computed(p.insulin_uiu_ml * p.glucose_mg_dl / 405)
