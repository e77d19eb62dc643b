"""The LLM response cache in a real Redis: shared between cache objects, with an expiry."""

from __future__ import annotations

import pytest
import redis

from consilium.core.report import TriageAssessment
from consilium.core.settings import Settings
from consilium.llm import run_role_with_llm
from consilium.llm.cache import RedisResponseCache, open_response_cache
from consilium.llm.testing import ScriptedModel, answer

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]

TRIAGE = {"esi": 5, "urgency": "self_care", "rationale": "Common cold, no red flags."}
CONTEXT = {
    "case": {"id": "cold-01", "presenting_complaint": "runny nose for two days"},
    "evidence": {"red_flags": []},
    "critique": [],
}


def test_settings_with_a_redis_url_open_the_redis_cache(redis_url, tmp_path):
    cache = open_response_cache(Settings(redis_url=redis_url, state_dir=tmp_path))
    assert isinstance(cache, RedisResponseCache)
    cache.set("consilium:llm:v1:test", "value")
    assert cache.get("consilium:llm:v1:test") == "value"


async def test_a_response_cached_by_one_worker_is_replayed_by_another(redis_url, tmp_path):
    settings = Settings(model="m", base_url="http://127.0.0.1:9/v1", state_dir=tmp_path)
    first = await run_role_with_llm(
        "triage",
        TriageAssessment,
        CONTEXT,
        [],
        settings,
        model_config=ScriptedModel(answer(TRIAGE)),
        cache=RedisResponseCache(redis_url),
    )
    # A second cache object (as in another process) and a model with nothing to say.
    second = await run_role_with_llm(
        "triage",
        TriageAssessment,
        CONTEXT,
        [],
        settings,
        model_config=ScriptedModel(),
        cache=RedisResponseCache(redis_url),
    )
    assert second.output == first.output and second.output.urgency == "self_care"
    assert second.usage.llm_calls == 0
    client = redis.Redis.from_url(redis_url)
    keys = [key for key in client.keys("consilium:llm:v1:*") if key != b"consilium:llm:v1:test"]
    assert keys, "the first run wrote its response to Redis"
    assert all(0 < client.ttl(key) <= 7 * 24 * 3600 for key in keys), "entries expire"
