"""From consilium `Settings` to an AG2 model config for an OpenAI-compatible endpoint."""

from __future__ import annotations

from typing import Any, Literal

from ag2.config import OpenAIConfig
from openai import omit

from consilium.core.settings import Settings
from consilium.llm.compat import compat_http_client
from consilium.llm.errors import LLMConfigError
from consilium.llm.retry import ResilientConfig, RetryPolicy

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


def build_model_config(
    settings: Settings,
    role: str,
    *,
    output_mode: OutputMode = "json_schema",
    output_schema: dict[str, Any] | None = None,
    retry: RetryPolicy | None = None,
    max_tokens: int | None = None,
) -> ResilientConfig:
    """The AG2 config for one role, wrapped in our retry layer.

    The openai client's own retries are switched off (`max_retries=0`) so that tenacity is the
    one place that decides about backoff. In `json_object` mode the request asks the server for
    a JSON object and the schema travels in the prompt (AG2's `PromptedSchema`); the schema is
    also sent beside `json_object`, which llama.cpp turns into a grammar and others ignore.
    """
    extra_body: dict[str, Any] | None = None
    if output_mode == "json_object":
        response_format: dict[str, Any] = {"type": "json_object"}
        if output_schema is not None:
            response_format["schema"] = output_schema
        extra_body = {"response_format": response_format}
    model = model_for_role(settings, role)
    api_key = settings.api_key.get_secret_value() if settings.api_key else None
    if not api_key and not settings.base_url:
        raise LLMConfigError("no endpoint: set CONSILIUM_BASE_URL or CONSILIUM_API_KEY")
    inner = OpenAIConfig(
        model=model,
        api_key=api_key or PLACEHOLDER_API_KEY,
        base_url=settings.base_url,
        temperature=settings.temperature,
        timeout=settings.request_timeout_s,
        max_retries=0,
        max_tokens=omit if max_tokens is None else max_tokens,
        http_client=compat_http_client(settings.request_timeout_s),
        extra_body=extra_body,
    )
    return ResilientConfig(inner, retry or RetryPolicy())
