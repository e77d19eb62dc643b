"""The panel's nodes: each reads the typed context it needs, runs one agent, returns its update.

Every node is `async`, also those that never await: LangGraph runs a plain function in a worker
thread, a round trip that cost more than these nodes' own work.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from types import ModuleType
from typing import Any, Literal

from langgraph.types import interrupt

from consilium.agents import consensus, diagnostician, pharmacist, reviewer, triage
from consilium.agents.base import DecisionStep, IntakeStep, Recorder, with_llm
from consilium.agents.intake import run_intake
from consilium.core.case import Case
from consilium.core.report import ClinicianDecision
from consilium.core.settings import Settings
from consilium.reasoning import extract_findings
from consilium.reasoning.differential import rank_conditions
from consilium.workflows.state import (
    PanelState,
    context_of,
    critic_of,
    report_parts,
    usage_entry,
)

Update = dict[str, Any]


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json")


class PanelNodes:
    """Node functions bound to one panel's settings and models (role -> AG2 model config that
    replaces the configured endpoint for that role; tests pass scripted models)."""

    def __init__(self, settings: Settings, models: Mapping[str, Any] | None = None) -> None:
        self.settings = settings
        self.models = dict(models or {})

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
            kind=IntakeStep,
        )
        return {
            "case": _dump(result.case),
            "derived": [_dump(s) for s in result.derived],
            "intake_findings": [_dump(f) for f in result.findings],
            "clinical_findings": [_dump(f) for f in findings],
            "ranking": _dump(rank_conditions(result.case, findings)),
            "round": 0,
            "transcript": recorder.entries,
            "started_at": state.get("started_at", time.time()),
        }

    async def _specialist(
        self, state: PanelState, role: str, agent: ModuleType, key: str
    ) -> Update:
        """Run one specialist: its knowledge engine, then (when configured) its LLM pass."""
        context, recorder = context_of(state), Recorder(role)
        knowledge = agent.assess(context, recorder)
        outcome = await with_llm(role, knowledge, context, agent.LLM_TOOLS, self.settings,
                                 recorder, self.models.get(role))
        return {key: _dump(outcome.output), "transcript": recorder.entries,
                "usage": [usage_entry(role, outcome.usage)], "engines": {role: outcome.engine}}

    async def triage(self, state: PanelState) -> Update:
        return await self._specialist(state, "triage", triage, "triage")

    async def diagnostician(self, state: PanelState) -> Update:
        return await self._specialist(state, "diagnostician", diagnostician, "diagnosis")

    async def pharmacist(self, state: PanelState) -> Update:
        return await self._specialist(state, "pharmacist", pharmacist, "medication")

    async def consensus(self, state: PanelState) -> Update:
        """The pharmacist's treatment plan for the working diagnosis, then the draft."""
        context, treatment = context_of(state), Recorder("pharmacist")
        assert context.diagnosis is not None and context.medication is not None
        medication = pharmacist.add_treatment_plan(
            context, context.diagnosis, context.medication, treatment
        )
        draft = Recorder("consensus")
        draft.message("Draft assembled from triage, diagnostician and pharmacist.")
        return {"medication": _dump(medication),
                "transcript": treatment.entries + draft.entries}

    async def critic(self, state: PanelState) -> Update:
        context = context_of(state)
        recorder = Recorder("critic", context.round)
        assert context.triage and context.diagnosis and context.medication
        draft = reviewer.Draft(context.triage, context.diagnosis, context.medication)
        rounds_left = state["max_rounds"] - context.round
        verdict = reviewer.review(context, draft, rounds_left, recorder)
        outcome = await with_llm("critic", verdict, context, [], self.settings, recorder,
                                 self.models.get("critic"))
        final = reviewer.stricter(verdict, outcome.output, rounds_left)
        return {"critic": _dump(final), "transcript": recorder.entries,
                "usage": [usage_entry("critic", outcome.usage)],
                "engines": {"critic": outcome.engine}}

    async def revise(self, state: PanelState) -> Update:
        """Send each critique back to the agent at fault; the revised draft goes to the critic."""
        context, review = context_of(state), critic_of(state)
        next_round = context.round + 1
        update: Update = {"round": next_round, "transcript": []}
        for critique in review.critiques:
            sender, recorder = Recorder("critic", next_round), Recorder(critique.target, next_round)
            sender.message(f"To {critique.target}: {critique.message}")
            if critique.target == "triage" and context.triage:
                update["triage"] = _dump(
                    triage.revise(context.triage, [critique.message], recorder)
                )
            elif critique.target == "diagnostician" and context.diagnosis:
                missing = [item for f in critique.findings for item in f.items]
                update["diagnosis"] = _dump(
                    diagnostician.revise(context.diagnosis, missing, recorder)
                )
            elif critique.target == "pharmacist" and context.medication:
                update["medication"] = _dump(
                    pharmacist.revise(context, context.medication, critique.findings, recorder)
                )
            update["transcript"] += sender.entries + recorder.entries
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
        recorder = Recorder("clinician", state.get("round", 0))
        recorder.message(f"{decision.decision}: {decision.note}".strip(": "), kind=DecisionStep)
        return {"escalated": True, "decision": _dump(decision), "transcript": recorder.entries}

    async def finalize(self, state: PanelState) -> Update:
        return {"report": _dump(consensus.build_report(report_parts(state)))}


async def route_after_critic(state: PanelState) -> Literal["finalize", "revise", "escalate"]:
    """Pass -> finalize; revise -> back to the agents at fault; escalate -> a clinician."""
    verdict = state["critic"]["verdict"]
    if verdict == "pass":
        return "finalize"
    if verdict == "revise":
        return "revise"
    return "escalate"

