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

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from consilium.core.case import Case, Medication
from consilium.core.report import (
    CareStep,
    DiagnosisCandidate,
    Indication,
    MedicationPlanItem,
    SafetyFinding,
    ScoreResult,
)
from consilium.reasoning.diseases import condition_named
from consilium.tools.medication.lexicon import resolve_drug
from consilium.tools.treatment.dosing import amount_per_kg, dose_for, dosing_for
from consilium.tools.treatment.facts import Facts, conditions_for, evaluate, patient_facts
from consilium.tools.treatment.models import Option, Regimen, Slot
from consilium.tools.treatment.regimens import RegimenBook, generic, regimen_book

# A candidate drug, the other new drugs of the plan -> the review's findings about the candidate.
Screen = Callable[[Medication, list[Medication]], list[SafetyFinding]]
ACTIVE = ("start", "start_if", "continue", "adjust")


@dataclass
class PlanRequest:
    case: Case  # as intake normalised it
    derived: list[ScoreResult]
    differential: list[DiagnosisCandidate]
    plan: list[MedicationPlanItem]  # the pharmacist's review of current and proposed drugs
    present: list[str] = field(default_factory=list)  # concept ids of present findings
    absent: list[str] = field(default_factory=list)  # ... and of findings asserted absent

    @property
    def unresolved(self) -> list[str]:
        """Current and proposed drugs the lexicon does not know (their interactions with any
        new drug are unchecked)."""
        lines = [*self.case.medications, *self.case.proposed_medications]
        return [m.name for m in lines if resolve_drug(m.name) is None]


class TreatmentPlan(BaseModel):
    """What the planner adds: drug items, care steps, what it passed over and why, and the
    guideline passages it relied on; `replaces` maps an avoided proposal to its replacement."""

    items: list[MedicationPlanItem] = Field(default_factory=list)
    steps: list[CareStep] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    passages: list[str] = Field(default_factory=list)
    replaces: dict[str, str] = Field(default_factory=dict)
    findings: list[SafetyFinding] = Field(
        default_factory=list, description="The review's findings about the drugs added.")


@dataclass(frozen=True)
class Match:
    regimen: Regimen
    candidate: DiagnosisCandidate
    treat: bool  # at or above the regimen's threshold (else: work-up only)
    conditions: list[str]  # a severity variant chosen on data that was not measured

    @property
    def indication(self) -> Indication:
        return Indication(diagnosis=self.candidate.diagnosis,
                          probability=self.candidate.probability, basis="differential",
                          source=self.regimen.ref)


def condition_id(candidate: DiagnosisCandidate) -> str | None:
    """The disease-model id behind a candidate: from its source, else by name or synonym."""
    if candidate.source and "#" in candidate.source:
        return candidate.source.rpartition("#")[2]
    condition = condition_named(candidate.diagnosis)
    return condition.id if condition else None


def _variants(regimens: list[Regimen], facts: Facts) -> list[tuple[Regimen, list[str]]]:
    """Regimens without a severity all apply; of the severity variants (most severe first),
    the first that is met, else the first not measured (conditional on its severity)."""
    chosen = [(r, []) for r in regimens if r.severity is None]
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


class _Builder:
    def __init__(self, request: PlanRequest, facts: Facts, screen: Screen) -> None:
        self.request, self.facts, self.screen = request, facts, screen
        self.out = TreatmentPlan()
        self.new: list[Medication] = []
        self.given = {generic(i.drug): i for i in request.plan if i.action in ACTIVE}
        self.unresolved = [f"identify '{name}' first: the lexicon does not know it, so its "
                           "interactions with this drug are unchecked"
                           for name in request.unresolved]

    def steps(self, match: Match) -> None:
        seen = {(s.kind, s.step) for s in self.out.steps}
        for step in match.regimen.steps:
            if (not match.treat and not step.work_up) or (step.kind, step.step) in seen:
                continue
            conditions = conditions_for(step.when, self.facts)
            if conditions is None:
                continue
            conditions = [*conditions, *step.preconditions]
            amount, basis = step.amount, None
            if step.per_kg:
                amount, basis = amount_per_kg(step.per_kg, self.request.case.patient.weight_kg)
                if amount is None:
                    conditions = [*conditions, f"weigh the patient: {basis}"]
            self.out.steps.append(CareStep(
                kind=step.kind, step=step.step, amount=amount, amount_basis=basis,
                timing=step.timing, conditions=[*match.conditions, *conditions],
                indication=match.indication, source=f"{match.regimen.ref} ({step.passage})"))
            self.out.passages.append(step.passage)
            seen.add((step.kind, step.step))

    def slot(self, match: Match, slot: Slot, action: str | None = None,
             indication: Indication | None = None, exclude: str | None = None) -> None:
        regimen = match.regimen
        if {generic(d) for d in slot.skip_if_chosen} & {generic(m.name) for m in self.new}:
            return
        slot_conditions = conditions_for(slot.when, self.facts)
        if slot_conditions is None:
            self.out.notes.append(f"{regimen.title}: {slot.name} not indicated "
                                  f"({slot.when.text if slot.when else ''} not met).")
            return
        names = {generic(o.drug) for o in slot.options}
        already = [n for n in names if n in self.given or n in {generic(m.name) for m in self.new}]
        if already and exclude is None:
            self.out.notes.append(f"{regimen.title}: {slot.name} already in the plan "
                                  f"({', '.join(already)}).")
            return
        screened_out: list[str] = []
        for option in slot.options:
            if exclude and generic(option.drug) == exclude:
                continue
            reason = self._try(match, slot, option, slot_conditions, action, indication)
            if reason is None:
                return
            screened_out.append(reason)
        self.out.notes.append(f"{regimen.title}: every option for {slot.name} is unsafe or "
                              f"unsuitable here ({'; '.join(screened_out)}); left to the "
                              "clinician.")

    def _try(self, match: Match, slot: Slot, option: Option, slot_conditions: list[str],
             action: str | None, indication: Indication | None) -> str | None:
        """Add the option when it is safe (None), else say why it was passed over."""
        patient = self.request.case.patient
        option_conditions = conditions_for(option.when, self.facts)
        if option_conditions is None:
            return f"{option.drug} (not indicated: {option.when.text if option.when else ''})"
        dosing = dosing_for(option, patient.age)
        if dosing is None:
            return f"{option.drug} (no dose for age {patient.age:g} y in the regimen)"
        dose = dose_for(dosing, patient.weight_kg)
        medication = Medication(name=option.drug, dose=dose.dose, route=dosing.route,
                                frequency=dosing.frequency)
        findings = self.screen(medication, list(self.new))
        blocking = [f for f in findings if f.is_serious or (
            f.kind == "dose_range" and f.severity != "minor")]
        if blocking:
            return f"{option.drug} ({blocking[0].kind}: {blocking[0].severity})"
        unchecked = [f"a pharmacist confirms the dose: {f.message}" for f in findings
                     if f.kind == "unrecognized_input"]
        conditions = [*match.conditions, *slot_conditions, *option_conditions,
                      *slot.preconditions, *option.preconditions, *([dose.missing] if dose.missing else []),
                      *unchecked, *self.unresolved]
        chosen = action or ("consider" if slot.action == "consider"
                            else "start_if" if conditions else "start")
        warnings = [f"{f.kind} {f.severity}: {f.message}" for f in findings if f.rank >= 2
                    and f.kind != "unrecognized_input"]
        rationale = f"{option.line}-line {slot.name} for {match.candidate.diagnosis} " \
                    f"({match.regimen.title}) [{option.passage}]"
        rationale += f"; {option.note}" if option.note else ""
        rationale += f"; note: {' '.join(warnings)}" if warnings else ""
        self.out.items.append(MedicationPlanItem(
            drug=option.drug, dose=dose.dose, route=dosing.route, frequency=dosing.frequency,
            duration=dosing.duration, dose_basis=dose.basis, action=chosen,  # type: ignore[arg-type]
            conditions=list(dict.fromkeys(conditions)), timing=slot.timing,
            indication=indication or match.indication, rationale=rationale,
            source=f"{match.regimen.ref} ({option.passage}; dose: {dosing.source})"))
        self.out.passages.append(option.passage)
        self.out.findings.extend(f for f in findings if f.kind != "unrecognized_input")
        self.new.append(medication)
        return None


def plan_treatment(request: PlanRequest, screen: Screen,
                   book: RegimenBook | None = None) -> TreatmentPlan:
    """New plan items and care steps for this patient's differential (the current and proposed
    drugs in `request.plan` are the pharmacist's; see `replacements` for avoided ones)."""
    book = book or regimen_book()
    facts = patient_facts(request.case, request.derived, request.present, request.absent)
    matches = find_matches(request, facts, book)
    builder = _Builder(request, facts, screen)
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
    builder = _Builder(request, facts, screen)
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
