"""The base of our AG2 model configs that wrap another one (retries, caching)."""

from __future__ import annotations

from ag2.config import ModelConfig, ModelProvider


class WrappingConfig(ModelConfig):
    """A model config that adds behaviour to `inner` and reports `inner`'s provider and model."""

    inner: ModelConfig

    @property
    def provider(self) -> ModelProvider:
        return self.inner.provider

    @property
    def model(self) -> str:
        return self.inner.model
