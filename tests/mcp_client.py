"""One MCP client for the tests, whichever major of the ``mcp`` SDK is installed.

djust-lint supports mcp 1.x (djust's own server needs it) and 2.x, and
``.ci/run`` runs the MCP tests under both. The two majors spell the client
differently (2.x ``mcp.Client`` vs 1.x ``ClientSession`` over a transport) and
name result fields differently (``structured_content`` vs
``structuredContent``); this module hides that, so every MCP test is written
once. Results come back as plain JSON-shaped values (the wire's camelCase
keys), which is also what a real client sees.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import metadata
from typing import Any

MCP_MAJOR = int(metadata.version("mcp").split(".", 1)[0])


@dataclass
class ToolResult:
    """One ``tools/call`` answer: error flag, structured content, and the text the model reads."""

    is_error: bool
    structured: dict[str, Any] | None
    text: str

    @property
    def size(self) -> int:
        """Characters of the text content (what lands in the model's context)."""
        return len(self.text)


class Session:
    """The calls the tests make, on either SDK major."""

    def __init__(self, session: Any, instructions: str | None) -> None:
        self._session = session
        self.instructions = instructions

    async def list_tools(self) -> list[dict[str, Any]]:
        """``tools/list`` as the JSON the client receives (camelCase keys, no nulls)."""
        result = await self._session.list_tools()
        return [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in result.tools]

    async def call(self, name: str, arguments: dict[str, Any] | None = None) -> ToolResult:
        result = await self._session.call_tool(name, arguments or {})
        structured = getattr(result, "structured_content", None)
        if structured is None:
            structured = getattr(result, "structuredContent", None)
        is_error = bool(getattr(result, "is_error", None) or getattr(result, "isError", None))
        text = "".join(getattr(block, "text", "") for block in result.content)
        return ToolResult(is_error, structured, text)

    async def read_resource(self, uri: str) -> Any:
        result = await self._session.read_resource(uri)
        return json.loads(result.contents[0].text)


@asynccontextmanager
async def connect(target: Any) -> AsyncIterator[Session]:
    """A connected session: ``target`` is a server object (in-process) or ``StdioServerParameters``."""
    from mcp.client.stdio import StdioServerParameters

    if MCP_MAJOR >= 2:
        from mcp import Client

        async with Client(target) as client:
            yield Session(client, client.instructions)
        return
    from mcp import ClientSession

    if isinstance(target, StdioServerParameters):
        from mcp.client.stdio import stdio_client

        async with stdio_client(target) as (read, write), ClientSession(read, write) as session:
            init = await session.initialize()
            yield Session(session, init.instructions)
        return
    from mcp.shared.memory import create_connected_server_and_client_session

    async with create_connected_server_and_client_session(target) as session:
        yield Session(session, None)
