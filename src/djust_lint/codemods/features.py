"""The features ``scaffold view`` can generate: one list for the CLI, the MCP tool and the scaffolder.

Kept in a module of its own, with no heavy import, so ``djust-lint --help``
lists them without loading libcst or black.
"""

from __future__ import annotations

VIEW_FEATURES: tuple[str, ...] = ("search", "crud", "pagination", "form", "presence", "streaming", "auth")
"""In the order they are applied (and listed in help texts)."""

LIST_FEATURES = frozenset({"search", "crud", "pagination"})
"""Features that make the view show a list of items."""
