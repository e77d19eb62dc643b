"""`consilium keys`: API keys of the HTTP service and the MCP server.

consilium keys create "ehr-integration"      # prints the key once
consilium keys list [--json]
consilium keys revoke <id>
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from consilium.commands._common import fail
from consilium.core.settings import Settings
from consilium.render import tables
from consilium.server.keys import KeyStore

app = typer.Typer(help="API keys of the HTTP service (stored hashed in the state directory).")


def key_store() -> KeyStore:
    """The key file in the configured state directory."""
    return KeyStore.in_state_dir(Settings().state_dir)


@app.command("create")
def keys_create(
    name: Annotated[str, typer.Argument(help="Who or what the key is for.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create a key; the key itself is shown only now."""
    if not name.strip():
        raise fail("name: must not be empty")
    record, key = key_store().create(name.strip())
    if as_json:
        print(json.dumps({"id": record.id, "name": record.name, "key": key}))
        return
    tables.new_api_key(record.id, record.name, key)


@app.command("list")
def keys_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Every key (without secrets)."""
    records = key_store().records()
    if as_json:
        print(json.dumps([r.model_dump(mode="json", exclude={"salt", "sha256"})
                          for r in records]))
        return
    tables.rows_table("API keys", ("id", "name", "created", "status"), [
        (r.id, r.name, r.created.isoformat(timespec="seconds"),
         "active" if r.active else f"revoked {r.revoked:%Y-%m-%d}")
        for r in records])


@app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id (see `keys list`).")]
                ) -> None:
    """Revoke a key at once (running services re-read the key file)."""
    try:
        key_store().revoke(key_id)
    except KeyError as exc:
        raise fail(str(exc.args[0])) from None
    tables.line(f"Revoked API key {key_id}.")
