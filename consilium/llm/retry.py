"""Retries for model calls: exponential backoff with jitter, honouring `Retry-After`.

Transient failures (429, 5xx, 408, connection errors, timeouts) are retried; a misconfigured
call (401, 403, 404) is an `LLMConfigError` at once; anything else (a 400 for an unsupported
`response_format`, say) goes up unchanged for the engine to handle.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import openai
from ag2.config import LLMClient, ModelConfig, ModelProvider
from ag2.events import BaseEvent, ModelResponse
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from consilium.llm.errors import LLMConfigError, LLMUnavailableError

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
    return isinstance(exc, openai.APIConnectionError | TimeoutError)


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


@dataclass
class CallMeter:
    """Counts the model calls that returned, across every client made from one config."""

    calls: int = 0


class ResilientClient(LLMClient):
    """Wraps any AG2 LLM client (the OpenAI one, a scripted one) with the retry policy."""

    def __init__(self, inner: LLMClient, policy: RetryPolicy, meter: CallMeter) -> None:
        self.inner = inner
        self.policy = policy
        self.meter = meter

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
                    response = await self.inner(messages, context, **kwargs)
                    self.meter.calls += 1
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


class ResilientConfig(ModelConfig):
    """An AG2 model config whose clients retry; it delegates everything else to `inner`."""

    def __init__(
        self, inner: ModelConfig, policy: RetryPolicy, meter: CallMeter | None = None
    ) -> None:
        self.inner = inner
        self.policy = policy
        self.meter = meter or CallMeter()

    @property
    def provider(self) -> ModelProvider:
        return self.inner.provider

    @property
    def model(self) -> str:
        return self.inner.model

    def copy(self, **overrides: Any) -> ResilientConfig:
        return ResilientConfig(self.inner.copy(**overrides), self.policy, self.meter)

    def create(self) -> ResilientClient:
        return ResilientClient(self.inner.create(), self.policy, self.meter)

    def create_files_client(self) -> FilesClient:
        return self.inner.create_files_client()
