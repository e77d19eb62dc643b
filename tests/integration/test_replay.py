"""The workflow's response cache, and record/replay: a recorded case re-runs offline,
identically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import consilium
from consilium.core.report import ConsensusReport
from consilium.core.settings import Settings
from consilium.llm.fake_server import FakeLLMServer
from consilium.llm.testing import block_network

CASES = Path(__file__).resolve().parents[2] / "cases"
CASE = CASES / "warfarin-nsaid.yaml"


def settings_for(tmp_path: Path, base_url: str, **extra: Any) -> Settings:
    return Settings(
        model="fake", base_url=base_url, api_key="k", state_dir=tmp_path / "state",
        request_timeout_s=2.0, retry_attempts=1, **extra,
    )


def comparable(report: ConsensusReport) -> dict[str, Any]:
    """Everything but timings and the run's own thread id."""
    data = report.model_dump(mode="json", exclude={"thread_id"})
    data["usage"].pop("wall_ms")
    for entry in data["transcript"]:
        entry.pop("duration_ms", None)
    return data


async def test_a_repeated_case_is_answered_from_the_cache(tmp_path):
    with FakeLLMServer() as server:
        settings = settings_for(tmp_path, server.base_url)
        first = await consilium.arun_case(CASE, settings=settings)
        second = await consilium.arun_case(CASE, settings=settings)
    assert first.usage.llm_calls == 4
    assert second.usage.llm_calls == 0  # every request was a cache hit: no model call made
    assert server.served["ok"] == 4
    assert second.recommendation == first.recommendation
    assert (tmp_path / "state" / "llm-cache.sqlite").is_file()


async def test_a_recorded_case_replays_offline_identically(tmp_path):
    recording = tmp_path / "recording.sqlite"
    with FakeLLMServer() as server:
        recorded = await consilium.arun_case(
            CASE,
            settings=settings_for(tmp_path, server.base_url, llm_mode="record",
                                  recording_path=recording),
        )
    assert server.served["ok"] == 4
    replay = settings_for(tmp_path, "http://127.0.0.1:9/v1", llm_mode="replay",
                          recording_path=recording)
    with block_network():
        replayed = await consilium.arun_case(CASE, settings=replay)
    assert comparable(replayed) == comparable(recorded)
    assert replayed.usage.llm_calls == 4


async def test_replay_of_an_unrecorded_case_says_so_and_never_calls_a_model(tmp_path):
    replay = settings_for(tmp_path, "http://127.0.0.1:9/v1", llm_mode="replay",
                          recording_path=tmp_path / "empty.sqlite")
    with block_network():
        report = await consilium.arun_case(CASE, settings=replay)
    misses = [e.content for e in report.transcript
              if e.kind == "error" and "LLMReplayMissError" in e.content]
    assert len(misses) == 4
    assert "knowledge (LLM fallback)" in report.engine
    assert report.usage.llm_calls == 0
