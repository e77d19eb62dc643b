"""Filling a regimen's steps and slots for one patient (the planner decides which regimens).

A slot is filled by its first option that the medication review does not screen out; a slot
whose drug the patient already takes adjusts that drug to the regimen's dose instead of
listing it twice; an option is `start` only when nothing is left for the clinician to confirm.
"""

from __future__ import annotations

from consilium.core.case import Medication
from consilium.core.report import (
    CareStep,
    Indication,
    MedicationAction,
    MedicationPlanItem,
    SafetyFinding,
)
from consilium.tools.treatment.dosing import amount_per_kg, dose_for, dosing_for
from consilium.tools.treatment.facts import Facts, conditions_for
from consilium.tools.treatment.models import Option, Slot
from consilium.tools.treatment.regimens import generic, option_for
from consilium.tools.treatment.request import Match, PlanRequest, Screen, TreatmentPlan


class SlotFiller:
    def __init__(self, request: PlanRequest, facts: Facts, screen: Screen) -> None:
        self.request, self.facts, self.screen = request, facts, screen
        self.out = TreatmentPlan()
        self.new: list[Medication] = []
        self.current = {m.name for m in request.case.medications}
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
            conditions = [*match.conditions, *conditions, *step.preconditions]
            amount, basis = step.amount, None
            if step.per_kg:
                amount, basis = amount_per_kg(step.per_kg, self.request.case.patient.weight_kg)
                if amount is None:
                    conditions.append(f"weigh the patient: {basis}")
            self.out.steps.append(CareStep(
                kind=step.kind, step=step.step, amount=amount, amount_basis=basis,
                timing=step.timing, conditions=conditions, indication=match.indication,
                source=f"{match.regimen.ref} ({step.passage})"))
            self.out.passages.append(step.passage)
            seen.add((step.kind, step.step))

    def slot(self, match: Match, slot: Slot, action: MedicationAction | None = None,
             indication: Indication | None = None, exclude: str | None = None) -> None:
        title = match.regimen.title
        new = {generic(m.name) for m in self.new}
        if {generic(d) for d in slot.skip_if_chosen} & new:
            return
        slot_conditions = conditions_for(slot.when, self.facts)
        if slot_conditions is None:
            text = slot.when.text if slot.when else ""
            self.out.notes.append(f"{title}: {slot.name} not indicated ({text}: not met).")
            return
        names = {generic(o.drug) for o in slot.options}
        proposed = {generic(i.drug) for i in self.request.plan
                    if i.drug not in self.current and i.action in ("start", "start_if")}
        if exclude is None and names & (new | proposed):
            self.out.notes.append(f"{title}: {slot.name} already in the plan.")
            return
        taken = next((i for i in self.request.plan if i.drug in self.current
                      and generic(i.drug) in names), None)
        if exclude is None and taken is not None:
            option = option_for(slot, taken.drug)
            reason = "the review already changes it" if taken.action != "continue" else (
                option and self._try(match, slot, option, slot_conditions, "adjust",
                                     indication, replacing=taken.drug))
            if reason:
                self.out.notes.append(f"{title}: {slot.name}: {taken.drug} kept as it is "
                                      f"({reason}).")
            return
        passed_over: list[str] = []
        for option in slot.options:
            if exclude and generic(option.drug) == exclude:
                continue
            reason = self._try(match, slot, option, slot_conditions, action, indication)
            if reason is None:
                return
            passed_over.append(reason)
        self.out.notes.append(f"{title}: every option for {slot.name} is unsafe or unsuitable "
                              f"here ({'; '.join(passed_over)}); left to the clinician.")

    def _try(self, match: Match, slot: Slot, option: Option, slot_conditions: list[str],
             action: MedicationAction | None, indication: Indication | None,
             replacing: str | None = None) -> str | None:
        """Add the option when it is safe (None), else say why it was passed over.
        `replacing`: the current drug whose dose the option changes (an `adjust`)."""
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
        findings = self.screen(medication, list(self.new), replacing)
        blocking = [f for f in findings if f.is_serious or (
            f.kind == "dose_range" and f.severity != "minor")]
        if blocking:
            return f"{option.drug} ({blocking[0].kind}: {blocking[0].severity})"
        conditions = [
            *match.conditions, *slot_conditions, *option_conditions, *slot.preconditions,
            *option.preconditions, *([dose.missing] if dose.missing else []),
            *(f"a pharmacist confirms the dose: {f.message}" for f in findings
              if f.kind == "unrecognized_input" and dose.dose is not None),
            *(f"first dose under observation with anaphylaxis treatment at hand (documented "
              f"{f.items[-1]} allergy)" for f in findings
              if f.kind == "allergy" and f.severity == "moderate"),
            *self.unresolved]
        chosen: MedicationAction = action or (
            "consider" if slot.action == "consider" else "start_if" if conditions else "start")
        self.out.items.append(MedicationPlanItem(
            drug=medication.name, dose=dose.dose, route=dosing.route,
            frequency=dosing.frequency, duration=dosing.duration, dose_basis=dose.basis,
            action=chosen, conditions=list(dict.fromkeys(conditions)), timing=slot.timing,
            indication=indication or match.indication,
            rationale=self._rationale(match, slot, option, findings, replacing),
            source=f"{match.regimen.ref} ({option.passage}; dose: {dosing.source})"))
        self.out.passages.append(option.passage)
        self.out.findings.extend(f for f in findings if f.kind != "unrecognized_input")
        self.new.append(medication)
        return None

    @staticmethod
    def _rationale(match: Match, slot: Slot, option: Option, findings: list[SafetyFinding],
                   replacing: str | None) -> str:
        text = (f"{option.line}-line {slot.name} for {match.candidate.diagnosis} "
                f"({match.regimen.title}) [{option.passage}]")
        if replacing:
            text = f"instead of the current {replacing}, at the regimen's dose; {text}"
        text += f"; {option.note}" if option.note else ""
        warnings = [f"{f.kind} {f.severity}: {f.message}" for f in findings
                    if f.rank >= 2 and f.kind != "unrecognized_input"]
        return text + (f"; note: {' '.join(warnings)}" if warnings else "")
