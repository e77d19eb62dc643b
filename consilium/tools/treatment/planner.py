"""The treatment plan for one patient: regimens for the differential, screened option by option.

Rules (each from the regimen book's data and its policy):
- a regimen applies to a diagnosis of the differential at or above its threshold (the policy's
  treatment threshold, or a lower one only for regimens whose guideline treats on suspicion:
  sepsis, meningitis, anaphylaxis, suspected ACS); below it, a must-not-miss diagnosis at the
  work-up threshold gets the regimen's tests, imaging and procedures, never its drugs;
- each slot is filled by the first option that the medication review does not screen out
  (contraindicated or major findings, a dose out of range), in the regimen's order;
- an item is `start` only when nothing is left to confirm: a precondition, a criterion that was
  not measured, a missing weight, a dose the checks could not read, or a current drug the
  lexicon could not identify each make it `start_if`, with the reason in `conditions`;
- every item names its indication: the diagnosis and its probability.
"""

from __future__ import annotations

from consilium.tools.treatment.facts import Facts, evaluate, patient_facts
from consilium.tools.treatment.models import Regimen, Slot
from consilium.tools.treatment.regimens import RegimenBook, generic, regimen_book
from consilium.tools.treatment.request import (
    Match,
    PlanRequest,
    Screen,
    TreatmentPlan,
    condition_id,
)
from consilium.tools.treatment.slots import SlotFiller


def _variants(regimens: list[Regimen], facts: Facts) -> list[tuple[Regimen, list[str]]]:
    """Regimens without a severity all apply; of the severity variants (most severe first),
    the first that is met, else the first not measured (conditional on its severity)."""
    chosen: list[tuple[Regimen, list[str]]] = [(r, []) for r in regimens if r.severity is None]
    graded = [(r, evaluate(r.severity, facts)) for r in regimens if r.severity is not None]
    met = next((r for r, truth in graded if truth is True), None)
    unknown = next((r for r, truth in graded if truth is None), None)
    if met is not None:
        chosen.append((met, []))
    elif unknown is not None and unknown.severity is not None:
        chosen.append((unknown, [f"{unknown.severity.text} (not measured)"]))
    return chosen


def find_matches(request: PlanRequest, facts: Facts, book: RegimenBook) -> list[Match]:
    patient = request.case.patient
    matches: list[Match] = []
    for candidate in sorted(request.differential, key=lambda c: -c.probability):
        cid = condition_id(candidate)
        regimens = [r for r in book.for_condition(cid or "")
                    if r.population.includes(patient.age, patient.pregnant, patient.sex)]
        for regimen, conditions in _variants(regimens, facts):
            treat = candidate.probability >= book.threshold(regimen)
            work_up = candidate.must_not_miss and (
                candidate.probability >= book.policy.work_up_threshold.value)
            if treat or work_up:
                matches.append(Match(regimen, candidate, treat, conditions))
    return matches


def plan_treatment(request: PlanRequest, screen: Screen,
                   book: RegimenBook | None = None) -> TreatmentPlan:
    """New plan items and care steps for this patient's differential (the current and proposed
    drugs in `request.plan` are the pharmacist's; see `replacements` for avoided ones)."""
    book = book or regimen_book()
    facts = patient_facts(request.case, request.derived, request.present, request.absent)
    matches = find_matches(request, facts, book)
    builder = SlotFiller(request, facts, screen)
    treated = [m for m in matches if m.treat]
    for match in matches:
        builder.steps(match)
        if not match.treat:
            builder.out.notes.append(
                f"{match.candidate.diagnosis} ({match.candidate.probability:.0%}): work-up only, "
                f"below the {book.threshold(match.regimen):.0%} treatment threshold.")
            continue
        for slot in match.regimen.slots:
            others = {s.role for m in treated if m is not match for s in m.regimen.slots
                      if s.role and not s.yields_to_source}
            if slot.yields_to_source and slot.role in others:
                builder.out.notes.append(f"{match.regimen.title}: {slot.name} comes from the "
                                         "source-specific regimen.")
                continue
            builder.slot(match, slot)
    return builder.out


def replacements(request: PlanRequest, screen: Screen,
                 book: RegimenBook | None = None) -> TreatmentPlan:
    """For each proposed drug the review avoided: the same regimen slot's first safe option, as
    `consider`, for the diagnosis the proposal most likely treats."""
    book = book or regimen_book()
    facts = patient_facts(request.case, request.derived, request.present, request.absent)
    builder = SlotFiller(request, facts, screen)
    proposed = {generic(m.name) for m in request.case.proposed_medications}
    for item in request.plan:
        avoided = generic(item.drug)
        if item.action != "avoid" or avoided not in proposed:
            continue
        link = intended_use(request, facts, book, item.drug)
        if link is None:
            continue
        match, slot = link
        indication = match.indication.model_copy(update={"basis": "proposed"})
        before = len(builder.out.items)
        builder.slot(match, slot, action="consider", indication=indication, exclude=avoided)
        for added in builder.out.items[before:]:
            added.rationale = f"instead of {item.drug} (avoided); {added.rationale}"
            builder.out.replaces[item.drug] = added.drug
    return builder.out


def intended_use(request: PlanRequest, facts: Facts, book: RegimenBook,
                 drug: str) -> tuple[Match, Slot] | None:
    """The most probable diagnosis of the differential with a regimen slot listing `drug`
    (a severity variant chosen as for the plan itself)."""
    name, patient = generic(drug), request.case.patient
    for candidate in sorted(request.differential, key=lambda c: -c.probability):
        regimens = [r for r in book.for_condition(condition_id(candidate) or "")
                    if r.population.includes(patient.age, patient.pregnant, patient.sex)]
        for regimen, conditions in _variants(regimens, facts):
            for slot in regimen.slots:
                if any(generic(o.drug) == name for o in slot.options):
                    return Match(regimen, candidate, True, conditions), slot
    return None
