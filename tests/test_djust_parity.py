"""Every check id djust implements is mapped: to a djust-lint rule, or runtime-only with a reason."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

from djust_lint.rules import ALL_RULES, RUNTIME_ONLY

_ID = re.compile(r"""["'](djust\.[A-Z]\d{3})["']""")
_AUDIT_ID = re.compile(r"""["'](X\d{3})["']""")


def _djust_ids() -> set[str]:
    try:
        root = Path(str(metadata.distribution("djust").locate_file("djust")))
    except metadata.PackageNotFoundError:
        pytest.skip("djust is not installed (it is a test dependency)")
    ids: set[str] = set()
    for path in (root / "checks").glob("*.py"):
        ids.update(_ID.findall(path.read_text(encoding="utf-8")))
    ids.update(_AUDIT_ID.findall((root / "audit_ast.py").read_text(encoding="utf-8")))
    return ids


def test_every_djust_check_id_is_mapped():
    covered = {i for rule in ALL_RULES for i in rule.djust_ids} | set(RUNTIME_ONLY)
    missing = sorted(_djust_ids() - covered)
    assert missing == [], f"{len(missing)} djust check ids have no rule and no runtime-only reason"


def test_no_id_is_both_a_rule_and_runtime_only():
    ruled = {i for rule in ALL_RULES for i in rule.djust_ids}
    assert sorted(ruled & set(RUNTIME_ONLY)) == []


def test_mapped_ids_exist_in_djust():
    covered = {i for rule in ALL_RULES for i in rule.djust_ids} | set(RUNTIME_ONLY)
    assert sorted(covered - _djust_ids()) == []
