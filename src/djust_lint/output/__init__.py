"""Emitters: turn findings into text for humans or JSON for machines.

Each emitter is a function ``(findings, *, root) -> str`` registered in
``EMITTERS``; the CLI and MCP server pick one by name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..findings import Finding
from .json_format import emit_json
from .text import emit_text

Emitter = Callable[..., str]

EMITTERS: dict[str, Emitter] = {"text": emit_text, "json": emit_json}

__all__ = ["EMITTERS", "emit_json", "emit_text", "Finding", "Sequence"]
