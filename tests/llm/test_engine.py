"""run_role_with_llm on a scripted model: tool round trip, schema output, repair, failures."""

from __future__ import annotations

import json

import httpx2
import openai
import pytest

from consilium.core.report import MedicationReview, TriageAssessment
from consilium.llm import (
    LLMConfigError,
    LLMOutputError,
    LLMUnavailableError,
    RetryPolicy,
    run_role_with_llm,
)
from consilium.llm.testing import ScriptedModel, answer, tool_call

TRIAGE_ANSWER = {
    "esi": 2,
    "urgency": "emergency",
    "red_flags": ["chest pain with hypotension"],
    "rationale": "Possible acute coronary syndrome with low blood pressure.",
    "disposition": "resuscitation bay, ECG within 10 minutes",
}
FAST = RetryPolicy(attempts=3, initial_wait_s=0.0, max_wait_s=0.0)


async def test_tool_call_round_trip_reaches_the_model_and_output_is_schema_valid(
    settings, bmi_tool, triage_context
):
    model = ScriptedModel(
        tool_call("body_mass_index", weight_kg=80, height_cm=175), answer(TRIAGE_ANSWER)
    )
    run = await run_role_with_llm(
        "triage", TriageAssessment, triage_context, [bmi_tool], settings, model_config=model
    )

    assert isinstance(run.output, TriageAssessment)
    assert run.output.esi == 2 and run.output.urgency == "emergency"
    # The real tool ran, and its output (80 / 1.75^2 = 26.1) is what the model saw next.
    assert json.loads(model.tool_results_seen()[0])["bmi"] == 26.1
    calls = [entry for entry in run.transcript if entry["kind"] == "tool_call"]
    assert calls == [
        {
            "kind": "tool_call",
            "agent": "triage",
            "content": "",
            "tool": "body_mass_index",
            "input": {"weight_kg": 80, "height_cm": 175},
            "output": {"bmi": 26.1, "source": "WHO BMI definition"},
            "duration_ms": calls[0]["duration_ms"],
        }
    ]
    assert calls[0]["duration_ms"] >= 0
    assert run.usage.llm_calls == 2
    # The prompt went on the record first, and says the output is decision support.
    assert run.transcript[0]["agent"] == "consilium"
    assert "decision support" in run.transcript[0]["content"]


async def test_bad_tool_arguments_go_back_to_the_model_as_an_error(
    settings, bmi_tool, triage_context
):
    model = ScriptedModel(
        tool_call("body_mass_index", weight_kg=-3, height_cm=175), answer(TRIAGE_ANSWER)
    )
    run = await run_role_with_llm(
        "triage", TriageAssessment, triage_context, [bmi_tool], settings, model_config=model
    )
    (call,) = [entry for entry in run.transcript if entry["kind"] == "tool_call"]
    assert "invalid arguments" in call["content"] and "weight_kg" in call["content"]
    assert "invalid arguments" in model.tool_results_seen()[0]


async def test_one_repair_turn_fixes_an_answer_outside_the_schema(settings, triage_context):
    wrong = dict(TRIAGE_ANSWER, esi=7)  # ESI runs from 1 to 5
    model = ScriptedModel(answer(wrong), answer(TRIAGE_ANSWER))
    run = await run_role_with_llm(
        "triage", TriageAssessment, triage_context, [], settings, model_config=model
    )
    assert run.output.esi == 2
    assert run.usage.llm_calls == 2
    repair_request = model.requests[1][-1].parts[0].content
    assert "not a valid TriageAssessment" in repair_request
    assert "esi: Input should be less than or equal to 5" in repair_request


async def test_still_wrong_after_the_repair_turn_raises_output_error(settings, triage_context):
    model = ScriptedModel(answer("ESI 2, go to resus"), answer({"esi": "two"}), answer("{}"))
    with pytest.raises(LLMOutputError, match="TriageAssessment") as caught:
        await run_role_with_llm(
            "triage", TriageAssessment, triage_context, [], settings, model_config=model
        )
    assert caught.value.raw_output == "ESI 2, go to resus"
    assert len(model.requests) == 2  # the answer, one repair turn, no more


def _status_error(status: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx2.Response(status, headers=headers or {}, request=request)
    cls = {429: openai.RateLimitError, 401: openai.AuthenticationError}.get(
        status, openai.InternalServerError
    )
    return cls(f"HTTP {status}", response=response, body=None)


async def test_rate_limit_and_server_error_are_retried_and_visible(settings, triage_context):
    model = ScriptedModel(
        _status_error(429, {"retry-after": "0"}), _status_error(503), answer(TRIAGE_ANSWER)
    )
    run = await run_role_with_llm(
        "triage", TriageAssessment, triage_context, [], settings, model_config=model, retry=FAST
    )
    assert run.output.urgency == "emergency"
    retries = [entry["content"] for entry in run.transcript if entry["kind"] == "error"]
    assert len(retries) == 2
    assert "RateLimitError" in retries[0] and "InternalServerError" in retries[1]


async def test_endpoint_down_after_retries_is_unavailable_not_output_error(
    settings, triage_context
):
    model = ScriptedModel(*[_status_error(502) for _ in range(3)])
    with pytest.raises(LLMUnavailableError, match="after 3 attempts"):
        await run_role_with_llm(
            "triage",
            TriageAssessment,
            triage_context,
            [],
            settings,
            model_config=model,
            retry=FAST,
        )


async def test_rejected_key_is_a_config_error_without_retries(settings, triage_context):
    model = ScriptedModel(_status_error(401), answer(TRIAGE_ANSWER))
    with pytest.raises(LLMConfigError, match="refused"):
        await run_role_with_llm(
            "triage",
            TriageAssessment,
            triage_context,
            [],
            settings,
            model_config=model,
            retry=FAST,
        )
    assert len(model.requests) == 1


@pytest.mark.parametrize(
    ("role", "context", "message"),
    [
        ("surgeon", {"case": {}, "evidence": {}, "critique": []}, "unknown role"),
        ("pharmacist", {"case": {}}, "lacks evidence, critique"),
    ],
)
async def test_misuse_is_a_config_error(settings, role, context, message):
    with pytest.raises(LLMConfigError, match=message):
        await run_role_with_llm(role, MedicationReview, context, [], settings)


async def test_no_model_configured_is_a_config_error(triage_context):
    from consilium.core.settings import Settings

    with pytest.raises(LLMConfigError, match="no model configured"):
        await run_role_with_llm("triage", TriageAssessment, triage_context, [], Settings())


async def test_unit_tests_cannot_reach_a_real_endpoint(settings, triage_context):
    # No scripted model: the engine builds a real OpenAI client, whose connection is refused.
    with pytest.raises(LLMUnavailableError) as caught:
        await run_role_with_llm(
            "triage", TriageAssessment, triage_context, [], settings, retry=FAST
        )
    assert isinstance(caught.value.__cause__, openai.APIConnectionError)


async def test_a_model_that_keeps_calling_tools_is_stopped_and_asked_to_answer(
    settings, bmi_tool, triage_context
):
    looping = [tool_call("body_mass_index", weight_kg=80, height_cm=175) for _ in range(2)]
    model = ScriptedModel(*looping, answer(TRIAGE_ANSWER))
    run = await run_role_with_llm(
        "triage",
        TriageAssessment,
        triage_context,
        [bmi_tool],
        settings,
        model_config=model,
        max_tool_calls=2,
    )
    assert run.output.esi == 2
    assert len([e for e in run.transcript if e["kind"] == "tool_call"]) == 2
    answer_request = model.requests[-1][-1].parts[0].content
    assert "budget of 2 is used up" in answer_request
    assert run.usage.llm_calls == 3  # two tool turns and the answer; no phantom calls
