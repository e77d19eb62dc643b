"""Small repairs so that every OpenAI-compatible server accepts what the openai client sends.

llama-cpp-python's server rejects an assistant message whose `content` is null (the OpenAI
format for a turn that only calls tools) with a validation error. Sending an empty string
instead means the same thing to every server, so the fix is applied to every request.
"""

from __future__ import annotations

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


def compat_http_client(timeout_s: float) -> httpx2.AsyncClient:
    return httpx2.AsyncClient(transport=CompatTransport(), timeout=timeout_s)
