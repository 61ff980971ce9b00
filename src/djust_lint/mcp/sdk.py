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

__all__ = [
    "MCP_MAJOR", "CallToolResult", "Server", "ToolAnnotations", "ToolError", "compact_json", "new_server", "result",
    "slim_schemas",
]  # fmt: skip
#: Schema keywords that only repeat what the name or the type already says.
_NOISE = ("title",)


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


def slim(schema: Any) -> None:
    """Drop titles (they repeat property and model names) and null defaults from a JSON schema, in place."""
    if isinstance(schema, dict):
        for key in _NOISE:
            if isinstance(schema.get(key), str):
                del schema[key]
        if "default" in schema and schema["default"] is None:
            del schema["default"]
        options = schema.get("anyOf")
        if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
            other = next(o for o in options if o != {"type": "null"})
            if isinstance(other, dict) and isinstance(other.get("type"), str):
                del schema["anyOf"]
                schema.update(other)
                schema["type"] = [other["type"], "null"]
        for key, value in schema.items():
            if key in ("properties", "$defs"):
                for sub in value.values():
                    slim(sub)
            elif key not in ("default", "enum", "const", "examples", "required"):
                slim(value)
    elif isinstance(schema, list):
        for item in schema:
            slim(item)


def shallow(schema: Any) -> Any:
    """An output schema down to its own fields: nested models become ``object``, descriptions go.

    The nested shapes (a position, a finding) repeat in almost every tool's schema; the model learns
    them from the first answer, and clients validating against the shallow schema still accept it
    (every field is always sent, so ``required`` says nothing either).
    """
    if isinstance(schema, list):
        return [shallow(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return {"type": "object"}
    out = {}
    for key, value in schema.items():
        if key in ("$defs", "description", "additionalProperties", "title", "required"):
            continue
        if key == "properties":
            out[key] = {name: shallow(sub) for name, sub in value.items()}
        elif key == "anyOf" and len(value) == 2 and {"type": "null"} in value:
            other = shallow(next(v for v in value if v != {"type": "null"}))
            if set(other) == {"type"} and isinstance(other["type"], str):
                out["type"] = [other["type"], "null"]
            else:
                out[key] = [other, {"type": "null"}]
        else:
            out[key] = shallow(value) if key not in ("default", "enum", "const", "required") else value
    return out


def slim_schemas(server: Server) -> None:
    """Slim every registered tool's input and output schema: ``tools/list`` is read into the model's context.

    The SDK keeps them as plain dicts on its tool objects (the same attributes in 1.x and 2.x), so they are
    rewritten in place; answers are still validated against the full pydantic models.
    """
    manager = getattr(server, "_tool_manager", None)
    for tool in manager.list_tools() if manager is not None else ():
        slim(getattr(tool, "parameters", None))
        metadata = getattr(tool, "fn_metadata", None)
        output = getattr(metadata, "output_schema", None)
        if isinstance(output, dict):
            slimmed = shallow(output)
            output.clear()
            output.update(slimmed)
