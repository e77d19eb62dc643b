"""The lean client sends what AG2's own OpenAI client sends, and reads the answer the same way."""

from __future__ import annotations

from typing import Any

from ag2 import Agent
from ag2.config import OpenAIConfig
from pydantic import BaseModel

from consilium.llm.fake_server import FakeLLMServer
from consilium.llm.lean_openai import LeanOpenAIConfig
from consilium.llm.tool_adapter import ToolRecorder, adapt_tool
from consilium.tools.catalog import tool


class Verdict(BaseModel):
    answer: str
    confidence: float


async def _ask(config: OpenAIConfig, schema: type[BaseModel] | None) -> Any:
    agent = Agent("probe", "Be brief.", config=config, tools=[adapt_tool(tool("calc_bmi"))],
                  response_schema=schema)
    return await agent.ask("EVIDENCE from the rule-based engine: "
                           '{"answer": "yes", "confidence": 0.5}',
                           dependencies={ToolRecorder: ToolRecorder()})


async def test_same_request_body_and_parsed_answer_as_ag2s_client() -> None:
    with FakeLLMServer() as server:
        options: dict[str, Any] = {
            "model": "fake", "api_key": "k", "base_url": server.base_url, "temperature": 0.0,
            "max_retries": 0, "tool_choice": "auto", "extra_body": {"cache_prompt": True},
        }
        for schema in (Verdict, None):
            plain = await _ask(OpenAIConfig(**options), schema)
            lean = await _ask(LeanOpenAIConfig(**options), schema)
            sent_plain, sent_lean = server.requests[-2], server.requests[-1]
            assert sent_lean == sent_plain
            assert lean.body == plain.body
    assert "response_format" in server.requests[0] and "tools" in server.requests[0]
    assert server.requests[0]["cache_prompt"] is True  # extra_body reaches the server


def test_equal_configs_share_one_client_and_different_ones_do_not() -> None:
    base = {"model": "fake", "api_key": "k", "base_url": "http://127.0.0.1:9/v1",
            "extra_body": {"cache_prompt": True}}
    first = LeanOpenAIConfig(**base).create()
    assert LeanOpenAIConfig(**base).create() is first  # no new SDK client per turn
    assert LeanOpenAIConfig(**base).copy(temperature=0.5).create() is not first
    assert LeanOpenAIConfig(**{**base, "extra_body": {"cache_prompt": False}}).create() is not first
