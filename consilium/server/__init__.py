"""The HTTP embedding surface: FastAPI app, CDS Hooks services, API keys, MCP server.

    from consilium.server import create_app
    app = create_app()          # uvicorn consilium.server:create_app --factory
"""

from consilium.server.app import create_app
from consilium.server.config import ServerConfig

__all__ = ["ServerConfig", "create_app"]
