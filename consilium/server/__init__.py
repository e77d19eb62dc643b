"""The HTTP embedding surface: FastAPI app, CDS Hooks services, API keys, MCP server.

    from consilium.server import create_app
    app = create_app()          # uvicorn consilium.server:create_app --factory

Imported lazily, so `consilium.server.keys` does not load FastAPI and the workflow.
"""

from __future__ import annotations

from consilium._lazy import lazy_exports

_EXPORTS = {"create_app": "consilium.server.app", "ServerConfig": "consilium.server.config"}

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
