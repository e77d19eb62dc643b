"""What every agent shares: the context it sees, the typed transcript steps and their recorder,
and the engine switch.

An agent role is its knowledge-engine function plus, when a model is configured, an LLM pass
that sees the knowledge engine's output as evidence and answers in the same schema. If the
LLM pass fails, the knowledge output stands and the transcript says why.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel

from consilium.core.case import Case, Medication
from consilium.core.report import (
    DiagnosticAssessment,
    MedicationReview,
    ScoreResult,
    TriageAssessment,
    Usage,
)
from consilium.core.settings import Settings
from consilium.reasoning.differential import Ranking
from consilium.tools.medication import MedicationReviewResult, review_medications
from consilium.tools.medication.plan import review_request

T = TypeVar("T")
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass
class AgentContext:
    """Everything an agent may see: never the case's gold answers."""

    case: Case
    derived: list[ScoreResult]
    clinical_findings: list[Any]
    ranking: Ranking | None = None  # the conditions scored once at intake, when they were
    triage: TriageAssessment | None = None
    diagnosis: DiagnosticAssessment | None = None
    medication: MedicationReview | None = None
    critique: list[str] = field(default_factory=list)
    round: int = 0


@dataclass(frozen=True)
class Step:
    """One step of the audit trail (the report's `transcript`); one subclass per kind."""

    agent: str
    round: int = 0
    kind: ClassVar[str] = "message"

    def entry(self) -> dict[str, Any]:
        """The step as the report's JSON transcript entry (without `seq`: the report adds it)."""
        return {"kind": self.kind, "agent": self.agent, "content": self.text(),
                "round": self.round}

    def text(self) -> str:
        return ""


@dataclass(frozen=True)
class MessageStep(Step):
    """What an agent says: its summary, its reasoning, a model's reply."""

    content: str = ""

    def text(self) -> str:
        return self.content


@dataclass(frozen=True)
class IntakeStep(MessageStep):
    """Intake's account of the normalised case: conversions and findings."""

    kind: ClassVar[str] = "intake"


@dataclass(frozen=True)
class GateStep(MessageStep):
    """The critic's verdict and the findings behind it."""

    kind: ClassVar[str] = "gate"


@dataclass(frozen=True)
class DecisionStep(MessageStep):
    """A clinician's sign-off on an escalated case."""

    kind: ClassVar[str] = "decision"


@dataclass(frozen=True)
class ErrorStep(MessageStep):
    """Something that failed and what the panel did instead (a model fell back, a retry)."""

    kind: ClassVar[str] = "error"


@dataclass(frozen=True)
class ToolCallStep(Step):
    """A tool called with its input, its output and its duration; `error` when it failed."""

    tool: str = ""
    input: dict[str, Any] | None = None
    output: Any = None
    duration_ms: float | None = None
    error: str | None = None
    kind: ClassVar[str] = "tool_call"

    def text(self) -> str:
        return self.error or ""

    def entry(self) -> dict[str, Any]:
        return {**super().entry(), "tool": self.tool, "input": self.input,
                "output": self.output, "duration_ms": self.duration_ms}


STEP_KINDS: dict[str, type[MessageStep]] = {
    cls.kind: cls for cls in (MessageStep, IntakeStep, GateStep, DecisionStep, ErrorStep)
}


def step_from_entry(entry: dict[str, Any], round: int) -> Step:
    """A step from a transcript entry recorded below the agents (the LLM layer's records)."""
    if entry.get("kind") == "tool_call":
        return ToolCallStep(entry["agent"], round, tool=str(entry.get("tool") or ""),
                            input=entry.get("input"), output=entry.get("output"),
                            duration_ms=entry.get("duration_ms"),
                            error=entry.get("content") or None)
    return STEP_KINDS[entry.get("kind", "message")](entry["agent"], round,
                                                    str(entry.get("content") or ""))


@dataclass
class Recorder:
    """Collects one agent's transcript steps, in order."""

    agent: str
    round: int = 0
    steps: list[Step] = field(default_factory=list)

    @property
    def entries(self) -> list[dict[str, Any]]:
        """The steps as JSON transcript entries (what the workflow state keeps)."""
        return [step.entry() for step in self.steps]

    def add(self, step: Step) -> None:
        self.steps.append(step)

    def message(self, content: str, kind: type[MessageStep] = MessageStep) -> None:
        self.steps.append(kind(self.agent, self.round, content))

    def tool(
        self, name: str, fn: Callable[..., T], payload: dict[str, Any], *args: Any, **kwargs: Any
    ) -> T:
        """Call `fn(*args, **kwargs)` and record it as tool `name` with `payload` as its input."""
        started = time.perf_counter()
        output = fn(*args, **kwargs)
        elapsed = (time.perf_counter() - started) * 1000
        self.steps.append(ToolCallStep(self.agent, self.round, tool=name, input=payload,
                                       output=_jsonable(output),
                                       duration_ms=round(elapsed, 3)))
        return output


def medication_review(
    context: AgentContext, current: list[Medication], proposed: list[Medication],
    recorder: Recorder,
) -> MedicationReviewResult:
    """The `medication_review` tool on these drugs for this patient, recorded as a tool call
    (the pharmacist's review, its treatment screen, and the critic's re-check all call it)."""
    request = review_request(context.case, context.derived, current, proposed)
    return recorder.tool(
        "medication_review",
        review_medications,
        request.model_dump(mode="json", exclude_none=True),
        request,
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


@dataclass
class RoleOutcome:
    output: Any
    engine: str
    usage: Usage = field(default_factory=Usage)


async def with_llm(
    role: str,
    knowledge_output: ModelT,
    context: AgentContext,
    tool_names: list[str],
    settings: Settings,
    recorder: Recorder,
    model: Any = None,
) -> RoleOutcome:
    """Run the role's LLM pass over the knowledge engine's evidence, or keep the evidence.

    `model` replaces the configured endpoint for this role (an AG2 model config; tests pass
    `consilium.llm.testing.ScriptedModel`). The LLM layer is imported only here, so knowledge
    mode never loads the agent framework. Responses go through the workflow cache (Redis or
    SQLite; the recording in record/replay mode). When the model fails, the budget is spent or
    a replay misses, the knowledge engine's answer stands and the transcript says why.
    """
    if not settings.llm_enabled and model is None:
        return RoleOutcome(knowledge_output, "knowledge")
    from consilium.llm import LLMError, LLMOutputError, LLMUnavailableError, run_role_with_llm
    from consilium.llm.budget import LLMBudgetExceeded
    from consilium.llm.cache import LLMReplayMissError, workflow_cache
    from consilium.tools.catalog import tool

    llm_context = {
        "case": context.case.for_agents().model_dump(mode="json", exclude_none=True),
        "evidence": knowledge_output.model_dump(mode="json", exclude_none=True),
        "critique": context.critique,
    }
    cache = workflow_cache(settings) if model is None else None
    try:
        run = await run_role_with_llm(
            role, type(knowledge_output), llm_context, [tool(n) for n in tool_names], settings,
            model_config=model,
            cache=cache[0] if cache else None,
            cache_mode=cache[1] if cache else "cache",
        )
    except (LLMOutputError, LLMUnavailableError, LLMBudgetExceeded, LLMReplayMissError) as exc:
        _keep_notes(recorder, exc)
        reason = "budget exhausted" if isinstance(exc, LLMBudgetExceeded) else "LLM fallback"
        recorder.message(
            f"LLM engine failed ({type(exc).__name__}: {exc}); the knowledge engine's answer "
            "stands for this role.",
            kind=ErrorStep,
        )
        return RoleOutcome(knowledge_output, f"knowledge ({reason})")
    except LLMError as exc:
        _keep_notes(recorder, exc)
        raise
    for entry in run.transcript:
        recorder.add(step_from_entry(entry, recorder.round))
    name = "scripted" if model is not None else settings.role_models.get(role, settings.model)
    return RoleOutcome(run.output, f"llm:{name}", run.usage)


def _keep_notes(recorder: Recorder, exc: Exception) -> None:
    """Retries and provider fallbacks that came before a failure stay in the transcript."""
    for entry in getattr(exc, "transcript", []):
        recorder.add(step_from_entry(entry, recorder.round))
