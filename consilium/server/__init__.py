"""The HTTP embedding surface: FastAPI app, CDS Hooks services, API keys, MCP server.

    from consilium.server import create_app
    app = create_app()          # uvicorn consilium.server:create_app --factory

Imported lazily, so `consilium.server.keys` does not load FastAPI and the workflow.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {"create_app": "consilium.server.app", "ServerConfig": "consilium.server.config"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'consilium.server' has no attribute {name!r}")
