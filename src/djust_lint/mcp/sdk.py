"""The one place that knows which major of the ``mcp`` SDK is installed.

djust 1.2's own MCP server imports ``mcp.server.fastmcp`` and so needs mcp
1.x; djust-lint is installed into the same environments, so it runs on 1.x
and 2.x alike. The majors differ only in spelling for what we use: the
server class (``MCPServer`` vs ``FastMCP``), the tool error, where the
protocol types live, and whether the server takes a version. Everything
else in ``djust_lint.mcp`` imports those names from here.

Answers are sent as ``CallToolResult``s built here: the structured content
(validated by the SDK against the tool's output schema) and the same JSON,
compact, as the text content a model reads. Both majors pass such a result
through unchanged.
"""

from __future__ import annotations

import json
from importlib import metadata
from typing import Any

from pydantic import BaseModel

MCP_MAJOR = int(metadata.version("mcp").split(".", 1)[0])

if MCP_MAJOR >= 2:
    from mcp.server.mcpserver import MCPServer as Server
    from mcp.server.mcpserver.exceptions import ToolError
    from mcp_types import CallToolResult, TextContent, ToolAnnotations
else:  # mcp 1.x, as djust's own server needs
    from mcp.server.fastmcp import FastMCP as Server  # type: ignore[no-redef,assignment]
    from mcp.server.fastmcp.exceptions import ToolError  # type: ignore[no-redef,assignment]
    from mcp.types import CallToolResult, TextContent, ToolAnnotations  # type: ignore[no-redef,assignment]

__all__ = ["MCP_MAJOR", "CallToolResult", "Server", "ToolAnnotations", "ToolError", "compact_json", "new_server", "result"]


def new_server(name: str, instructions: str, version: str) -> Server:
    """A server announcing ``name`` and ``version`` (1.x has no version argument: set on its low-level server)."""
    if MCP_MAJOR >= 2:
        return Server(name, instructions=instructions, version=version)
    server = Server(name, instructions=instructions)
    low_level = getattr(server, "_mcp_server", None)
    if low_level is not None and hasattr(low_level, "version"):
        low_level.version = version
    return server


def compact_json(value: Any) -> str:
    """JSON without indentation or spaces after separators: every character counts in a context window."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def result(model: BaseModel) -> CallToolResult:
    """A tool answer: the model as structured content, and as compact JSON text for the model to read."""
    data = model.model_dump(mode="json", by_alias=True)
    return CallToolResult(content=[TextContent(type="text", text=compact_json(data))], structuredContent=data)
