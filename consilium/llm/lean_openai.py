"""AG2's OpenAI chat-completions client without the SDK's per-request parameter transform.

`client.chat.completions.create` walks every request against the SDK's TypedDicts (each message
against each member of the message union, each tool's JSON schema, the response schema) to
apply aliases and formats that plain chat requests never use. It was a fifth of the client's
CPU per case. The SDK's documented `client.post(path, cast_to=..., body=...)` sends the same
body without that walk and keeps everything else: the client's base URL, headers, timeout,
connection pool, error types and the parsed `ChatCompletion`.

The body is what AG2's client builds (messages, tools, response format, create options); a
test checks that the server receives the same JSON from both. Streaming requests are left
to AG2's client.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from itertools import chain
from typing import TYPE_CHECKING, Any

from ag2.config.openai import OpenAIConfig
from ag2.config.openai.mappers import convert_messages, response_proto_to_schema, tool_to_api
from ag2.config.openai.openai_client import OpenAIClient
from ag2.events import BaseEvent, ModelResponse
from openai import NotGiven, Omit
from openai.types.chat import ChatCompletion

if TYPE_CHECKING:
    from ag2.context import ConversationContext
    from ag2.response import ResponseProto
    from ag2.tools.schemas import ToolSchema
    from fast_depends.library.serializer import SerializerProto


class LeanOpenAIClient(OpenAIClient):
    def __init__(self, built: OpenAIClient) -> None:
        # Takes over the SDK client and options AG2 built; building them again would cost a
        # second connection setup.
        self._client = built._client
        self._create_options = built._create_options

    async def __call__(
        self,
        messages: Sequence[BaseEvent],
        context: ConversationContext,
        *,
        tools: Iterable[ToolSchema],
        response_schema: ResponseProto[Any] | None,
        serializer: SerializerProto,
    ) -> ModelResponse:
        if self._create_options is None:
            raise ValueError("the OpenAI client was built without create options (no model)")
        options: dict[str, Any] = dict(self._create_options)
        if options.get("stream") is True:
            return await super().__call__(
                messages, context, tools=tools, response_schema=response_schema,
                serializer=serializer,
            )
        prompt: Iterable[str] = context.prompt
        if response_schema and response_schema.system_prompt:
            prompt = chain(context.prompt, (response_schema.system_prompt,))
        extra_body = options.pop("extra_body", None) or {}
        body = {
            **options,
            "response_format": response_proto_to_schema(response_schema),
            "messages": convert_messages(prompt, messages, serializer),
            "tools": [tool_to_api(tool) for tool in tools] or None,
        }
        # As the SDK does: unset parameters are left out; extra_body is merged over the rest.
        sent = {key: value for key, value in body.items() if _given(key, value)} | extra_body
        completion = await self._client.post(
            "/chat/completions", cast_to=ChatCompletion, body=sent
        )
        return await self._process_completion(completion, context)


def _given(key: str, value: Any) -> bool:
    if isinstance(value, Omit | NotGiven):
        return False
    # response_format and tools are optional: AG2 passes `omit` for them when there are none.
    return not (value is None and key in ("response_format", "tools"))


@dataclass
class LeanOpenAIConfig(OpenAIConfig):
    """`OpenAIConfig` whose client skips the SDK's request transform (see module doc).

    AG2 asks its config for a new client on every turn. Clients are kept per configuration
    instead: a new SDK client worked out its platform headers in a worker thread on its first
    request, once per turn. A client holds no per-request state, so turns share it."""

    def create(self) -> LeanOpenAIClient:
        # The running loop is part of the key: an SDK client's connections belong to one loop.
        key = (_loop_id(), *(_hashable(getattr(self, f.name)) for f in fields(self)))
        client = _CLIENTS.get(key)
        if client is None:
            client = LeanOpenAIClient(super().create())
            _CLIENTS[key] = client
            while len(_CLIENTS) > _MAX_CLIENTS:
                _CLIENTS.pop(next(iter(_CLIENTS)))
        return client


_MAX_CLIENTS = 64  # roles x models x event loops in one process; the oldest goes first
_CLIENTS: dict[tuple[Any, ...], LeanOpenAIClient] = {}


def _loop_id() -> int | None:
    try:
        return id(asyncio.get_running_loop())
    except RuntimeError:
        return None


def _hashable(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=repr)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value
