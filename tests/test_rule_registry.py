"""Every rule is registered, documented, has examples, and the docs are current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from djust_lint.rules import ALL_RULES, REDIRECTS, get_rule, select_rules, unknown_selectors
from djust_lint.rules.docs import FAMILY_TITLES, rendered_pages, rule_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"


def test_codes_and_names_are_unique_and_well_formed():
    codes = [r.code for r in ALL_RULES]
    names = [r.name for r in ALL_RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    for rule in ALL_RULES:
        assert re.fullmatch(r"DJ\d{3}", rule.code), rule.code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
        assert rule.family in FAMILY_TITLES
    assert not set(REDIRECTS) & set(codes)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_has_docs_and_examples(rule):
    doc = rule.__doc__ or ""
    assert "## What it does" in doc
    assert rule.summary and not rule.summary.endswith(".")
    assert rule.INVALID, "every rule needs at least one INVALID example"
    for example in rule.INVALID:
        assert example.expect, "INVALID examples must pin the exact positions"
        assert len(example.messages) == len(example.expect), "INVALID examples state each finding's message"
        if rule.fixable and not example.snippet:
            assert example.fixed is not None, "examples of fixable rules state the files after fixing (`fixed`)"
        else:
            assert example.fixed is None and example.unsafe_fixed is None, "only fixable rules have fixed sources"
        assert example.unsafe_fixed is None or example.unsafe_fixed != example.fixed, "unsafe_fixed only when it differs"
    for example in rule.VALID:
        assert not (example.expect or example.messages or example.fixed or example.unsafe_fixed), "VALID examples pin nothing"
    if rule.fixable:
        assert any(ex.fixed or ex.unsafe_fixed for ex in rule.INVALID), "a fixable rule shows its fix on an example"


def test_docs_pages_are_generated_and_current():
    for name, text in rendered_pages().items():
        page = DOCS / name
        assert page.exists(), f"run `python -m djust_lint.rules.docs docs/rules` ({name} missing)"
        assert page.read_text(encoding="utf-8") == text, f"{name} is stale: regenerate the docs"


def test_lookup_and_selection():
    assert get_rule("DJ101") is get_rule("dead-binding") is get_rule("dj101")
    assert {r.code for r in select_rules(["DJ1"])} == {r.code for r in ALL_RULES if r.code.startswith("DJ1")}
    assert "DJ101" not in {r.code for r in select_rules(None, ["dead-binding"])}
    assert unknown_selectors(["DJ1", "ALL", "nope", "DJ999"]) == ["nope", "DJ999"]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_docs_show_each_flagged_examples_messages_and_fix(rule):
    page = rule_markdown(rule)
    for example in rule.INVALID:
        for (path, line, column), message in zip(example.expect, example.messages, strict=True):
            assert f"{path}:{line}:{column}: {rule.code} {message}\n" in page
        for path, text in {**(example.fixed or {}), **(example.unsafe_fixed or {})}.items():
            assert text.rstrip("\n") in page, path
    if any(ex.fixed for ex in rule.INVALID):
        assert "Fixed by `djust-lint check --fix`:" in page
    if any(ex.unsafe_fixed for ex in rule.INVALID):
        assert "Fixed by `djust-lint check --fix --unsafe-fixes`:" in page


def test_the_docs_generator_prints_help_and_refuses_a_missing_directory(tmp_path, monkeypatch, capsys):
    """``python -m djust_lint.rules.docs --help`` prints usage; it never creates a folder named ``--help``."""
    import pytest

    from djust_lint.rules.docs import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0 and "usage:" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        main([str(tmp_path / "missing")])
    assert refused.value.code == 2
    assert list(tmp_path.iterdir()) == []
