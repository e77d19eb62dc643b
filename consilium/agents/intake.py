"""Intake: normalise units and derive what the panel needs (age group, BMI, eGFR, CrCl, scores).

Every conversion is recorded with its basis; a unit or value that cannot be used becomes an
`unrecognized_input` finding, so nothing unknown passes silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from consilium.core.case import Case, Lab
from consilium.core.report import SafetyFinding, ScoreResult
from consilium.core.units import CANONICAL, UnitError, split_quantity, to_canonical
from consilium.tools.calculators import CalculatorInputError, run_calculator

# Lab names as written -> the quantity whose unit table converts them.
LAB_QUANTITIES: dict[str, str] = {
    "creatinine": "creatinine", "cr": "creatinine", "scr": "creatinine",
    "serum creatinine": "creatinine",
    "glucose": "glucose", "blood glucose": "glucose", "bg": "glucose",
    "bun": "urea", "urea": "urea", "blood urea nitrogen": "urea",
    "bilirubin": "bilirubin", "total bilirubin": "bilirubin",
    "calcium": "calcium", "albumin": "albumin",
    "hemoglobin": "hemoglobin", "haemoglobin": "hemoglobin",
    "hb": "hemoglobin", "hgb": "hemoglobin",
}

# Age groups used by triage thresholds and dosing (WHO/ICH E11 paediatric age classes).
AGE_GROUPS: tuple[tuple[float, str], ...] = (
    (28 / 365.25, "neonate"),
    (1.0, "infant"),
    (12.0, "child"),
    (18.0, "adolescent"),
    (65.0, "adult"),
    (200.0, "older adult"),
)
AGE_GROUP_SOURCE = "ICH E11 paediatric age classes; older adult >= 65 y (WHO)"


def age_group(age_years: float) -> str:
    return next(label for limit, label in AGE_GROUPS if age_years < limit)


@dataclass
class IntakeResult:
    case: Case
    derived: list[ScoreResult] = field(default_factory=list)
    findings: list[SafetyFinding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def score(self, name: str) -> ScoreResult | None:
        return next((s for s in self.derived if s.name == name), None)


def _unrecognised(item: str, message: str) -> SafetyFinding:
    return SafetyFinding(
        kind="unrecognized_input", severity="moderate", items=[item], message=message,
        source="intake: unit normalisation",
    )


def run_intake(case: Case) -> IntakeResult:
    result = IntakeResult(case=case)
    updates_patient = _normalise_body(case, result)
    vitals_update = _normalise_temperature(case, result)
    labs = [_normalise_lab(lab, result) for lab in case.labs]
    result.case = case.model_copy(
        update={
            "patient": case.patient.model_copy(update=updates_patient),
            "vitals": case.vitals.model_copy(update=vitals_update),
            "labs": labs,
        }
    )
    result.derived.append(
        ScoreResult(
            name="age group", id="age_group", value=result.case.patient.age,
            unit="years", interpretation=age_group(result.case.patient.age),
            source=AGE_GROUP_SOURCE,
        )
    )
    _derive_scores(result)
    return result


def _normalise_body(case: Case, result: IntakeResult) -> dict[str, Any]:
    update: dict[str, Any] = {}
    for text_field, quantity, target in (
        ("weight", "weight", "weight_kg"), ("height", "height", "height_cm"),
    ):
        text = getattr(case.patient, text_field)
        if text is None or getattr(case.patient, target) is not None:
            continue
        try:
            value, unit = split_quantity(text)
            converted, basis = to_canonical(quantity, value, unit)
        except (ValueError, UnitError) as exc:
            result.findings.append(_unrecognised(f"patient.{text_field}", f"{text!r}: {exc}"))
            continue
        update[target] = round(converted, 2)
        result.notes.append(
            f"patient.{text_field} {text} -> {converted:.1f} {_canonical(quantity)} "
            f"({basis or 'as given'})"
        )
    return update


def _normalise_temperature(case: Case, result: IntakeResult) -> dict[str, Any]:
    text = case.vitals.temperature
    if text is None or case.vitals.temperature_c is not None:
        return {}
    try:
        value, unit = split_quantity(text)
        celsius, basis = to_canonical("temperature", value, unit)
    except (ValueError, UnitError) as exc:
        result.findings.append(_unrecognised("vitals.temperature", f"{text!r}: {exc}"))
        return {}
    if not 10 <= celsius <= 46:
        result.findings.append(
            _unrecognised("vitals.temperature", f"{text!r} is {celsius:.1f} °C: not plausible")
        )
        return {}
    result.notes.append(f"vitals.temperature {text} -> {celsius:.1f} °C ({basis or 'as given'})")
    return {"temperature_c": round(celsius, 1)}


def _normalise_lab(lab: Lab, result: IntakeResult) -> Lab:
    quantity = LAB_QUANTITIES.get(lab.name.strip().lower())
    value = lab.numeric
    if quantity is None or value is None:
        return lab
    try:
        converted, basis = to_canonical(quantity, value, lab.unit)
    except UnitError as exc:
        result.findings.append(_unrecognised(f"labs.{lab.name}", str(exc)))
        return lab
    if lab.unit is None:
        result.notes.append(f"labs.{lab.name}: no unit given; read as {_canonical(quantity)}")
    if basis is None:
        return lab.model_copy(update={"name": quantity, "unit": _canonical(quantity)})
    result.notes.append(
        f"labs.{lab.name} {value:g} {lab.unit} -> {converted:.3g} {_canonical(quantity)} ({basis})"
    )
    return Lab(name=quantity, value=round(converted, 4), unit=_canonical(quantity))


def _canonical(quantity: str) -> str:
    return CANONICAL[quantity]


def lab_value(case: Case, quantity: str) -> float | None:
    """The value of a normalised lab in its canonical unit; None when absent or unusable
    (a lab whose unit was not recognised is reported by intake and never used)."""
    lab = next(
        (item for item in case.labs
         if item.name == quantity and item.unit in (None, CANONICAL[quantity])),
        None,
    )
    return lab.numeric if lab else None


def _derive_scores(result: IntakeResult) -> None:
    case = result.case
    patient, vitals = case.patient, case.vitals
    creatinine = lab_value(case, "creatinine")
    consciousness = vitals.consciousness or (
        None if vitals.gcs is None else ("alert" if vitals.gcs >= 15 else "confused")
    )
    cockcroft: dict[str, Any] = {"creatinine_mg_dl": creatinine, "age_years": patient.age,
                                 "sex": patient.sex, "weight_kg": patient.weight_kg}
    if patient.height_cm is not None:
        # With height, Cockcroft-Gault picks actual, ideal or adjusted weight by BMI.
        cockcroft["height_cm"] = patient.height_cm
    requests: list[tuple[str, dict[str, Any]]] = [
        ("bmi", {"weight_kg": patient.weight_kg, "height_cm": patient.height_cm}),
        ("ckd_epi_2021", {"creatinine_mg_dl": creatinine, "age_years": patient.age,
                          "sex": patient.sex}),
        ("cockcroft_gault", cockcroft),
        ("shock_index", {"heart_rate": vitals.heart_rate, "systolic_bp": vitals.systolic_bp}),
        ("qsofa", {"respiratory_rate": vitals.respiratory_rate,
                   "systolic_bp": vitals.systolic_bp,
                   "altered_mentation": None if consciousness is None
                   else consciousness != "alert"}),
        ("news2", {"respiratory_rate": vitals.respiratory_rate, "spo2": vitals.spo2,
                   "supplemental_oxygen": bool(vitals.supplemental_oxygen),
                   "systolic_bp": vitals.systolic_bp, "heart_rate": vitals.heart_rate,
                   "consciousness": consciousness, "temperature_c": vitals.temperature_c}),
    ]
    adult_only = {"ckd_epi_2021", "cockcroft_gault", "news2", "qsofa", "bmi"}
    for name, params in requests:
        if name in adult_only and patient.age < 18:
            continue  # these scores are validated in adults only
        if any(value is None for value in params.values()) or params.get("sex") in (
            "unknown", "other"
        ):
            missing = [key for key, value in params.items() if value is None]
            if missing:
                result.notes.append(f"{name}: not computed, missing {', '.join(missing)}")
            else:
                result.notes.append(f"{name}: not computed, sex not recorded as female/male")
            continue
        try:
            score = run_calculator(name, params).to_score()
            result.derived.append(score.model_copy(update={"id": name}))
        except CalculatorInputError as exc:
            result.notes.append(f"{name}: not computed: {exc}")
