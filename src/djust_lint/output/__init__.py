"""Emitters: turn findings into a report for a terminal, a machine or a CI service.

Each emitter is a function ``(findings, **options) -> str`` registered in
``EMITTERS`` by format name; the CLI and the MCP server pick one by name. The
options (``root``, ``files_checked``, ``show_fixes``, ``color``, ``path_prefix``,
``srcroot``: see :class:`~djust_lint.output.common.ReportOptions`) are all
optional and an emitter ignores those it does not use.
"""

from __future__ import annotations

from collections.abc import Callable

from .common import ReportOptions
from .github import emit_github
from .gitlab import emit_gitlab
from .json_format import emit_json, emit_json_lines, emit_json_statistics
from .junit import emit_junit
from .sarif import emit_sarif
from .text import emit_concise, emit_statistics, emit_text

Emitter = Callable[..., str]

EMITTERS: dict[str, Emitter] = {
    "text": emit_text,
    "concise": emit_concise,
    "json": emit_json,
    "json-lines": emit_json_lines,
    "sarif": emit_sarif,
    "github": emit_github,
    "gitlab": emit_gitlab,
    "junit": emit_junit,
}

#: ``--statistics`` output: JSON for the JSON formats, a text table otherwise.
STATISTICS_EMITTERS: dict[str, Emitter] = {"json": emit_json_statistics, "json-lines": emit_json_statistics}

__all__ = [
    "EMITTERS",
    "STATISTICS_EMITTERS",
    "Emitter",
    "ReportOptions",
    "emit_concise",
    "emit_github",
    "emit_gitlab",
    "emit_json",
    "emit_json_lines",
    "emit_junit",
    "emit_sarif",
    "emit_statistics",
    "emit_text",
]
