"""Treatment plan -> CDS Hooks cards: a `start` is a draft proposal to sign; a conditional
item is a suggestion with no action the EHR could apply (CDS Hooks 2.0, FHIR R4 intent)."""

from __future__ import annotations

from consilium import run_case
from consilium.core.report import ConsensusReport
from consilium.core.settings import Settings
from consilium.server.cds.plan_cards import plan_cards
from tests.conftest import CASES_DIR


def _report(case_id: str, settings: Settings) -> ConsensusReport:
    return run_case(CASES_DIR / f"{case_id}.yaml", settings=settings)


def test_conditional_thrombolysis_is_a_suggestion_never_an_order(settings: Settings) -> None:
    cards = plan_cards(_report("stroke-window", settings), patient_id="p1")
    alteplase = next(c for c in cards if "alteplase" in c.summary)
    assert alteplase.summary.startswith("Suggestion: Start alteplase 72 mg")
    assert not alteplase.suggestions  # nothing the EHR could apply
    assert "non-contrast CT excludes haemorrhage" in (alteplase.detail or "")
    assert any(c.summary.startswith("Care steps for Ischaemic stroke") for c in cards)
    assert all(len(c.summary) <= 140 for c in cards)


def test_a_start_item_drafts_a_proposal_not_an_order(settings: Settings) -> None:
    report = _report("anaphylaxis-peanut", settings)
    cards = plan_cards(report, patient_id="p1")
    adrenaline = next(c for c in cards if "adrenaline" in c.summary)
    (action,) = [a for s in adrenaline.suggestions for a in s.actions]
    assert action.type == "create" and action.resource is not None
    assert action.resource["intent"] == "proposal" and action.resource["status"] == "draft"
    assert action.resource["subject"] == {"reference": "Patient/p1"}


def test_an_escalated_report_offers_no_action_at_all(settings: Settings) -> None:
    report = _report("anaphylaxis-peanut", settings).model_copy(update={"status": "escalated"})
    assert not [s for c in plan_cards(report) for s in c.suggestions]
