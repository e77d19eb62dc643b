"""Retry decisions: what is transient, and how long the server asks us to wait."""

from __future__ import annotations

import email.utils
import json
import time

import httpx2
import openai
import pytest

from consilium.llm.compat import CompatTransport
from consilium.llm.retry import is_transient, rejects_response_format, retry_after_seconds


def _error(status: int, headers: dict[str, str] | None = None, message: str = "x"):
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx2.Response(status, headers=headers or {}, request=request)
    return openai.APIStatusError(message, response=response, body=None)


@pytest.mark.parametrize(
    ("status", "transient"),
    [(429, True), (500, True), (503, True), (408, True), (400, False), (401, False)],
)
def test_which_statuses_are_retried(status, transient):
    assert is_transient(_error(status)) is transient


def test_a_refused_response_format_is_not_retried_even_as_a_500():
    refused = _error(500, message="response_format: Input should be 'text' or 'json_object'")
    assert rejects_response_format(refused) and not is_transient(refused)


def test_retry_after_in_seconds_milliseconds_and_as_a_date():
    assert retry_after_seconds(_error(429, {"retry-after": "2"})) == 2.0
    assert retry_after_seconds(_error(429, {"retry-after-ms": "1500"})) == 1.5
    in_ten = email.utils.formatdate(time.time() + 10, usegmt=True)
    assert 8 <= (retry_after_seconds(_error(429, {"retry-after": in_ten})) or 0) <= 10
    assert retry_after_seconds(_error(429)) is None


class _Capture(httpx2.AsyncBaseTransport):
    def __init__(self) -> None:
        self.bodies: list[dict[str, object]] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.bodies.append(json.loads(await request.aread()))
        return httpx2.Response(200, json={}, request=request)


async def test_null_assistant_content_is_sent_as_an_empty_string():
    capture = _Capture()
    async with httpx2.AsyncClient(transport=CompatTransport(capture)) as client:
        messages = [
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": None, "tool_calls": []},
        ]
        await client.post("http://127.0.0.1/v1/chat/completions", json={"messages": messages})
    assert capture.bodies[0]["messages"] == [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "", "tool_calls": []},
    ]
