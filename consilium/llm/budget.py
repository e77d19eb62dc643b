"""Accounting and hard caps for model use: calls, tokens and cost, per case and per batch.

A `Budget` is a counter with optional caps; it is thread-safe so that one batch budget can be
shared by every case of a batch. Every real model call (not a cache hit) is checked against the
active budgets before it goes out and charged to them when it returns. The budgets of the
running case live in a context variable, so concurrent cases (asyncio tasks) each see their own:

    batch = Budget("batch", max_cost_usd=5.0)
    with budget_scope(case_budget(settings), batch):
        report = await consilium.arun_case(case, settings=settings)
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from consilium.core import knowledge
from consilium.core.errors import RunError
from consilium.core.settings import Settings
from consilium.llm.errors import LLMError

DEFAULT_PRICE_TABLE = "llm_prices.yaml"  # in knowledge/


class LLMBudgetExceeded(LLMError, RunError):
    """A cap is reached: no more model calls for this case (or batch); the role falls back."""


@dataclass(frozen=True)
class Price:
    input_per_million: float
    output_per_million: float

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (
            prompt_tokens * self.input_per_million + completion_tokens * self.output_per_million
        ) / 1_000_000


class _ModelPrice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    input: float
    output: float


class PriceTableFile(BaseModel):
    """A price table: USD per million prompt (`input`) and completion (`output`) tokens."""

    model_config = ConfigDict(extra="forbid")

    source: str | None = None
    retrieved: str | None = None
    currency: str = "USD"
    per_million_tokens: bool = True
    models: dict[str, _ModelPrice]


@lru_cache(maxsize=8)
def load_price_table(path: knowledge.Source = DEFAULT_PRICE_TABLE) -> dict[str, Price]:
    models = knowledge.load(path, PriceTableFile).models
    return {str(name): Price(row.input, row.output) for name, row in models.items()}


def price_for(settings: Settings, model: str) -> Price | None:
    """The model's price; a dated variant (`gpt-4o-2024-08-06`) takes its family's price."""
    table = load_price_table(settings.price_table or DEFAULT_PRICE_TABLE)
    if model in table:
        return table[model]
    family = max((name for name in table if model.startswith(name + "-")), key=len, default=None)
    return table[family] if family else None


@dataclass
class Budget:
    """Counts calls, tokens and cost; refuses calls once any cap is reached."""

    label: str
    max_calls: int | None = None
    max_tokens: int | None = None
    max_cost_usd: float | None = None
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def _refusal(self) -> str | None:
        if self.max_calls is not None and self.calls >= self.max_calls:
            return f"{self.label} cap of {self.max_calls} LLM calls reached"
        if self.max_tokens is not None and self.tokens >= self.max_tokens:
            return f"{self.label} cap of {self.max_tokens} tokens reached ({self.tokens})"
        if self.max_cost_usd is not None and self.cost_usd >= self.max_cost_usd:
            return f"{self.label} cap of ${self.max_cost_usd:.4f} reached"
        return None

    def exhausted_by(self) -> str | None:
        """Which cap is reached, in words; None while calls may still go out."""
        with self._lock:
            return self._refusal()

    def reserve(self) -> str | None:
        """Take one call slot now (so concurrent roles cannot overshoot the call cap), or say
        which cap refuses. Tokens and cost are known only afterwards: those caps stop the next
        call, so they can be passed by the calls already in flight."""
        with self._lock:
            if (reason := self._refusal()) is not None:
                return reason
            self.calls += 1
            return None

    def release(self) -> None:
        """Give back a reserved slot whose call failed."""
        with self._lock:
            self.calls -= 1

    def charge(self, prompt_tokens: int, completion_tokens: int, cost_usd: float) -> None:
        with self._lock:
            self.prompt_tokens += prompt_tokens
            self.completion_tokens += completion_tokens
            self.cost_usd += cost_usd


def case_budget(settings: Settings, label: str = "case") -> Budget:
    return Budget(
        label,
        max_calls=settings.max_llm_calls_per_case,
        max_tokens=settings.max_tokens_per_case,
        max_cost_usd=settings.max_cost_usd_per_case,
    )


_ACTIVE: ContextVar[tuple[Budget, ...]] = ContextVar("consilium_llm_budgets", default=())


def active_budgets() -> tuple[Budget, ...]:
    return _ACTIVE.get()


@contextmanager
def budget_scope(*budgets: Budget) -> Iterator[tuple[Budget, ...]]:
    """Charge every model call made inside (in this task and tasks it starts) to `budgets`."""
    combined = (*_ACTIVE.get(), *budgets)
    token = _ACTIVE.set(combined)
    try:
        yield combined
    finally:
        _ACTIVE.reset(token)


def reserve_call(budgets: tuple[Budget, ...]) -> None:
    """Reserve one call on every budget, or none of them and raise `LLMBudgetExceeded`."""
    taken: list[Budget] = []
    for budget in budgets:
        if (reason := budget.reserve()) is not None:
            for earlier in taken:
                earlier.release()
            raise LLMBudgetExceeded(reason)
        taken.append(budget)


def release_call(budgets: tuple[Budget, ...]) -> None:
    for budget in budgets:
        budget.release()
