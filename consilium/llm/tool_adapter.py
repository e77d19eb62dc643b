"""Offer consilium's registered tools to an AG2 agent and record every call for the transcript."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from ag2 import ToolResult
from ag2 import tool as ag2_tool
from ag2.tools.final.function_tool import FunctionTool
from ag2.utils import CONTEXT_OPTION_NAME
from pydantic import BaseModel, ValidationError

from consilium.tools.registry import Tool

_SCHEMAS: dict[type[BaseModel], dict[str, Any]] = {}


def json_schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """A model's JSON schema, built once: pydantic rebuilds it on every call, at a cost.
    Callers must not modify the returned mapping."""
    if model not in _SCHEMAS:
        _SCHEMAS[model] = model.model_json_schema()
    return _SCHEMAS[model]


@dataclass
class ToolCallRecord:
    tool: str
    input: dict[str, Any]
    output: Any
    duration_ms: float
    call_id: str | None = None
    error: str | None = None


@dataclass
class ToolRecorder:
    """Collects the calls of one role run; caps them so a looping model cannot run forever."""

    max_calls: int = 8
    calls: list[ToolCallRecord] = field(default_factory=list)

    @property
    def exhausted(self) -> bool:
        return len(self.calls) >= self.max_calls


def adapt_tool(tool: Tool[Any, Any]) -> FunctionTool:
    """An AG2 function tool whose parameters are the tool's input model, as JSON schema.

    The model gets the tool's output as JSON. Bad arguments come back to the model as an error
    it can correct, instead of ending the run. The call that uses up the budget is `final`: it
    ends AG2's tool loop, so a model that keeps calling tools cannot run on forever.

    The adapted tool holds no per-run state, so one agent can serve many runs at once: each
    run hands its `ToolRecorder` in through the ask's dependencies
    (`agent.ask(..., dependencies={ToolRecorder: recorder})`).
    """

    def call(**arguments: Any) -> str | ToolResult:
        context = arguments.pop(CONTEXT_OPTION_NAME, None)
        call_id = getattr(context, "tool_call_id", None)
        recorder = _recorder_of(context)
        started = time.perf_counter()
        output: Any
        error: str | None = None
        if recorder.exhausted:  # a second call in the same turn as the last allowed one
            error = f"tool budget of {recorder.max_calls} calls used up"
            output = {"error": error}
        else:
            try:
                output = json.loads(tool(arguments).model_dump_json())
            except ValidationError as exc:
                error = f"invalid arguments for {tool.name}: {exc.errors(include_url=False)}"
                output = {"error": error}
            except Exception as exc:  # a tool fault is reported to the model and recorded
                error = f"{tool.name} failed: {type(exc).__name__}: {exc}"
                output = {"error": error}
        recorder.calls.append(
            ToolCallRecord(
                tool=tool.name,
                input=arguments,
                output=output,
                duration_ms=(time.perf_counter() - started) * 1000.0,
                call_id=call_id,
                error=error,
            )
        )
        text = json.dumps(output, default=str)
        # The call that uses up the budget ends the tool loop; the engine then asks for the answer.
        return ToolResult(text, final=True) if recorder.exhausted else text

    return ag2_tool(
        call,
        name=tool.name,
        description=tool.description,
        schema=json_schema_of(tool.input_model),
    )


def _recorder_of(context: Any) -> ToolRecorder:
    recorder = getattr(context, "dependencies", {}).get(ToolRecorder)
    if not isinstance(recorder, ToolRecorder):
        # A programming error, not a model's: the run forgot to pass its recorder.
        raise RuntimeError("a consilium tool ran without a ToolRecorder in the ask's dependencies")
    return recorder
