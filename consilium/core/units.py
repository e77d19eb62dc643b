"""Explicit unit conversion for the clinical quantities a case carries.

Every conversion is a named factor with its basis, so a converted value can say how it was
obtained. A unit that is not listed raises `UnitError`; callers report it, never guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from consilium.core.errors import InputError


class UnitError(InputError, ValueError):
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
    "sodium": "mmol/L",
    "electrolyte": "mmol/L",
    "cholesterol": "mg/dL",
    "triglycerides": "mg/dL",
    "cell_count": "10^9/L",
    "insulin": "µIU/mL",
    "pressure": "mmHg",
    "age": "years",
}

CREATININE_UMOL_PER_MG_DL = 88.42  # molar mass of creatinine 113.12 g/mol
GLUCOSE_MG_DL_PER_MMOL = 18.016  # molar mass of glucose 180.16 g/mol
UREA_N_MG_DL_PER_MMOL = 2.801  # BUN: 28.01 g/mol of nitrogen in urea
BILIRUBIN_UMOL_PER_MG_DL = 17.1  # molar mass of bilirubin 584.7 g/mol
CALCIUM_MG_DL_PER_MMOL = 4.008  # molar mass of calcium 40.08 g/mol
SODIUM_MG_DL_PER_MMOL = 2.299  # molar mass of sodium 22.99 g/mol
CHOLESTEROL_MG_DL_PER_MMOL = 38.67  # molar mass of cholesterol 386.65 g/mol
TRIGLYCERIDE_MG_DL_PER_MMOL = 88.57  # triolein 885.7 g/mol, the usual laboratory convention
INSULIN_PMOL_PER_MICROUNIT = 6.0  # 1 µIU/mL = 6.00 pmol/L (Heinemann, Diabetes Care 2010)
KPA_TO_MMHG = 7.50062  # 1 kPa = 7.50062 mmHg (definition of the torr)

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
        "mg/dL": _factor(0.001, "1 mg/dL = 0.001 g/dL"),
    },
    "hemoglobin": {
        "g/dL": _identity(),
        "g/L": _factor(0.1, "1 g/L = 0.1 g/dL"),
        "mmol/L": _factor(1.611, "haemoglobin 1 mmol/L (monomer) = 1.611 g/dL"),
    },
    "sodium": {
        "mmol/L": _identity(),
        "mEq/L": _factor(1.0, "monovalent ion: 1 mEq/L = 1 mmol/L"),
        "mg/dL": _factor(1 / SODIUM_MG_DL_PER_MMOL, "sodium 1 mmol/L = 2.299 mg/dL (22.99 g/mol)"),
    },
    # Monovalent ions (potassium, chloride, bicarbonate): mEq/L and mmol/L are the same number.
    "electrolyte": {
        "mmol/L": _identity(),
        "mEq/L": _factor(1.0, "monovalent ion: 1 mEq/L = 1 mmol/L"),
    },
    "cholesterol": {
        "mg/dL": _identity(),
        "mmol/L": _factor(
            CHOLESTEROL_MG_DL_PER_MMOL, "cholesterol 1 mmol/L = 38.67 mg/dL (386.65 g/mol)"
        ),
    },
    "triglycerides": {
        "mg/dL": _identity(),
        "mmol/L": _factor(
            TRIGLYCERIDE_MG_DL_PER_MMOL, "triglycerides 1 mmol/L = 88.57 mg/dL (as triolein)"
        ),
    },
    "cell_count": {
        "10^9/L": _identity(),
        "10^3/µL": _factor(1.0, "10^3/µL = 10^9/L"),
        "/µL": _factor(0.001, "1 cell/µL = 10^-3 × 10^9/L"),
        "/L": _factor(1e-9, "1 cell/L = 10^-9 × 10^9/L"),
    },
    "insulin": {
        "µIU/mL": _identity(),
        "pmol/L": _factor(
            1 / INSULIN_PMOL_PER_MICROUNIT, "insulin 1 µIU/mL = 6 pmol/L (Heinemann 2010)"
        ),
    },
    "pressure": {
        "mmHg": _identity(),
        "kPa": _factor(KPA_TO_MMHG, "1 kPa = 7.50062 mmHg"),
    },
    "age": {
        "years": _identity(),
        "months": _factor(1 / 12, "1 month = 1/12 year"),
        "weeks": _factor(7 / 365.25, "1 week = 7/365.25 year"),
        "days": _factor(1 / 365.25, "1 day = 1/365.25 year"),
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
    "degreesc": "°C", "degreescelsius": "°C", "degreesf": "°F", "degreesfahrenheit": "°F",
    "meq/l": "mEq/L",
    "10^9/l": "10^9/L", "x10^9/l": "10^9/L",
    "10^3/ul": "10^3/µL", "10^3/µl": "10^3/µL", "k/ul": "10^3/µL", "k/µl": "10^3/µL",
    "/ul": "/µL", "/µl": "/µL", "/mm3": "/µL", "/mm^3": "/µL", "cells/µl": "/µL",
    "cells/ul": "/µL", "/l": "/L",
    "µiu/ml": "µIU/mL", "uiu/ml": "µIU/mL", "miu/l": "µIU/mL", "pmol/l": "pmol/L",
    "mmhg": "mmHg", "kpa": "kPa",
    "year": "years", "years": "years", "yr": "years", "yrs": "years", "y": "years",
    "month": "months", "months": "months", "mo": "months",
    "week": "weeks", "weeks": "weeks", "wk": "weeks", "wks": "weeks",
    "day": "days", "days": "days", "d": "days",
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
