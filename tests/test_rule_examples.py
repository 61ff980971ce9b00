"""Tests generated from every rule's VALID/INVALID examples (fixit style).

Each example is written to disk as a tiny project and linted with the real
engine; VALID examples must produce no finding of that rule, INVALID ones
exactly the expected positions with the expected messages. For fixable rules
the real fix loop (``plan_fixes``, what ``check --fix`` runs) must turn the
example into its ``fixed`` files — and ``unsafe_fixed`` with unsafe fixes —
and fixing the result again must change nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from project_files import write_project

from djust_lint import validate_view
from djust_lint.codemods.fixes import plan_fixes
from djust_lint.engine.api import lint_project
from djust_lint.rules import ALL_RULES

VALID = [(rule, i, ex) for rule in ALL_RULES for i, ex in enumerate(rule.VALID)]
INVALID = [(rule, i, ex) for rule in ALL_RULES for i, ex in enumerate(rule.INVALID)]
FIXABLE = [(rule, i, ex) for rule, i, ex in INVALID if rule.fixable and not ex.snippet]


def _selection(rule, example) -> list[str]:
    return list(example.select) or [rule.code]


def _findings(root, rule, example):
    """The rule's findings on the example, and everything reported (for failure messages)."""
    if example.snippet:  # the one file is pasted into validate_view, not linted as a project
        ((_path, source),) = example.files.items()
        everything = validate_view(source)
    else:
        result = lint_project(root, select=_selection(rule, example))
        assert not result.internal_errors, result.internal_errors
        everything = result.findings
    return [f for f in everything if f.code == rule.code], everything


@pytest.mark.parametrize(("rule", "index", "example"), VALID, ids=[f"{r.code}-VALID-{i}" for r, i, _ in VALID])
def test_valid_example(tmp_path, rule, index, example):
    findings, _ = _findings(write_project(tmp_path / "p", example.files), rule, example)
    assert [(f.path, f.line, f.column) for f in findings] == []


@pytest.mark.parametrize(("rule", "index", "example"), INVALID, ids=[f"{r.code}-INVALID-{i}" for r, i, _ in INVALID])
def test_invalid_example(tmp_path, rule, index, example):
    findings, everything = _findings(write_project(tmp_path / "p", example.files), rule, example)
    assert len(example.messages) == len(example.expect), "one message per expected finding"
    expected = sorted((*position, message) for position, message in zip(example.expect, example.messages, strict=True))
    assert sorted((f.path, f.line, f.column, f.message) for f in findings) == expected, [f.to_json() for f in everything]
    if not rule.fixable:
        assert [f.fix for f in findings if f.fix] == [], "a rule that offers fixes must say fixable = True"


def _fixed_files(root: Path, selection: list[str], *, unsafe: bool) -> dict[str, str]:
    plan = plan_fixes(root, select=selection, unsafe=unsafe)
    return {edit.path: edit.new_text for edit in plan.edits if edit.changed}


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize(("rule", "index", "example"), FIXABLE, ids=[f"{r.code}-INVALID-{i}" for r, i, _ in FIXABLE])
def test_fixed_example(tmp_path, rule, index, example, unsafe):
    root = write_project(tmp_path / "p", example.files)
    selection = _selection(rule, example)
    want = example.unsafe_fixed if unsafe and example.unsafe_fixed is not None else example.fixed
    assert want is not None, "examples of fixable rules state `fixed`"
    fixed = _fixed_files(root, selection, unsafe=unsafe)
    assert fixed == want
    for path, text in fixed.items():
        (root / path).write_text(text, encoding="utf-8")
    assert _fixed_files(root, selection, unsafe=unsafe) == {}, "fixing the fixed files changes them again"


def test_template_suggestions_compare_file_names_not_whole_paths():
    from djust_lint.rules.base import did_you_mean_template

    names = ["app/page.html", "app/rows.html", "base.html", "shop/row.html", "pages/other.html"]
    assert did_you_mean_template("app/row.html", names, exclude="app/page.html") == "app/rows.html"
    assert did_you_mean_template("app/row.html", ["app/page.html"], exclude="app/page.html") is None  # never itself
    assert did_you_mean_template("bse.html", names) == "base.html"
    assert did_you_mean_template("pages/home.html", names) is None
    assert did_you_mean_template("catalog/row.html", names) == "shop/row.html"  # same file, moved folder
