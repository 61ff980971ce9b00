"""The rule registry: every rule class, by code and by name.

Adding a rule = one module in its family's package (``rules/<family>/``, one per code range)
+ one line in that package's ``RULES``; the
registry test fails if a rule is missing docs, examples or a unique code.
"""

from __future__ import annotations

from . import bindings, context, diagnostics, markup, references, security, settings, view_config, views
from .base import Example, Rule, RuleContext
from .default_set import default_for

#: One package per family, one family per code range (DJ1xx ... DJ9xx), in code order.
FAMILIES = (bindings, references, views, settings, security, markup, view_config, context, diagnostics)

ALL_RULES: tuple[type[Rule], ...] = tuple(rule for package in FAMILIES for rule in package.RULES)
for _rule in ALL_RULES:  # the default set is one measured decision (``default_set.py``)
    _rule.default_enabled, _rule.default_reason = default_for(_rule.code)

#: djust check id -> why it cannot be decided from source.
RUNTIME_ONLY: dict[str, str] = {k: v for package in FAMILIES for k, v in package.RUNTIME_ONLY.items()}

#: Renamed or merged codes keep working: old code -> current code.
REDIRECTS: dict[str, str] = {}

RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}
RULES_BY_NAME: dict[str, type[Rule]] = {rule.name: rule for rule in ALL_RULES}


def get_rule(code_or_name: str) -> type[Rule] | None:
    """Look a rule up by code (``DJ101``), redirected code, or name (``dead-binding``)."""
    key = code_or_name.strip()
    upper = REDIRECTS.get(key.upper(), key.upper())
    return RULES_BY_CODE.get(upper) or RULES_BY_NAME.get(key.lower())


def select_rules(select: list[str] | None = None, ignore: list[str] | None = None) -> list[type[Rule]]:
    """Rules enabled by ruff-style selectors: exact codes, prefixes (``DJ1``), names, or ``ALL``."""
    chosen = [r for r in ALL_RULES if r.default_enabled] if not select else [r for r in ALL_RULES if _matches(r, select)]
    if ignore:
        chosen = [r for r in chosen if not _matches(r, ignore)]
    return chosen


def unknown_selectors(selectors: list[str]) -> list[str]:
    """Selectors that match no rule at all (a typo must be an error, not a no-op)."""
    return [s for s in selectors if not any(_matches(r, [s]) for r in ALL_RULES)]


def _matches(rule: type[Rule], selectors: list[str]) -> bool:
    for selector in selectors:
        s = selector.strip()
        if not s:
            continue
        if s.upper() == "ALL" or rule.code.startswith(REDIRECTS.get(s.upper(), s.upper())) or rule.name == s.lower():
            return True
    return False


__all__ = ["ALL_RULES", "Example", "Rule", "RuleContext", "get_rule", "select_rules", "unknown_selectors"]
