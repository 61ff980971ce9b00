"""Tests generated from every rule's VALID/INVALID examples (fixit style).

Each example is written to disk as a tiny project and linted with the real
engine; VALID examples must produce no finding of that rule, INVALID ones
exactly the expected positions.
"""

from __future__ import annotations

import pytest
from project_files import write_project

from djust_lint import validate_view
from djust_lint.engine.api import lint_project
from djust_lint.rules import ALL_RULES

VALID = [(rule, i, ex) for rule in ALL_RULES for i, ex in enumerate(rule.VALID)]
INVALID = [(rule, i, ex) for rule in ALL_RULES for i, ex in enumerate(rule.INVALID)]


def _positions(root, rule, example):
    if example.snippet:  # the one file is pasted into validate_view, not linted as a project
        ((path, source),) = example.files.items()
        findings = validate_view(source)
        return sorted((f.path, f.line, f.column) for f in findings if f.code == rule.code), findings
    result = lint_project(root, select=list(example.select) or [rule.code])
    assert not result.internal_errors, result.internal_errors
    return sorted((f.path, f.line, f.column) for f in result.findings if f.code == rule.code), result


@pytest.mark.parametrize(("rule", "index", "example"), VALID, ids=[f"{r.code}-VALID-{i}" for r, i, _ in VALID])
def test_valid_example(tmp_path, rule, index, example):
    positions, _ = _positions(write_project(tmp_path / "p", example.files), rule, example)
    assert positions == []


@pytest.mark.parametrize(("rule", "index", "example"), INVALID, ids=[f"{r.code}-INVALID-{i}" for r, i, _ in INVALID])
def test_invalid_example(tmp_path, rule, index, example):
    positions, result = _positions(write_project(tmp_path / "p", example.files), rule, example)
    findings = result if example.snippet else result.findings
    assert positions == sorted(example.expect), [f.to_json() for f in findings]
