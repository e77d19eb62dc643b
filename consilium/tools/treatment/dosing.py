"""A regimen option's dose for one patient: the age band's dosing, per kg with its cap.

A child is only ever given a dose from a band that covers the child's age (so never an adult
dose); a per-kg dose needs the weight, and without it no dose is written: the item says what
is missing instead of guessing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from consilium.tools.treatment.models import Dosing, Option, PerKg


@dataclass(frozen=True)
class Dose:
    dosing: Dosing
    dose: str | None  # amount and unit, e.g. "540 mg"; None when the weight is missing
    basis: str | None  # how it was reached, e.g. "45 mg/kg x 12 kg, max 2000 mg"
    missing: str | None = None  # what is needed before a dose can be written


def dosing_for(option: Option, age: float) -> Dosing | None:
    """The option's dosing for this age, or None when it gives none (not for this age)."""
    return next((d for d in option.dosing if d.covers(age)), None)


def _round(value: float) -> float:
    """Three significant figures: 72, 540, 2100, 0.12 (what a prescriber would write)."""
    if value <= 0:
        return value
    digits = 2 - math.floor(math.log10(value))
    return round(value, digits)


def _text(value: float) -> str:
    rounded = _round(value)
    return f"{int(rounded)}" if rounded == int(rounded) else f"{rounded:g}"


def amount_per_kg(per_kg: PerKg, weight_kg: float | None) -> tuple[str | None, str]:
    """(amount, basis) for a per-kg quantity; amount None without a weight."""
    cap = f", max {_text(per_kg.max)} {per_kg.unit}" if per_kg.max else ""
    rule = f"{per_kg.amount:g} {per_kg.unit}/kg{cap}"
    if weight_kg is None:
        return None, rule
    value = per_kg.amount * weight_kg
    capped = per_kg.max is not None and value > per_kg.max
    if capped and per_kg.max is not None:
        value = per_kg.max
    basis = f"{per_kg.amount:g} {per_kg.unit}/kg x {weight_kg:g} kg" + (
        f" = {_text(per_kg.amount * weight_kg)} {per_kg.unit}, capped at {_text(value)} "
        f"{per_kg.unit}" if capped else cap)
    return f"{_text(value)} {per_kg.unit}", basis


def dose_for(dosing: Dosing, weight_kg: float | None) -> Dose:
    if dosing.per_kg is None:
        return Dose(dosing, dosing.dose, dosing.note)
    amount, basis = amount_per_kg(dosing.per_kg, weight_kg)
    if dosing.note:
        basis = f"{basis}; {dosing.note}"
    if amount is None:
        return Dose(dosing, None, basis,
                    missing=f"weigh the patient: the dose is {basis}")
    return Dose(dosing, amount, basis)
