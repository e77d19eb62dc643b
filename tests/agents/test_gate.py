"""The critic's gate: bounded revision, escalation, clinician sign-off, live events."""

from __future__ import annotations

import asyncio

import pytest

from consilium import api
from consilium.agents import pharmacist
from consilium.agents.base import AgentContext, Recorder
from consilium.core.report import MedicationReview
from consilium.core.settings import Settings
from tests.conftest import CASES_DIR

WARFARIN_CASE = CASES_DIR / "warfarin-nsaid.yaml"


@pytest.fixture
def reckless_pharmacist(monkeypatch: pytest.MonkeyPatch) -> None:
    """A drafter that starts every proposed drug and never fixes anything the critic says."""
    original = pharmacist.assess

    def start_everything(context: AgentContext, recorder: Recorder) -> MedicationReview:
        review = original(context, recorder)
        plan = [item.model_copy(update={"action": "start"}) if item.action == "avoid" else item
                for item in review.medication_plan]
        return review.model_copy(update={"medication_plan": plan})

    def ignore_critique(context: AgentContext, review: MedicationReview, findings: list,
                        recorder: Recorder) -> MedicationReview:
        recorder.message("(ignoring the critique)")
        return review

    monkeypatch.setattr(pharmacist, "assess", start_everything)
    monkeypatch.setattr(pharmacist, "revise", ignore_critique)


def test_the_real_pharmacist_passes_the_gate(settings: Settings) -> None:
    report = api.run_case(WARFARIN_CASE, settings=settings)
    assert report.critic is not None and report.critic.verdict == "pass"
    assert report.status == "approved_with_warnings"


@pytest.mark.parametrize("max_rounds", [0, 1, 2, 3])
def test_a_drafter_that_keeps_failing_is_escalated_after_the_rounds(
    reckless_pharmacist: None, settings: Settings, max_rounds: int
) -> None:
    report = api.run_case(WARFARIN_CASE, settings=settings, max_rounds=max_rounds)
    assert report.status == "escalated"
    assert report.rounds == max_rounds
    assert any("ibuprofen" in reason for reason in report.escalation_reasons)
    critiques = [e for e in report.transcript if e.agent == "critic" and e.kind == "message"]
    assert len(critiques) == max_rounds  # one critique sent back per round
    assert "ESCALATED" in report.recommendation


def test_review_pauses_and_resume_approves(reckless_pharmacist: None, settings: Settings) -> None:
    paused = api.run_case(WARFARIN_CASE, settings=settings, review=True)
    assert paused.awaiting_review and paused.status == "escalated" and paused.thread_id
    resumed = api.resume(paused.thread_id, "approve", "bleeding risk accepted", settings=settings)
    assert resumed.status == "approved_with_warnings"
    assert resumed.clinician_decision is not None
    assert resumed.clinician_decision.note == "bleeding risk accepted"
    assert resumed.transcript[-1].agent == "clinician"
    assert [e.seq for e in resumed.transcript] == list(range(len(resumed.transcript)))


def test_review_reject_stays_escalated(reckless_pharmacist: None, settings: Settings) -> None:
    paused = api.run_case(WARFARIN_CASE, settings=settings, review=True)
    assert paused.thread_id
    rejected = api.resume(paused.thread_id, "reject", "choose paracetamol", settings=settings)
    assert rejected.status == "escalated"
    with pytest.raises(api.UnknownThreadError):
        api.resume(paused.thread_id, "approve", settings=settings)  # nothing left to resume


def test_events_stream_every_agent_in_order(settings: Settings) -> None:
    async def collect() -> list[api.PanelEvent]:
        return [event async for event in api.stream_case(WARFARIN_CASE, settings=settings)]

    events = asyncio.run(collect())
    assert events[-1].type == "report" and events[-1].report is not None
    agents = [e.entry.agent for e in events if e.entry is not None]
    assert agents[0] == "intake"
    assert agents.index("triage") < agents.index("diagnostician")
    assert agents.index("triage") < agents.index("pharmacist")
    assert agents[-1] == "critic"
    seqs = [e.entry.seq for e in events if e.entry is not None]
    assert seqs == list(range(len(seqs)))


def test_one_panel_runs_many_cases_at_once_and_resumes_a_paused_one(
    reckless_pharmacist: None, settings: Settings
) -> None:
    cases = sorted(CASES_DIR.glob("*.yaml"))

    async def run() -> tuple[list[api.ConsensusReport], api.ConsensusReport]:
        async with api.Panel(settings) as panel:
            reports = await asyncio.gather(*(panel.run(case) for case in cases))
            paused = await panel.run(WARFARIN_CASE, review=True)
            assert paused.awaiting_review
            return reports, await panel.resume(paused.thread_id or "", "reject", "no NSAID")

    reports, decided = asyncio.run(run())
    assert [r.case_id for r in reports] == [api.load_case(c).id for c in cases]
    assert len({r.thread_id for r in reports}) == len(cases)
    assert decided.clinician_decision is not None
    assert decided.clinician_decision.decision == "reject"


def test_every_checkpoint_mode_pauses_and_resumes(settings: Settings,
                                                  reckless_pharmacist: None) -> None:
    for durability in ("exit", "async", "sync"):
        own = settings.model_copy(update={"checkpoint_durability": durability})
        paused = api.run_case(WARFARIN_CASE, settings=own, review=True)
        resumed = api.resume(paused.thread_id or "", "approve", settings=own)
        assert resumed.clinician_decision is not None, durability
