"""`consilium mcp`: the clinical tools over MCP (stdio; --http: streamable HTTP, API key required).

consilium mcp [--http --host 127.0.0.1 --port 8001]
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from consilium.commands.keys import key_store
from consilium.commands.serve import Host, port_option

app = typer.Typer()


@app.command("mcp")
def mcp_command(
    http: Annotated[bool, typer.Option("--http", help="Streamable HTTP instead of stdio.")]
    = False,
    host: Host = "127.0.0.1",
    port: Annotated[int, typer.Option(callback=port_option, help="TCP port (--http).")] = 8001,
) -> None:
    """Serve the clinical tools over MCP (stdio by default; --http: streamable HTTP at /mcp,
    API key required)."""
    from consilium.server import mcp as mcp_server

    if not http:
        asyncio.run(mcp_server.serve_stdio())
        return
    import uvicorn

    uvicorn.run(mcp_server.streamable_http_app(key_store(), host=host), host=host, port=port,
                log_level="info")
