"""The default rule set is a measured decision, and the tool says why each rule is in or out.

Issue 11: a rule is on by default only with measured precision >= 95% on real
code; ``djust-lint rule --all`` shows which rules are on by default and why, and
the rule docs say it.
"""

from __future__ import annotations

import json
import subprocess
import sys

from djust_lint.rules import ALL_RULES
from djust_lint.rules.default_set import DEFAULT_SET
from djust_lint.rules.docs import rule_markdown


def _cli(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "djust_lint", *args], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout


def test_every_rule_says_why_it_is_on_or_off_by_default() -> None:
    missing = [rule.code for rule in ALL_RULES if not getattr(rule, "default_reason", "").strip()]
    assert missing == []


def test_rule_all_shows_the_default_and_the_reason() -> None:
    rows = {row["code"]: row for row in json.loads(_cli("rule", "--all", "--format", "json"))}
    for rule in ALL_RULES:
        assert rows[rule.code]["default"] is rule.default_enabled
        assert rows[rule.code]["default_reason"] == rule.default_reason
    text = _cli("rule", "--all")
    for rule in ALL_RULES:
        lines = text.splitlines()
        index = next(i for i, line in enumerate(lines) if line.startswith(rule.code + " "))
        assert lines[index].split()[3] == ("on" if rule.default_enabled else "off")
        assert lines[index + 1].strip().startswith("why " + ("on" if rule.default_enabled else "off"))


def test_rule_docs_say_whether_the_rule_is_on_by_default() -> None:
    for rule in ALL_RULES:
        text = rule_markdown(rule)
        why = rule.default_reason.split(": ", 1)[-1]
        assert f"- Default: {'on' if rule.default_enabled else 'off'} ({why})" in text


def test_the_default_set_table_covers_every_rule_and_nothing_else() -> None:
    assert set(DEFAULT_SET) == {rule.code for rule in ALL_RULES}
    for on, reason in DEFAULT_SET.values():
        assert reason.startswith("on: " if on else "off: ")


def test_advice_is_never_on_by_default() -> None:
    """Info-severity rules are advice; only diagnostics about djust-lint's own coverage run by default."""
    on = [r.code for r in ALL_RULES if r.default_enabled and r.severity.value == "info" and r.family != "diagnostics"]
    assert on == []
