"""`consilium serve`: the HTTP service (API, CDS Hooks, SSE); OpenAPI docs at /docs.

consilium serve [--host 127.0.0.1] [--port 8000]
"""

from __future__ import annotations

from typing import Annotated

import typer

from consilium.commands.keys import key_store
from consilium.render.errors import print_warning

app = typer.Typer()

Host = Annotated[str, typer.Option(help="Interface to listen on (loopback by default).")]


def port_option(value: int) -> int:
    if not 1 <= value <= 65535:
        raise typer.BadParameter("must be between 1 and 65535")
    return value


@app.command("serve")
def serve_command(
    host: Host = "127.0.0.1",
    port: Annotated[int, typer.Option(callback=port_option, help="TCP port.")] = 8000,
) -> None:
    """Run the HTTP service (OpenAPI docs at /docs)."""
    import uvicorn

    from consilium.server import create_app

    store = key_store()
    if not any(r.active for r in store.records()):
        print_warning("no API key yet; every endpoint but health will answer 401 (create one "
                      "with `consilium keys create NAME`)")
    from consilium.runtime import warm_up

    warm_up()  # a long-running process: knowledge loaded before the first request, then frozen
    uvicorn.run(create_app(), host=host, port=port, log_level="info")
