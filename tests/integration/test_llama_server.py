"""run_role_with_llm over HTTP against a real llama.cpp server (Gemma 3 270M).

A tiny base model: these tests prove the plumbing (function calling, the tool's real output
going back to the model, structured output, the json_schema -> json_object switch), not
medical quality. Prompts are chosen so that the model behaves deterministically
(temperature 0): it copies the tool name that ends the prompt.
"""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, Field

from consilium.core.settings import Settings
from consilium.llm import run_role_with_llm
from consilium.tools.registry import Tool

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]


class PressureInput(BaseModel):
    systolic_bp: float = Field(gt=0)
    diastolic_bp: float = Field(gt=0)


class PressureOutput(BaseModel):
    mean_arterial_pressure: float
    source: str


def _mean_arterial_pressure(payload: PressureInput) -> PressureOutput:
    # MAP ~ DBP + (SBP - DBP) / 3, the usual bedside estimate.
    value = payload.diastolic_bp + (payload.systolic_bp - payload.diastolic_bp) / 3
    return PressureOutput(mean_arterial_pressure=round(value, 1), source="bedside MAP estimate")


MAP_TOOL = Tool(
    "mean_arterial_pressure",
    "Mean arterial pressure from systolic_bp and diastolic_bp in mmHg.",
    PressureInput,
    PressureOutput,
    _mean_arterial_pressure,
)


class PlumbingVerdict(BaseModel):
    """A deliberately small schema, so that a 270M model fills it within the token cap
    (llama.cpp turns `max_length` into a grammar bound; without it the string runs on)."""

    verdict: Literal["pass", "revise", "escalate"]
    reasoning: str = Field(max_length=60)


CASE = {
    "id": "plumbing-01",
    "patient": {"age": 58},
    "vitals": {"systolic_bp": 150, "diastolic_bp": 90},
}


def _settings(base_url: str) -> Settings:
    return Settings(model="gemma-3-270m", base_url=base_url, request_timeout_s=120)


async def test_real_tool_call_round_trip_and_schema_valid_answer(llama_base_url):
    context = {"case": CASE, "evidence": {}, "critique": ["functions.mean_arterial_pressure:"]}
    run = await run_role_with_llm(
        "critic",
        PlumbingVerdict,
        context,
        [MAP_TOOL],
        _settings(llama_base_url),
        output_mode="json_object",
        max_tool_calls=1,
        max_tokens=120,
    )
    (call,) = [entry for entry in run.transcript if entry["kind"] == "tool_call"]
    assert call["tool"] == "mean_arterial_pressure"
    # The real tool ran on the model's arguments (whatever numbers it chose).
    expected = _mean_arterial_pressure(PressureInput(**call["input"]))
    assert call["output"] == expected.model_dump()
    assert isinstance(run.output, PlumbingVerdict)
    # Two model calls: the tool call, then the answer given the tool's result.
    assert run.usage.llm_calls == 2
    assert run.usage.prompt_tokens > 0 and run.usage.completion_tokens > 0


async def test_server_without_json_schema_support_falls_back_to_json_object(llama_base_url):
    context = {"case": CASE, "evidence": {}, "critique": []}
    run = await run_role_with_llm(
        "critic",
        PlumbingVerdict,
        context,
        [],
        _settings(llama_base_url),
        max_tokens=120,
    )
    assert isinstance(run.output, PlumbingVerdict)
    notes = [entry["content"] for entry in run.transcript if entry["kind"] == "error"]
    assert any("refused json_schema" in note for note in notes)
