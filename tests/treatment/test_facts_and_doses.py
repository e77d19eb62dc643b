"""Criteria on the patient's data (unknown is never false) and per-kg doses with their caps."""

from __future__ import annotations

import pytest

from consilium.core.case import Case
from consilium.core.report import ScoreResult
from consilium.tools.treatment.dosing import dose_for, dosing_for
from consilium.tools.treatment.facts import conditions_for, evaluate, patient_facts
from consilium.tools.treatment.models import Criterion, Dosing, Option, PerKg

HYPOPERFUSION = Criterion(any=["sbp < 90", "map < 65", "lactate >= 4"], text="hypoperfusion")


def case(**fields: object) -> Case:
    return Case.model_validate({"id": "t", "patient": {"age": 67, "sex": "female"}, **fields})


def test_sepsis_criterion_met_by_hypotension_or_lactate() -> None:
    low_bp = patient_facts(case(vitals={"systolic_bp": 84, "diastolic_bp": 48}), [])
    lactate = patient_facts(case(vitals={"systolic_bp": 124, "diastolic_bp": 80},
                                 labs=[{"name": "lactate", "value": 4.6, "unit": "mmol/L"}]), [])
    assert evaluate(HYPOPERFUSION, low_bp) is True and evaluate(HYPOPERFUSION, lactate) is True


def test_a_criterion_it_cannot_measure_is_unknown_not_false() -> None:
    normal_bp_no_lactate = patient_facts(case(vitals={"systolic_bp": 124, "diastolic_bp": 80}), [])
    assert evaluate(HYPOPERFUSION, normal_bp_no_lactate) is None
    assert conditions_for(HYPOPERFUSION, normal_bp_no_lactate) == ["hypoperfusion (not measured)"]
    measured = patient_facts(case(vitals={"systolic_bp": 124, "diastolic_bp": 80},
                                  labs=[{"name": "lactate", "value": 1.1, "unit": "mmol/L"}]), [])
    assert evaluate(HYPOPERFUSION, measured) is False
    assert conditions_for(HYPOPERFUSION, measured) is None  # not indicated: left out


def test_lactate_in_mg_dl_and_potassium_in_meq() -> None:
    facts = patient_facts(case(labs=[{"name": "lactate", "value": 36, "unit": "mg/dL"},
                                     {"name": "K", "value": 3.1, "unit": "mEq/L"}]), [])
    assert facts.get("lactate") == pytest.approx(4.0, abs=0.01)
    assert facts.get("potassium") == 3.1


def test_curb65_with_urea_and_crb65_without() -> None:
    """CURB-65 (Lim et al., Thorax 2003): 76 y, urea 9.8 mmol/L, RR 31 -> 3; NICE CG191 bands."""
    vitals = {"respiratory_rate": 31, "systolic_bp": 118, "diastolic_bp": 72,
              "consciousness": "alert"}
    with_urea = Case.model_validate({"id": "t", "patient": {"age": 76}, "vitals": vitals,
                                     "labs": [{"name": "urea", "value": 27.5, "unit": "mg/dL"}]})
    facts = patient_facts(with_urea, [])
    assert (facts.get("curb65"), facts.get("pneumonia_severity")) == (3, 3)
    without = patient_facts(with_urea.model_copy(update={"labs": []}), [])
    assert without.get("curb65") is None
    assert (without.get("crb65"), without.get("pneumonia_severity")) == (2, 2)


def test_findings_and_derived_scores_are_facts() -> None:
    facts = patient_facts(case(), [ScoreResult(name="eGFR", id="ckd_epi_2021", value=24,
                                               source="s")], present=["wheeze"],
                          absent=["fever"])
    assert facts.get("egfr") == 24
    assert evaluate(Criterion(any=["finding:wheeze"], text="w"), facts) is True
    assert evaluate(Criterion(any=["finding:fever"], text="f"), facts) is False
    assert evaluate(Criterion(any=["finding:rash"], text="r"), facts) is None


AMOXICILLIN = Option(drug="amoxicillin", line="first", passage="acute-otitis-media#antibiotics-1",
                     dosing=[Dosing(ages=(0.5, 12), per_kg=PerKg(amount=45, unit="mg", max=2000),
                                    route="oral", frequency="twice daily", source="AAP 2013")])


def test_per_kg_dose_from_the_childs_weight() -> None:
    """AAP 2013: 80-90 mg/kg a day in two doses -> 45 mg/kg x 12 kg = 540 mg."""
    dose = dose_for(dosing_for(AMOXICILLIN, 1.7), 12)  # type: ignore[arg-type]
    assert dose.dose == "540 mg" and dose.basis == "45 mg/kg x 12 kg, max 2000 mg"


def test_the_cap_holds_for_a_heavy_child() -> None:
    dose = dose_for(dosing_for(AMOXICILLIN, 11), 55)  # type: ignore[arg-type]
    assert dose.dose == "2000 mg" and "capped at 2000 mg" in (dose.basis or "")


def test_no_weight_no_dose_and_it_says_so() -> None:
    dose = dose_for(dosing_for(AMOXICILLIN, 1.7), None)  # type: ignore[arg-type]
    assert dose.dose is None and dose.missing == ("weigh the patient: the dose is 45 mg/kg, "
                                                  "max 2000 mg")


def test_no_band_for_the_age_means_no_dose_never_the_adult_one() -> None:
    assert dosing_for(AMOXICILLIN, 30) is None and dosing_for(AMOXICILLIN, 0.2) is None
