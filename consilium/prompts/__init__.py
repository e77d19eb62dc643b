"""Prompt templates for the LLM engine, one Jinja2 file per role.

Rendered with `StrictUndefined`: a template that names a value the caller did not pass fails
loudly instead of sending the model an empty gap.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

PROMPT_DIR = Path(__file__).parent
ROLES: tuple[str, ...] = ("triage", "diagnostician", "pharmacist", "critic")


def _compact_json(value: Any) -> str:
    """JSON without indentation or spaces: the same facts in fewer tokens."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(PROMPT_DIR),
        undefined=StrictUndefined,
        autoescape=False,  # plain-text prompts, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["compact_json"] = _compact_json
    return env


def render(role: str, **context: Any) -> str:
    """The prompt for `role` from `case`, `evidence`, `critique` and `schema_name`."""
    if role not in ROLES:
        raise ValueError(f"no prompt for role {role!r}; expected one of {', '.join(ROLES)}")
    try:
        template = _environment().get_template(f"{role}.j2")
    except TemplateNotFound:
        raise ValueError(f"prompt template {role}.j2 is missing from {PROMPT_DIR}") from None
    return template.render(**context).strip()
