from __future__ import annotations

import pytest

from consilium.tools.medication.dosing import parse_dose


@pytest.mark.parametrize(
    ("dose", "frequency", "daily_mg"),
    [
        ("600 mg", "tid", 1800),
        ("1 g", "q6h", 4000),
        ("500 mg", "twice daily", 1000),
        ("250 mcg", "daily", 0.25),
        ("10 mg", "at night", 10),
        ("15 mg", "weekly", 15 / 7),
        ("40 mg", "every 8 hours", 120),
    ],
)
def test_daily_dose(dose: str, frequency: str, daily_mg: float) -> None:
    parsed = parse_dose(dose, frequency)
    assert parsed is not None and parsed.daily_mg == pytest.approx(daily_mg)


def test_weight_based_dose() -> None:
    parsed = parse_dose("1 mg/kg", "twice daily")
    assert parsed is not None and parsed.daily_mg_per_kg == 2 and parsed.daily_mg is None


def test_missing_frequency_gives_no_daily_dose() -> None:
    parsed = parse_dose("5 mg", None)
    assert parsed is not None and parsed.daily_mg is None


def test_no_amount_is_none() -> None:
    assert parse_dose("two tablets", "daily") is None
