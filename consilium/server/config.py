"""Settings of the HTTP service: environment variables `CONSILIUM_SERVER_*`.

Kept apart from `consilium.core.settings.Settings` (the panel's settings), which the app also
reads for the state directory (API keys, checkpoints) and the Redis URL.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServerConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONSILIUM_SERVER_", extra="forbid")

    rate_limit_per_minute: int = Field(
        default=600, ge=1, description="Requests one API key may make per minute (429 beyond)."
    )
    max_body_bytes: int = Field(
        default=1_000_000, ge=1024, description="Largest request body accepted (413 beyond)."
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed by CORS; empty = CORS off."
    )
    max_finished_jobs: int = Field(
        default=1000, ge=1, description="Finished case jobs kept in memory for GET."
    )
