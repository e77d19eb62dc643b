"""The panel's nodes: each reads the state it needs, runs one agent, returns its update."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import Any, Literal

from langgraph.types import interrupt

from consilium.agents import consensus, diagnostician, pharmacist, reviewer, triage
from consilium.agents.base import AgentContext, Recorder, with_llm
from consilium.agents.intake import run_intake
from consilium.core.case import Case
from consilium.core.report import (
    AgentUsage,
    ClinicianDecision,
    ConsensusReport,
    CriticReview,
    DiagnosticAssessment,
    MedicationReview,
    SafetyFinding,
    ScoreResult,
    TranscriptEntry,
    TriageAssessment,
    Usage,
)
from consilium.core.settings import Settings
from consilium.reasoning import Finding, extract_findings
from consilium.workflows.state import PanelState

Update = dict[str, Any]


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json")


class PanelNodes:
    """Node functions bound to one run's settings (engine choice, model, limits).

    Every node is `async`, also those that never await: LangGraph runs a plain function in a
    worker thread, a round trip that cost more than these nodes' own work."""

    def __init__(self, settings: Settings, models: Mapping[str, Any] | None = None) -> None:
        self.settings = settings
        self.models = dict(models or {})  # role -> AG2 model config replacing the endpoint

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def context(state: PanelState) -> AgentContext:
        return AgentContext(
            case=Case.model_validate(state["case"]),
            derived=[ScoreResult.model_validate(d) for d in state.get("derived", [])],
            clinical_findings=[
                Finding.model_validate(f) for f in state.get("clinical_findings", [])
            ],
            triage=TriageAssessment.model_validate(state["triage"]) if "triage" in state else None,
            diagnosis=(DiagnosticAssessment.model_validate(state["diagnosis"])
                       if "diagnosis" in state else None),
            medication=(MedicationReview.model_validate(state["medication"])
                        if "medication" in state else None),
            round=state.get("round", 0),
        )

    # -- nodes ---------------------------------------------------------------------------------
    async def intake(self, state: PanelState) -> Update:
        recorder = Recorder("intake")
        case = Case.model_validate(state["case"]).for_agents()
        result = run_intake(case)
        findings = recorder.tool(
            "extract_findings", extract_findings, {"case_id": case.id}, case=result.case
        )
        present = list(dict.fromkeys(f.label for f in findings if f.present))
        recorder.message(
            "Normalised the case. "
            + " ".join(f"{note}." for note in result.notes)
            + f" Findings present: {', '.join(present) or 'none'}.",
            kind="intake",
        )
        return {
            "case": _dump(result.case),
            "derived": [_dump(s) for s in result.derived],
            "intake_findings": [_dump(f) for f in result.findings],
            "clinical_findings": [_dump(f) for f in findings],
            "round": 0,
            "transcript": recorder.entries,
            "started_at": state.get("started_at", time.time()),
        }

    async def _specialist(
        self, state: PanelState, role: str, agent: ModuleType, key: str
    ) -> Update:
        """Run one specialist: its knowledge engine, then (when configured) its LLM pass."""
        context, recorder = self.context(state), Recorder(role)
        knowledge = agent.assess(context, recorder)
        outcome = await with_llm(role, knowledge, context, agent.LLM_TOOLS, self.settings,
                                 recorder, self.models.get(role))
        return {key: _dump(outcome.output), "transcript": recorder.entries,
                "usage": [_usage_entry(role, outcome.usage)], "engines": {role: outcome.engine}}

    async def triage(self, state: PanelState) -> Update:
        return await self._specialist(state, "triage", triage, "triage")

    async def diagnostician(self, state: PanelState) -> Update:
        return await self._specialist(state, "diagnostician", diagnostician, "diagnosis")

    async def pharmacist(self, state: PanelState) -> Update:
        return await self._specialist(state, "pharmacist", pharmacist, "medication")

    async def consensus(self, state: PanelState) -> Update:
        context, recorder = self.context(state), Recorder("pharmacist")
        assert context.diagnosis is not None and context.medication is not None
        medication = consensus.add_treatment_plan(
            context, context.diagnosis, context.medication, recorder
        )
        recorder.entries.append(
            {"kind": "message", "agent": "consensus", "round": 0,
             "content": "Draft assembled from triage, diagnostician and pharmacist."}
        )
        return {"medication": _dump(medication), "transcript": recorder.entries}

    async def critic(self, state: PanelState) -> Update:
        context, recorder = self.context(state), Recorder("critic", state.get("round", 0))
        draft = _draft(context)
        rounds_left = state["max_rounds"] - state.get("round", 0)
        verdict = reviewer.review(context, draft, rounds_left, recorder)
        outcome = await with_llm("critic", verdict, context, [], self.settings, recorder,
                                 self.models.get("critic"))
        final = reviewer.stricter(verdict, outcome.output, rounds_left)
        return {"critic": _dump(final), "transcript": recorder.entries,
                "usage": [_usage_entry("critic", outcome.usage)],
                "engines": {"critic": outcome.engine}}

    async def revise(self, state: PanelState) -> Update:
        """Send each critique back to the agent at fault; the revised draft goes to the critic."""
        context = self.context(state)
        review = CriticReview.model_validate(state["critic"])
        next_round = state.get("round", 0) + 1
        update: Update = {"round": next_round, "transcript": []}
        for critique in review.critiques:
            recorder = Recorder(critique.target, next_round)
            recorder.entries.append({"kind": "message", "agent": "critic", "round": next_round,
                                     "content": f"To {critique.target}: {critique.message}"})
            if critique.target == "triage" and context.triage:
                revised_triage = triage.revise(context.triage, [critique.message], recorder)
                update["triage"] = _dump(revised_triage)
            elif critique.target == "diagnostician" and context.diagnosis:
                missing = [item for f in critique.findings for item in f.items]
                update["diagnosis"] = _dump(
                    diagnostician.revise(context.diagnosis, missing, recorder)
                )
            elif critique.target == "pharmacist" and context.medication:
                update["medication"] = _dump(
                    pharmacist.revise(context, context.medication, critique.findings, recorder)
                )
            update["transcript"] += recorder.entries
        return update

    async def escalate(self, state: PanelState) -> Update:
        """Hold an unsafe draft: with review on, pause for a clinician's decision."""
        if not state.get("review"):
            return {"escalated": True, "decision": None}
        answer = interrupt(
            {"case_id": state["case"]["id"], "critic": state["critic"],
             "question": "approve or reject this escalated plan"}
        )
        decision = ClinicianDecision.model_validate(answer)
        entry = {"kind": "decision", "agent": "clinician", "round": state.get("round", 0),
                 "content": f"{decision.decision}: {decision.note}".strip(": ")}
        return {"escalated": True, "decision": _dump(decision), "transcript": [entry]}

    async def finalize(self, state: PanelState) -> Update:
        return {"report": _dump(build_report(state))}


async def route_after_critic(state: PanelState) -> Literal["finalize", "revise", "escalate"]:
    verdict = state["critic"]["verdict"]
    if verdict == "pass":
        return "finalize"
    if verdict == "revise":
        return "revise"
    return "escalate"


def _draft(context: AgentContext) -> reviewer.Draft:
    assert context.triage and context.diagnosis and context.medication
    return reviewer.Draft(context.triage, context.diagnosis, context.medication)


def build_report(state: PanelState) -> ConsensusReport:
    triage_out = TriageAssessment.model_validate(state["triage"])
    diagnosis = DiagnosticAssessment.model_validate(state["diagnosis"])
    medication = MedicationReview.model_validate(state["medication"])
    review = CriticReview.model_validate(state["critic"])
    decision = (
        ClinicianDecision.model_validate(state["decision"]) if state.get("decision") else None
    )
    escalated = bool(state.get("escalated")) and not (decision and decision.decision == "approve")
    findings = _all_findings(state, medication, review)
    if escalated:
        status = "escalated"
    elif decision is not None or any(f.severity != "info" for f in findings):
        status = "approved_with_warnings"
    else:
        status = "approved"
    usage = _sum_usage(state.get("usage", []), state.get("started_at"))
    engines = state.get("engines", {})
    return ConsensusReport(
        case_id=state["case"]["id"],
        status=status,
        engine=", ".join(f"{role}={engine}" for role, engine in sorted(engines.items())),
        disclaimer=consensus.DISCLAIMER,
        recommendation=consensus.recommendation(
            triage_out, diagnosis, medication, review, escalated
        ),
        confidence=consensus.confidence(diagnosis, findings, escalated),
        triage=triage_out,
        differential=diagnosis.differential,
        next_tests=diagnosis.next_tests,
        medication_plan=medication.medication_plan,
        safety_findings=findings,
        escalation_reasons=[f.message for f in review.findings] if escalated else [],
        citations=consensus.all_citations(diagnosis, medication),
        derived=[ScoreResult.model_validate(d) for d in state.get("derived", [])],
        critic=review,
        rounds=state.get("round", 0),
        clinician_decision=decision,
        transcript=[
            TranscriptEntry(seq=i, **entry) for i, entry in enumerate(state.get("transcript", []))
        ],
        usage=usage,
    )


def _all_findings(
    state: PanelState, medication: MedicationReview, review: CriticReview
) -> list[SafetyFinding]:
    findings = [SafetyFinding.model_validate(f) for f in state.get("intake_findings", [])]
    findings += medication.safety_findings
    findings += review.findings
    unique: dict[tuple[str, tuple[str, ...], str], SafetyFinding] = {}
    for finding in findings:
        unique.setdefault((finding.kind, tuple(sorted(finding.items)), finding.message), finding)
    return sorted(unique.values(), key=lambda f: -f.rank)


def _usage_entry(agent: str, usage: Usage) -> dict[str, Any]:
    return {"agent": agent, **usage.model_dump(mode="json", include=set(AgentUsage.model_fields))}


def _sum_usage(entries: list[dict[str, Any]], started_at: float | None) -> Usage:
    by_agent: dict[str, list[AgentUsage]] = {}
    for entry in entries:
        counts = {key: value for key, value in entry.items() if key != "agent"}
        by_agent.setdefault(entry.get("agent", "unknown"), []).append(
            AgentUsage.model_validate(counts)
        )
    totals = _add(usage for usages in by_agent.values() for usage in usages)
    return Usage(
        **totals.model_dump(),
        wall_ms=round((time.time() - started_at) * 1000, 1) if started_at else 0.0,
        by_agent={agent: _add(usages) for agent, usages in sorted(by_agent.items())},
    )


def _add(usages: Iterable[AgentUsage]) -> AgentUsage:
    total = AgentUsage()
    for usage in usages:
        total.llm_calls += usage.llm_calls
        total.tokens += usage.tokens
        total.prompt_tokens += usage.prompt_tokens
        total.completion_tokens += usage.completion_tokens
        total.cost_usd += usage.cost_usd
    total.cost_usd = round(total.cost_usd, 6)
    return total
