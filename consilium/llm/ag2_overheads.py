"""Two per-turn costs of AG2 1.2 that buy nothing here, removed. `install()` applies both.

1. Subscriber call models. AG2 subscribes ~8 handlers to the conversation stream on every
   `ask` (the model call, each tool, the tool executor, history storage, ...), and each
   subscription builds a fast_depends call model: a pydantic model of the handler's signature,
   ~0.3 ms of CPU apiece. The handlers are fresh closures each turn but their signatures never
   change; the call model is now reused per code object (2.9 ms -> 0.5 ms per ask measured with
   a scripted model). Only plain functions and methods without default values or a custom
   `__signature__` are cached (their call model depends on nothing but the code and the
   module's annotations); anything else is built as before. A hit copies the cached model and
   swaps in the new handler, so each subscription still calls its own closure.

2. Context injection off the worker threads. fast_depends runs every synchronous
   `CustomField.use` in a worker thread; AG2's `ContextField.use` (which puts the conversation
   context into the handler's arguments, a dict assignment) thereby cost a thread round trip
   ~20 times an ask: 80 a case. It now runs inline.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import ag2.stream
import ag2.utils
import fast_depends.core.model
from ag2.annotations import ContextField
from fast_depends.core import CallModel

_build_model: Callable[..., CallModel] = ag2.utils.build_model
_templates: dict[tuple[types.CodeType, bool, bool], CallModel] = {}


def _cacheable_code(handler: Callable[..., Any]) -> types.CodeType | None:
    function = getattr(handler, "__func__", handler)  # a bound method's function
    if not isinstance(function, types.FunctionType):
        return None
    if function.__defaults__ or function.__kwdefaults__ or hasattr(handler, "__signature__"):
        return None  # defaults may be Depends(...) markers that differ per closure
    return function.__code__


def cached_build_model(
    f: Callable[..., Any], *, sync_to_thread: bool = True, serialize_result: bool = True
) -> CallModel:
    """`ag2.utils.build_model`, answered from the cache when `f`'s code was seen before."""
    code = _cacheable_code(f)
    if code is None:
        return _build_model(f, sync_to_thread=sync_to_thread, serialize_result=serialize_result)
    key = (code, sync_to_thread, serialize_result)
    template = _templates.get(key)
    if template is None:
        template = _build_model(f, sync_to_thread=sync_to_thread, serialize_result=serialize_result)
        _templates[key] = template
        return template
    return _with_call(template, ag2.utils._to_async(f, sync_to_thread=sync_to_thread))


def _with_call(template: CallModel, call: Callable[..., Any]) -> CallModel:
    # Slot by slot: copy.copy goes through __reduce_ex__, which cost more than the build it saves.
    model = CallModel.__new__(CallModel)
    for slot in CallModel.__slots__:
        setattr(model, slot, getattr(template, slot))
    model.call = call
    return model


async def _run_async_context_inline(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    if getattr(func, "__func__", None) is ContextField.use:
        return func(*args, **kwargs)  # a dict assignment: not worth a worker thread
    return await _run_async(func, *args, **kwargs)


_run_async: Callable[..., Any] = fast_depends.core.model.run_async


def install() -> None:
    """Apply both (idempotent). Each is skipped when this AG2 / fast_depends no longer has the
    function it replaces, so an upgrade degrades to the libraries' own behaviour."""
    if getattr(ag2.stream, "build_model", None) is _build_model and hasattr(ag2.utils, "_to_async"):
        ag2.stream.build_model = cached_build_model
    if getattr(fast_depends.core.model, "run_async", None) is _run_async:
        fast_depends.core.model.run_async = _run_async_context_inline
