"""The provider fallback chain: try each endpoint in order, skipping those whose breaker is open.

A provider that keeps failing (after its own retries) opens its circuit breaker: for the
cool-down the chain goes straight to the next provider instead of paying for more timeouts.
Breakers are per process and per provider name, so every case in a batch shares them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ag2.config import LLMClient, ModelConfig, ModelProvider
from ag2.events import BaseEvent, ModelResponse

from consilium.llm.errors import LLMUnavailableError
from consilium.llm.retry import CallMeter

if TYPE_CHECKING:
    from ag2 import Context
    from ag2.files.protocol import FilesClient


@dataclass
class CircuitBreaker:
    """Closed until `failures` calls in a row fail; then open for `cooldown_s`, then one trial."""

    failures: int = 3
    cooldown_s: float = 30.0
    consecutive: int = 0
    opened_at: float | None = None

    def allows(self, now: float | None = None) -> bool:
        if self.opened_at is None:
            return True
        # Half-open after the cool-down: one call may try; its outcome closes or re-opens it.
        return (now or time.monotonic()) - self.opened_at >= self.cooldown_s

    def record_success(self) -> None:
        self.consecutive, self.opened_at = 0, None

    def record_failure(self, now: float | None = None) -> None:
        self.consecutive += 1
        if self.consecutive >= self.failures:
            self.opened_at = now or time.monotonic()


_BREAKERS: dict[str, CircuitBreaker] = {}
_BREAKERS_LOCK = threading.Lock()


def breaker_for(provider: str, failures: int, cooldown_s: float) -> CircuitBreaker:
    with _BREAKERS_LOCK:
        breaker = _BREAKERS.get(provider)
        if breaker is None:
            breaker = _BREAKERS[provider] = CircuitBreaker(failures, cooldown_s)
        return breaker


def reset_breakers() -> None:
    """Close every breaker (tests, or an operator after fixing an endpoint)."""
    with _BREAKERS_LOCK:
        _BREAKERS.clear()


@dataclass
class ProviderLink:
    name: str
    config: ModelConfig
    breaker: CircuitBreaker


class FallbackClient(LLMClient):
    def __init__(
        self, links: Sequence[tuple[ProviderLink, LLMClient]], note: Callable[[str], None] | None
    ) -> None:
        self.links = links
        self.note = note

    async def __call__(
        self, messages: Sequence[BaseEvent], context: Context, **kwargs: Any
    ) -> ModelResponse:
        problems: list[str] = []
        last_error: LLMUnavailableError | None = None
        for index, (link, client) in enumerate(self.links):
            if not link.breaker.allows():
                problems.append(f"{link.name}: circuit open")
                continue
            try:
                response = await client(messages, context, **kwargs)
            except LLMUnavailableError as exc:
                link.breaker.record_failure()
                last_error = exc
                problems.append(f"{link.name}: {exc}")
                if self.note is not None and index + 1 < len(self.links):
                    following = self.links[index + 1][0].name
                    self.note(f"provider {link.name} failed ({exc}); falling back to {following}")
                continue
            link.breaker.record_success()
            return response
        if last_error is not None and len(self.links) == 1:
            raise last_error
        cause = last_error.__cause__ if last_error else None
        raise LLMUnavailableError("every provider failed: " + "; ".join(problems)) from cause


class FallbackConfig(ModelConfig):
    """An AG2 model config over an ordered chain of provider configs."""

    def __init__(
        self,
        links: Sequence[ProviderLink],
        note: Callable[[str], None] | None = None,
        meter: CallMeter | None = None,
    ) -> None:
        if not links:
            raise ValueError("a fallback chain needs at least one provider")
        self.links = list(links)
        self.note = note
        self.meter = meter or CallMeter()  # shared by the links: calls made on any provider

    @property
    def provider(self) -> ModelProvider:
        return self.links[0].config.provider

    @property
    def model(self) -> str:
        return self.links[0].config.model

    def copy(self, **overrides: Any) -> FallbackConfig:
        links = [
            ProviderLink(link.name, link.config.copy(**overrides), link.breaker)
            for link in self.links
        ]
        return FallbackConfig(links, self.note, self.meter)

    def create(self) -> FallbackClient:
        return FallbackClient([(link, link.config.create()) for link in self.links], self.note)

    def create_files_client(self) -> FilesClient:
        return self.links[0].config.create_files_client()
