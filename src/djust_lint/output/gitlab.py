"""GitLab Code Quality report: a JSON list GitLab shows in merge requests and pipelines.

Each issue has ``description``, ``check_name``, a ``fingerprint`` unique in the
report and stable across unrelated edits (so GitLab can tell new issues from
old ones between the base and head pipelines), a ``severity`` from GitLab's
scale and a ``location`` with the repository-relative path and lines.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..core.findings import Finding
from .common import options_from, stable_fingerprints

#: djust-lint severity -> GitLab's info / minor / major / critical / blocker.
SEVERITIES = {"error": "critical", "warning": "minor", "info": "info"}


def emit_gitlab(findings: Sequence[Finding], **kwargs: object) -> str:
    options = options_from(kwargs)
    fingerprints = stable_fingerprints(findings, options.root)
    issues = [_issue(f, fp, options.path_prefix) for f, fp in zip(findings, fingerprints, strict=True)]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(finding: Finding, fingerprint: str, prefix: str) -> dict[str, object]:
    return {
        "type": "issue",
        "description": f"{finding.code} {finding.message}",
        "check_name": f"{finding.code} {finding.name}",
        "categories": ["Bug Risk"],
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity.value],
        "location": {
            "path": prefix + finding.path,
            "lines": {"begin": finding.span.line, "end": finding.span.end_line},
        },
    }
