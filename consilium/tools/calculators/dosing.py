"""Drug dose conversions: corticosteroid equivalents, morphine milligram equivalents."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from consilium.tools.calculators.base import CalculatorInput, Computed, calculator
from consilium.tools.calculators.quantities import field

# Doses of equal glucocorticoid effect, mg (Liu D et al., Allergy Asthma Clin Immunol 2013;
# the usual equivalence table: 20 mg hydrocortisone ≈ 5 mg prednisone).
STEROID_EQUIVALENT_MG = {
    "betamethasone": 0.75,
    "cortisone": 25.0,
    "dexamethasone": 0.75,
    "hydrocortisone": 20.0,
    "methylprednisolone": 4.0,
    "prednisolone": 5.0,
    "prednisone": 5.0,
    "triamcinolone": 4.0,
}
Steroid = Literal[
    "betamethasone",
    "cortisone",
    "dexamethasone",
    "hydrocortisone",
    "methylprednisolone",
    "prednisolone",
    "prednisone",
    "triamcinolone",
]


class SteroidInput(CalculatorInput):
    from_steroid: Steroid
    dose_mg: float = field("Dose of the current steroid, mg", gt=0, le=10000)
    to_steroid: Steroid


@calculator(
    "steroid_conversion",
    "Corticosteroid dose conversion",
    category="dosing",
    unit="mg",
    source="Liu D et al., Allergy Asthma Clin Immunol 2013 (glucocorticoid equivalents)",
    formula="dose × equivalent(target) / equivalent(source); equivalents: betamethasone 0.75, "
    "cortisone 25, dexamethasone 0.75, hydrocortisone 20, methylprednisolone 4, "
    "prednisolone 5, prednisone 5, triamcinolone 4 mg",
)
def steroid_conversion(p: SteroidInput) -> Computed:
    value = p.dose_mg * STEROID_EQUIVALENT_MG[p.to_steroid] / STEROID_EQUIVALENT_MG[p.from_steroid]
    return Computed(
        value, notes=["glucocorticoid equivalence only; mineralocorticoid effects differ"]
    )


# Morphine milligram equivalent factors per unit of dose (Dowell D et al., CDC Clinical Practice
# Guideline for Prescribing Opioids for Pain, MMWR 2022). Fentanyl buccal per µg, patch per µg/h.
MME_FACTORS = {
    "codeine": 0.15,
    "fentanyl_buccal": 0.13,
    "fentanyl_patch": 2.4,
    "hydrocodone": 1.0,
    "hydromorphone": 5.0,
    "methadone": 4.7,
    "morphine": 1.0,
    "oxycodone": 1.5,
    "oxymorphone": 3.0,
    "tapentadol": 0.4,
    "tramadol": 0.2,
}
MME_DOSE_UNIT = {"fentanyl_buccal": "µg", "fentanyl_patch": "µg/h"}
Opioid = Literal[
    "codeine",
    "fentanyl_buccal",
    "fentanyl_patch",
    "hydrocodone",
    "hydromorphone",
    "methadone",
    "morphine",
    "oxycodone",
    "oxymorphone",
    "tapentadol",
    "tramadol",
]


class OpioidDose(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    drug: Opioid
    dose: float = Field(
        gt=0,
        le=100000,
        description="mg per dose; µg for buccal fentanyl, µg/h for a fentanyl patch",
    )
    doses_per_day: float = Field(gt=0, le=48)


class MmeInput(CalculatorInput):
    opioids: list[OpioidDose] = Field(min_length=1)


@calculator(
    "mme",
    "Morphine milligram equivalents per day",
    category="dosing",
    unit="MME/day",
    source="Dowell D et al., CDC Clinical Practice Guideline for Prescribing Opioids, MMWR 2022",
    formula="Σ dose × doses per day × conversion factor",
)
def mme(p: MmeInput) -> Computed:
    parts: dict[str, float] = {}
    for item in p.opioids:
        parts[item.drug] = parts.get(item.drug, 0.0) + (
            item.dose * item.doses_per_day * MME_FACTORS[item.drug]
        )
    total = sum(parts.values())
    label = "≥ 50 MME/day: reassess benefits and risks" if total >= 50 else None
    return Computed(total, label, components=parts)
