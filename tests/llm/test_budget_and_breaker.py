"""Budgets, the price table and circuit breakers: the accounting a batch depends on."""

from __future__ import annotations

import pytest

from consilium.core.settings import Settings
from consilium.llm.budget import (
    Budget,
    LLMBudgetExceeded,
    active_budgets,
    budget_scope,
    price_for,
    reserve_call,
)
from consilium.llm.providers import CircuitBreaker


def test_a_call_cap_refuses_the_call_past_it_and_names_the_cap():
    budget = Budget("case", max_calls=2)
    reserve_call((budget,))
    reserve_call((budget,))
    with pytest.raises(LLMBudgetExceeded, match="case cap of 2 LLM calls reached"):
        reserve_call((budget,))
    assert budget.calls == 2


def test_a_refusal_by_one_budget_takes_no_slot_from_the_others():
    case, batch = Budget("case"), Budget("batch", max_calls=0)
    with pytest.raises(LLMBudgetExceeded, match="batch"):
        reserve_call((case, batch))
    assert case.calls == 0


def test_token_and_cost_caps_stop_the_next_call():
    budget = Budget("case", max_tokens=1000, max_cost_usd=1.0)
    reserve_call((budget,))
    budget.charge(900, 200, 0.5)
    assert budget.exhausted_by() == "case cap of 1000 tokens reached (1100)"


def test_budget_scopes_nest_and_unwind():
    outer, inner = Budget("batch"), Budget("case")
    with budget_scope(outer):
        with budget_scope(inner):
            assert active_budgets() == (outer, inner)
        assert active_budgets() == (outer,)
    assert active_budgets() == ()


def test_prices_come_from_the_table_and_dated_models_take_their_familys_price():
    settings = Settings()
    gpt4o = price_for(settings, "gpt-4o")
    assert gpt4o is not None
    assert gpt4o.cost(1_000_000, 1_000_000) == pytest.approx(12.5)
    assert price_for(settings, "gpt-4o-2024-08-06") == gpt4o
    assert price_for(settings, "gpt-4o-mini") != gpt4o  # the longest family name wins
    assert price_for(settings, "unknown-model") is None


def test_a_breaker_opens_after_repeated_failures_and_tries_again_after_the_cooldown():
    breaker = CircuitBreaker(failures=2, cooldown_s=10.0)
    breaker.record_failure(now=100.0)
    assert breaker.allows(now=100.0)
    breaker.record_failure(now=101.0)
    assert not breaker.allows(now=105.0)
    assert breaker.allows(now=111.0)  # half-open: one trial call
    breaker.record_success()
    assert breaker.allows(now=111.0) and breaker.consecutive == 0
