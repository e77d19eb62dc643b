"""The LLM engine: each panel role as an AG2 agent on an OpenAI-compatible endpoint."""

from consilium.llm.budget import Budget, LLMBudgetExceeded, budget_scope, case_budget
from consilium.llm.cache import ResponseCache, open_response_cache
from consilium.llm.config import LLM_ROLES, build_model_config, model_for_role
from consilium.llm.engine import RoleRun, run_role_with_llm
from consilium.llm.errors import LLMConfigError, LLMError, LLMOutputError, LLMUnavailableError
from consilium.llm.retry import RetryPolicy

__all__ = [
    "LLM_ROLES",
    "Budget",
    "LLMBudgetExceeded",
    "LLMConfigError",
    "LLMError",
    "LLMOutputError",
    "LLMUnavailableError",
    "ResponseCache",
    "RetryPolicy",
    "RoleRun",
    "budget_scope",
    "build_model_config",
    "case_budget",
    "model_for_role",
    "open_response_cache",
    "run_role_with_llm",
]
