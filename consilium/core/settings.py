"""Run-time settings: environment variables `CONSILIUM_*`, then an optional config file.

Precedence (highest first): explicit arguments, environment, the file named by
`CONSILIUM_CONFIG` (TOML or YAML), defaults. With no model configured the panel runs on the
embedded knowledge engine: offline, deterministic, no key needed.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from consilium.core.errors import InputError


def default_state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "consilium"


class ProviderSettings(BaseModel):
    """One OpenAI-compatible endpoint in the fallback chain (tried in the order given)."""

    name: str = Field(min_length=1, description="Label used in transcripts and rate-limit keys.")
    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str | None = Field(default=None, description="Replaces the role's model here.")
    timeout_s: float | None = Field(default=None, gt=0, description="Per-call timeout.")
    requests_per_minute: int | None = Field(default=None, gt=0)
    tokens_per_minute: int | None = Field(default=None, gt=0)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONSILIUM_", extra="forbid")

    model: str | None = Field(default=None, description="Model name; unset = knowledge engine.")
    base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint.")
    api_key: SecretStr | None = None
    role_models: dict[str, str] = Field(
        default_factory=dict, description="Per-role model override, e.g. {'critic': 'gpt-4o'}."
    )
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    request_timeout_s: float = Field(default=60.0, gt=0)
    max_rounds: int = Field(default=2, ge=0, le=10, description="Critic revise rounds.")
    state_dir: Path = Field(default_factory=default_state_dir)
    # "exit" saves a case's checkpoint when it finishes or pauses for review: all that resume
    # needs, at a third of a case's CPU less than saving after every node ("async"/"sync",
    # which also keep each step's state for inspection; LangGraph's durability modes).
    checkpoint_durability: Literal["exit", "async", "sync"] = Field(
        default="exit", description="When checkpoints are written: exit, async or sync."
    )
    redis_url: str | None = None
    config: Path | None = Field(default=None, description="Config file (TOML or YAML).")

    # -- LLM layer: providers, limits, budgets, cache and replay (see docs/llm.md) -------------
    providers: list[ProviderSettings] = Field(
        default_factory=list,
        description="Ordered fallback chain; empty = one provider from model/base_url/api_key.",
    )
    retry_attempts: int = Field(default=4, ge=1, description="Tries per call per provider.")
    retry_initial_wait_s: float = Field(default=0.5, ge=0, description="First backoff wait.")
    retry_max_wait_s: float = Field(default=20.0, ge=0, description="Longest backoff wait.")
    breaker_failures: int = Field(default=3, ge=1, description="Failures that open a breaker.")
    breaker_cooldown_s: float = Field(default=30.0, gt=0, description="Open breaker's rest.")
    requests_per_minute: int | None = Field(default=None, gt=0, description="Default provider.")
    tokens_per_minute: int | None = Field(default=None, gt=0, description="Default provider.")
    price_table: Path | None = Field(default=None, description="YAML price table override.")
    max_llm_calls_per_case: int | None = Field(default=None, ge=0)
    max_tokens_per_case: int | None = Field(default=None, ge=0)
    max_cost_usd_per_case: float | None = Field(default=None, ge=0)
    llm_cache: bool = Field(default=True, description="Answer repeated requests from the cache.")
    llm_mode: Literal["live", "record", "replay"] = Field(
        default="live", description="record: keep every response; replay: answer only from them."
    )
    recording_path: Path | None = Field(
        default=None, description="Recording file; default <state_dir>/llm-recording.sqlite."
    )

    @property
    def llm_enabled(self) -> bool:
        return bool(self.model) or any(provider.model for provider in self.providers)

    @property
    def recording_file(self) -> Path:
        return self.recording_path or self.state_dir / "llm-recording.sqlite"

    @property
    def checkpoint_db(self) -> Path:
        return self.state_dir / "checkpoints.sqlite"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _ConfigFileSource(settings_cls))


class _ConfigFileSource(PydanticBaseSettingsSource):
    """Reads the file named by CONSILIUM_CONFIG; a missing or malformed file is an error."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path_text = os.environ.get("CONSILIUM_CONFIG")
        if not path_text:
            return {}
        return load_config_file(Path(path_text))


class ConfigFileError(InputError, ValueError):
    pass


def load_config_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigFileError(f"config file not found: {path}")
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigFileError(f"config file {path} does not parse: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigFileError(f"config file {path} must hold a mapping of settings")
    section = data.get("consilium", data)
    return dict(section)
