"""Every plan item names what it is for.

A drug the patient already takes keeps its prescriber's indication ("as already prescribed");
a drug the clinician proposes is linked to the most probable diagnosis of the differential
whose regimen lists it, else it is "as proposed by the clinician". A proposal the regimen
gives only after a precondition is `start_if` with that precondition, like the plan's own
items. Nothing is given an indication the data cannot back (the wave-1 plan started
enoxaparin "for chronic kidney disease" because one guideline mentioned both).
"""

from __future__ import annotations

from consilium.core.report import Indication, MedicationPlanItem
from consilium.tools.treatment.facts import patient_facts
from consilium.tools.treatment.planner import PlanRequest, intended_use
from consilium.tools.treatment.regimens import RegimenBook, generic, option_for, regimen_book

CURRENT = "as already prescribed"
PROPOSED = "as proposed by the clinician"


def with_indications(request: PlanRequest,
                     book: RegimenBook | None = None) -> list[MedicationPlanItem]:
    """The pharmacist's plan (`request.plan`) with an indication on every item that lacks one
    and is a current or proposed drug of the case; anything else is left for the gate."""
    book = book or regimen_book()
    facts = patient_facts(request.case, request.derived, request.present, request.absent)
    current = {generic(m.name) for m in request.case.medications}
    proposed = {generic(m.name) for m in request.case.proposed_medications}
    out: list[MedicationPlanItem] = []
    for item in request.plan:
        name = generic(item.drug)
        indication = item.indication
        if indication is None and name in current:
            indication = Indication(diagnosis=CURRENT, basis="current")
        elif indication is None and name in proposed:
            link = intended_use(request, facts, book, item.drug)
            indication = (
                link[0].indication.model_copy(update={"basis": "proposed"}) if link
                else Indication(diagnosis=PROPOSED, basis="proposed"))
            option = option_for(link[1], item.drug) if link else None
            preconditions = [*link[1].preconditions, *option.preconditions] if link and \
                option else []
            if item.action == "start" and preconditions:
                item = item.model_copy(update={"action": "start_if", "conditions": [
                    *item.conditions, *preconditions]})
        out.append(item.model_copy(update={"indication": indication}))
    return out
