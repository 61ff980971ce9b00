"""GitHub Actions workflow commands: findings become annotations on the pull request's diff.

Chosen automatically when ``GITHUB_ACTIONS=true`` and no ``--format`` is given.
Escaping follows the runner's rules: in the message ``%``, CR and LF are
percent-encoded; in properties (``file=``, ``title=``) also ``:`` and ``,``.
Paths carry the project's place in the repository (``path_prefix``), since
GitHub resolves them against the workspace, not the project root.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..core.findings import Finding
from .common import options_from

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def emit_github(findings: Sequence[Finding], **kwargs: object) -> str:
    prefix = options_from(kwargs).path_prefix
    return "".join(_annotation(f, prefix) + "\n" for f in findings)


def _annotation(finding: Finding, prefix: str) -> str:
    span = finding.span
    properties = ",".join(
        [
            f"file={escape_property(prefix + finding.path)}",
            f"line={span.line}",
            f"col={span.column}",
            f"endLine={span.end_line}",
            f"endColumn={span.end_column}",
            f"title={escape_property(f'{finding.code} {finding.name}')}",
        ]
    )
    return f"::{_COMMANDS[finding.severity.value]} {properties}::{escape_data(finding.code + ' ' + finding.message)}"
