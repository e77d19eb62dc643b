"""Each agent on its own, with the knowledge engine, as a clinician would check it."""

from __future__ import annotations

import pytest

from consilium.agents import consensus, diagnostician, pharmacist, reviewer, triage
from consilium.agents.base import AgentContext, Recorder
from consilium.agents.intake import run_intake
from consilium.core.case import Case, Medication
from consilium.core.loaders import load_case
from consilium.core.report import (
    Citation,
    DiagnosisCandidate,
    DiagnosticAssessment,
    MedicationPlanItem,
    MedicationReview,
    SafetyFinding,
    TriageAssessment,
)
from consilium.reasoning import extract_findings
from tests.conftest import CASES_DIR


def context_for(case_id: str) -> AgentContext:
    intake = run_intake(load_case(CASES_DIR / f"{case_id}.yaml").for_agents())
    return AgentContext(intake.case, intake.derived, extract_findings(intake.case))


def test_triage_uses_early_warning_scores_and_names_its_rules() -> None:
    recorder = Recorder("triage")
    result = triage.assess(context_for("sepsis-pneumonia"), recorder)
    assert result.esi == 1 and result.urgency == "emergency"
    assert result.rules_fired and result.red_flags
    call = next(e for e in recorder.entries if e["kind"] == "tool_call")
    assert set(call["input"]["scores"]) == {"news2", "qsofa", "shock_index"}


def test_triage_revision_raises_acuity_only_upwards() -> None:
    low = TriageAssessment(esi=5, urgency="self_care", rationale="looks well")
    raised = triage.revise(low, ["red flag"], Recorder("triage"))
    assert (raised.esi, raised.urgency) == (2, "emergency")
    high = TriageAssessment(esi=1, urgency="emergency", rationale="shock")
    assert triage.revise(high, ["x"], Recorder("triage")).esi == 1


def test_diagnostician_cites_only_guidelines_written_for_the_working_diagnosis() -> None:
    result = diagnostician.assess(context_for("chest-pain-acs"), Recorder("diagnostician"))
    assert result.working_diagnosis == "Acute coronary syndrome"
    assert result.citations
    assert all("acs" in c.id or "chest-pain" in c.id or "stemi" in c.id for c in result.citations)


def test_diagnostician_revision_adds_the_models_work_up() -> None:
    ddx = DiagnosticAssessment(differential=[])
    revised = diagnostician.revise(ddx, ["Acute coronary syndrome"], Recorder("diagnostician"))
    assert revised.next_tests[0].test == "ECG"
    assert revised.next_tests[0].for_diagnosis == "Acute coronary syndrome"


def test_pharmacist_avoids_the_proposed_nsaid_and_keeps_warfarin() -> None:
    review = pharmacist.assess(context_for("warfarin-nsaid"), Recorder("pharmacist"))
    actions = {item.drug: item.action for item in review.medication_plan}
    assert actions == {"warfarin": "continue", "lisinopril": "continue", "ibuprofen": "avoid"}
    ibuprofen = next(i for i in review.medication_plan if i.drug == "ibuprofen")
    assert "paracetamol" in ibuprofen.rationale or "Consider instead" in ibuprofen.rationale


def test_pharmacist_stops_a_current_drug_contraindicated_by_kidney_function() -> None:
    review = pharmacist.assess(context_for("sepsis-pneumonia"), Recorder("pharmacist"))
    metformin = next(i for i in review.medication_plan if i.drug == "metformin")
    assert metformin.action == "stop"


def test_regimen_treatment_is_screened_against_the_allergy() -> None:
    """Penicillin anaphylaxis (AAAAI/ACAAI 2022): no penicillin; a dissimilar-side-chain
    cephalosporin with the first dose observed; a macrolide beside it (ATS/IDSA 2019)."""
    context = context_for("sepsis-pneumonia")
    context.medication = pharmacist.assess(context, Recorder("pharmacist"))
    ddx = diagnostician.assess(context, Recorder("diagnostician"))
    review = pharmacist.add_treatment_plan(context, ddx, context.medication,
                                           Recorder("pharmacist"))
    new = {i.drug: i for i in review.medication_plan if i.action in ("start", "start_if")}
    assert not [d for d in new if "cillin" in d]
    assert {"ceftriaxone", "azithromycin"} <= set(new)
    assert any(f.kind == "allergy" and "ceftriaxone" in f.items and f.severity == "moderate"
               for f in review.safety_findings)
    assert review.citations and all(i.indication for i in review.medication_plan)


def test_pharmacist_revision_never_leaves_a_flagged_drug_active() -> None:
    plan = MedicationReview(medication_plan=[
        MedicationPlanItem(drug="ibuprofen", action="start"),
        MedicationPlanItem(drug="warfarin", action="continue"),
    ])
    finding = SafetyFinding(kind="drug_interaction", severity="major",
                            items=["warfarin", "ibuprofen"], message="bleeding", source="test")
    revised = pharmacist.revise(context_for("warfarin-nsaid"), plan, [finding],
                                Recorder("pharmacist"))
    assert {i.drug: i.action for i in revised.medication_plan} == {
        "ibuprofen": "avoid", "warfarin": "stop"}


def _draft(triage_out: TriageAssessment, candidates: list[DiagnosisCandidate],
           plan: list[MedicationPlanItem]) -> reviewer.Draft:
    return reviewer.Draft(triage_out, DiagnosticAssessment(differential=candidates),
                          MedicationReview(medication_plan=plan))


def test_critic_flags_an_unknown_drug_that_would_be_started_as_unfixable() -> None:
    context = context_for("common-cold")
    context.case = Case.model_validate({**context.case.model_dump(),
                                        "proposed_medications": ["zorblaxin 10 mg daily"]})
    draft = _draft(TriageAssessment(esi=5, urgency="self_care", rationale="cold"), [],
                   [MedicationPlanItem(drug="zorblaxin", dose="10 mg", action="start")])
    result = reviewer.check_medications(context, draft, Recorder("critic"))
    assert result.tripped and not result.fixable
    assert result.findings[0].kind == "unrecognized_input"


def test_critic_triage_and_must_not_miss_checks() -> None:
    context = context_for("chest-pain-acs")
    acs = DiagnosisCandidate(diagnosis="Acute coronary syndrome", probability=0.3,
                             must_not_miss=True)
    draft = _draft(TriageAssessment(esi=4, urgency="non_emergency", rationale="?"), [acs], [])
    assert reviewer.check_triage(context, draft, Recorder("critic")).target == "triage"
    missed = reviewer.check_must_not_miss(context, draft, Recorder("critic"))
    assert missed.findings[0].kind == "missed_diagnosis"


def test_critic_rejects_a_citation_that_does_not_resolve() -> None:
    context = context_for("common-cold")
    draft = _draft(TriageAssessment(esi=5, urgency="self_care", rationale="cold"), [], [])
    draft.diagnosis.citations.append(
        Citation(id="made-up-guideline#section-1", title="Invented"))
    result = reviewer.check_citations(context, draft, Recorder("critic"))
    assert result.target == "diagnostician" and result.findings[0].kind == "citation"


@pytest.mark.parametrize(("probability", "escalated", "label"),
                         [(0.8, False, "high"), (0.4, False, "moderate"), (0.8, True, "low")])
def test_confidence_bands(probability: float, escalated: bool, label: str) -> None:
    ddx = DiagnosticAssessment(differential=[DiagnosisCandidate(diagnosis="x",
                                                                probability=probability)])
    assert consensus.confidence(ddx, [], escalated).label == label


def test_unknown_inputs_lower_confidence() -> None:
    ddx = DiagnosticAssessment(differential=[DiagnosisCandidate(diagnosis="x", probability=0.7)])
    unknown = SafetyFinding(kind="unrecognized_input", severity="moderate", items=["x"],
                            message="?", source="t")
    assert consensus.confidence(ddx, [unknown], False).value < 0.7


def test_as_medication_keeps_frequency_for_dose_checks() -> None:
    item = MedicationPlanItem(drug="paracetamol", dose="1 g", frequency="every 6 hours",
                              action="start")
    assert pharmacist.as_medication(item) == Medication(
        name="paracetamol", dose="1 g", frequency="every 6 hours")
