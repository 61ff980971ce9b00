"""JSON list of findings: code, name, severity, path, range, message, fix."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..findings import Finding


def emit_json(findings: Sequence[Finding], **_: object) -> str:
    return json.dumps([f.to_json() for f in findings], indent=2, ensure_ascii=False) + "\n"
