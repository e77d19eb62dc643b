"""From consilium `Settings` to an AG2 model config for an OpenAI-compatible endpoint."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Literal

from openai import omit

from consilium.core.settings import ProviderSettings, Settings
from consilium.llm.budget import active_budgets, price_for
from consilium.llm.compat import compat_http_client
from consilium.llm.errors import LLMConfigError
from consilium.llm.lean_openai import LeanOpenAIConfig
from consilium.llm.providers import FallbackConfig, ProviderLink, breaker_for
from consilium.llm.rate_limit import RateLimiter, make_rate_limiter
from consilium.llm.retry import CallMeter, ResilientConfig, RetryPolicy

LLMRole = Literal["triage", "diagnostician", "pharmacist", "critic"]
LLM_ROLES: tuple[str, ...] = ("triage", "diagnostician", "pharmacist", "critic")
OutputMode = Literal["json_schema", "json_object"]

# Local servers (llama.cpp, vLLM, Ollama) accept any key; the openai client insists on one.
PLACEHOLDER_API_KEY = "not-needed"


def model_for_role(settings: Settings, role: str) -> str:
    """The model a role runs on: its `role_models` override, else the default model."""
    if role not in LLM_ROLES:
        raise LLMConfigError(f"unknown role {role!r}; expected one of {', '.join(LLM_ROLES)}")
    model = settings.role_models.get(role) or settings.model
    if not model:
        raise LLMConfigError("no model configured: set CONSILIUM_MODEL or `model` in a config file")
    return model


def provider_chain(settings: Settings) -> list[ProviderSettings]:
    """The configured providers in order, or the single one that model/base_url/api_key name."""
    if settings.providers:
        return list(settings.providers)
    return [
        ProviderSettings(
            name="default",
            base_url=settings.base_url,
            api_key=settings.api_key,
            requests_per_minute=settings.requests_per_minute,
            tokens_per_minute=settings.tokens_per_minute,
        )
    ]


def build_model_config(
    settings: Settings,
    role: str,
    *,
    output_mode: OutputMode = "json_schema",
    output_schema: dict[str, Any] | None = None,
    retry: RetryPolicy | None = None,
    max_tokens: int | None = None,
    note: Callable[[str], None] | None = None,
) -> FallbackConfig:
    """The AG2 config for one role: the provider chain, each link wrapped in our retry layer.

    The openai client's own retries are switched off (`max_retries=0`) so that tenacity is the
    one place that decides about backoff. In `json_object` mode the request asks the server for
    a JSON object and the schema travels in the prompt (AG2's `PromptedSchema`); the schema is
    also sent beside `json_object`, which llama.cpp turns into a grammar and others ignore.
    One `CallMeter` is shared by the links; it charges the budgets active at build time.
    """
    extra_body: dict[str, Any] | None = None
    if output_mode == "json_object":
        response_format: dict[str, Any] = {"type": "json_object"}
        if output_schema is not None:
            response_format["schema"] = output_schema
        extra_body = {"response_format": response_format}
    meter = CallMeter(budgets=active_budgets())
    links: list[ProviderLink] = []
    for provider in provider_chain(settings):
        model = provider.model or model_for_role(settings, role)
        secret = provider.api_key or (settings.api_key if not settings.providers else None)
        api_key = secret.get_secret_value() if secret else None
        if not api_key and not provider.base_url:
            raise LLMConfigError(
                f"provider {provider.name}: no endpoint: set a base_url or an api_key"
            )
        timeout_s = provider.timeout_s or settings.request_timeout_s
        inner = LeanOpenAIConfig(
            model=model,
            api_key=api_key or PLACEHOLDER_API_KEY,
            base_url=provider.base_url,
            temperature=settings.temperature,
            timeout=timeout_s,
            max_retries=0,
            max_tokens=omit if max_tokens is None else max_tokens,
            http_client=compat_http_client(timeout_s),
            extra_body=extra_body,
        )
        limiter = shared_rate_limiter(
            provider.name, provider.requests_per_minute, provider.tokens_per_minute,
            settings.redis_url,
        )
        resilient = ResilientConfig(
            inner, retry or RetryPolicy(), meter,
            price=price_for(settings, model), limiter=limiter,
        )
        breaker = breaker_for(provider.name, settings.breaker_failures, settings.breaker_cooldown_s)
        links.append(ProviderLink(provider.name, resilient, breaker))
    return FallbackConfig(links, note, meter)


_LIMITERS: dict[tuple[Any, ...], RateLimiter | None] = {}


def shared_rate_limiter(
    provider: str, rpm: int | None, tpm: int | None, redis_url: str | None
) -> RateLimiter | None:
    """One limiter per provider per event loop (an async Redis client belongs to one loop)."""
    try:
        loop_id = id(asyncio.get_running_loop())
    except RuntimeError:
        loop_id = 0
    key = (provider, rpm, tpm, redis_url, loop_id)
    if key not in _LIMITERS:
        _LIMITERS[key] = make_rate_limiter(provider, rpm, tpm, redis_url)
    return _LIMITERS[key]
