"""The regimen book as data: every row grounded in a real guideline passage and a dose source,
for a condition the disease model knows; every dose passes the medication review's checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from consilium.core.case import Medication
from consilium.core.knowledge import KnowledgeError
from consilium.reasoning.diseases import default_conditions
from consilium.tools.guidelines import resolve_passage
from consilium.tools.medication import MedicationReviewInput, review_medications
from consilium.tools.treatment import load_book, regimen_book
from consilium.tools.treatment.dosing import dose_for
from consilium.tools.treatment.models import Dosing, Option, Regimen

BOOK = regimen_book()
OPTIONS = [(r, o) for r in BOOK.regimens for s in r.slots for o in s.options]


def _id(value: object) -> str:
    if isinstance(value, tuple):
        regimen, option = value[0], value[1]
        return f"{regimen.id}:{option.drug}"
    return str(value)


def test_every_condition_treated_is_in_the_disease_model() -> None:
    known = {c.id for c in default_conditions()}
    assert {c for r in BOOK.regimens for c in r.treats} <= known


@pytest.mark.parametrize("regimen", BOOK.regimens, ids=lambda r: r.id)
def test_every_passage_resolves_in_the_shipped_corpus(regimen: Regimen) -> None:
    passages = [s.passage for s in regimen.steps] + [
        o.passage for slot in regimen.slots for o in slot.options]
    assert [p for p in passages if resolve_passage(p) is None] == []
    assert regimen.source


def test_thresholds_below_the_policy_are_empirical_and_sourced() -> None:
    policy = BOOK.policy.treatment_threshold.value
    low = [r for r in BOOK.regimens if r.threshold and r.threshold.value < policy]
    assert {r.id for r in low} >= {"sepsis-first-hour", "bacterial-meningitis-adult",
                                   "anaphylaxis-emergency", "acs-initial"}
    assert all(r.empirical and r.threshold and len(r.threshold.source) > 40 for r in low)


def _weight(age: float) -> float:
    """A typical weight for the age (APLS: 0.5 x months + 4 under 1 year, 2 x (age + 4) at
    1-10 years), 70 kg for adults: a fixture to exercise per-kg doses and their caps."""
    if age < 1:
        return 0.5 * age * 12 + 4
    return 2 * (age + 4) if age < 11 else 70.0


def _age(dosing: Dosing) -> float:
    low, high = dosing.ages
    return min((low + high) / 2, low + 30)


@pytest.mark.parametrize(("regimen", "option"), OPTIONS, ids=_id)
def test_every_dose_passes_the_medication_reviews_dose_checks(regimen: Regimen,
                                                              option: Option) -> None:
    for dosing in option.dosing:
        age = _age(dosing)
        dose = dose_for(dosing, _weight(age))
        assert dose.dose and dose.missing is None
        medication = Medication(name=option.drug, dose=dose.dose, route=dosing.route,
                                frequency=dosing.frequency)
        review = review_medications(MedicationReviewInput(
            proposed=[medication], age_years=age, weight_kg=_weight(age), egfr=90, crcl=90))
        problems = [f for f in review.findings if f.kind in ("dose_range", "unrecognized_input")]
        assert problems == [], (dosing, problems)


def test_each_paediatric_band_is_per_kg_or_an_age_band_dose_with_a_source() -> None:
    for _, option in OPTIONS:
        for dosing in option.dosing:
            assert dosing.source
            if dosing.ages[1] <= 18 and dosing.per_kg is not None:
                assert dosing.per_kg.max or option.drug in ("ceftriaxone", "ampicillin",
                                                            "gentamicin"), option.drug


def test_a_bad_row_is_named_with_its_file_and_id(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text(
        "source_notes: x\npolicy: {treatment_threshold: {value: 0.3, source: s}, "
        "work_up_threshold: {value: 0.02, source: s}}\n")
    (tmp_path / "bad.yaml").write_text(
        "source_notes: x\nregimens:\n  - {id: oops, title: t, treats: [sepsis], source: s, "
        "slots: [{name: n, options: [{drug: x, line: first, passage: 'a#b', dosing: "
        "[{ages: [0, 200], dose: '1 mg', route: oral, frequency: daily, source: s}], "
        "colour: red}]}]}\n")
    with pytest.raises(KnowledgeError, match=r"bad.yaml: regimens\[0\] \(id 'oops'\).*unknown"):
        load_book(tmp_path)


def test_a_low_threshold_needs_an_empirical_regimen(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text(
        "source_notes: x\npolicy: {treatment_threshold: {value: 0.3, source: s}, "
        "work_up_threshold: {value: 0.02, source: s}}\nregimens:\n"
        "  - {id: eager, title: t, treats: [common_cold], source: s, "
        "threshold: {value: 0.05, source: s}}\n")
    with pytest.raises(KnowledgeError, match="only for empirical regimens"):
        load_book(tmp_path)


def test_a_criterion_on_an_unknown_fact_is_rejected() -> None:
    with pytest.raises(ValueError, match="expected 'FACT OP NUMBER'"):
        Regimen.model_validate({"id": "x", "title": "t", "treats": ["sepsis"], "source": "s",
                                "severity": {"any": ["mood > 3"], "text": "t"}})
