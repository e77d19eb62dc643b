"""The three ways an LLM run fails, kept apart because the caller reacts to each differently.

- `LLMOutputError`: the model answered, but not in the role's schema even after one repair
  turn. The caller falls back to the knowledge engine and says so in the report.
- `LLMUnavailableError`: the endpoint failed (429, 5xx, connection, timeout) after retries.
- `LLMConfigError`: the caller misconfigured the run (no model, unknown role, bad key or URL).
"""

from __future__ import annotations

from consilium.core.errors import ConsiliumError, InputError, RunError


class LLMError(ConsiliumError):
    """Base of every error the LLM layer raises (each subclass also names its family).

    `transcript` holds what happened before the failure (retries, provider fallbacks), so
    the caller can keep it on the record.
    """

    transcript: list[dict[str, object]] = []  # noqa: RUF012  (replaced per instance)


class LLMOutputError(LLMError, RunError):
    def __init__(self, message: str, *, raw_output: str | None = None) -> None:
        super().__init__(message)
        self.raw_output = raw_output


class LLMUnavailableError(LLMError, RunError):
    def __init__(self, message: str, *, attempts: int = 0) -> None:
        super().__init__(message)
        self.attempts = attempts


class LLMConfigError(LLMError, InputError):
    """The model settings are wrong (no model, unknown role, bad key or URL): the user fixes
    them."""
