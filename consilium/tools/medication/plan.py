"""A medication plan as the safety checks read it: the request for one patient, and the drugs
a plan will actually give (what the pharmacist drafts and the critic re-checks)."""

from __future__ import annotations

from consilium.core.case import Case, Medication
from consilium.core.report import MedicationPlanItem, ScoreResult
from consilium.tools.medication.models import MedicationReviewInput

# Items a plan may give: a conditional (`start_if`) or suggested (`consider`) drug is checked as
# if it were started, since the clinician may give it.
ACTIVE_ACTIONS = ("start", "start_if", "consider", "continue", "adjust")


def review_request(
    case: Case, derived: list[ScoreResult], current: list[Medication], proposed: list[Medication]
) -> MedicationReviewInput:
    """The medication review of `current` and `proposed` drugs for this patient (eGFR and CrCl
    from the derived scores)."""
    values = {score.id: score.value for score in derived}
    return MedicationReviewInput(
        current=current,
        proposed=proposed,
        allergies=case.allergies,
        age_years=case.patient.age,
        sex=case.patient.sex,
        pregnant=case.patient.pregnant,
        gestation_weeks=case.patient.gestation_weeks,
        breastfeeding=case.patient.breastfeeding,
        weight_kg=case.patient.weight_kg,
        egfr=values.get("ckd_epi_2021"),
        crcl=values.get("cockcroft_gault"),
        conditions=case.past_medical_history,
    )


def as_medication(item: MedicationPlanItem) -> Medication:
    return Medication(name=item.drug, dose=item.dose, route=item.route, frequency=item.frequency)


def active_medications(plan: list[MedicationPlanItem]) -> list[MedicationPlanItem]:
    """Plan items that will be given: what the critic re-checks."""
    return [item for item in plan if item.action in ACTIVE_ACTIONS]
