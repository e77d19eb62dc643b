"""A scripted model for tests: plays given turns (tool calls, then a final answer) through AG2.

It builds on AG2's own test client (`ag2.testing.TestClient`) and adds what our tests need:
every request the model received is kept (`ScriptedModel.requests`), so a test can prove that
a tool's real output reached the model. `block_network()` makes any real socket connection
fail, so a unit test that forgets to script its model cannot reach an endpoint.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ag2.config import LLMClient, ModelConfig, ModelProvider
from ag2.events import BaseEvent, ModelResponse, ToolCallEvent, ToolResultEvent
from ag2.testing import TestClient, Turn

from consilium.core.errors import MisuseError

if TYPE_CHECKING:
    from ag2 import Context
    from ag2.files.protocol import FilesClient


def tool_call(name: str, **arguments: Any) -> ToolCallEvent:
    """One scripted turn in which the model calls `name` with `arguments`."""
    return ToolCallEvent(name, arguments=json.dumps(arguments))


def answer(payload: dict[str, Any] | str) -> str:
    """One scripted turn in which the model replies with this JSON (or raw text)."""
    return payload if isinstance(payload, str) else json.dumps(payload)


class _RecordingClient(LLMClient):
    def __init__(self, inner: LLMClient, requests: list[list[BaseEvent]]) -> None:
        self.inner = inner
        self.requests = requests

    async def __call__(
        self, messages: Sequence[BaseEvent], context: Context, **kwargs: Any
    ) -> ModelResponse:
        self.requests.append(list(messages))
        return await self.inner(messages, context, **kwargs)


class ScriptedModel(ModelConfig):
    """An AG2 model config that answers from a script, one turn per model call.

    A turn is a `tool_call(...)`, a text answer, or an exception the call raises (to test
    retries). Tool errors are handed back to the "model" as results, as a real provider does.
    """

    def __init__(self, *turns: Turn, model: str = "scripted") -> None:
        self._client = _RecordingClient(TestClient(*turns, raise_tool_errors=False), [])
        self._model = model

    @property
    def provider(self) -> ModelProvider:
        return ModelProvider.OPENAI

    @property
    def model(self) -> str:
        return self._model

    @property
    def requests(self) -> list[list[BaseEvent]]:
        """The message history the model was given at each call."""
        return self._client.requests

    def tool_results_seen(self) -> list[str]:
        """Every tool result text that reached the model, in order."""
        seen: list[str] = []
        for messages in self.requests:
            for event in messages:
                if isinstance(event, ToolResultEvent):
                    seen.extend(str(getattr(part, "content", part)) for part in event.result.parts)
        return list(dict.fromkeys(seen))

    def copy(self, **overrides: Any) -> ScriptedModel:
        return self

    def create(self) -> LLMClient:
        return self._client

    def create_files_client(self) -> FilesClient:
        raise NotImplementedError("a scripted model has no files API")


class NetworkBlockedError(MisuseError, ConnectionRefusedError):
    pass


@contextmanager
def block_network() -> Iterator[None]:
    """Refuse every TCP connection for the duration (local Unix sockets still work)."""
    original = socket.socket.connect

    def refuse(sock: socket.socket, address: Any) -> None:
        if sock.family == socket.AF_UNIX:
            original(sock, address)
            return
        raise NetworkBlockedError(f"network access is blocked in unit tests: {address!r}")

    setattr(socket.socket, "connect", refuse)  # noqa: B010  (patching a C type's method)
    try:
        yield
    finally:
        setattr(socket.socket, "connect", original)  # noqa: B010
