"""Every bundled case through the full panel (Python API), checked as a clinician would."""

from __future__ import annotations

import pytest

from consilium import run_case
from consilium.core.report import ConsensusReport, MedicationPlanItem, SafetyFinding
from consilium.core.settings import Settings
from tests.conftest import CASES_DIR

ACTIVE = ("start", "continue", "adjust")


def run(case_id: str, settings: Settings) -> ConsensusReport:
    return run_case(CASES_DIR / f"{case_id}.yaml", settings=settings)


def plan_item(report: ConsensusReport, drug: str) -> MedicationPlanItem:
    return next(item for item in report.medication_plan if item.drug.lower() == drug)


def findings_about(report: ConsensusReport, drug: str, kind: str) -> list[SafetyFinding]:
    return [f for f in report.safety_findings
            if f.kind == kind and any(drug in item.lower() for item in f.items)]


@pytest.mark.parametrize(
    ("case_id", "drug", "kind", "severities"),
    [
        ("warfarin-nsaid", "ibuprofen", "drug_interaction", {"major", "contraindicated"}),
        ("penicillin-allergy-cellulitis", "cefalexin", "allergy", {"major", "contraindicated"}),
        ("renal-metformin", "metformin", "renal_dose", {"major", "contraindicated"}),
        ("pregnancy-isotretinoin", "isotretinoin", "pregnancy", {"contraindicated"}),
        ("older-adult-diphenhydramine", "diphenhydramine", "older_adult", {"major", "moderate"}),
        ("uti-sulfa-allergy", "trimethoprim-sulfamethoxazole", "allergy",
         {"major", "contraindicated"}),
    ],
)
def test_hazard_is_found_and_the_drug_is_not_started(
    case_id: str, drug: str, kind: str, severities: set[str], settings: Settings
) -> None:
    report = run(case_id, settings)
    found = findings_about(report, drug, kind)
    assert found, f"no {kind} finding about {drug}: {report.safety_findings}"
    assert found[0].severity in severities
    assert found[0].source
    if found[0].is_serious:
        assert plan_item(report, drug).action == "avoid"
    assert report.status != "approved"


def test_warfarin_ibuprofen_is_major_with_management(settings: Settings) -> None:
    report = run("warfarin-nsaid", settings)
    finding = findings_about(report, "ibuprofen", "drug_interaction")[0]
    assert finding.severity == "major" and "warfarin" in " ".join(finding.items).lower()
    assert finding.management
    assert plan_item(report, "warfarin").action == "continue"


@pytest.mark.parametrize("case_id", ["chest-pain-acs", "sepsis-pneumonia", "stroke-window",
                                     "febrile-infant"])
def test_emergencies_are_not_sent_home(case_id: str, settings: Settings) -> None:
    report = run(case_id, settings)
    assert report.triage.urgency == "emergency"
    assert report.triage.esi <= 2
    assert report.triage.red_flags


def test_chest_pain_keeps_acs_visible(settings: Settings) -> None:
    report = run("chest-pain-acs", settings)
    must_not_miss = [c.diagnosis.lower() for c in report.differential if c.must_not_miss]
    assert any("coronary" in d or "myocardial" in d for d in must_not_miss)
    assert report.next_tests


def test_sepsis_with_penicillin_anaphylaxis_starts_no_penicillin(settings: Settings) -> None:
    report = run("sepsis-pneumonia", settings)
    started = [i.drug.lower() for i in report.medication_plan if i.action == "start"]
    penicillins = ("cillin", "piperacillin", "amoxi", "ampi")
    assert not [d for d in started if any(p in d for p in penicillins)], started


def test_common_cold_raises_no_false_alarm(settings: Settings) -> None:
    report = run("common-cold", settings)
    assert report.status in ("approved", "approved_with_warnings")
    assert report.triage.urgency == "self_care"
    assert not [f for f in report.safety_findings if f.is_serious]
    assert plan_item(report, "paracetamol").action == "start"


@pytest.mark.parametrize("path", sorted(CASES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_no_released_plan_gives_an_unaddressed_serious_hazard(path, settings: Settings) -> None:
    report = run_case(path, settings=settings)
    assert report.disclaimer and "clinician" in report.disclaimer
    if report.status == "escalated":
        assert report.escalation_reasons
        return
    given = {i.drug for i in report.medication_plan if i.action in ("start", "continue")}
    for finding in report.safety_findings:
        if finding.is_serious and finding.kind not in ("missed_diagnosis", "triage"):
            assert not set(finding.items) <= given, (finding, report.medication_plan)
    roles = {entry.agent for entry in report.transcript}
    assert {"intake", "triage", "diagnostician", "pharmacist", "critic"} <= roles
    assert any(entry.kind == "tool_call" for entry in report.transcript)
