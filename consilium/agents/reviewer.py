"""Reviewer (critic): the safety gate between the consensus draft and the released report.

The deterministic checks always run, whatever engine drafted the plan. Each check is a small
named guardrail (after openai-agents-python's tool guardrails) that answers with one of three
decisions, built by small constructors:

    allow()                               nothing found
    revise(target, message, findings)     the agent at `target` must revise the draft
    escalate(message, findings, target)   no revision can fix it: a clinician decides

Checks call tools (the medication review, the guideline index, the disease model), never
another agent's module. Plain code turns the decisions into the verdict; an LLM review (when a
model is configured) can only make the verdict stricter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from consilium.agents.base import AgentContext, GateStep, Recorder, medication_review
from consilium.core.report import (
    Citation,
    CriticReview,
    Critique,
    DiagnosticAssessment,
    MedicationReview,
    SafetyFinding,
    TriageAssessment,
)
from consilium.reasoning.differential import MUST_NOT_MISS_THRESHOLD
from consilium.reasoning.diseases import condition_named
from consilium.reasoning.triage import EMERGENCY_ESI
from consilium.tools.guidelines import resolve_passage
from consilium.tools.medication.plan import active_medications, as_medication
from consilium.tools.treatment.audit import audit_plan

# A must-not-miss diagnosis at or above the reasoning engine's testing threshold
# (MUST_NOT_MISS_THRESHOLD, sourced there) needs a work-up in the plan; ESI levels up to
# EMERGENCY_ESI are the emergency band. Both come from where they are defined.
# A diagnosis the disease model rates an emergency, this probable, needs emergency acuity.
EMERGENCY_DIAGNOSIS_THRESHOLD = 0.10


@dataclass
class Draft:
    triage: TriageAssessment
    diagnosis: DiagnosticAssessment
    medication: MedicationReview


Behavior = Literal["allow", "revise", "escalate"]


@dataclass(frozen=True)
class GateDecision:
    """What one check decided: allow, send back to `target` to revise, or escalate."""

    behavior: Behavior
    findings: list[SafetyFinding] = field(default_factory=list)
    target: str | None = None  # the agent that must revise (or whose draft is escalated)
    message: str = ""

    @property
    def tripped(self) -> bool:
        return self.behavior != "allow"

    @property
    def fixable(self) -> bool:
        return self.behavior != "escalate"


def allow() -> GateDecision:
    return GateDecision("allow")


def revise(target: str, message: str, findings: Sequence[SafetyFinding]) -> GateDecision:
    return GateDecision("revise", list(findings), target, message)


def escalate(message: str, findings: Sequence[SafetyFinding],
             target: str | None = None) -> GateDecision:
    return GateDecision("escalate", list(findings), target, message)


def _problems(target: str | None, findings: list[SafetyFinding]) -> GateDecision:
    """`allow()` when nothing was found, else `revise` with the findings' messages."""
    if not findings:
        return allow()
    message = "; ".join(f.message for f in findings)
    return revise(target, message, findings) if target else escalate(message, findings)


@dataclass(frozen=True)
class CheckResult:
    """A check's decision under the check's name (the report lists the checks run)."""

    name: str
    decision: GateDecision

    @property
    def findings(self) -> list[SafetyFinding]:
        return self.decision.findings

    @property
    def target(self) -> str | None:
        return self.decision.target

    @property
    def tripped(self) -> bool:
        return self.decision.tripped

    @property
    def fixable(self) -> bool:
        return self.decision.fixable


def check_medications(context: AgentContext, draft: Draft, recorder: Recorder) -> GateDecision:
    """Re-run every medication check on the drugs the plan will actually give."""
    plan = draft.medication.medication_plan
    active = active_medications(plan)
    current_names = {m.name for m in context.case.medications}
    current = [as_medication(i) for i in active if i.drug in current_names]
    started = [as_medication(i) for i in active if i.drug not in current_names]
    review = medication_review(context, current, started, recorder)
    adjusted = {i.drug for i in active if i.action == "adjust"}
    unaddressed = [
        f for f in review.findings
        if f.kind != "unrecognized_input" and f.is_serious
        and (f.severity == "contraindicated" or not adjusted.intersection(f.items))
    ]
    unknown = {item.text.lower() for item in review.unrecognized}
    unknown_started = [s.name for s in started if s.name.lower() in unknown]
    if unknown_started:
        unknown_drug = SafetyFinding(
            kind="unrecognized_input", severity="major", items=unknown_started,
            message=f"{', '.join(unknown_started)}: not in the drug lexicon, so no safety "
                    "check could run; an unchecked drug is not started without a clinician",
            source="critic: unknown-is-not-safe rule",
        )
        return escalate(unknown_drug.message, [unknown_drug], target="pharmacist")
    return _problems("pharmacist", unaddressed)


def check_treatment_plan(context: AgentContext, draft: Draft, recorder: Recorder
                         ) -> GateDecision:
    """Every item has an indication above its regimen's threshold; nothing is `start` before
    its regimen's precondition; no adult dose in a child's plan (tools/treatment/audit.py)."""
    findings = audit_plan(draft.medication.medication_plan, context.case,
                          draft.diagnosis.differential)
    return _problems("pharmacist", findings)


def check_must_not_miss(context: AgentContext, draft: Draft, recorder: Recorder
                        ) -> GateDecision:
    covered = {t.for_diagnosis for t in draft.diagnosis.next_tests if t.for_diagnosis}
    missing = [
        c for c in draft.diagnosis.differential
        if c.must_not_miss and c.probability >= MUST_NOT_MISS_THRESHOLD
        and c.diagnosis not in covered
    ]
    findings = [
        SafetyFinding(
            kind="missed_diagnosis", severity="major", items=[c.diagnosis],
            message=f"must-not-miss diagnosis {c.diagnosis} ({c.probability:.0%}) has no work-up",
            source="critic: must-not-miss rule",
        )
        for c in missing
    ]
    return _problems("diagnostician", findings)


def is_emergency(diagnosis: str) -> bool:
    """Whether the disease model rates this diagnosis an emergency (unknown names are not)."""
    condition = condition_named(diagnosis)
    return condition is not None and condition.urgency == "emergency"


def check_triage(context: AgentContext, draft: Draft, recorder: Recorder) -> GateDecision:
    triage = draft.triage
    problems: list[str] = []
    if triage.red_flags and triage.urgency == "self_care":
        problems.append(f"red flags ({', '.join(triage.red_flags)}) but self-care advised")
    if triage.esi <= EMERGENCY_ESI and triage.urgency != "emergency":
        problems.append(f"ESI {triage.esi} but urgency {triage.urgency}")
    emergencies = [
        c.diagnosis for c in draft.diagnosis.differential
        if c.probability >= EMERGENCY_DIAGNOSIS_THRESHOLD and is_emergency(c.diagnosis)
    ]
    if emergencies and triage.urgency != "emergency":
        problems.append(f"{', '.join(emergencies)} plausible but urgency {triage.urgency}")
    findings = [
        SafetyFinding(
            kind="triage", severity="major", items=["triage"], message=problem,
            source="critic: triage consistency rule",
        )
        for problem in problems
    ]
    return _problems("triage", findings)


def check_citations(context: AgentContext, draft: Draft, recorder: Recorder) -> GateDecision:
    cited: list[tuple[str, Citation]] = [
        *(("diagnostician", c) for c in draft.diagnosis.citations),
        *(("pharmacist", c) for c in draft.medication.citations),
    ]
    bad = [(agent, c) for agent, c in cited if resolve_passage(c.id) is None]
    findings = [
        SafetyFinding(
            kind="citation", severity="major", items=[c.id],
            message=f"citation {c.id!r} ({c.title}) does not resolve to a guideline passage",
            source="critic: citation check",
        )
        for _, c in bad
    ]
    return _problems(bad[0][0] if bad else None, findings)


Check = Callable[[AgentContext, Draft, Recorder], GateDecision]
# The gate's named checks, in the order they run (the report lists the names).
CHECKS: tuple[tuple[str, Check], ...] = (
    ("medication_safety", check_medications),
    ("treatment_plan", check_treatment_plan),
    ("must_not_miss", check_must_not_miss),
    ("triage_consistency", check_triage),
    ("citations", check_citations),
)


def review(
    context: AgentContext, draft: Draft, rounds_left: int, recorder: Recorder
) -> CriticReview:
    results = [CheckResult(name, check(context, draft, recorder)) for name, check in CHECKS]
    tripped = [r for r in results if r.tripped]
    findings = [f for r in tripped for f in r.findings]
    critiques = [
        Critique(target=r.target, message=r.decision.message, findings=r.findings)
        for r in tripped if r.target
    ]
    if not tripped:
        verdict, reasoning = "pass", "all deterministic checks passed"
    elif any(not r.fixable for r in tripped) or rounds_left <= 0:
        verdict = "escalate"
        reasoning = (
            "a problem no revision can fix" if any(not r.fixable for r in tripped)
            else "problems remain after the allowed revision rounds"
        )
    else:
        verdict, reasoning = "revise", f"{len(findings)} problem(s) sent back for revision"
    recorder.message(
        f"Verdict: {verdict} ({reasoning})."
        + "".join(f"\n- {f.kind}/{f.severity}: {f.message}" for f in findings),
        kind=GateStep,
    )
    return CriticReview(
        verdict=verdict,
        reasoning=reasoning, findings=findings, critiques=critiques,
        checks_run=[r.name for r in results],
    )


def stricter(gate: CriticReview, llm: CriticReview, rounds_left: int) -> CriticReview:
    """Combine the deterministic verdict with an LLM review: the LLM can only tighten it."""
    if llm is gate or llm.verdict == "pass" or gate.verdict == "escalate":
        return gate
    if llm.verdict == "escalate" or rounds_left <= 0 or not llm.critiques:
        return gate.model_copy(
            update={"verdict": "escalate", "reasoning": f"{gate.reasoning}; LLM review: "
                    f"{llm.reasoning}", "findings": [*gate.findings, *llm.findings]}
        )
    return gate.model_copy(
        update={"verdict": "revise", "reasoning": f"{gate.reasoning}; LLM review: {llm.reasoning}",
                "critiques": [*gate.critiques, *llm.critiques],
                "findings": [*gate.findings, *llm.findings]}
    )
