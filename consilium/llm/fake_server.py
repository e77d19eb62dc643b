"""A local fake OpenAI-compatible server for fault tests and the benchmark.

It answers `POST /v1/chat/completions` after a fixed latency. Its answer is the rule-based
engine's evidence from the prompt (the `EVIDENCE ...:` line every role prompt carries), which
is valid in the role's schema, so a whole panel can run against it. Faults are injected from a
plan: a queue of `Fault`s consumed one per request (then normal answers), or a per-model fault
that every request for that model gets (a dead provider, for fallback tests).

    with FakeLLMServer(latency_s=0.2) as server:
        settings = Settings(model="fake", base_url=server.base_url, api_key="k")
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

EVIDENCE_MARKER = "EVIDENCE from the rule-based engine: "
CHARS_PER_TOKEN = 4  # the usual rough figure for English text; the fake's usage is an estimate


class Fault(StrEnum):
    RATE_LIMITED = "429"  # with Retry-After
    SERVER_ERROR = "500"
    TIMEOUT = "timeout"  # answers only after `hang_s`, past any sane client timeout
    TRUNCATED = "truncated"  # HTTP 200 whose JSON body is cut off mid-way
    MALFORMED = "malformed"  # a well-formed completion whose content is not the schema's JSON


class FakeLLMServer:
    def __init__(
        self,
        *,
        latency_s: float = 0.0,
        faults: Iterable[Fault] = (),
        model_faults: dict[str, Fault] | None = None,
        retry_after_s: float = 0.05,
        hang_s: float = 30.0,
    ) -> None:
        self.latency_s = latency_s
        self.retry_after_s = retry_after_s
        self.hang_s = hang_s
        self.model_faults = dict(model_faults or {})
        self._faults: deque[Fault] = deque(faults)
        self._lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.served: Counter[str] = Counter()  # "ok" or a fault's value -> count
        self.port = _free_port()
        app = Starlette(routes=[Route("/v1/chat/completions", self._complete, methods=["POST"])])
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="error", backlog=2048,
            timeout_keep_alive=30,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def inject(self, *faults: Fault) -> None:
        with self._lock:
            self._faults.extend(faults)

    def start(self) -> FakeLLMServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the fake LLM server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _next_fault(self, model: str) -> Fault | None:
        with self._lock:
            if model in self.model_faults:
                return self.model_faults[model]
            return self._faults.popleft() if self._faults else None

    async def _complete(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(body)
        model = str(body.get("model", ""))
        fault = self._next_fault(model)
        self.served[fault.value if fault else "ok"] += 1
        await asyncio.sleep(self.hang_s if fault is Fault.TIMEOUT else self.latency_s)
        if fault is Fault.RATE_LIMITED:
            return JSONResponse(
                {"error": {"message": "rate limited (fake)", "type": "rate_limit"}},
                status_code=429,
                headers={"Retry-After": str(self.retry_after_s)},
            )
        if fault is Fault.SERVER_ERROR:
            return JSONResponse({"error": {"message": "internal error (fake)"}}, status_code=500)
        content = "{'not': json" if fault is Fault.MALFORMED else _evidence(body)
        payload = json.dumps(_completion(model, body, content))
        if fault is Fault.TRUNCATED:
            payload = payload[: len(payload) // 2]
        return Response(payload, media_type="application/json")


def _evidence(body: dict[str, Any]) -> str:
    """The evidence JSON from the first user message: a valid answer in the role's schema."""
    for message in body.get("messages", []):
        content = message.get("content")
        text = content if isinstance(content, str) else json.dumps(content)
        if message.get("role") == "user" and EVIDENCE_MARKER in text:
            return text.split(EVIDENCE_MARKER, 1)[1].split("\n", 1)[0].strip()
    return "{}"


def _completion(model: str, body: dict[str, Any], content: str) -> dict[str, Any]:
    prompt_tokens = len(json.dumps(body.get("messages", []))) // CHARS_PER_TOKEN
    completion_tokens = max(len(content) // CHARS_PER_TOKEN, 1)
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def main() -> None:
    """Serve in the foreground (the benchmark runs it in its own process)."""
    import argparse

    parser = argparse.ArgumentParser(description="Fake OpenAI-compatible server")
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--port", type=int, default=0, help="0 = a free port")
    parser.add_argument("--print-port", action="store_true", help="print the port first")
    args = parser.parse_args()
    server = FakeLLMServer(latency_s=args.latency)
    if args.port:
        server.port = args.port
        server._server.config.port = args.port
    if args.print_port:
        print(server.port, flush=True)
    server._server.run()


if __name__ == "__main__":
    main()
