"""What every agent shares: the context it sees, the transcript recorder, and the engine switch.

An agent role is its knowledge-engine function plus, when a model is configured, an LLM pass
that sees the knowledge engine's output as evidence and answers in the same schema. If the
LLM pass fails, the knowledge output stands and the transcript says why.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from consilium.core.case import Case
from consilium.core.report import (
    DiagnosticAssessment,
    MedicationReview,
    ScoreResult,
    TriageAssessment,
    Usage,
)
from consilium.core.settings import Settings

T = TypeVar("T")
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass
class AgentContext:
    """Everything an agent may see: never the case's gold answers."""

    case: Case
    derived: list[ScoreResult]
    clinical_findings: list[Any]
    triage: TriageAssessment | None = None
    diagnosis: DiagnosticAssessment | None = None
    medication: MedicationReview | None = None
    critique: list[str] = field(default_factory=list)
    round: int = 0


@dataclass
class Recorder:
    """Collects one agent's transcript entries (without sequence numbers: the report adds them)."""

    agent: str
    round: int = 0
    entries: list[dict[str, Any]] = field(default_factory=list)

    def message(self, content: str, kind: str = "message") -> None:
        self.entries.append(
            {"kind": kind, "agent": self.agent, "content": content, "round": self.round}
        )

    def tool(
        self, name: str, fn: Callable[..., T], payload: dict[str, Any], *args: Any, **kwargs: Any
    ) -> T:
        """Call `fn(*args, **kwargs)` and record it as tool `name` with `payload` as its input."""
        started = time.perf_counter()
        output = fn(*args, **kwargs)
        elapsed = (time.perf_counter() - started) * 1000
        self.entries.append(
            {
                "kind": "tool_call", "agent": self.agent, "tool": name, "input": payload,
                "output": _jsonable(output), "duration_ms": round(elapsed, 3), "round": self.round,
            }
        )
        return output


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
            kind="error",
        )
        return RoleOutcome(knowledge_output, f"knowledge ({reason})")
    except LLMError as exc:
        _keep_notes(recorder, exc)
        raise
    for entry in run.transcript:
        recorder.entries.append({**entry, "round": recorder.round})
    name = "scripted" if model is not None else settings.role_models.get(role, settings.model)
    return RoleOutcome(run.output, f"llm:{name}", run.usage)


def _keep_notes(recorder: Recorder, exc: Exception) -> None:
    """Retries and provider fallbacks that came before a failure stay in the transcript."""
    for entry in getattr(exc, "transcript", []):
        recorder.entries.append({**entry, "round": recorder.round})
