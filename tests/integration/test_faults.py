"""The whole panel against a fake OpenAI-compatible server over real HTTP, with injected faults.

Every case must complete (or end with a clear status): a transient fault is retried, a dead
provider is left for the next one, a spent budget or a failing model hands the role back to the
knowledge engine, and each of these is written in the report's transcript.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import consilium
from consilium.core.report import ConsensusReport
from consilium.core.settings import ProviderSettings, Settings
from consilium.llm.budget import Budget, budget_scope, case_budget
from consilium.llm.fake_server import FakeLLMServer, Fault
from consilium.llm.providers import reset_breakers

CASE = Path(__file__).resolve().parents[2] / "cases" / "warfarin-nsaid.yaml"
PANEL_ROLES = ("critic", "diagnostician", "pharmacist", "triage")


@pytest.fixture(autouse=True)
def _closed_breakers() -> Iterator[None]:
    reset_breakers()
    yield
    reset_breakers()


@pytest.fixture
def server() -> Iterator[FakeLLMServer]:
    with FakeLLMServer(hang_s=5.0) as fake:
        yield fake


def llm_settings(tmp_path: Path, base_url: str, **extra: object) -> Settings:
    return Settings(
        model="fake", base_url=base_url, api_key="k", state_dir=tmp_path / "state",
        request_timeout_s=1.0, llm_cache=False, retry_attempts=3, retry_initial_wait_s=0.01,
        retry_max_wait_s=0.1, **extra,  # type: ignore[arg-type]
    )


def errors(report: ConsensusReport) -> list[str]:
    return [entry.content for entry in report.transcript if entry.kind == "error"]


def engines(report: ConsensusReport) -> dict[str, str]:
    return dict(part.split("=", 1) for part in report.engine.split(", "))


@pytest.mark.parametrize(
    ("fault", "visible_as"),
    [
        (Fault.RATE_LIMITED, "RateLimitError"),
        (Fault.SERVER_ERROR, "InternalServerError"),
        (Fault.TIMEOUT, "APITimeoutError"),
        (Fault.TRUNCATED, "JSONDecodeError"),
    ],
)
async def test_a_transient_fault_is_retried_and_the_case_completes_on_the_model(
    tmp_path, server, fault, visible_as
):
    server.inject(fault)
    report = await consilium.arun_case(CASE, settings=llm_settings(tmp_path, server.base_url))
    assert set(engines(report)) == set(PANEL_ROLES)
    assert all(engine == "llm:fake" for engine in engines(report).values()), report.engine
    assert any(visible_as in text and "retrying" in text for text in errors(report))
    # The retried request and the four role calls all reached the server; none was lost.
    assert server.served[fault.value] == 1 and server.served["ok"] == 4
    assert report.usage.llm_calls == 4
    assert report.usage.tokens > 0
    # Each agent's share, and the shares add up to the case's totals.
    assert {agent: use.llm_calls for agent, use in report.usage.by_agent.items()} == dict.fromkeys(
        PANEL_ROLES, 1)
    assert sum(use.tokens for use in report.usage.by_agent.values()) == report.usage.tokens
    # The warfarin + ibuprofen interaction is still flagged: the safety gate does not depend
    # on the model's good behaviour.
    assert any("warfarin" in f.message.lower() for f in report.safety_findings)


async def test_malformed_json_gets_one_repair_turn(tmp_path, server):
    server.inject(Fault.MALFORMED)
    report = await consilium.arun_case(CASE, settings=llm_settings(tmp_path, server.base_url))
    assert all(engine == "llm:fake" for engine in engines(report).values()), report.engine
    assert report.usage.llm_calls == 5  # four roles plus the repair turn


async def test_a_model_that_is_always_down_hands_every_role_to_the_knowledge_engine(tmp_path):
    with FakeLLMServer(model_faults={"fake": Fault.SERVER_ERROR}) as server:
        settings = llm_settings(tmp_path, server.base_url, breaker_failures=100)
        report = await consilium.arun_case(CASE, settings=settings)
    assert all(e == "knowledge (LLM fallback)" for e in engines(report).values()), report.engine
    assert sum("LLMUnavailableError" in text for text in errors(report)) == 4
    assert any("retrying" in text for text in errors(report))
    assert report.usage.llm_calls == 0
    assert report.status.startswith(("approved", "escalated"))
    assert any("warfarin" in f.message.lower() for f in report.safety_findings)


async def test_a_dead_provider_falls_back_to_the_next_and_its_breaker_opens(tmp_path):
    with FakeLLMServer(model_faults={"dead-model": Fault.SERVER_ERROR}) as server:
        providers = [
            ProviderSettings(name="primary", base_url=server.base_url, model="dead-model"),
            ProviderSettings(name="secondary", base_url=server.base_url),
        ]
        settings = llm_settings(tmp_path, server.base_url, providers=providers,
                                breaker_failures=1, breaker_cooldown_s=600)
        first = await consilium.arun_case(CASE, settings=settings)
        dead_requests = server.served["500"]
        second = await consilium.arun_case(CASE, settings=settings)
    assert all(e == "llm:fake" for e in engines(first).values()), first.engine
    assert any("provider primary failed" in t and "falling back to secondary" in t
               for t in errors(first))
    # The open breaker sends the second case straight to the secondary provider.
    assert server.served["500"] == dead_requests
    assert not any("provider primary failed" in t for t in errors(second))
    assert second.usage.llm_calls == 4


async def test_a_case_cap_stops_model_calls_and_the_report_says_so(tmp_path, server):
    settings = llm_settings(tmp_path, server.base_url, max_llm_calls_per_case=1)
    with budget_scope(case_budget(settings)) as (budget,):
        report = await consilium.arun_case(CASE, settings=settings)
    assert budget.calls == 1 and report.usage.llm_calls == 1
    assert engines(report)["triage"] == "llm:fake"  # triage runs first and gets the one call
    held_back = [role for role, engine in engines(report).items()
                 if engine == "knowledge (budget exhausted)"]
    assert sorted(held_back) == ["critic", "diagnostician", "pharmacist"]
    assert any("case cap of 1 LLM calls reached" in text for text in errors(report))


async def test_a_batch_budget_is_shared_by_its_cases(tmp_path, server):
    settings = llm_settings(tmp_path, server.base_url)
    batch = Budget("batch", max_calls=6)
    reports = []
    with budget_scope(batch):
        for _ in range(3):
            reports.append(await consilium.arun_case(CASE, settings=settings))
    assert batch.calls == 6 == sum(report.usage.llm_calls for report in reports)
    assert batch.tokens == sum(report.usage.tokens for report in reports)
    assert reports[0].usage.llm_calls == 4
    assert all("knowledge" in engine for engine in engines(reports[2]).values())
    assert any("batch cap of 6 LLM calls reached" in text for text in errors(reports[2]))


async def test_cost_comes_from_the_price_table(tmp_path, server):
    table = tmp_path / "prices.yaml"
    table.write_text("models:\n  fake: {input: 1000000.0, output: 2000000.0}\n")
    settings = llm_settings(tmp_path, server.base_url, price_table=table)
    report = await consilium.arun_case(CASE, settings=settings)
    expected = report.usage.prompt_tokens * 1.0 + report.usage.completion_tokens * 2.0
    assert report.usage.cost_usd == pytest.approx(expected)
