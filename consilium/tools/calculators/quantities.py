"""Typed input fields: a number in the canonical unit, or a value with its unit, converted
explicitly.

`WeightValue` accepts 70, "154 lb", [154, "lb"] or {"value": 154, "unit": "lb"}; the conversion
basis is recorded on the result. Bounds (given with `field`) reject values no patient can have.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from consilium.core.units import CANONICAL, UnitError, split_quantity, to_canonical
from consilium.tools.calculators.base import record_conversion


def _converter(quantity: str) -> BeforeValidator:
    def convert(raw: Any) -> Any:
        if raw is None or isinstance(raw, bool | int | float):
            return raw
        value: Any
        unit: str | None = None
        if isinstance(raw, str):
            value, unit = split_quantity(raw)
        elif isinstance(raw, list | tuple) and len(raw) == 2:
            value, unit = raw
        elif isinstance(raw, dict) and "value" in raw:
            value, unit = raw["value"], raw.get("unit")
        else:
            raise ValueError(f"expected a number or a value with a unit, got {raw!r}")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"not a number: {value!r}") from None
        try:
            converted, basis = to_canonical(quantity, number, unit)
        except UnitError as error:
            raise ValueError(str(error)) from None
        if basis:
            canonical = CANONICAL[quantity]
            record_conversion(f"{quantity} {value} {unit} -> {converted:.4g} {canonical} ({basis})")
        return converted

    return BeforeValidator(convert)


# One type per quantity: a float in the canonical unit of `consilium.core.units`, converted from
# any unit listed there.
AgeValue = Annotated[float, _converter("age")]
WeightValue = Annotated[float, _converter("weight")]
HeightValue = Annotated[float, _converter("height")]
TemperatureValue = Annotated[float, _converter("temperature")]
CreatinineValue = Annotated[float, _converter("creatinine")]
GlucoseValue = Annotated[float, _converter("glucose")]
UreaValue = Annotated[float, _converter("urea")]
BilirubinValue = Annotated[float, _converter("bilirubin")]
CalciumValue = Annotated[float, _converter("calcium")]
AlbuminValue = Annotated[float, _converter("albumin")]
HemoglobinValue = Annotated[float, _converter("hemoglobin")]
SodiumValue = Annotated[float, _converter("sodium")]
ElectrolyteValue = Annotated[float, _converter("electrolyte")]
CholesterolValue = Annotated[float, _converter("cholesterol")]
TriglyceridesValue = Annotated[float, _converter("triglycerides")]
CellCountValue = Annotated[float, _converter("cell_count")]
InsulinValue = Annotated[float, _converter("insulin")]
PressureValue = Annotated[float, _converter("pressure")]


def field(
    description: str,
    *,
    gt: float | None = None,
    ge: float | None = None,
    le: float | None = None,
    optional: bool = False,
) -> Any:
    """A field's description and bounds; optional fields default to None (not documented)."""
    if optional:
        return Field(default=None, gt=gt, ge=ge, le=le, description=description)
    return Field(gt=gt, ge=ge, le=le, description=description)


def criterion(description: str) -> Any:
    """A yes/no criterion; left out (None) it counts as absent and is listed as not documented."""
    return Field(default=None, description=description)


def _sex(raw: Any) -> Any:
    if isinstance(raw, str):
        text = raw.strip().lower()
        return {"m": "male", "f": "female", "man": "male", "woman": "female"}.get(text, text)
    return raw


Sex = Annotated[
    Literal["male", "female"], BeforeValidator(_sex), Field(description="male or female")
]

# The fields most calculators share, with bounds that no living patient crosses.
Age = Annotated[AgeValue, Field(ge=0, le=125, description="Age, years (or '18 months')")]
Weight = Annotated[WeightValue, Field(gt=0, le=650, description="Body weight, kg (or '154 lb')")]
Height = Annotated[HeightValue, Field(gt=20, le=275, description="Height, cm (or '70 in')")]
Creatinine = Annotated[
    CreatinineValue, Field(gt=0, le=40, description="Serum creatinine, mg/dL (or µmol/L)")
]
TemperatureC = Annotated[
    TemperatureValue, Field(ge=10, le=47, description="Body temperature, °C (or °F)")
]
Sodium = Annotated[SodiumValue, Field(ge=80, le=220, description="Serum sodium, mmol/L")]
Chloride = Annotated[ElectrolyteValue, Field(ge=40, le=180, description="Serum chloride, mmol/L")]
Bicarbonate = Annotated[
    ElectrolyteValue, Field(ge=0, le=70, description="Serum bicarbonate, mmol/L")
]
Albumin = Annotated[AlbuminValue, Field(gt=0, le=10, description="Serum albumin, g/dL (or g/L)")]
Glucose = Annotated[
    GlucoseValue, Field(gt=0, le=5000, description="Blood glucose, mg/dL (or mmol/L)")
]
Bun = Annotated[
    UreaValue, Field(ge=0, le=400, description="Blood urea nitrogen, mg/dL (or urea mmol/L)")
]
Bilirubin = Annotated[
    BilirubinValue, Field(ge=0, le=80, description="Total bilirubin, mg/dL (or µmol/L)")
]
HeartRate = Annotated[float, Field(ge=0, le=350, description="Heart rate, beats/min")]
SystolicBp = Annotated[float, Field(ge=0, le=350, description="Systolic blood pressure, mmHg")]
DiastolicBp = Annotated[float, Field(ge=0, le=250, description="Diastolic blood pressure, mmHg")]
RespiratoryRate = Annotated[float, Field(ge=0, le=120, description="Respiratory rate, /min")]
