"""Small repairs so that every OpenAI-compatible server accepts what the openai client sends.

llama-cpp-python's server rejects an assistant message whose `content` is null (the OpenAI
format for a turn that only calls tools) with a validation error. Sending an empty string
instead means the same thing to every server, so the fix is applied to every request.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx2


def _fill_null_assistant_content(payload: dict[str, Any]) -> bool:
    changed = False
    for message in payload.get("messages") or []:
        is_assistant = isinstance(message, dict) and message.get("role") == "assistant"
        if is_assistant and message.get("content") is None:
            message["content"] = ""
            changed = True
    return changed


class CompatTransport(httpx2.AsyncBaseTransport):
    """Wraps the real transport and rewrites chat-completion bodies where needed."""

    def __init__(self, inner: httpx2.AsyncBaseTransport | None = None) -> None:
        self.inner = inner or httpx2.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if request.method == "POST" and request.url.path.endswith("/chat/completions"):
            body = await request.aread()
            if b"null" not in body:  # nothing to repair: skip parsing the (large) body
                return await self.inner.handle_async_request(request)
            try:
                payload = json.loads(body)
            except ValueError:
                payload = None
            if isinstance(payload, dict) and _fill_null_assistant_content(payload):
                headers = {
                    k: v for k, v in request.headers.items() if k.lower() != "content-length"
                }
                request = httpx2.Request(
                    request.method,
                    request.url,
                    headers=headers,
                    content=json.dumps(payload).encode(),
                    extensions=request.extensions,
                )
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


_CLIENTS: dict[tuple[float, int], httpx2.AsyncClient] = {}


def compat_http_client(timeout_s: float) -> httpx2.AsyncClient:
    """One client per timeout per event loop: its connection pool (and the TLS context, costly
    to build) is reused by every call instead of being made again for each role."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return httpx2.AsyncClient(transport=CompatTransport(), timeout=timeout_s)
    key = (timeout_s, id(loop))
    client = _CLIENTS.get(key)
    if client is None or client.is_closed:
        client = _CLIENTS[key] = httpx2.AsyncClient(
            transport=CompatTransport(), timeout=timeout_s, limits=POOL_LIMITS
        )
        _forget_when_loop_closes(loop, key)
    return client


# Enough connections for a batch at concurrency 32 with two roles in parallel per case.
POOL_LIMITS = httpx2.Limits(max_connections=256, max_keepalive_connections=128)


def _forget_when_loop_closes(loop: asyncio.AbstractEventLoop, key: tuple[float, int]) -> None:
    # A loop id can be reused by a later loop; drop the entry when this loop's tasks end.
    original_close = loop.close

    def close() -> None:
        _CLIENTS.pop(key, None)
        original_close()

    loop.close = close  # type: ignore[method-assign]
