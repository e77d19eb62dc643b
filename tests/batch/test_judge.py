"""The LLM judge: asked only when deterministic matching fails, its verdict stored and counted."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from consilium.core.settings import Settings
from consilium.evaluation.batch import judge_record, openai_judge
from consilium.evaluation.metrics import compute_metrics
from tests.batch.records import record


class ScriptedJudge:
    def __init__(self, answer: int | None = 1, fail: bool = False) -> None:
        self.answer, self.fail = answer, fail
        self.asked: list[tuple[list[str], list[str]]] = []

    async def __call__(self, gold: list[str], candidates: list[str]) -> int | None:
        self.asked.append((gold, candidates))
        if self.fail:
            raise TimeoutError("judge endpoint timed out")
        return self.answer


def judged(rec: Any, judge: ScriptedJudge) -> Any:
    return asyncio.run(judge_record(rec, judge, "judge-model"))


def test_judge_decides_only_what_the_deterministic_matching_missed() -> None:
    judge = ScriptedJudge(answer=1)
    nstemi = judged(record("a", ["NSTEMI", "Pericarditis"], gold="Acute coronary syndrome",
                           synonyms=["ACS"]), judge)
    exact = judged(record("b", ["Pneumonia"], gold="pneumonia"), judge)
    assert judge.asked == [(["Acute coronary syndrome", "ACS"], ["NSTEMI", "Pericarditis"])]
    assert nstemi.judge == {"model": "judge-model", "rank": 1} and exact.judge is None
    dx = compute_metrics([nstemi, exact])["diagnosis"]
    assert dx["top1"]["value"] == 1.0 and dx["matched_by_llm_judge"] == 1


def test_a_failing_judge_is_recorded_and_the_case_stays_unmatched() -> None:
    rec = judged(record("a", ["Migraine"], gold="Subarachnoid haemorrhage"),
                 ScriptedJudge(fail=True))
    assert rec.judge["error"] == "TimeoutError: judge endpoint timed out"
    assert compute_metrics([rec])["diagnosis"]["top5"]["value"] == 0.0


class _ChatHandler(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _ChatHandler.requests.append({"path": self.path, **body})
        answer = {"id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                  "choices": [{"index": 0, "finish_reason": "stop",
                               "message": {"role": "assistant", "content": "2"}}],
                  "usage": {"prompt_tokens": 40, "completion_tokens": 1, "total_tokens": 41}}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def chat_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _ChatHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_openai_judge_asks_the_configured_endpoint_and_reads_the_number(
        chat_server: str, tmp_path: Path) -> None:
    settings = Settings(model="panel-model", base_url=chat_server, state_dir=tmp_path,
                        role_models={"judge": "judge-model"})
    judge = openai_judge(settings)

    async def ask() -> int | None:
        return await judge(["Myasthenia gravis"], ["Lambert-Eaton syndrome", "Ocular myasthenia"])

    rank = asyncio.run(ask())
    assert rank == 2
    request = _ChatHandler.requests[-1]
    assert request["path"] == "/v1/chat/completions" and request["model"] == "judge-model"
    prompt = request["messages"][0]["content"]
    assert "Myasthenia gravis" in prompt and "2. Ocular myasthenia" in prompt
