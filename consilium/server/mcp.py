"""MCP server (official `mcp` SDK) exposing every clinical tool of the catalog.

    consilium mcp                       # stdio, for a local agent host
    consilium mcp --http --port 8001    # streamable HTTP at /mcp, API key required

Each tool keeps its pydantic input schema and output schema; a call answers with the output as
structured content and as JSON text. Bad input is a tool error the calling model can read and
correct (`is_error`), not a protocol failure.
"""

from __future__ import annotations

import json
from typing import Any

import mcp_types as types
from mcp.server import Server, ServerRequestContext
from mcp.server.stdio import stdio_server
from pydantic import ValidationError
from starlette.types import ASGIApp, Receive, Scope, Send

from consilium.core.errors import describe_validation_error
from consilium.core.report import SCHEMA_VERSION
from consilium.server.keys import KeyStore
from consilium.tools.catalog import all_tools

INSTRUCTIONS = ("Clinical decision support tools: drug interaction and medication safety checks, "
                "guideline search, clinical calculators. Decision support only; every result "
                "names its source.")


def _tool_definitions() -> list[types.Tool]:
    return [
        types.Tool(name=name, description=tool.description,
                   input_schema=tool.input_model.model_json_schema(),
                   output_schema=tool.output_model.model_json_schema())
        for name, tool in sorted(all_tools().items())
    ]


def _error(message: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(text=message)], is_error=True)


async def _list_tools(
    _: ServerRequestContext[Any], __: types.PaginatedRequestParams | None
) -> types.ListToolsResult:
    return types.ListToolsResult(tools=_tool_definitions())


async def _call_tool(
    _: ServerRequestContext[Any], params: types.CallToolRequestParams
) -> types.CallToolResult:
    tools = all_tools()
    tool = tools.get(params.name)
    if tool is None:
        return _error(f"unknown tool {params.name!r}; list_tools gives the {len(tools)} tools")
    try:
        result = tool(params.arguments or {})
    except ValidationError as exc:
        return _error(f"invalid input: {describe_validation_error(exc)}")
    except (ValueError, TypeError, ArithmeticError) as exc:
        # A tool's own input check (CalculatorInputError), a value of the wrong shape, or
        # inputs with no defined result: the caller can correct all three.
        return _error(f"invalid input: {exc}")
    data = result.model_dump(mode="json")
    return types.CallToolResult(content=[types.TextContent(text=json.dumps(data))],
                                structured_content=data)


def build_mcp_server() -> Server[Any]:
    return Server("consilium", version=SCHEMA_VERSION, instructions=INSTRUCTIONS,
                  on_list_tools=_list_tools, on_call_tool=_call_tool)


async def serve_stdio() -> None:
    server = build_mcp_server()
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


class RequireApiKey:
    """ASGI guard for the MCP HTTP app: the same API keys as the HTTP service."""

    def __init__(self, app: ASGIApp, keys: KeyStore) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self._authorised(dict(scope["headers"])):
            body = json.dumps({"title": "Unauthorized", "status": 401,
                               "detail": "an API key is required"}).encode()
            await send({"type": "http.response.start", "status": 401,
                        "headers": [(b"content-type", b"application/problem+json"),
                                    (b"www-authenticate", b"Bearer")]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)

    def _authorised(self, headers: dict[bytes, bytes]) -> bool:
        presented = headers.get(b"x-api-key", b"").decode(errors="replace")
        bearer = headers.get(b"authorization", b"").decode(errors="replace")
        if not presented and bearer.lower().startswith("bearer "):
            presented = bearer[7:].strip()
        return bool(presented) and self.keys.verify(presented) is not None


def streamable_http_app(keys: KeyStore | None, host: str = "127.0.0.1") -> ASGIApp:
    """The MCP server over streamable HTTP at `/mcp`; `keys=None` turns the key check off."""
    app = build_mcp_server().streamable_http_app(host=host, stateless_http=True)
    return RequireApiKey(app, keys) if keys is not None else app
