"""MCP server over the project graph, and the editor wiring (``djust-lint mcp serve|install|uninstall``).

Nothing here is imported by ``djust-lint --version`` or ``--help``: the ``mcp``
SDK is only loaded when the server starts.
"""
