"""Retries for model calls: exponential backoff with jitter, honouring `Retry-After`.

Transient failures (429, 5xx, 408, connection errors, timeouts, truncated bodies) are
retried; a misconfigured call (401, 403, 404) is an `LLMConfigError` at once; anything else
(a 400 for an unsupported `response_format`, say) goes up unchanged for the engine to handle.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import openai
from ag2.config import LLMClient, ModelConfig
from ag2.events import BaseEvent, ModelResponse
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from consilium.llm.budget import Budget, Price, release_call, reserve_call
from consilium.llm.errors import LLMConfigError, LLMUnavailableError
from consilium.llm.rate_limit import RateLimiter
from consilium.llm.wrapping import WrappingConfig

if TYPE_CHECKING:
    from ag2 import Context
    from ag2.files.protocol import FilesClient

RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
CONFIG_ERRORS = (openai.AuthenticationError, openai.PermissionDeniedError, openai.NotFoundError)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    initial_wait_s: float = 0.5
    max_wait_s: float = 20.0
    on_retry: Callable[[str], None] | None = field(default=None, compare=False)


def rejects_response_format(exc: BaseException) -> bool:
    """The server refused our structured-output request (llama.cpp answers 500, others 400)."""
    return isinstance(exc, openai.APIStatusError) and "response_format" in str(exc)


def is_transient(exc: BaseException) -> bool:
    if rejects_response_format(exc):
        return False
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in RETRYABLE_STATUS
    # A body cut off in transit (HTTP 200, half a JSON document) is a transport failure too.
    return isinstance(
        exc,
        openai.APIConnectionError | TimeoutError | json.JSONDecodeError
        | openai.APIResponseValidationError,
    )


def retry_after_seconds(exc: BaseException) -> float | None:
    """The server's own wait hint (`retry-after-ms` or `Retry-After`: seconds or a date)."""
    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    if (millis := headers.get("retry-after-ms")) is not None:
        try:
            return max(float(millis) / 1000.0, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return max(parsed.timestamp() - time.time(), 0.0) if parsed else None


class _WaitRetryAfterOrBackoff:
    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.backoff = wait_exponential_jitter(
            multiplier=policy.initial_wait_s, max=policy.max_wait_s, jitter=policy.initial_wait_s
        )

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hinted = retry_after_seconds(exc) if exc else None
        if hinted is not None:
            return min(hinted, self.policy.max_wait_s)
        return float(self.backoff(state))


CHARS_PER_TOKEN = 4  # rough estimate of a request's tokens for the rate limiter


@dataclass
class CallMeter:
    """Counts the model calls that returned, across every client made from one config, and
    charges each to the active budgets (checked before every call goes out)."""

    calls: int = 0
    cost_usd: float = 0.0
    unpriced: set[str] = field(default_factory=set)
    budgets: tuple[Budget, ...] = ()
    track_prices: bool = True  # False for test doubles, which have no price to look up

    def record(self, response: ModelResponse, price: Price | None, model: str) -> None:
        prompt = int(response.usage.prompt_tokens or 0)
        completion = int(response.usage.completion_tokens or 0)
        cost = price.cost(prompt, completion) if price else 0.0
        if price is None and self.track_prices:
            self.unpriced.add(model)
        self.calls += 1
        self.cost_usd += cost
        for budget in self.budgets:
            budget.charge(prompt, completion, cost)


class ResilientClient(LLMClient):
    """Wraps any AG2 LLM client (the OpenAI one, a scripted one) with the retry policy."""

    def __init__(
        self,
        inner: LLMClient,
        policy: RetryPolicy,
        meter: CallMeter,
        *,
        price: Price | None = None,
        model: str = "",
        limiter: RateLimiter | None = None,
    ) -> None:
        self.inner = inner
        self.policy = policy
        self.meter = meter
        self.price = price
        self.model = model
        self.limiter = limiter

    async def __call__(
        self, messages: Sequence[BaseEvent], context: Context, **kwargs: Any
    ) -> ModelResponse:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.policy.attempts),
            wait=_WaitRetryAfterOrBackoff(self.policy),
            retry=retry_if_exception(is_transient),
            before_sleep=self._note_retry,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    reserve_call(self.meter.budgets)  # LLMBudgetExceeded is not retried
                    try:
                        if self.limiter is not None:
                            await self.limiter.acquire(_token_estimate(messages))
                        response = await self.inner(messages, context, **kwargs)
                    except BaseException:
                        release_call(self.meter.budgets)
                        raise
                    self.meter.record(response, self.price, self.model)
                    return response
        except CONFIG_ERRORS as exc:
            raise LLMConfigError(f"the endpoint refused the request: {exc}") from exc
        except Exception as exc:
            if is_transient(exc):
                raise LLMUnavailableError(
                    f"model endpoint unavailable after {self.policy.attempts} attempts: {exc}",
                    attempts=self.policy.attempts,
                ) from exc
            raise
        raise AssertionError("unreachable: tenacity either returns or raises")

    def _note_retry(self, state: RetryCallState) -> None:
        if self.policy.on_retry is None or state.outcome is None:
            return
        exc = state.outcome.exception()
        wait = state.next_action.sleep if state.next_action else 0.0
        self.policy.on_retry(
            f"attempt {state.attempt_number} failed ({type(exc).__name__}: {exc}); "
            f"retrying in {wait:.2f} s"
        )


def _token_estimate(messages: Sequence[BaseEvent]) -> int:
    # Rough, for the tokens-per-minute limiter only (rendering every message is not free).
    return sum(len(str(message)) for message in messages) // CHARS_PER_TOKEN


class ResilientConfig(WrappingConfig):
    """An AG2 model config whose clients retry; it delegates everything else to `inner`."""

    def __init__(
        self,
        inner: ModelConfig,
        policy: RetryPolicy,
        meter: CallMeter | None = None,
        *,
        price: Price | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.inner = inner
        self.policy = policy
        self.meter = meter or CallMeter()
        self.price = price
        self.limiter = limiter

    def copy(self, **overrides: Any) -> ResilientConfig:
        return ResilientConfig(
            self.inner.copy(**overrides), self.policy, self.meter,
            price=self.price, limiter=self.limiter,
        )

    def create(self) -> ResilientClient:
        return ResilientClient(
            self.inner.create(), self.policy, self.meter,
            price=self.price, model=self.inner.model, limiter=self.limiter,
        )

    def create_files_client(self) -> FilesClient:
        return self.inner.create_files_client()
