"""Comorbidity burden: Charlson Comorbidity Index."""

from __future__ import annotations

from typing import Literal

from consilium.tools.calculators.base import CalculatorInput, Computed, calculator
from consilium.tools.calculators.quantities import Age, criterion
from consilium.tools.calculators.scoring import LOWEST, band, count, present

# Charlson ME et al., J Chronic Dis 1987; age points: Charlson ME et al., J Clin Epidemiol 1994.
CHARLSON_AGE = [(80, 4), (70, 3), (60, 2), (50, 1), (LOWEST, 0)]
CHARLSON_ONE_POINT = [
    "myocardial_infarction",
    "congestive_heart_failure",
    "peripheral_vascular_disease",
    "cerebrovascular_disease",
    "dementia",
    "copd",
    "connective_tissue_disease",
    "peptic_ulcer_disease",
]
CHARLSON_TWO_POINTS = ["hemiplegia", "moderate_severe_ckd", "leukemia", "lymphoma"]
CHARLSON_LIVER = {"none": 0, "mild": 1, "moderate_severe": 3}
CHARLSON_DIABETES = {"none": 0, "uncomplicated": 1, "end_organ_damage": 2}
CHARLSON_SOLID_TUMOR = {"none": 0, "localized": 2, "metastatic": 6}
CHARLSON_AIDS = 6


class CharlsonInput(CalculatorInput):
    age_years: Age
    myocardial_infarction: bool | None = criterion("History of myocardial infarction")
    congestive_heart_failure: bool | None = criterion("Congestive heart failure")
    peripheral_vascular_disease: bool | None = criterion("Peripheral vascular disease")
    cerebrovascular_disease: bool | None = criterion("Cerebrovascular accident or TIA")
    dementia: bool | None = criterion("Dementia")
    copd: bool | None = criterion("Chronic pulmonary disease")
    connective_tissue_disease: bool | None = criterion("Connective tissue disease")
    peptic_ulcer_disease: bool | None = criterion("Peptic ulcer disease")
    hemiplegia: bool | None = criterion("Hemiplegia")
    moderate_severe_ckd: bool | None = criterion("Moderate to severe chronic kidney disease")
    leukemia: bool | None = criterion("Leukaemia")
    lymphoma: bool | None = criterion("Lymphoma")
    aids: bool | None = criterion("AIDS")
    liver_disease: Literal["none", "mild", "moderate_severe"] = "none"
    diabetes: Literal["none", "uncomplicated", "end_organ_damage"] = "none"
    solid_tumor: Literal["none", "localized", "metastatic"] = "none"


@calculator(
    "charlson",
    "Charlson Comorbidity Index",
    category="comorbidity",
    unit="points",
    decimals=None,
    source="Charlson ME et al., J Chronic Dis 1987; age points 1994",
    formula="age 50–59 1 … ≥ 80 4; 1, 2, 3 or 6 points per comorbidity",
)
def charlson(p: CharlsonInput) -> Computed:
    parts: dict[str, float] = {"age": band(p.age_years, CHARLSON_AGE)}
    parts.update({name: present(getattr(p, name)) for name in CHARLSON_ONE_POINT})
    parts.update({name: 2 * present(getattr(p, name)) for name in CHARLSON_TWO_POINTS})
    parts["aids"] = CHARLSON_AIDS * present(p.aids)
    parts["liver_disease"] = CHARLSON_LIVER[p.liver_disease]
    parts["diabetes"] = CHARLSON_DIABETES[p.diabetes]
    parts["solid_tumor"] = CHARLSON_SOLID_TUMOR[p.solid_tumor]
    return count(parts)
