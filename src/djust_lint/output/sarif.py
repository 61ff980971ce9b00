"""SARIF 2.1.0 for code-scanning dashboards; the rule list comes from rule metadata."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .._version import __version__
from ..findings import Finding

_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def emit_sarif(findings: Sequence[Finding], **_: object) -> str:
    from ..rules import ALL_RULES

    rules = sorted(ALL_RULES, key=lambda r: r.code)
    index = {rule.code: i for i, rule in enumerate(rules)}
    driver_rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": (rule.__doc__ or rule.summary).strip()},
            "defaultConfiguration": {"level": _LEVELS[rule.severity.value]},
            "properties": {"fixable": rule.fixable, "family": rule.family},
        }
        for rule in rules
    ]
    results = []
    for finding in findings:
        result = {
            "ruleId": finding.code,
            "level": _LEVELS[finding.severity.value],
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": finding.path, "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": finding.span.line,
                            "startColumn": finding.span.column,
                            "endLine": finding.span.end_line,
                            "endColumn": finding.span.end_column,
                        },
                    }
                }
            ],
        }
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        if finding.fix is not None:
            result["fixes"] = [
                {
                    "description": {"text": finding.fix.message},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": edit.path, "uriBaseId": "%SRCROOT%"},
                            "replacements": [
                                {
                                    "deletedRegion": {
                                        "startLine": edit.span.line,
                                        "startColumn": edit.span.column,
                                        "endLine": edit.span.end_line,
                                        "endColumn": edit.span.end_column,
                                    },
                                    "insertedContent": {"text": edit.content},
                                }
                            ],
                        }
                        for edit in finding.fix.edits
                    ],
                }
            ]
        results.append(result)
    sarif = {
        "$schema": _SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "djust-lint",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/djust-lint/",
                        "rules": driver_rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
