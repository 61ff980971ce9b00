"""Pieces every emitter shares: report options, source lines, rule metadata, fingerprints.

Emitters are pure functions of the findings plus a :class:`ReportOptions`; the
few facts they need beyond a finding (the text of the flagged line, the rule's
documentation, a stable fingerprint) are looked up here once, so each format
stays a small translation and they all agree with each other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.findings import Finding

if TYPE_CHECKING:
    from ..rules import Rule

#: Where the rule pages (``docs/rules/<family>.md``) are published; used for help URIs.
RULE_DOCS_BASE_URL = "https://github.com/djust-lint/djust-lint/blob/main/docs/rules"
TOOL_URL = "https://pypi.org/project/djust-lint/"
_MAX_SOURCE_BYTES = 2_000_000


@dataclass(frozen=True)
class ReportOptions:
    """What an emitter may need besides the findings (all optional)."""

    root: Path | None = None
    """Project root: findings' paths are relative to it; source lines are read from it."""
    files_checked: int = 0
    show_fixes: bool = False
    color: bool = False
    path_prefix: str = ""
    """Prepended to every path by the CI formats (the project's place in the repository)."""
    display_prefix: str = ""
    """Prepended to every path by the human formats (text, concise): the project root as seen from the
    current directory, so printed paths open from where the command ran (``examples/shop/``, ``../``)."""
    srcroot: Path | None = None
    """Directory ``%SRCROOT%`` stands for in SARIF (the repository / workspace root)."""
    unchecked_views: tuple[tuple[str, str], ...] = ()
    """(``path:line qualname``, reason) of views whose bindings were not checked (template unknown)."""


def options_from(kwargs: dict[str, object]) -> ReportOptions:
    """Emitters take keyword arguments (``files_checked=``, ``root=`` ...); collect them."""
    known = {name: kwargs[name] for name in ReportOptions.__dataclass_fields__ if name in kwargs}
    root = known.get("root")
    if root is not None and not isinstance(root, Path):
        known["root"] = Path(str(root))
    return ReportOptions(**known)  # type: ignore[arg-type]


class SourceLines:
    """Lines of the files findings point into, each file read at most once (and only if needed)."""

    def __init__(self, root: Path | None) -> None:
        self._root = root
        self._cache: dict[str, list[str]] = {}

    def lines(self, path: str) -> list[str]:
        if path not in self._cache:
            self._cache[path] = self._read(path)
        return self._cache[path]

    def line(self, path: str, number: int) -> str | None:
        lines = self.lines(path)
        return lines[number - 1] if 0 < number <= len(lines) else None

    def _read(self, path: str) -> list[str]:
        if self._root is None:
            return []
        try:
            data = (self._root / path).read_bytes()
        except OSError:
            return []
        if len(data) > _MAX_SOURCE_BYTES or b"\0" in data:
            return []
        return data.decode("utf-8", errors="replace").splitlines()


@lru_cache(maxsize=1)
def rules_by_code() -> dict[str, type[Rule]]:
    from ..rules import ALL_RULES

    return {rule.code: rule for rule in ALL_RULES}


def rule_anchor(rule: type[Rule]) -> str:
    """The heading anchor of a rule on its family page (as ``rules.docs`` writes it)."""
    return f"{rule.code}-{rule.name}".lower()


def help_uri(code: str) -> str:
    rule = rules_by_code().get(code)
    if rule is None:
        return TOOL_URL
    return f"{RULE_DOCS_BASE_URL}/{rule.family}.md#{rule_anchor(rule)}"


def stable_fingerprints(findings: Sequence[Finding], root: Path | None) -> list[str]:
    """One fingerprint per finding that survives unrelated edits (the baseline's), made global.

    The baseline fingerprint hashes the code involved, not the line number, and
    numbers identical ones within a file; prefixing code and path makes it unique
    across the report, as GitLab requires.
    """
    from ..engine.baseline import fingerprints

    local = fingerprints(findings, root or Path("."))
    return [
        hashlib.sha256(f"{f.code}\0{f.path}\0{fp}".encode()).hexdigest()[:32]
        for f, fp in zip(findings, local, strict=True)
    ]


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def is_safe_fix(finding: Finding) -> bool:
    return finding.fix is not None and finding.fix.applicability == "safe"
