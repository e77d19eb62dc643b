"""The patient facts a regimen's criteria test, and the three-valued test itself.

Facts come from the case as intake normalised it (vitals, labs in canonical units, weight),
its derived scores (eGFR, CrCl) and its clinical findings. A fact that was not measured is
absent, and a criterion that needs it is *unknown*, never false: unknown is not safe, so the
item it governs becomes conditional on the criterion rather than dropped or given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from consilium.core.case import Case, Lab
from consilium.core.report import ScoreResult
from consilium.tools.treatment.models import COMPARISON, FINDING, Criterion

# Lab names as cases write them -> the fact, with the units read as mmol/L (mEq/L is the same
# for a monovalent ion) and lactate's mg/dL factor (90.08 g/mol: 1 mmol/L = 9.01 mg/dL).
_MMOL_UNITS = {None, "mmol/l", "meq/l", "mmol"}
_LAB_FACTS: dict[str, tuple[str, ...]] = {
    "lactate": ("lactate", "lactic acid", "serum lactate", "venous lactate", "arterial lactate"),
    "potassium": ("potassium", "k", "k+", "serum potassium"),
    "bicarbonate": ("bicarbonate", "hco3", "hco3-", "bicarb", "serum bicarbonate"),
    "ph": ("ph", "venous ph", "arterial ph"),
}
LACTATE_MG_DL_PER_MMOL = 9.01


@dataclass(frozen=True)
class Facts:
    values: dict[str, float]
    present: frozenset[str] = field(default_factory=frozenset)
    absent: frozenset[str] = field(default_factory=frozenset)

    def get(self, name: str) -> float | None:
        return self.values.get(name)


def _lab(labs: list[Lab], names: tuple[str, ...], fact: str) -> float | None:
    for lab in labs:
        if lab.name.strip().lower() not in names or lab.numeric is None:
            continue
        unit = (lab.unit or "").strip().lower() or None
        if fact == "ph" and unit is None:
            return lab.numeric
        if fact == "lactate" and unit == "mg/dl":
            return lab.numeric / LACTATE_MG_DL_PER_MMOL
        if fact != "ph" and unit in _MMOL_UNITS:
            return lab.numeric
    return None


def _canonical_lab(labs: list[Lab], name: str, unit: str) -> float | None:
    lab = next((item for item in labs if item.name == name and item.unit == unit), None)
    return lab.numeric if lab else None


def _crb65(values: dict[str, float]) -> float | None:
    """CRB-65 (Bauer et al., J Intern Med 2006): CURB-65 without urea, for when urea is not
    measured. None when any of its four parts is unknown."""
    needed = ("confused", "rr", "sbp", "dbp", "age")
    if any(name not in values for name in needed):
        return None
    low_bp = values["sbp"] < 90 or values["dbp"] <= 60
    return float(values["confused"] + (values["rr"] >= 30) + low_bp + (values["age"] >= 65))


def _pneumonia_severity(values: dict[str, float]) -> float:
    """1 low, 2 moderate, 3 high: by CURB-65 (0-1, 2, 3-5) when urea was measured, else by
    CRB-65 (0, 1-2, 3-4), the two bandings of NICE CG191 (pneumonia in adults, 2014)."""
    if "curb65" in values:
        score = values["curb65"]
        return 1.0 if score <= 1 else 2.0 if score == 2 else 3.0
    score = values["crb65"]
    return 1.0 if score == 0 else 2.0 if score <= 2 else 3.0


def patient_facts(case: Case, derived: list[ScoreResult], present: Iterable[str] = (),
                  absent: Iterable[str] = ()) -> Facts:
    """What the criteria may test for this patient (`present` / `absent`: concept ids of the
    clinical findings asserted present or absent; any other finding is unknown)."""
    vitals, patient = case.vitals, case.patient
    values: dict[str, float] = {"age": patient.age}
    readings = {
        "weight_kg": patient.weight_kg, "sbp": vitals.systolic_bp, "dbp": vitals.diastolic_bp,
        "hr": vitals.heart_rate, "rr": vitals.respiratory_rate, "spo2": vitals.spo2,
        "temp_c": vitals.temperature_c, "gcs": vitals.gcs,
        "gestation_weeks": patient.gestation_weeks,
        "glucose_mg_dl": _canonical_lab(case.labs, "glucose", "mg/dL"),
        "urea_mg_dl": _canonical_lab(case.labs, "urea", "mg/dL"),
    }
    readings.update({fact: _lab(case.labs, names, fact) for fact, names in _LAB_FACTS.items()})
    values.update({name: float(value) for name, value in readings.items() if value is not None})
    if "sbp" in values and "dbp" in values:
        values["map"] = (values["sbp"] + 2 * values["dbp"]) / 3
    if vitals.consciousness is not None:
        values["confused"] = float(vitals.consciousness != "alert")
    elif vitals.gcs is not None:
        values["confused"] = float(vitals.gcs < 15)
    scores = {score.id: score.value for score in derived}
    for fact, score_id in (("egfr", "ckd_epi_2021"), ("crcl", "cockcroft_gault")):
        if score_id in scores:
            values[fact] = scores[score_id]
    crb65 = _crb65(values)
    if crb65 is not None:
        values["crb65"] = crb65
        if "urea_mg_dl" in values:  # CURB-65 (Lim et al., Thorax 2003): urea > 7 mmol/L
            values["curb65"] = crb65 + (values["urea_mg_dl"] > 19)
        values["pneumonia_severity"] = _pneumonia_severity(values)
    return Facts(values, frozenset(present), frozenset(absent) - frozenset(present))


Truth = bool | None  # None: unknown (a fact it needs was not measured)


def _test(test: str, facts: Facts) -> Truth:
    finding = FINDING.match(test)
    if finding:
        concept = finding.group(1)
        return True if concept in facts.present else False if concept in facts.absent else None
    match = COMPARISON.match(test)
    assert match is not None  # validated when the regimen was loaded
    name, op, number = match.group(1), match.group(2), float(match.group(3))
    value = facts.get(name)
    if value is None:
        return None
    return {"<": value < number, "<=": value <= number, ">": value > number,
            ">=": value >= number, "==": abs(value - number) < 1e-9}[op]


def evaluate(criterion: Criterion, facts: Facts) -> Truth:
    """Kleene's three-valued logic: `any` is true if one test is, false if all are."""
    results = [_test(test, facts) for test in criterion.any or criterion.all]
    if criterion.any:
        if any(r is True for r in results):
            return True
        return False if all(r is False for r in results) else None
    if any(r is False for r in results):
        return False
    return True if all(r is True for r in results) else None


def conditions_for(criterion: Criterion | None, facts: Facts) -> list[str] | None:
    """What an item governed by `criterion` must wait for: [] when met (or no criterion),
    [text] when unknown, [otherwise] when not met and there is a fallback, None when not met
    (the item is left out)."""
    if criterion is None:
        return []
    truth = evaluate(criterion, facts)
    if truth is True:
        return []
    if truth is None:
        return [f"{criterion.text} (not measured)"]
    return [criterion.otherwise] if criterion.otherwise else None
