"""Run one panel role as an AG2 agent: tools through function calling, answer in the schema."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import openai
from ag2 import Agent
from ag2.config import ModelConfig
from ag2.events import ModelResponse
from pydantic import BaseModel, ValidationError

from consilium.core.report import Usage
from consilium.core.settings import Settings
from consilium.llm import ag2_overheads
from consilium.llm.budget import (
    active_budgets,
    price_for,
    reserve_call,
)
from consilium.llm.cache import CacheMode, CachingConfig, ResponseCache
from consilium.llm.config import LLM_ROLES, OutputMode, build_model_config
from consilium.llm.errors import LLMConfigError, LLMError, LLMOutputError
from consilium.llm.providers import FallbackConfig
from consilium.llm.retry import CallMeter, ResilientConfig, RetryPolicy, rejects_response_format
from consilium.llm.tool_adapter import ToolRecorder, adapt_tool, json_schema_of
from consilium.llm.transcript import transcript_entries, usage_of
from consilium.prompts import render
from consilium.tools.registry import Tool

ag2_overheads.install()

OutputT = TypeVar("OutputT", bound=BaseModel)
CONTEXT_KEYS = ("case", "evidence", "critique")
SYSTEM_PROMPT = "You are one member of a clinical decision-support panel. Be brief and exact."
REPAIR_TURNS = 1
# The configs a role runs on: each accepts any override in `copy` (tool_choice, say).
RunConfig = ResilientConfig | FallbackConfig | CachingConfig


@dataclass
class RoleRun(Generic[OutputT]):
    output: OutputT
    transcript: list[dict[str, Any]] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)


@dataclass
class _RoleTask(Generic[OutputT]):
    """Everything one role run needs besides the model config."""

    role: str
    output_model: type[OutputT]
    context: dict[str, Any]
    tools: Sequence[Tool[Any, Any]]
    max_tool_calls: int
    notes: list[dict[str, Any]] = field(default_factory=list)

    def prompt(self, output_mode: OutputMode) -> str:
        # Where the server cannot take the schema as `response_format`, it travels in the prompt.
        schema_json = None
        if output_mode == "json_object":
            schema_json = json.dumps(json_schema_of(self.output_model), separators=(",", ":"))
        return render(
            self.role,
            case=self.context["case"],
            evidence=self.context["evidence"],
            critique=list(self.context["critique"]),
            schema_name=self.output_model.__name__,
            schema_json=schema_json,
        )

    def note(self, kind: str, content: str, *, agent: str | None = None) -> None:
        self.notes.append(
            {
                "kind": kind,
                "agent": agent or self.role,
                "content": content,
                "tool": None,
                "input": None,
                "output": None,
                "duration_ms": None,
            }
        )


async def run_role_with_llm(
    role: str,
    output_model: type[OutputT],
    context: dict[str, Any],
    tools: Sequence[Tool[Any, Any]],
    settings: Settings,
    *,
    model_config: ModelConfig | None = None,
    output_mode: OutputMode = "json_schema",
    max_tool_calls: int = 8,
    max_tokens: int | None = None,
    retry: RetryPolicy | None = None,
    cache: ResponseCache | None = None,
    cache_mode: CacheMode = "cache",
) -> RoleRun[OutputT]:
    """Run `role` on the configured model and return its validated output.

    `model_config` replaces the endpoint built from `settings` (tests pass a scripted model).
    With a `cache` (see `open_response_cache`), a request seen before is answered from it.
    `cache_mode` "record" stores every answer, "replay" answers only from `cache` (offline).
    In `json_schema` mode a server that refuses the schema `response_format` is asked again
    in `json_object` mode, once; the switch is in the transcript.
    """
    if role not in LLM_ROLES:
        raise LLMConfigError(f"unknown role {role!r}; expected one of {', '.join(LLM_ROLES)}")
    missing = [key for key in CONTEXT_KEYS if key not in context]
    if missing:
        raise LLMConfigError(f"context for {role} lacks {', '.join(missing)}")
    task = _RoleTask(role, output_model, context, tools, max_tool_calls)
    base = retry or RetryPolicy(
        settings.retry_attempts, settings.retry_initial_wait_s, settings.retry_max_wait_s
    )
    policy = RetryPolicy(
        base.attempts,
        base.initial_wait_s,
        base.max_wait_s,
        on_retry=lambda text: task.note("error", text),
    )

    def config_for(mode: OutputMode) -> RunConfig:
        config: ResilientConfig | FallbackConfig
        if model_config is not None:
            meter = CallMeter(budgets=active_budgets(), track_prices=False)
            config = ResilientConfig(model_config, policy, meter)
        else:
            config = build_model_config(
                settings,
                role,
                output_mode=mode,
                output_schema=json_schema_of(output_model),
                retry=policy,
                max_tokens=max_tokens,
                note=lambda text: task.note("error", text),
            )
        if cache is None:
            return config
        params = {"temperature": settings.temperature, "max_tokens": max_tokens, "mode": mode}
        shared_meter = config.meter

        def count_replayed(response: ModelResponse) -> None:
            reserve_call(shared_meter.budgets)
            shared_meter.record(response, price_for(settings, config.model), config.model)

        return CachingConfig(config, cache, params, cache_mode, count_replayed)

    try:
        return await _run_with_format_fallback(task, config_for, output_mode, model_config)
    except LLMError as exc:
        exc.transcript = list(task.notes)  # retries and fallbacks stay on the record
        raise


async def _run_with_format_fallback(
    task: _RoleTask[OutputT],
    config_for: Callable[[OutputMode], RunConfig],
    output_mode: OutputMode,
    model_config: ModelConfig | None,
) -> RoleRun[OutputT]:
    try:
        try:
            run = await _run_agent(task, config_for(output_mode), output_mode)
        except openai.APIStatusError as exc:
            can_fall_back = model_config is None and output_mode == "json_schema"
            if not (can_fall_back and rejects_response_format(exc)):
                raise
            task.note("error", f"the server refused json_schema output; using json_object: {exc}")
            run = await _run_agent(task, config_for("json_object"), "json_object")
    except openai.APIStatusError as exc:
        # Not transient (those are retried) and not a format we can switch: the request is wrong.
        raise LLMConfigError(f"the endpoint rejected the request: {exc}") from exc
    run.transcript[:0] = task.notes
    return run


async def _run_agent(
    task: _RoleTask[OutputT], config: RunConfig, output_mode: OutputMode
) -> RoleRun[OutputT]:
    """The tool loop, then at most one repair turn in which tools are switched off.

    `tool_choice` is explicit: llama.cpp ignores tools unless it is set, and a repair turn with
    `tool_choice="none"` makes every server answer in text (llama.cpp then applies the schema
    grammar, which it does not do while tools are on offer).
    """
    recorder = ToolRecorder(max_calls=task.max_tool_calls)
    run_state = {ToolRecorder: recorder}
    # Native structured output in json_schema mode; otherwise we validate the text ourselves.
    schema = task.output_model if output_mode == "json_schema" else None
    prompt = task.prompt(output_mode)
    task.note("message", prompt, agent="consilium")
    agent = _agent_for(task.role, schema, tuple(task.tools))
    reply: Any = await agent.ask(
        prompt,
        config=config.copy(tool_choice="auto") if task.tools else config,
        dependencies=run_state,
    )
    first_body = reply.body
    output, problem = _validate(task.output_model, reply.body)
    if output is None:
        if recorder.exhausted:
            problem = f"no more tool calls: the budget of {recorder.max_calls} is used up"
        reply = await reply.ask(
            f"Your answer is not a valid {task.output_model.__name__} JSON object ({problem}). "
            "Reply with the corrected JSON object only.",
            config=config.copy(tool_choice="none") if task.tools else config,
            response_schema=schema,
            dependencies=run_state,
        )
        output, problem = _validate(task.output_model, reply.body)
    if output is None:
        raise LLMOutputError(
            f"{task.role}: not in the {task.output_model.__name__} schema after {REPAIR_TURNS} "
            f"repair turn: {problem}",
            raw_output=first_body,
        )
    events = await reply.history.get_events()
    meter = _meter_of(config)
    usage = usage_of(events, llm_calls=meter.calls if meter else 0)
    usage.cost_usd = round(meter.cost_usd, 6) if meter else 0.0
    if meter and meter.unpriced:
        task.note("error", f"no price for {', '.join(sorted(meter.unpriced))}: costed at 0")
    return RoleRun(
        output=output,
        transcript=transcript_entries(task.role, events, recorder.calls),
        usage=usage,
    )


@functools.cache
def _agent_for(
    role: str, schema: type[OutputT] | None, tools: tuple[Tool[Any, Any], ...]
) -> Agent[Any]:
    """One AG2 agent per role, schema and tool set, shared by every run.

    Building an agent costs milliseconds of CPU (tool models, the schema's JSON schema); at
    hundreds of runs that was the largest share of a case. The agent holds no run state: the
    model config comes with each ask, and each run's tool recorder with its dependencies.
    """
    return Agent(
        role,
        SYSTEM_PROMPT,
        tools=[adapt_tool(tool) for tool in tools],
        response_schema=schema,
    )


def _meter_of(config: ModelConfig) -> CallMeter | None:
    """The meter of model calls actually made: cache hits stop above it."""
    while not isinstance(config, ResilientConfig | FallbackConfig):
        inner = getattr(config, "inner", None)
        if inner is None:
            return None
        config = inner
    return config.meter


def _validate(output_model: type[OutputT], body: str | None) -> tuple[OutputT | None, str]:
    if not body or not body.strip():
        return None, "the answer was empty"
    text = _strip_fence(body)
    try:
        return output_model.model_validate_json(text), ""
    except ValidationError as strict_exc:
        exc = strict_exc
        lenient = _parse_lenient(text)
        if lenient is not None:
            try:
                return output_model.model_validate(lenient), ""
            except ValidationError as lenient_exc:
                exc = lenient_exc
        return None, "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'answer'}: {error['msg']}"
            for error in exc.errors()
        )


def _parse_lenient(text: str) -> Any:
    """JSON that allows raw control characters (newlines) inside strings, as small models write."""
    try:
        return json.loads(text, strict=False)
    except ValueError:
        return None


def _strip_fence(text: str) -> str:
    """Models often wrap JSON in a Markdown fence; the JSON inside is what counts."""
    stripped = text.strip()
    if stripped.startswith("```"):
        stripped = stripped.split("\n", 1)[-1].rsplit("```", 1)[0]
    return stripped
