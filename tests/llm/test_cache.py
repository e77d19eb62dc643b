"""The response cache: stable keys, a replay that needs no model, SQLite persistence."""

from __future__ import annotations

from consilium.core.report import TriageAssessment
from consilium.llm import run_role_with_llm
from consilium.llm.cache import MemoryResponseCache, SQLiteResponseCache, cache_key
from consilium.llm.testing import ScriptedModel, answer, tool_call

TRIAGE = {"esi": 3, "urgency": "non_emergency", "rationale": "Stable vital signs."}


def test_key_changes_with_any_part_of_the_request():
    base = cache_key("m", [{"role": "user", "content": "hi"}], [], {"temperature": 0})
    assert base == cache_key("m", [{"role": "user", "content": "hi"}], [], {"temperature": 0})
    assert base != cache_key("m2", [{"role": "user", "content": "hi"}], [], {"temperature": 0})
    assert base != cache_key("m", [{"role": "user", "content": "hi!"}], [], {"temperature": 0})
    assert base != cache_key(
        "m", [{"role": "user", "content": "hi"}], [{"t": 1}], {"temperature": 0}
    )
    assert base != cache_key("m", [{"role": "user", "content": "hi"}], [], {"temperature": 1})


async def test_a_repeated_run_is_replayed_from_the_cache_without_the_model(
    settings, bmi_tool, triage_context
):
    cache = MemoryResponseCache()
    first_model = ScriptedModel(
        tool_call("body_mass_index", weight_kg=80, height_cm=175), answer(TRIAGE)
    )
    first = await run_role_with_llm(
        "triage",
        TriageAssessment,
        triage_context,
        [bmi_tool],
        settings,
        model_config=first_model,
        cache=cache,
    )
    # The second model has no script: any call that reached it would fail.
    second = await run_role_with_llm(
        "triage",
        TriageAssessment,
        triage_context,
        [bmi_tool],
        settings,
        model_config=ScriptedModel(),
        cache=cache,
    )
    assert second.output == first.output
    assert first.usage.llm_calls == 2 and second.usage.llm_calls == 0
    # The tool still really ran on replay: its output is on the record again.
    replayed = [e for e in second.transcript if e["kind"] == "tool_call"]
    assert replayed[0]["output"]["bmi"] == 26.1


def test_sqlite_cache_survives_reopening(tmp_path):
    path = tmp_path / "cache.sqlite"
    SQLiteResponseCache(path).set("k", "v")
    assert SQLiteResponseCache(path).get("k") == "v"
    assert SQLiteResponseCache(path).get("missing") is None
