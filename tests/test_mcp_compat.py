"""djust-lint's MCP server on either major of the ``mcp`` SDK, next to djust's own server.

djust 1.2's MCP server imports ``mcp.server.fastmcp`` (mcp 1.x); djust-lint
must install into the same environment without breaking it, so it supports
both majors through one thin module (``djust_lint.mcp.sdk``). ``.ci/run``
runs this file (and the other MCP tests) once with mcp 2.x and once with
mcp 1.x.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp_client import MCP_MAJOR, Session, connect

SHOP = Path(__file__).parent / "fixtures" / "shop"


def _tools(server: Any) -> list[dict[str, Any]]:
    async def main() -> list[dict[str, Any]]:
        async with connect(server) as client:
            return await client.list_tools()

    return anyio.run(main)


def test_the_compatibility_module_follows_the_installed_major() -> None:
    from djust_lint.mcp import sdk
    from djust_lint.mcp.server import create_server

    assert sdk.MCP_MAJOR == MCP_MAJOR
    server = create_server(SHOP)
    assert isinstance(server, sdk.Server)
    names = {t["name"] for t in _tools(server)}
    assert {"validate_view", "check", "list_views"} <= names


def test_tool_errors_reach_the_client_as_errors_on_both_majors() -> None:
    from djust_lint.mcp.server import create_server

    async def main() -> tuple[Any, ...]:
        async with connect(create_server(SHOP)) as client:
            assert isinstance(client, Session)
            return (
                await client.call("get_view_schema", {"view_name": "ProductLstView"}),
                await client.call("get_view_schema", {"view_name": "ProductListView"}),
            )

    missing, found = anyio.run(main)
    assert missing.is_error and "ProductListView" in missing.text
    assert not found.is_error and found.structured["qualname"] == "catalog.views.products.ProductListView"


@pytest.mark.skipif(MCP_MAJOR >= 2, reason="djust 1.2's own MCP server needs mcp 1.x (mcp.server.fastmcp)")
def test_djust_own_server_runs_in_the_same_environment() -> None:
    """Both servers are built in one process; each answers tools/list with its own tools."""
    from djust.mcp.server import create_server as djust_server

    from djust_lint.mcp.server import create_server

    ours = {t["name"] for t in _tools(create_server(SHOP))}
    theirs = {t["name"] for t in _tools(djust_server())}
    assert "validate_view" in ours and "validate_view" in theirs
    assert "find_references" in ours
