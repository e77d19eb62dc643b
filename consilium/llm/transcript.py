"""Turn an AG2 run's event history into consilium transcript entries and usage."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ag2.events import ModelResponse, ToolResultEvent

from consilium.core.report import Usage
from consilium.llm.tool_adapter import ToolCallRecord


def transcript_entries(
    role: str,
    events: Iterable[Any],
    tool_calls: list[ToolCallRecord],
) -> list[dict[str, Any]]:
    """Messages and tool calls in the order they happened (`seq` is the workflow's to add)."""
    by_call_id = {record.call_id: record for record in tool_calls if record.call_id}
    unmatched = [record for record in tool_calls if not record.call_id]
    entries: list[dict[str, Any]] = []
    for event in events:
        if isinstance(event, ModelResponse):
            for call in event.tool_calls.calls:
                entries.append(_message(role, f"calls {call.name}({call.arguments})"))
            if event.content:
                entries.append(_message(role, event.content))
        elif isinstance(event, ToolResultEvent):
            record = by_call_id.pop(event.parent_id, None) or (
                unmatched.pop(0) if unmatched else None
            )
            if record is not None:
                entries.append(_tool_call(role, record))
    # Calls the history did not show (should not happen) are still on the record.
    entries.extend(_tool_call(role, record) for record in [*by_call_id.values(), *unmatched])
    return entries


def usage_of(events: Iterable[Any], llm_calls: int) -> Usage:
    """Tokens as the server reported them; `llm_calls` counted by the client (AG2 also puts
    responses that no model produced, such as a final tool result, in the history)."""
    responses = [event for event in events if isinstance(event, ModelResponse)]
    prompt = sum(int(r.usage.prompt_tokens or 0) for r in responses)
    completion = sum(int(r.usage.completion_tokens or 0) for r in responses)
    total = sum(int(r.usage.total_tokens or 0) for r in responses) or prompt + completion
    return Usage(
        llm_calls=llm_calls, tokens=total, prompt_tokens=prompt, completion_tokens=completion
    )


def _message(role: str, content: str) -> dict[str, Any]:
    return {
        "kind": "message",
        "agent": role,
        "content": content,
        "tool": None,
        "input": None,
        "output": None,
        "duration_ms": None,
    }


def _tool_call(role: str, record: ToolCallRecord) -> dict[str, Any]:
    return {
        "kind": "tool_call",
        "agent": role,
        "content": record.error or "",
        "tool": record.tool,
        "input": record.input,
        "output": record.output,
        "duration_ms": record.duration_ms,
    }
