"""Run-time settings: environment variables `CONSILIUM_*`, then an optional config file.

Precedence (highest first): explicit arguments, environment, the file named by
`CONSILIUM_CONFIG` (TOML or YAML), defaults. With no model configured the panel runs on the
embedded knowledge engine: offline, deterministic, no key needed.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict


def default_state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "consilium"


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
    redis_url: str | None = None
    config: Path | None = Field(default=None, description="Config file (TOML or YAML).")

    @property
    def llm_enabled(self) -> bool:
        return bool(self.model)

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


class ConfigFileError(ValueError):
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
