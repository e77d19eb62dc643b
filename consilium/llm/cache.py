"""A response cache for model calls, keyed by model, messages, tools and parameters.

Where it lives: Redis when `CONSILIUM_REDIS_URL` is set (shared by every worker and machine),
else a SQLite file in the state directory (one machine), or memory for a single process.
`CachingConfig` plugs it into AG2 as a model config, so any client (OpenAI, scripted) gains it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import redis
from ag2.config import LLMClient, ModelConfig
from ag2.config.openai.mappers import convert_messages, tool_to_api
from ag2.events import BaseEvent, ModelMessage, ModelResponse, ToolCallEvent, ToolCallsEvent
from ag2.events.types import Usage as AG2Usage

from consilium.core.errors import RunError
from consilium.core.settings import Settings
from consilium.llm.errors import LLMError
from consilium.llm.wrapping import WrappingConfig

if TYPE_CHECKING:
    from ag2 import Context
    from ag2.files.protocol import FilesClient

KEY_PREFIX = "consilium:llm:v1:"


def cache_key(model: str, messages: Any, tools: Any, params: dict[str, Any]) -> str:
    """A stable key: the same request always maps to it, any difference changes it."""
    canonical = json.dumps(
        {"model": model, "messages": messages, "tools": tools, "params": params},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return KEY_PREFIX + hashlib.sha256(canonical.encode()).hexdigest()


class ResponseCache(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...


class MemoryResponseCache:
    def __init__(self) -> None:
        self._data: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self._data.get(key)

    def set(self, key: str, value: str) -> None:
        self._data[key] = value


class SQLiteResponseCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False)
        with self._lock, self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, value TEXT)"
            )

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM responses WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set(self, key: str, value: str) -> None:
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO responses VALUES (?, ?)", (key, value))


class RedisResponseCache:
    def __init__(self, url: str, ttl_s: int | None = 7 * 24 * 3600) -> None:
        self._redis = redis.Redis.from_url(url, decode_responses=True)
        self._ttl_s = ttl_s

    def get(self, key: str) -> str | None:
        value = self._redis.get(key)
        return value if isinstance(value, str) else None

    def set(self, key: str, value: str) -> None:
        self._redis.set(key, value, ex=self._ttl_s)


_OPEN: dict[tuple[str, str], ResponseCache] = {}


def workflow_cache(settings: Settings) -> tuple[ResponseCache, CacheMode] | None:
    """The cache the workflow uses under these settings, opened once per process, and its mode:
    the recording file in record/replay mode, else the response cache (unless switched off)."""
    if settings.llm_mode != "live":
        key = ("recording", str(settings.recording_file))
        if key not in _OPEN:
            _OPEN[key] = SQLiteResponseCache(settings.recording_file)
        return _OPEN[key], settings.llm_mode
    if not settings.llm_cache:
        return None
    key = ("cache", settings.redis_url or str(settings.state_dir))
    if key not in _OPEN:
        _OPEN[key] = open_response_cache(settings)
    return _OPEN[key], "cache"


def open_response_cache(settings: Settings) -> ResponseCache:
    if settings.redis_url:
        return RedisResponseCache(settings.redis_url)
    return SQLiteResponseCache(settings.state_dir / "llm-cache.sqlite")


def dump_response(response: ModelResponse) -> str:
    usage = response.usage
    return json.dumps(
        {
            "content": response.content,
            "tool_calls": [
                {"id": c.id, "name": c.name, "arguments": c.arguments}
                for c in response.tool_calls.calls
            ],
            "usage": [usage.prompt_tokens, usage.completion_tokens, usage.total_tokens],
            "model": response.model,
            "finish_reason": response.finish_reason,
        }
    )


def load_response(text: str) -> ModelResponse:
    data = json.loads(text)
    prompt, completion, total = data["usage"]
    calls = [
        ToolCallEvent(c["name"], id=c["id"], arguments=c["arguments"]) for c in data["tool_calls"]
    ]
    return ModelResponse(
        ModelMessage(data["content"]) if data["content"] is not None else None,
        tool_calls=ToolCallsEvent(calls),
        usage=AG2Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=total),
        model=data["model"],
        finish_reason=data["finish_reason"],
    )


CacheMode = Literal["cache", "record", "replay"]


class LLMReplayMissError(LLMError, RunError):
    """Replay mode met a request that the recording does not hold: nothing goes to a model."""


class CachingClient(LLMClient):
    """`cache`: answer from the cache, else ask and store; `record`: always ask and store;
    `replay`: answer only from the store (a miss is an error, never a network call)."""

    def __init__(
        self,
        inner: LLMClient,
        cache: ResponseCache,
        model: str,
        params: dict[str, Any],
        mode: CacheMode = "cache",
        on_replay: Callable[[ModelResponse], None] | None = None,
    ):
        self.inner = inner
        self.cache = cache
        self.model = model
        self.params = params
        self.mode = mode
        self.on_replay = on_replay
        self.hits = 0

    async def __call__(
        self, messages: Sequence[BaseEvent], context: Context, **kwargs: Any
    ) -> ModelResponse:
        serializer = kwargs.get("serializer")
        openai_messages = convert_messages(context.prompt, messages, serializer)  # type: ignore[arg-type]
        tools = [tool_to_api(t) for t in kwargs.get("tools", ())]
        schema = kwargs.get("response_schema")
        params = {**self.params, "schema": getattr(schema, "json_schema", None)}
        key = cache_key(self.model, openai_messages, tools, params)
        if self.mode != "record" and (cached := self.cache.get(key)) is not None:
            self.hits += 1
            response = load_response(cached)
            if self.mode == "replay" and self.on_replay is not None:
                self.on_replay(response)  # a replayed call counts as the recorded call did
            return response
        if self.mode == "replay":
            raise LLMReplayMissError(
                f"replay: no recorded response for this {self.model} request; record it first "
                "(CONSILIUM_LLM_MODE=record)"
            )
        response = await self.inner(messages, context, **kwargs)
        self.cache.set(key, dump_response(response))
        return response


class CachingConfig(WrappingConfig):
    """Wraps a model config so that its clients answer repeated requests from the cache."""

    def __init__(
        self,
        inner: ModelConfig,
        cache: ResponseCache,
        params: dict[str, Any],
        mode: CacheMode = "cache",
        on_replay: Callable[[ModelResponse], None] | None = None,
    ) -> None:
        self.inner = inner
        self.cache = cache
        self.params = params
        self.mode = mode
        self.on_replay = on_replay

    def copy(self, **overrides: Any) -> CachingConfig:
        return CachingConfig(
            self.inner.copy(**overrides), self.cache, {**self.params, **overrides},
            self.mode, self.on_replay,
        )

    def create(self) -> CachingClient:
        return CachingClient(
            self.inner.create(), self.cache, self.inner.model, self.params,
            self.mode, self.on_replay,
        )

    def create_files_client(self) -> FilesClient:
        return self.inner.create_files_client()
