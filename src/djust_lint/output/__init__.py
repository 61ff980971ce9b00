"""Emitters: turn findings into text for humans, JSON, SARIF or GitHub annotations.

Each emitter is a function ``(findings, *, root) -> str`` registered in
``EMITTERS``; the CLI and MCP server pick one by name.
"""

from __future__ import annotations

from collections.abc import Callable

from .github import emit_github
from .json_format import emit_json
from .sarif import emit_sarif
from .text import emit_text

Emitter = Callable[..., str]

EMITTERS: dict[str, Emitter] = {"text": emit_text, "json": emit_json, "sarif": emit_sarif, "github": emit_github}

__all__ = ["EMITTERS", "Emitter", "emit_github", "emit_json", "emit_sarif", "emit_text"]
