"""Venous thromboembolism: Wells PE, Wells DVT, PERC, Caprini (2005)."""

from __future__ import annotations

from typing import Literal

from consilium.tools.calculators.base import CalculatorInput, Computed, calculator
from consilium.tools.calculators.quantities import Age, HeartRate, Sex, criterion, field
from consilium.tools.calculators.scoring import count, present


class WellsPeInput(CalculatorInput):
    heart_rate: HeartRate
    clinical_signs_dvt: bool | None = criterion("Clinical signs and symptoms of DVT")
    pe_most_likely: bool | None = criterion("PE is the most likely diagnosis, or equally likely")
    immobilization_or_recent_surgery: bool | None = criterion(
        "Immobilised ≥ 3 days or surgery in past 4 weeks"
    )
    previous_pe_or_dvt: bool | None = criterion("Previously documented PE or DVT")
    hemoptysis: bool | None = criterion("Haemoptysis")
    malignancy: bool | None = criterion("Malignancy treated within 6 months, or palliative")


@calculator(
    "wells_pe",
    "Wells criteria for pulmonary embolism",
    category="thrombosis",
    unit="points",
    decimals=1,
    source="Wells PS et al., Thromb Haemost 2000",
    formula="DVT signs 3, PE most likely 3, HR > 100 1.5, immobilisation/surgery 1.5, "
    "previous PE/DVT 1.5, haemoptysis 1, malignancy 1",
)
def wells_pe(p: WellsPeInput) -> Computed:
    parts = {
        "clinical_signs_dvt": 3.0 * present(p.clinical_signs_dvt),
        "pe_most_likely": 3.0 * present(p.pe_most_likely),
        "heart_rate_over_100": 1.5 * (p.heart_rate > 100),
        "immobilization_or_recent_surgery": 1.5 * present(p.immobilization_or_recent_surgery),
        "previous_pe_or_dvt": 1.5 * present(p.previous_pe_or_dvt),
        "hemoptysis": 1.0 * present(p.hemoptysis),
        "malignancy": 1.0 * present(p.malignancy),
    }
    return count(parts, lambda s: "PE likely (> 4)" if s > 4 else "PE unlikely (≤ 4)")


class WellsDvtInput(CalculatorInput):
    active_cancer: bool | None = criterion(
        "Active cancer (treatment within 6 months or palliative)"
    )
    bedridden_or_major_surgery: bool | None = criterion(
        "Bedridden > 3 days or major surgery within 12 weeks"
    )
    calf_swelling_over_3cm: bool | None = criterion(
        "Calf swelling > 3 cm compared with the other leg"
    )
    collateral_superficial_veins: bool | None = criterion(
        "Collateral (non-varicose) superficial veins"
    )
    entire_leg_swollen: bool | None = criterion("Entire leg swollen")
    localized_tenderness: bool | None = criterion(
        "Localised tenderness along the deep venous system"
    )
    pitting_edema: bool | None = criterion("Pitting oedema confined to the symptomatic leg")
    paralysis_or_cast: bool | None = criterion(
        "Paralysis, paresis or recent plaster immobilisation of a leg"
    )
    previous_dvt: bool | None = criterion("Previously documented DVT")
    alternative_diagnosis_as_likely: bool | None = criterion(
        "Alternative diagnosis at least as likely as DVT"
    )


@calculator(
    "wells_dvt",
    "Wells criteria for DVT",
    category="thrombosis",
    unit="points",
    decimals=None,
    source="Wells PS et al., N Engl J Med 2003",
    formula="one point for each of nine findings, −2 if an alternative diagnosis is as likely",
)
def wells_dvt(p: WellsDvtInput) -> Computed:
    parts: dict[str, float] = {
        name: present(getattr(p, name))
        for name in WellsDvtInput.model_fields
        if name != "alternative_diagnosis_as_likely"
    }
    parts["alternative_diagnosis_as_likely"] = -2 * present(p.alternative_diagnosis_as_likely)
    return count(parts, lambda s: "DVT likely (≥ 2)" if s >= 2 else "DVT unlikely (< 2)")


class PercInput(CalculatorInput):
    age_years: Age
    heart_rate: HeartRate
    spo2: float = field("Oxygen saturation on room air, %", ge=0, le=100)
    unilateral_leg_swelling: bool | None = criterion("Unilateral leg swelling")
    hemoptysis: bool | None = criterion("Haemoptysis")
    recent_surgery_or_trauma: bool | None = criterion("Surgery or trauma within 4 weeks")
    previous_pe_or_dvt: bool | None = criterion("Prior PE or DVT")
    hormone_use: bool | None = criterion("Oral contraceptives, hormone replacement or oestrogen")


@calculator(
    "perc",
    "PERC rule for pulmonary embolism",
    category="thrombosis",
    unit="criteria",
    decimals=None,
    source="Kline JA et al., J Thromb Haemost 2004",
    formula="count of: age ≥ 50, HR ≥ 100, SaO2 < 95%, unilateral leg swelling, haemoptysis, "
    "recent surgery/trauma, prior PE/DVT, hormone use",
)
def perc(p: PercInput) -> Computed:
    parts = {
        "age_50_or_over": int(p.age_years >= 50),
        "heart_rate_100_or_over": int(p.heart_rate >= 100),
        "spo2_under_95": int(p.spo2 < 95),
        "unilateral_leg_swelling": present(p.unilateral_leg_swelling),
        "hemoptysis": present(p.hemoptysis),
        "recent_surgery_or_trauma": present(p.recent_surgery_or_trauma),
        "previous_pe_or_dvt": present(p.previous_pe_or_dvt),
        "hormone_use": present(p.hormone_use),
    }
    return count(
        parts,
        lambda s: (
            "PERC negative: PE can be ruled out if pre-test probability is low"
            if s == 0
            else "PERC positive: cannot rule out PE with PERC"
        ),
    )


# Caprini 2005 (Caprini JA, Dis Mon 2005): points of each risk factor.
CAPRINI_SURGERY = {
    "none": 0,
    "minor": 1,
    "major": 2,
    "laparoscopic": 2,
    "arthroscopic": 2,
    "elective_major_lower_extremity_arthroplasty": 5,
}
CAPRINI_MOBILITY = {"normal": 0, "bed_rest": 1, "confined_over_72h": 2}
CAPRINI_FACTORS: dict[str, int] = {
    "major_surgery_last_month": 1,
    "congestive_heart_failure_last_month": 1,
    "sepsis_last_month": 1,
    "pneumonia_last_month": 1,
    "pregnancy_or_postpartum": 1,
    "hormone_use": 1,
    "varicose_veins": 1,
    "swollen_legs": 1,
    "inflammatory_bowel_disease": 1,
    "acute_myocardial_infarction": 1,
    "copd": 1,
    "bmi_over_25": 1,
    "malignancy": 2,
    "immobilizing_cast": 2,
    "central_venous_access": 2,
    "history_of_vte": 3,
    "family_history_of_thrombosis": 3,
    "factor_v_leiden": 3,
    "prothrombin_20210a": 3,
    "lupus_anticoagulant": 3,
    "anticardiolipin_antibody": 3,
    "elevated_homocysteine": 3,
    "heparin_induced_thrombocytopenia": 3,
    "other_thrombophilia": 3,
    "stroke_last_month": 5,
    "hip_pelvis_leg_fracture": 5,
    "multiple_trauma_last_month": 5,
    "spinal_cord_injury_paralysis": 5,
}


class CapriniInput(CalculatorInput):
    age_years: Age
    sex: Sex
    surgery_type: Literal[
        "none",
        "minor",
        "major",
        "laparoscopic",
        "arthroscopic",
        "elective_major_lower_extremity_arthroplasty",
    ] = "none"
    mobility: Literal["normal", "bed_rest", "confined_over_72h"] = "normal"
    major_surgery_last_month: bool | None = criterion("Major surgery within the last month")
    congestive_heart_failure_last_month: bool | None = criterion(
        "Congestive heart failure within a month"
    )
    sepsis_last_month: bool | None = criterion("Sepsis within a month")
    pneumonia_last_month: bool | None = criterion("Pneumonia within a month")
    pregnancy_or_postpartum: bool | None = criterion("Pregnant or postpartum")
    hormone_use: bool | None = criterion("Oral contraceptives or hormone replacement")
    varicose_veins: bool | None = criterion("Varicose veins")
    swollen_legs: bool | None = criterion("Current swollen legs")
    inflammatory_bowel_disease: bool | None = criterion("History of inflammatory bowel disease")
    acute_myocardial_infarction: bool | None = criterion("Acute myocardial infarction")
    copd: bool | None = criterion("COPD")
    bmi_over_25: bool | None = criterion("BMI > 25 kg/m²")
    malignancy: bool | None = criterion("Present or previous malignancy")
    immobilizing_cast: bool | None = criterion("Immobilising plaster cast within a month")
    central_venous_access: bool | None = criterion("Current central venous access")
    history_of_vte: bool | None = criterion("Previous DVT or PE")
    family_history_of_thrombosis: bool | None = criterion("Family history of thrombosis")
    factor_v_leiden: bool | None = criterion("Factor V Leiden")
    prothrombin_20210a: bool | None = criterion("Prothrombin 20210A")
    lupus_anticoagulant: bool | None = criterion("Lupus anticoagulant")
    anticardiolipin_antibody: bool | None = criterion("Elevated anticardiolipin antibody")
    elevated_homocysteine: bool | None = criterion("Elevated serum homocysteine")
    heparin_induced_thrombocytopenia: bool | None = criterion("Heparin-induced thrombocytopenia")
    other_thrombophilia: bool | None = criterion("Other congenital or acquired thrombophilia")
    stroke_last_month: bool | None = criterion("Stroke within a month")
    hip_pelvis_leg_fracture: bool | None = criterion("Hip, pelvis or leg fracture within a month")
    multiple_trauma_last_month: bool | None = criterion("Multiple trauma within a month")
    spinal_cord_injury_paralysis: bool | None = criterion(
        "Acute spinal cord injury with paralysis, < 1 month"
    )


@calculator(
    "caprini",
    "Caprini VTE risk (2005)",
    category="thrombosis",
    unit="points",
    decimals=None,
    source="Caprini JA, Dis Mon 2005",
    formula="age 41–60 1, 61–74 2, ≥ 75 3; surgery and mobility points; 1, 2, 3 or 5 points "
    "per risk factor",
)
def caprini(p: CapriniInput) -> Computed:
    age = p.age_years
    parts: dict[str, float] = {
        "age": 3 if age >= 75 else 2 if age >= 61 else 1 if age >= 41 else 0,
        "surgery": CAPRINI_SURGERY[p.surgery_type],
        "mobility": CAPRINI_MOBILITY[p.mobility],
    }
    for name, points in CAPRINI_FACTORS.items():
        parts[name] = points * present(getattr(p, name))
    return count(
        parts,
        lambda s: "very low" if s == 0 else "low" if s <= 2 else "moderate" if s <= 4 else "high",
    )
