"""The MCP server: tools listed and called through the official MCP client, over stdio (a
`consilium mcp`-style subprocess) and over streamable HTTP (API key required)."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import httpx2
import pytest
import uvicorn
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from consilium.server.keys import KeyStore
from consilium.server.mcp import streamable_http_app
from consilium.tools.catalog import all_tools
from tests.server.conftest import free_port

SERVE_STDIO = ("import asyncio; from consilium.server.mcp import serve_stdio; "
               "asyncio.run(serve_stdio())")


async def _exercise(client: Client) -> None:
    listed = await client.list_tools()
    names = {tool.name for tool in listed.tools}
    assert names == set(all_tools())
    schema = next(t for t in listed.tools if t.name == "drug_pair_interaction").input_schema
    assert {"drug_a", "drug_b"} <= set(schema["properties"])
    result = await client.call_tool("drug_pair_interaction",
                                    {"drug_a": "warfarin", "drug_b": "ibuprofen"})
    assert not result.is_error
    assert result.structured_content["finding"]["severity"] == "major"
    egfr = await client.call_tool("calc_ckd_epi_2021",
                                  {"creatinine_mg_dl": 1.4, "age_years": 72, "sex": "female"})
    assert 30 < egfr.structured_content["value"] < 45
    bad = await client.call_tool("drug_pair_interaction", {"drug_a": "warfarin"})
    assert bad.is_error
    assert "drug_b" in bad.content[0].text  # type: ignore[union-attr]
    unknown = await client.call_tool("no_such_tool", {})
    assert unknown.is_error


async def test_tools_over_stdio() -> None:
    params = StdioServerParameters(command=sys.executable, args=["-c", SERVE_STDIO],
                                   cwd=str(Path(__file__).resolve().parents[2]))
    async with Client(params) as client:
        await _exercise(client)


@pytest.fixture
def mcp_http(tmp_path: Path) -> Iterator[tuple[str, str]]:
    keys = KeyStore.in_state_dir(tmp_path)
    _, key = keys.create("agent host")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(streamable_http_app(keys), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/mcp", key
    server.should_exit = True
    thread.join(timeout=10)


async def test_tools_over_streamable_http(mcp_http: tuple[str, str]) -> None:
    url, key = mcp_http
    assert httpx.post(url, json={}).status_code == 401
    # The SDK's HTTP transport takes an `httpx2` client, where the key header goes.
    async with (httpx2.AsyncClient(headers={"X-API-Key": key}, timeout=30) as http,
                Client(streamable_http_client(url, http_client=http)) as client):
        await _exercise(client)
