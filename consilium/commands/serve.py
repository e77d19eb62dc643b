"""`consilium serve` (HTTP service), `consilium mcp` (MCP tools) and `consilium keys` (API keys).

consilium keys create "ehr-integration"      # prints the key once
consilium keys list [--json]
consilium keys revoke <id>
consilium serve [--host 127.0.0.1] [--port 8000]
consilium mcp [--http --host 127.0.0.1 --port 8001]
"""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from consilium.core.settings import Settings
from consilium.server.keys import KeyStore

console = Console()
err_console = Console(stderr=True)
keys_app = typer.Typer(help="API keys of the HTTP service (stored hashed in the state directory).")

Host = Annotated[str, typer.Option(help="Interface to listen on (loopback by default).")]


def _fail(message: str) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code=2)


def _store() -> KeyStore:
    return KeyStore.in_state_dir(Settings().state_dir)


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Argument(help="Who or what the key is for.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create a key; the key itself is shown only now."""
    if not name.strip():
        raise _fail("name: must not be empty")
    record, key = _store().create(name.strip())
    if as_json:
        print(json.dumps({"id": record.id, "name": record.name, "key": key}))
        return
    console.print(f"Created API key [bold]{record.id}[/bold] for {record.name!r}:")
    console.print(key, style="green", highlight=False, soft_wrap=True)
    console.print("Store it now; only its hash is kept.", style="dim")


@keys_app.command("list")
def keys_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Every key (without secrets)."""
    records = _store().records()
    if as_json:
        print(json.dumps([r.model_dump(mode="json", exclude={"salt", "sha256"})
                          for r in records]))
        return
    table = Table(title="API keys")
    for column in ("id", "name", "created", "status"):
        table.add_column(column)
    for r in records:
        table.add_row(r.id, r.name, r.created.isoformat(timespec="seconds"),
                      "active" if r.active else f"revoked {r.revoked:%Y-%m-%d}")
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id (see `keys list`).")]
                ) -> None:
    """Revoke a key at once (running services re-read the key file)."""
    try:
        _store().revoke(key_id)
    except KeyError as exc:
        raise _fail(str(exc.args[0])) from None
    console.print(f"Revoked API key {key_id}.")


def _port(value: int) -> int:
    if not 1 <= value <= 65535:
        raise typer.BadParameter("must be between 1 and 65535")
    return value


def serve_command(
    host: Host = "127.0.0.1",
    port: Annotated[int, typer.Option(callback=_port, help="TCP port.")] = 8000,
) -> None:
    """Run the HTTP service (OpenAPI docs at /docs)."""
    import uvicorn

    from consilium.server import create_app

    store = _store()
    if not any(r.active for r in store.records()):
        err_console.print("[yellow]warning:[/yellow] no API key yet; every endpoint but health "
                          "will answer 401 (create one with `consilium keys create NAME`)")
    from consilium.runtime import warm_up

    warm_up()  # a long-running process: knowledge loaded before the first request, then frozen
    uvicorn.run(create_app(), host=host, port=port, log_level="info")


def mcp_command(
    http: Annotated[bool, typer.Option("--http", help="Streamable HTTP instead of stdio.")]
    = False,
    host: Host = "127.0.0.1",
    port: Annotated[int, typer.Option(callback=_port, help="TCP port (--http).")] = 8001,
) -> None:
    """Serve the clinical tools over MCP (stdio by default; --http: streamable HTTP at /mcp,
    API key required)."""
    from consilium.server import mcp as mcp_server

    if not http:
        asyncio.run(mcp_server.serve_stdio())
        return
    import uvicorn

    uvicorn.run(mcp_server.streamable_http_app(_store(), host=host), host=host, port=port,
                log_level="info")
