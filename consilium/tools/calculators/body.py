"""Body size: BMI, body surface area, ideal / adjusted / target weight, maintenance fluids."""

from __future__ import annotations

import math

from consilium.tools.calculators.base import CalculatorInput, Computed, calculator
from consilium.tools.calculators.quantities import Height, Sex, Weight, field

CM_PER_INCH = 2.54
# Devine 1974: base weight (kg) at 5 ft plus 2.3 kg per inch above it.
DEVINE_BASE_KG = {"male": 50.0, "female": 45.5}
DEVINE_KG_PER_INCH = 2.3
ADJUSTED_WEIGHT_FACTOR = 0.4  # fraction of excess weight counted (Bauer, Clinical Pharmacokinetics)

# WHO 2000 (Technical Report Series 894) adult BMI classes, lower bounds in kg/m².
BMI_CLASSES = [
    (40.0, "obesity class III"),
    (35.0, "obesity class II"),
    (30.0, "obesity class I"),
    (25.0, "overweight"),
    (18.5, "normal weight"),
    (0.0, "underweight"),
]


def bmi_class(value: float) -> str:
    return next(label for bound, label in BMI_CLASSES if value >= bound)


def ideal_body_weight_kg(sex: str, height_cm: float) -> float:
    inches_over_five_feet = height_cm / CM_PER_INCH - 60.0
    return DEVINE_BASE_KG[sex] + DEVINE_KG_PER_INCH * inches_over_five_feet


def adjusted_body_weight_kg(sex: str, height_cm: float, weight_kg: float) -> float:
    ideal = ideal_body_weight_kg(sex, height_cm)
    return ideal + ADJUSTED_WEIGHT_FACTOR * (weight_kg - ideal)


class WeightHeight(CalculatorInput):
    weight_kg: Weight
    height_cm: Height


class SexHeight(CalculatorInput):
    sex: Sex
    height_cm: Height


class SexWeightHeight(CalculatorInput):
    sex: Sex
    weight_kg: Weight
    height_cm: Height


class TargetWeightInput(CalculatorInput):
    target_bmi: float = field("Target body mass index, kg/m²", gt=5, le=80)
    height_cm: Height


class FluidsInput(CalculatorInput):
    weight_kg: Weight


@calculator(
    "bmi",
    "Body mass index",
    category="body",
    unit="kg/m²",
    source="Quetelet index; WHO Technical Report Series 894 (2000) for the classes",
    formula="weight (kg) / height (m)²",
)
def bmi(p: WeightHeight) -> Computed:
    value = p.weight_kg / (p.height_cm / 100.0) ** 2
    return Computed(value, bmi_class(value))


@calculator(
    "bsa",
    "Body surface area (Mosteller)",
    category="body",
    unit="m²",
    source="Mosteller RD, N Engl J Med 1987",
    formula="√(height (cm) × weight (kg) / 3600)",
)
def bsa(p: WeightHeight) -> Computed:
    return Computed(math.sqrt(p.height_cm * p.weight_kg / 3600.0))


@calculator(
    "ideal_body_weight",
    "Ideal body weight (Devine)",
    category="body",
    unit="kg",
    source="Devine BJ, Drug Intell Clin Pharm 1974",
    formula="male 50 kg, female 45.5 kg, + 2.3 kg per inch over 5 ft",
)
def ideal_body_weight(p: SexHeight) -> Computed:
    return Computed(ideal_body_weight_kg(p.sex, p.height_cm))


@calculator(
    "adjusted_body_weight",
    "Adjusted body weight",
    category="body",
    unit="kg",
    source="Bauer LA, Applied Clinical Pharmacokinetics (2008); IBW by Devine 1974",
    formula="IBW + 0.4 × (actual weight − IBW)",
)
def adjusted_body_weight(p: SexWeightHeight) -> Computed:
    return Computed(adjusted_body_weight_kg(p.sex, p.height_cm, p.weight_kg))


@calculator(
    "target_weight",
    "Target weight for a BMI",
    category="body",
    unit="kg",
    source="definition of body mass index (Quetelet)",
    formula="target BMI × height (m)²",
)
def target_weight(p: TargetWeightInput) -> Computed:
    return Computed(p.target_bmi * (p.height_cm / 100.0) ** 2)


@calculator(
    "maintenance_fluids",
    "Maintenance fluids (4-2-1 rule)",
    category="body",
    unit="mL/h",
    source="Holliday MA, Segar WE, Pediatrics 1957",
    formula="4 mL/kg/h for the first 10 kg, 2 for the next 10, 1 for each kg above 20",
)
def maintenance_fluids(p: FluidsInput) -> Computed:
    w = p.weight_kg
    rate = 4 * min(w, 10) + 2 * min(max(w - 10, 0), 10) + 1 * max(w - 20, 0)
    return Computed(rate)
