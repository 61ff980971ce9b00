"""``python -m djust_lint.mcp [--root PATH]``: the MCP server over stdio."""

from __future__ import annotations

import sys

from .server import main

sys.exit(main())
