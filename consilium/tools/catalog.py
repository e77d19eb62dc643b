"""Every clinical tool, loaded on demand: tool modules register themselves when imported."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Any

from consilium.tools.registry import TOOLS, Tool, get_tool

TOOL_MODULES = (
    "consilium.tools.calculators",
    "consilium.tools.guidelines.tools",
    "consilium.tools.medication",
    "consilium.tools.reasoning_tools",
)


@cache
def _load() -> None:
    for module in TOOL_MODULES:
        import_module(module)


def all_tools() -> dict[str, Tool[Any, Any]]:
    _load()
    return dict(TOOLS)


def tool(name: str) -> Tool[Any, Any]:
    _load()
    return get_tool(name)
