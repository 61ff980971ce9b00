"""The finding: the one shape every rule reports and every output format prints.

Kept free of rule logic so emitters (text, JSON, SARIF, GitHub) and clients
(CLI, MCP, pre-commit) depend on nothing heavier than this module.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
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


EditSource = Sequence[Edit] | Callable[[], Sequence[Edit]]
"""A fix's edits, or a function computing them on first use (see :class:`Fix`)."""


class Fix:
    """A suggested change; ``safe`` fixes keep behaviour the author intended.

    ``edits`` may be given as a function: some fixes are computed with libcst
    (importing it costs about 0.2 s, parsing a module about 15 ms), and most
    runs never look at the edits -- the text, GitHub, GitLab and JUnit reports
    only say *that* a fix exists. The function runs once, on first access of
    :attr:`edits` (JSON, SARIF, ``--fix``, an editor's code action), and
    ``None`` or an empty result means the change could not be computed after
    all. Equality and hashing are by value, like the frozen dataclass this was.
    """

    __slots__ = ("message", "applicability", "_edits", "_compute")

    message: str
    applicability: Literal["safe", "unsafe"]

    def __init__(self, message: str, edits: EditSource = (), applicability: Literal["safe", "unsafe"] = "safe") -> None:
        set_ = object.__setattr__
        set_(self, "message", message)
        set_(self, "applicability", applicability)
        if callable(edits):
            set_(self, "_edits", None)
            set_(self, "_compute", edits)
        else:
            set_(self, "_edits", tuple(edits))
            set_(self, "_compute", None)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Fix is immutable (cannot set {name!r})")

    @property
    def edits(self) -> tuple[Edit, ...]:
        """The edits, computed now if they were deferred."""
        edits = self._edits
        if edits is None:
            compute = self._compute
            assert compute is not None
            edits = tuple(compute() or ())
            object.__setattr__(self, "_edits", edits)
            object.__setattr__(self, "_compute", None)
        return edits

    @property
    def pending(self) -> bool:
        """True while the edits are deferred and not computed yet."""
        return self._edits is None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fix):
            return NotImplemented
        return (self.message, self.applicability, self.edits) == (other.message, other.applicability, other.edits)

    def __hash__(self) -> int:  # equal fixes have equal messages: hashing never computes edits
        return hash((self.message, self.applicability))

    def __repr__(self) -> str:
        edits = "<pending>" if self.pending else repr(self._edits)
        return f"Fix(message={self.message!r}, edits={edits}, applicability={self.applicability!r})"

    def __reduce__(self) -> tuple[Any, ...]:  # a deferred function may not pickle: send the edits
        return (Fix, (self.message, self.edits, self.applicability))

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
