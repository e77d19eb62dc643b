"""The cache of AG2 subscriber call models: reused per code object, yet each call is its own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

import ag2.stream
import pytest

from consilium.llm import ag2_overheads
from consilium.llm.ag2_overheads import cached_build_model


def _handler(tag: str, seen: list[tuple[str, int]]) -> Callable[[int], Awaitable[None]]:
    async def handler(value: int) -> None:
        seen.append((tag, value))

    return handler


async def _solve(model: Any, *args: Any) -> None:
    async with AsyncExitStack() as stack:
        await model.asolve(*args, stack=stack, cache_dependencies={})


async def test_closures_of_one_code_share_the_signature_model_but_call_their_own() -> None:
    seen: list[tuple[str, int]] = []
    first = cached_build_model(_handler("a", seen))
    second = cached_build_model(_handler("b", seen))

    assert second is not first
    assert second.serializer is first.serializer  # the pydantic model was built once
    await _solve(first, 1)
    await _solve(second, "2")  # still validated and coerced by the shared model
    assert seen == [("a", 1), ("b", 2)]


def test_functions_with_defaults_are_built_afresh() -> None:
    def make(default: int) -> Callable[..., Awaitable[None]]:
        async def handler(value: int = default) -> None:
            return None

        return handler

    assert cached_build_model(make(1)).serializer is not cached_build_model(make(2)).serializer


def test_installed_for_the_agent_stream() -> None:
    import consilium.llm.engine  # noqa: F401  (installs the cache on import)

    if ag2.stream.build_model is not cached_build_model:
        pytest.fail("the engine did not route AG2's stream subscriptions through the cache")
    ag2_overheads.install()  # idempotent
    assert ag2.stream.build_model is cached_build_model


async def test_an_ask_injects_the_context_without_worker_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import fast_depends.utils

    from consilium.core.report import TriageAssessment
    from consilium.llm.engine import _agent_for
    from consilium.llm.testing import ScriptedModel, answer, tool_call
    from consilium.llm.tool_adapter import ToolRecorder
    from consilium.tools.catalog import tool

    hops: list[str] = []
    original = fast_depends.utils.run_in_threadpool

    async def counting(func: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(getattr(func, "__qualname__", repr(func)))
        return await original(func, *args, **kwargs)

    monkeypatch.setattr(fast_depends.utils, "run_in_threadpool", counting)
    agent = _agent_for("triage", TriageAssessment, (tool("calc_shock_index"),))
    recorder = ToolRecorder()
    verdict = {"esi": 3, "urgency": "non_emergency", "red_flags": [], "rationale": "stable"}
    model = ScriptedModel(tool_call("calc_shock_index", heart_rate=90, systolic_bp=120),
                          answer(verdict))
    await agent.ask("triage this", config=model, dependencies={ToolRecorder: recorder})

    assert [call.tool for call in recorder.calls] == ["calc_shock_index"]  # context reached it
    assert recorder.calls[0].error is None
    assert not any("ContextField" in hop for hop in hops), hops
