"""The plan's invariants, as the safety gate checks them on any draft (knowledge or LLM):

- every item names its indication;
- a drug started for a diagnosis of the differential is above its regimen's threshold;
- no `start` of a drug whose regimen has a precondition (it is `start_if` until confirmed);
- no adult dose in a child's plan: a regimen drug for a child carries the dose of the child's
  age band, computed from the child's weight.
"""

from __future__ import annotations

from consilium.core.case import Case
from consilium.core.report import DiagnosisCandidate, MedicationPlanItem, SafetyFinding
from consilium.tools.treatment.dosing import dose_for, dosing_for
from consilium.tools.treatment.models import Option, Regimen, Slot
from consilium.tools.treatment.planner import condition_id
from consilium.tools.treatment.regimens import RegimenBook, option_for, regimen_book

ADULT_AGE = 18.0  # BNF for Children covers birth to 18 years
NEW = ("start", "start_if", "consider")
SOURCE = "critic: treatment plan rule (regimen book)"


def _finding(item: MedicationPlanItem, message: str) -> SafetyFinding:
    return SafetyFinding(kind="treatment_plan", severity="major", items=[item.drug],
                         message=message, source=SOURCE)


def _regimen_options(item: MedicationPlanItem, differential: list[DiagnosisCandidate],
                     book: RegimenBook) -> list[tuple[Regimen, Slot, Option]]:
    """The regimen rows behind an item: its indication's regimen, else the regimens of the
    differential's conditions that list the drug."""
    linked = book.by_ref(item.indication.source) if item.indication and \
        item.indication.source else None
    regimens = [linked] if linked else [
        r for c in differential for r in book.for_condition(condition_id(c) or "")]
    rows = []
    for regimen in regimens:
        for slot in regimen.slots:
            option = option_for(slot, item.drug)
            if option is not None:
                rows.append((regimen, slot, option))
    return rows


def _child_dose_problem(item: MedicationPlanItem, option: Option, regimen: Regimen,
                        case: Case) -> str | None:
    dosing = dosing_for(option, case.patient.age)
    if dosing is None:
        return f"{regimen.id} has no dose for this age"
    expected = dose_for(dosing, case.patient.weight_kg)
    if expected.dose is None:
        return f"no weight recorded, so the dose cannot be checked ({expected.missing})"
    if expected.dose != item.dose:
        return f"the regimen's dose for this age and weight is {expected.dose}"
    return None


def audit_plan(plan: list[MedicationPlanItem], case: Case,
               differential: list[DiagnosisCandidate],
               book: RegimenBook | None = None) -> list[SafetyFinding]:
    book = book or regimen_book()
    patient = case.patient
    findings: list[SafetyFinding] = []
    for item in plan:
        if item.indication is None:
            findings.append(_finding(item, f"{item.action} {item.drug}: no indication given"))
            continue
        if item.action not in NEW:
            continue
        for regimen, slot, option in _regimen_options(item, differential, book):
            threshold = book.threshold(regimen)
            probability = item.indication.probability
            if item.indication.basis == "differential" and probability is not None and (
                    probability < threshold):
                findings.append(_finding(item, f"{item.drug} for {item.indication.diagnosis} "
                                         f"at {probability:.0%}: below the {threshold:.0%} "
                                         f"threshold of {regimen.id}"))
            if item.action == "start" and (slot.preconditions or option.preconditions):
                findings.append(_finding(item, f"start {item.drug}: {regimen.id} gives it only "
                                         "after: " + "; ".join(
                                             [*slot.preconditions, *option.preconditions])))
            if patient.age < ADULT_AGE and item.dose is not None:
                problem = _child_dose_problem(item, option, regimen, case)
                if problem:
                    findings.append(_finding(item, f"{item.drug} {item.dose} in a child of "
                                             f"{patient.age:g} y: {problem}"))
    return findings
