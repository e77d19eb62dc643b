"""Unit conversion is explicit and refuses what it does not know."""

from __future__ import annotations

import pytest

from consilium.core.units import UnitError, split_quantity, to_canonical


@pytest.mark.parametrize(
    ("quantity", "value", "unit", "expected"),
    [
        ("creatinine", 88.42, "µmol/L", 1.0),
        ("creatinine", 176.8, "umol/L", 2.0),
        ("weight", 154, "lb", 69.85),
        ("height", 68, "in", 172.72),
        ("temperature", 102.2, "F", 39.0),
        ("glucose", 5.5, "mmol/L", 99.09),
    ],
)
def test_common_clinical_conversions(
    quantity: str, value: float, unit: str, expected: float
) -> None:
    converted, basis = to_canonical(quantity, value, unit)
    assert converted == pytest.approx(expected, abs=0.01)
    assert basis  # every conversion states its basis


def test_canonical_unit_needs_no_conversion() -> None:
    assert to_canonical("creatinine", 1.2, "mg/dL") == (1.2, None)


def test_unknown_and_mismatched_units_raise() -> None:
    with pytest.raises(UnitError, match="not recognised"):
        to_canonical("weight", 10, "stone-ish")
    with pytest.raises(UnitError, match="does not fit weight"):
        to_canonical("weight", 10, "cm")


def test_split_quantity() -> None:
    assert split_quantity("135 lb") == (135.0, "lb")
    assert split_quantity("38.4") == (38.4, None)
    with pytest.raises(ValueError, match="not a number"):
        split_quantity("heavy")
