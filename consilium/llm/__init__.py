"""The LLM engine: each panel role as an AG2 agent on an OpenAI-compatible endpoint.

Names are imported lazily, so `consilium.llm.errors` (say) does not load the agent framework.
"""

from __future__ import annotations

from consilium._lazy import lazy_exports

_EXPORTS = {
    "Budget": "consilium.llm.budget",
    "LLMBudgetExceeded": "consilium.llm.budget",
    "budget_scope": "consilium.llm.budget",
    "case_budget": "consilium.llm.budget",
    "ResponseCache": "consilium.llm.cache",
    "open_response_cache": "consilium.llm.cache",
    "LLM_ROLES": "consilium.llm.config",
    "build_model_config": "consilium.llm.config",
    "model_for_role": "consilium.llm.config",
    "RoleRun": "consilium.llm.engine",
    "run_role_with_llm": "consilium.llm.engine",
    "LLMConfigError": "consilium.llm.errors",
    "LLMError": "consilium.llm.errors",
    "LLMOutputError": "consilium.llm.errors",
    "LLMUnavailableError": "consilium.llm.errors",
    "RetryPolicy": "consilium.llm.retry",
}

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
