"""Explicit unit conversion for the clinical quantities a case carries.

Every conversion is a named factor with its basis, so a converted value can say how it was
obtained. A unit that is not listed raises `UnitError`; callers report it, never guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


class UnitError(ValueError):
    """A unit that is not recognised for the quantity asked for."""


@dataclass(frozen=True)
class Conversion:
    to_canonical: Callable[[float], float]
    basis: str


def _factor(f: float, basis: str) -> Conversion:
    return Conversion(lambda v: v * f, basis)


def _identity() -> Conversion:
    return Conversion(lambda v: v, "canonical unit")


# Canonical unit of each quantity first; aliases are matched after normalising the unit text.
CANONICAL: dict[str, str] = {
    "weight": "kg",
    "height": "cm",
    "temperature": "°C",
    "creatinine": "mg/dL",
    "glucose": "mg/dL",
    "urea": "mg/dL",
    "bilirubin": "mg/dL",
    "calcium": "mg/dL",
    "albumin": "g/dL",
    "hemoglobin": "g/dL",
}

CREATININE_UMOL_PER_MG_DL = 88.42  # molar mass of creatinine 113.12 g/mol
GLUCOSE_MG_DL_PER_MMOL = 18.016  # molar mass of glucose 180.16 g/mol
UREA_N_MG_DL_PER_MMOL = 2.801  # BUN: 28.01 g/mol of nitrogen in urea
BILIRUBIN_UMOL_PER_MG_DL = 17.1  # molar mass of bilirubin 584.7 g/mol
CALCIUM_MG_DL_PER_MMOL = 4.008  # molar mass of calcium 40.08 g/mol

CONVERSIONS: dict[str, dict[str, Conversion]] = {
    "weight": {
        "kg": _identity(),
        "g": _factor(0.001, "1 g = 0.001 kg"),
        "lb": _factor(0.45359237, "1 lb = 0.45359237 kg (international avoirdupois pound)"),
        "oz": _factor(0.028349523125, "1 oz = 28.349523125 g"),
    },
    "height": {
        "cm": _identity(),
        "m": _factor(100.0, "1 m = 100 cm"),
        "mm": _factor(0.1, "1 mm = 0.1 cm"),
        "in": _factor(2.54, "1 in = 2.54 cm (international inch)"),
        "ft": _factor(30.48, "1 ft = 30.48 cm"),
    },
    "temperature": {
        "°C": _identity(),
        "°F": Conversion(lambda f: (f - 32.0) * 5.0 / 9.0, "°C = (°F − 32) × 5/9"),
        "K": Conversion(lambda k: k - 273.15, "°C = K − 273.15"),
    },
    "creatinine": {
        "mg/dL": _identity(),
        "µmol/L": _factor(
            1 / CREATININE_UMOL_PER_MG_DL, "creatinine 1 mg/dL = 88.42 µmol/L (113.12 g/mol)"
        ),
        "mmol/L": _factor(
            1000 / CREATININE_UMOL_PER_MG_DL, "creatinine 1 mg/dL = 0.08842 mmol/L (113.12 g/mol)"
        ),
    },
    "glucose": {
        "mg/dL": _identity(),
        "mmol/L": _factor(GLUCOSE_MG_DL_PER_MMOL, "glucose 1 mmol/L = 18.016 mg/dL (180.16 g/mol)"),
    },
    "urea": {
        "mg/dL": _identity(),
        "mmol/L": _factor(UREA_N_MG_DL_PER_MMOL, "urea nitrogen 1 mmol/L = 2.801 mg/dL BUN"),
    },
    "bilirubin": {
        "mg/dL": _identity(),
        "µmol/L": _factor(
            1 / BILIRUBIN_UMOL_PER_MG_DL, "bilirubin 1 mg/dL = 17.1 µmol/L (584.7 g/mol)"
        ),
    },
    "calcium": {
        "mg/dL": _identity(),
        "mmol/L": _factor(CALCIUM_MG_DL_PER_MMOL, "calcium 1 mmol/L = 4.008 mg/dL (40.08 g/mol)"),
    },
    "albumin": {
        "g/dL": _identity(),
        "g/L": _factor(0.1, "1 g/L = 0.1 g/dL"),
    },
    "hemoglobin": {
        "g/dL": _identity(),
        "g/L": _factor(0.1, "1 g/L = 0.1 g/dL"),
        "mmol/L": _factor(1.611, "haemoglobin 1 mmol/L (monomer) = 1.611 g/dL"),
    },
}

_ALIASES: dict[str, str] = {
    "kg": "kg", "kgs": "kg", "kilogram": "kg", "kilograms": "kg",
    "g": "g", "gram": "g", "grams": "g",
    "lb": "lb", "lbs": "lb", "pound": "lb", "pounds": "lb",
    "oz": "oz", "ounce": "oz", "ounces": "oz",
    "cm": "cm", "m": "m", "mm": "mm", "in": "in", "inch": "in", "inches": "in", '"': "in",
    "ft": "ft", "feet": "ft", "foot": "ft",
    "c": "°C", "°c": "°C", "degc": "°C", "celsius": "°C",
    "f": "°F", "°f": "°F", "degf": "°F", "fahrenheit": "°F",
    "k": "K", "kelvin": "K",
    "mg/dl": "mg/dL", "mg/100ml": "mg/dL",
    "umol/l": "µmol/L", "µmol/l": "µmol/L", "μmol/l": "µmol/L", "micromol/l": "µmol/L",
    "mmol/l": "mmol/L",
    "g/dl": "g/dL", "g/l": "g/L",
}


def normalise_unit(unit: str) -> str:
    """Map a unit as written ("umol/L", "lbs", "F") to its canonical spelling."""
    key = re.sub(r"\s+", "", unit).lower()
    if key not in _ALIASES:
        raise UnitError(f"unit not recognised: {unit!r}")
    return _ALIASES[key]


def to_canonical(quantity: str, value: float, unit: str | None) -> tuple[float, str | None]:
    """Convert `value` in `unit` to the quantity's canonical unit.

    Returns the value and the basis of the conversion (None when no conversion was needed).
    A missing unit is taken to be the canonical one; an unknown unit raises `UnitError`.
    """
    table = CONVERSIONS.get(quantity)
    if table is None:
        raise UnitError(f"no unit table for quantity {quantity!r}")
    if unit is None or unit.strip() == "":
        return value, None
    canonical_unit = normalise_unit(unit)
    conversion = table.get(canonical_unit)
    if conversion is None:
        allowed = ", ".join(table)
        raise UnitError(f"unit {unit!r} does not fit {quantity} (use one of: {allowed})")
    if canonical_unit == CANONICAL[quantity]:
        return value, None
    return conversion.to_canonical(value), conversion.basis


_QUANTITY = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([^\d\s].*?)?\s*$")


def split_quantity(text: str) -> tuple[float, str | None]:
    """Split "135 lb" into (135.0, "lb"); raises ValueError when there is no number."""
    match = _QUANTITY.match(text)
    if not match:
        raise ValueError(f"not a number: {text!r}")
    return float(match.group(1)), match.group(2)
