"""What each MCP tool answers, as plain methods over the project graph.

The server module only registers these methods; keeping them here, free of
transport concerns, lets them be read (and their docstrings, which are the
tool descriptions the model sees) in one place. Names and parameters follow
djust's own MCP server so existing prompts keep working; the answers come
from the static graph, so they need neither Django settings nor a database.

Expected failures (unknown view, path outside the root, refused plan) raise
``ToolError`` with a message the model can act on: close names, the valid
choices, or what to do next.
"""

from __future__ import annotations

from .checks import CheckTools
from .edits import EditTools
from .framework import FrameworkTools
from .graph import GraphTools
from .introspection import IntrospectionTools


class Tools(FrameworkTools, IntrospectionTools, CheckTools, GraphTools, EditTools):
    """The tools of one server; ``state`` is ``None`` in framework-only mode."""


__all__ = ["Tools"]
