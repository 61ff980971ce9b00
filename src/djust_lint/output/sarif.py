"""SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning and others).

The driver lists every rule with its documentation (``help``, ``helpUri``) so
an alert can be understood where it is shown. Locations are URIs relative to
``%SRCROOT%`` (declared in ``originalUriBaseIds`` when the report knows where
that is), regions carry columns in Unicode code points, and each result has a
``partialFingerprints`` entry that survives unrelated edits, so a dashboard
tracks one alert across commits instead of opening a new one per line shift.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .._version import __version__
from ..core.findings import Edit, Finding
from ..core.model import Span
from .common import TOOL_URL, help_uri, options_from, stable_fingerprints

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "djustLint/v1"
SRCROOT = "%SRCROOT%"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def emit_sarif(findings: Sequence[Finding], **kwargs: object) -> str:
    from ..rules import ALL_RULES

    options = options_from(kwargs)
    rules = sorted(ALL_RULES, key=lambda r: r.code)
    index = {rule.code: i for i, rule in enumerate(rules)}
    fingerprints = stable_fingerprints(findings, options.root)
    results = [
        _result(f, fp, index, options.path_prefix) for f, fp in zip(findings, fingerprints, strict=True)
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "djust-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": TOOL_URL,
                "rules": [_rule_descriptor(rule) for rule in rules],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if options.srcroot is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": _directory_uri(options.srcroot)}}
    sarif = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def _rule_descriptor(rule: Any) -> dict[str, Any]:
    from ..rules.docs import rule_markdown

    doc = (rule.__doc__ or rule.summary).strip()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": doc},
        "help": {"text": doc, "markdown": rule_markdown(rule)},
        "helpUri": help_uri(rule.code),
        "defaultConfiguration": {"level": _LEVELS[rule.severity.value]},
        "properties": {"fixable": rule.fixable, "family": rule.family, "tags": [rule.family]},
    }


def _result(finding: Finding, fingerprint: str, index: dict[str, int], prefix: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVELS[finding.severity.value],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": _physical_location(prefix + finding.path, finding.span)}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.fix is not None and finding.fix.edits:  # a fix without edits is advice, not a SARIF fix
        result["fixes"] = [
            {"description": {"text": finding.fix.message}, "artifactChanges": _artifact_changes(finding.fix.edits, prefix)}
        ]
    return result


def _artifact_location(path: str) -> dict[str, str]:
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def _region(span: Span) -> dict[str, int]:
    return {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column}


def _physical_location(path: str, span: Span) -> dict[str, Any]:
    return {"artifactLocation": _artifact_location(path), "region": _region(span)}


def _artifact_changes(edits: Sequence[Edit], prefix: str) -> list[dict[str, Any]]:
    """One change per file (SARIF's rule), its replacements in the fix's order."""
    by_path: dict[str, list[dict[str, Any]]] = {}
    for edit in edits:
        replacement = {"deletedRegion": _region(edit.span), "insertedContent": {"text": edit.content}}
        by_path.setdefault(edit.path, []).append(replacement)
    return [
        {"artifactLocation": _artifact_location(prefix + path), "replacements": replacements}
        for path, replacements in by_path.items()
    ]


def _directory_uri(directory: Path) -> str:
    uri = directory.resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"
