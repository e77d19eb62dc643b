"""Pregnancy dating: due date, conception date, gestational age."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from consilium.tools.calculators.base import CalculatorInput, Computed, calculator

# Naegele's rule: 280 days from the last menstrual period for a 28-day cycle; the due date
# moves with the cycle length, because ovulation falls about 14 days before the next period.
PREGNANCY_DAYS = 280
STANDARD_CYCLE_DAYS = 28
LUTEAL_PHASE_DAYS = 14

Lmp = Field(description="First day of the last menstrual period (ISO date)")
CycleDays = Field(default=28, ge=20, le=45, description="Average menstrual cycle length, days")


class DueDateInput(CalculatorInput):
    last_menstrual_period: dt.date = Lmp
    cycle_length_days: int = CycleDays


@calculator(
    "due_date",
    "Estimated due date (Naegele)",
    category="obstetric",
    unit="date",
    decimals=None,
    source="Naegele's rule (Naegele FC 1812), cycle-length adjustment as in ACOG Committee "
    "Opinion 700 (2017)",
    formula="LMP + 280 days + (cycle length − 28) days",
)
def due_date(p: DueDateInput) -> Computed:
    shift = p.cycle_length_days - STANDARD_CYCLE_DAYS
    due = p.last_menstrual_period + dt.timedelta(days=PREGNANCY_DAYS + shift)
    return Computed(due.isoformat())


@calculator(
    "conception_date",
    "Estimated date of conception",
    category="obstetric",
    unit="date",
    decimals=None,
    source="ovulation about 14 days before the next period (ACOG 2017)",
    formula="LMP + (cycle length − 14) days",
)
def conception_date(p: DueDateInput) -> Computed:
    days = p.cycle_length_days - LUTEAL_PHASE_DAYS
    return Computed((p.last_menstrual_period + dt.timedelta(days=days)).isoformat())


class GestationalAgeInput(CalculatorInput):
    last_menstrual_period: dt.date = Lmp
    current_date: dt.date = Field(description="Date of assessment (ISO date)")

    @model_validator(mode="after")
    def _not_before_lmp(self) -> GestationalAgeInput:
        if self.current_date < self.last_menstrual_period:
            raise ValueError("current_date is before last_menstrual_period")
        return self


@calculator(
    "gestational_age",
    "Gestational age from LMP",
    category="obstetric",
    unit="days",
    decimals=None,
    source="ACOG Committee Opinion 700 (2017): dating from the LMP",
    formula="current date − LMP, given as weeks + days",
)
def gestational_age(p: GestationalAgeInput) -> Computed:
    days = (p.current_date - p.last_menstrual_period).days
    weeks, rest = divmod(days, 7)
    return Computed(
        days,
        f"{weeks} weeks {rest} days",
        display=f"{weeks} weeks {rest} days",
        components={"weeks": weeks, "days": rest},
    )
