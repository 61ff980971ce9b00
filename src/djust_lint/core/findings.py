"""The finding: the one shape every rule reports and every output format prints.

Kept free of rule logic so emitters (text, JSON, SARIF, GitHub) and clients
(CLI, MCP, pre-commit) depend on nothing heavier than this module.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Literal

from .model import Span


class Severity(str, enum.Enum):
    """How bad a finding is; ``error`` findings break the page at run time."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text in ``span`` of ``path`` with ``content``."""

    path: str
    span: Span
    content: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "content": self.content,
        }


@dataclass(frozen=True, slots=True)
class Fix:
    """A suggested change; ``safe`` fixes keep behaviour the author intended."""

    message: str
    edits: tuple[Edit, ...]
    applicability: Literal["safe", "unsafe"] = "safe"

    def to_json(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "applicability": self.applicability,
            "edits": [edit.to_json() for edit in self.edits],
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported problem at an exact position."""

    code: str
    name: str
    severity: Severity
    path: str
    span: Span
    message: str
    fix: Fix | None = None
    context: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    """Extra facts for machines, as emitted in JSON. The ones several rules share are read through
    the typed properties below (``views``, ``handler``, ``owner``, ``suggestion``), never by key."""

    @property
    def views(self) -> tuple[str, ...]:
        """Qualified names of the views (or classes) the finding is about."""
        return tuple(name.strip() for name in self.context.get("view", "").split(",") if name.strip())

    @property
    def handler(self) -> str | None:
        """The handler (method) the finding is about."""
        return self.context.get("handler") or None

    @property
    def owner(self) -> str | None:
        """The class that defines :attr:`handler`, when it differs from the view."""
        return self.context.get("owner") or None

    @property
    def suggestion(self) -> str | None:
        """The did-you-mean replacement, when there is one."""
        return self.context.get("suggestion") or None

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.code, self.message)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "message": self.message,
            "fix": self.fix.to_json() if self.fix else None,
        }
        if self.context:
            data["context"] = dict(sorted(self.context.items()))
        return data
