"""Machine-readable findings: ``json`` (one indented list) and ``json-lines`` (one object a line).

Both use :meth:`Finding.to_json`, so the two formats, the MCP server and the
baseline agree on field names. ``json-lines`` suits streaming consumers and
``grep``; an empty report is an empty output, not ``[]``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..core.findings import Finding
from .text import statistics_rows


def emit_json(findings: Sequence[Finding], **_: object) -> str:
    return json.dumps([f.to_json() for f in findings], indent=2, ensure_ascii=False) + "\n"


def emit_json_lines(findings: Sequence[Finding], **_: object) -> str:
    return "".join(json.dumps(f.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n" for f in findings)


def emit_json_statistics(findings: Sequence[Finding], **_: object) -> str:
    """``--statistics --format json``: the per-rule counts as a JSON list."""
    return json.dumps(statistics_rows(findings), indent=2, ensure_ascii=False) + "\n"
