"""The planner and the gate's plan rules on hand-built patients and differentials."""

from __future__ import annotations

from typing import Any

from consilium.core.case import Case, Medication
from consilium.core.report import (
    DiagnosisCandidate,
    Indication,
    MedicationPlanItem,
    SafetyFinding,
)
from consilium.tools.medication import MedicationReviewInput, review_medications
from consilium.tools.treatment import PlanRequest, plan_treatment, replacements
from consilium.tools.treatment.audit import audit_plan
from consilium.tools.treatment.indications import with_indications


def case(age: float = 60, **fields: Any) -> Case:
    patient = {"age": age, "sex": "male", "weight_kg": 80, **fields.pop("patient", {})}
    return Case.model_validate({"id": "t", "patient": patient, **fields})


def dx(name: str, condition: str, p: float, must_not_miss: bool = False) -> DiagnosisCandidate:
    return DiagnosisCandidate(diagnosis=name, probability=p, must_not_miss=must_not_miss,
                              source=f"diseases/x.yaml#{condition}")


def screen_for(patient: Case):  # type: ignore[no-untyped-def]
    def screen(candidate: Medication, others: list[Medication], replacing: str | None
               ) -> list[SafetyFinding]:
        current = [m for m in patient.medications if m.name != replacing]
        review = review_medications(MedicationReviewInput(
            current=[*current, *others], proposed=[candidate], allergies=patient.allergies,
            age_years=patient.patient.age, weight_kg=patient.patient.weight_kg))
        return [f for f in review.findings if candidate.name in f.items]
    return screen


def plan(patient: Case, differential: list[DiagnosisCandidate],
         items: list[MedicationPlanItem] | None = None, **facts: Any):  # type: ignore[no-untyped-def]
    request = PlanRequest(case=patient, derived=[], differential=differential,
                          plan=items or [], **facts)
    return plan_treatment(request, screen_for(patient))


def by_drug(result: Any) -> dict[str, MedicationPlanItem]:
    return {item.drug: item for item in result.items}


def test_a_must_not_miss_below_its_threshold_gets_work_up_not_treatment() -> None:
    """SAH at 10% (non-empirical regimen, 30% threshold): CT now, nimodipine not yet."""
    result = plan(case(), [dx("Subarachnoid haemorrhage", "subarachnoid_hemorrhage", 0.10, True)])
    assert result.items == []
    kinds = {s.kind for s in result.steps}
    assert "imaging" in kinds and kinds <= {"imaging", "procedure", "test"}
    assert any("work-up only" in note for note in result.notes)


def test_no_drug_for_a_diagnosis_under_the_treatment_threshold() -> None:
    assert plan(case(), [dx("Cellulitis", "cellulitis", 0.2)]).items == []


def test_empirical_sepsis_below_the_routine_threshold_still_treats() -> None:
    """SSC 2021: antimicrobials within the hour; fluids 30 mL/kg for hypotension."""
    septic = case(vitals={"systolic_bp": 82, "diastolic_bp": 46})
    result = plan(septic, [dx("Sepsis", "sepsis", 0.15, True)])
    assert by_drug(result)["piperacillin-tazobactam"].action == "start_if"
    fluid = next(s for s in result.steps if s.kind == "fluid")
    assert fluid.amount == "2400 mL" and fluid.conditions == []
    assert by_drug(result)["norepinephrine"].conditions


def test_fluids_wait_on_an_unmeasured_lactate_when_the_pressure_is_normal() -> None:
    result = plan(case(vitals={"systolic_bp": 128, "diastolic_bp": 78}),
                  [dx("Sepsis", "sepsis", 0.4, True)])
    fluid = next(s for s in result.steps if s.kind == "fluid")
    assert fluid.conditions and "not measured" in fluid.conditions[0]
    assert "norepinephrine" not in by_drug(result)  # normal pressure: no vasopressor slot


def test_source_specific_antibiotics_replace_sepsis_empirical_cover() -> None:
    septic_cap = case(age=67, vitals={"systolic_bp": 84, "diastolic_bp": 48,
                                      "respiratory_rate": 30, "consciousness": "confused"})
    result = plan(septic_cap, [dx("Community-acquired pneumonia", "community_acquired_pneumonia",
                                  0.6, True), dx("Sepsis", "sepsis", 0.3, True)])
    drugs = by_drug(result)
    assert {"ceftriaxone", "azithromycin"} <= set(drugs)  # CRB-65 4: high severity
    assert "piperacillin-tazobactam" not in drugs
    assert drugs["ceftriaxone"].indication and (
        drugs["ceftriaxone"].indication.diagnosis == "Community-acquired pneumonia")


def test_severity_not_measured_makes_the_regimen_conditional() -> None:
    no_vitals = case(age=50)
    result = plan(no_vitals, [dx("Community-acquired pneumonia", "community_acquired_pneumonia",
                                 0.8)])
    assert all("CURB-65 3 or more (high severity) (not measured)" in i.conditions
               for i in result.items)


def test_penicillin_anaphylaxis_falls_through_to_a_safe_alternative() -> None:
    """IDSA 2014 cellulitis: cefalexin (similar side chain: major after anaphylaxis) ->
    clindamycin."""
    allergic = case(allergies=["penicillin (anaphylaxis)"])
    result = plan(allergic, [dx("Cellulitis", "cellulitis", 0.6)])
    assert list(by_drug(result)) == ["clindamycin"]
    assert by_drug(result)["clindamycin"].action == "start"


def test_an_unidentified_current_drug_holds_every_new_one() -> None:
    patient = case(medications=["Cardiotonix 1 mg daily"])
    result = plan(patient, [dx("Cellulitis", "cellulitis", 0.6)])
    item = by_drug(result)["cefalexin"]
    assert item.action == "start_if" and "Cardiotonix" in item.conditions[-1]


def test_a_current_drug_is_re_dosed_not_listed_twice() -> None:
    asthmatic = case(age=30, medications=["salbutamol 100 mcg as needed"],
                     vitals={"spo2": 95, "respiratory_rate": 22, "heart_rate": 100})
    current = MedicationPlanItem(drug="salbutamol", dose="100 mcg", action="continue")
    result = plan(asthmatic, [dx("Asthma exacerbation", "asthma_exacerbation", 0.8)], [current])
    salbutamol = by_drug(result)["salbutamol"]
    assert salbutamol.action == "adjust" and salbutamol.dose == "5 mg"
    # no severe feature measured: ipratropium waits for the clinician's severity assessment
    ipratropium = by_drug(result)["ipratropium"]
    assert ipratropium.action == "start_if" and "severe exacerbation on assessment" in (
        ipratropium.conditions[0])


def test_a_child_gets_the_per_kg_dose_and_no_weight_means_no_dose() -> None:
    toddler = case(age=1.7, patient={"weight_kg": 12}, vitals={"temperature_c": 39.3})
    drugs = by_drug(plan(toddler, [dx("Acute otitis media", "acute_otitis_media", 0.8)]))
    assert (drugs["amoxicillin"].dose, drugs["amoxicillin"].action) == ("540 mg", "start")
    assert drugs["paracetamol"].dose == "180 mg"
    unweighed = case(age=1.7, patient={"weight_kg": None}, vitals={"temperature_c": 39.3})
    item = by_drug(plan(unweighed, [dx("Acute otitis media", "acute_otitis_media", 0.8)]))[
        "amoxicillin"]
    assert item.dose is None and item.action == "start_if"
    assert item.conditions[-1].startswith("weigh the patient")


def test_an_avoided_proposal_is_replaced_from_its_regimen_slot() -> None:
    allergic = case(allergies=["penicillin (anaphylaxis)"], proposed_medications=["cefalexin"])
    avoided = MedicationPlanItem(drug="cefalexin", action="avoid")
    request = PlanRequest(case=allergic, derived=[], plan=[avoided],
                          differential=[dx("Cellulitis", "cellulitis", 0.13)])
    result = replacements(request, screen_for(allergic))
    (item,) = result.items
    assert (item.drug, item.action, result.replaces) == (
        "clindamycin", "consider", {"cefalexin": "clindamycin"})
    assert item.indication and item.indication.basis == "proposed"


def test_indications_for_current_and_proposed_drugs() -> None:
    patient = case(medications=["amlodipine 5 mg daily"], proposed_medications=["alteplase"])
    items = [MedicationPlanItem(drug="amlodipine", action="continue"),
             MedicationPlanItem(drug="alteplase", dose="72 mg", action="start")]
    request = PlanRequest(case=patient, derived=[], plan=items,
                          differential=[dx("Ischaemic stroke", "ischemic_stroke", 0.9, True)])
    amlodipine, alteplase = with_indications(request)
    assert amlodipine.indication == Indication(diagnosis="as already prescribed", basis="current")
    assert alteplase.indication and alteplase.indication.diagnosis == "Ischaemic stroke"
    assert alteplase.action == "start_if"  # the clinician's proposal waits for the CT too
    assert "non-contrast CT excludes haemorrhage" in alteplase.conditions


def test_the_gate_rules() -> None:
    stroke = [dx("Ischaemic stroke", "ischemic_stroke", 0.9, True)]
    for_stroke = Indication(diagnosis="Ischaemic stroke", probability=0.9, basis="differential",
                            source="regimens/emergencies.yaml#ischaemic-stroke-window")
    adult = case()
    bare = MedicationPlanItem(drug="alteplase", dose="72 mg", action="start_if")
    started = bare.model_copy(update={"action": "start", "indication": for_stroke})
    messages = [f.message for f in audit_plan([bare, started], adult, stroke)]
    assert messages[0] == "start_if alteplase: no indication given"
    assert "only after: non-contrast CT excludes haemorrhage" in messages[1]
    child = case(age=4, patient={"weight_kg": 16})
    otitis = [dx("Acute otitis media", "acute_otitis_media", 0.8)]
    for_otitis = Indication(diagnosis="Acute otitis media", probability=0.8, basis="differential",
                            source="regimens/infections.yaml#otitis-media-child")
    adult_dose = MedicationPlanItem(drug="amoxicillin", dose="1000 mg", action="start",
                                    indication=for_otitis)
    (finding,) = audit_plan([adult_dose], child, otitis)
    assert "the regimen's dose for this age and weight is 720 mg" in finding.message
    right = adult_dose.model_copy(update={"dose": "720 mg"})
    assert audit_plan([right], child, otitis) == []
    low = right.model_copy(update={"indication": for_otitis.model_copy(
        update={"probability": 0.1})})
    assert "below the 30% threshold" in audit_plan([low], child, otitis)[0].message
