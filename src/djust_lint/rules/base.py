"""What a rule is: metadata, examples, and a ``check`` over the project graph.

Modelled on fixit and ruff: one module per rule, a docstring in fixed
sections (What it does / Why is this bad? / Example / Use instead), a stable
code and kebab-case name, a default severity, and inline VALID/INVALID
examples from which both the tests and the docs are generated.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from ..core.findings import Finding, Fix, Severity
from ..core.model import Span

if TYPE_CHECKING:
    from ..graph.model import ProjectGraph


@dataclass(frozen=True)
class Example:
    """A tiny project (``{relative path: source}``) for a rule's docs and tests.

    For INVALID examples ``expect`` lists ``(path, line, column)`` of the
    findings the rule must report, exactly, and ``messages`` what each says;
    for fixable rules ``fixed`` shows the files after ``check --fix``. The
    tests hold the rule to all of it and the docs print it, so a reader sees
    exactly what the rule reports and what its fix writes.
    """

    files: dict[str, str | bytes]
    expect: tuple[tuple[str, int, int], ...] = ()
    note: str = ""
    select: tuple[str, ...] = ()
    """Rules to enable for this example (default: only the rule itself)."""
    snippet: bool = False
    """The one file is code pasted into ``validate_view`` (snippet mode), not a project."""
    messages: tuple[str, ...] = ()
    """The message of each ``expect`` finding, in the same order."""
    fixed: dict[str, str] | None = None
    """Fixable rules: every file the safe fixes change, as it reads after them (``{}``: none applies)."""
    unsafe_fixed: dict[str, str] | None = None
    """Every file changed when unsafe fixes are applied too (``--unsafe-fixes``), when that differs from ``fixed``."""


@dataclass
class RuleContext:
    """What a rule sees: the graph and a way to report."""

    graph: ProjectGraph
    findings: list[Finding] = field(default_factory=list)


class Rule:
    """Base class. Subclasses set the metadata and implement :meth:`check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    family: ClassVar[str] = ""
    """Docs page the rule belongs to: its package under ``rules/`` (``bindings``, ``view-config``...).

    Set from the module path when the class is defined, so a rule cannot sit in one family's
    folder and be documented in another's."""
    severity: ClassVar[Severity] = Severity.ERROR
    summary: ClassVar[str]
    fixable: ClassVar[bool] = False
    default_enabled: ClassVar[bool] = True
    """Set by the registry from :mod:`.default_set` (the one measured decision for every rule)."""
    default_reason: ClassVar[str] = ""
    """Why the rule is on or off by default (measured precision, runtime failure, advice)."""
    in_validate_view: ClassVar[bool] = True
    """Run by ``validate_view`` too (needs only one module and its templates)."""
    needs_project: ClassVar[bool] = False
    """Needs the rest of the project to be right (a handler bound nowhere, a template not found):
    ``validate_view`` runs it only when the project is visible."""
    djust_equivalent: ClassVar[str] = ""
    """What djust's own tools report this as, if anything."""
    djust_ids: ClassVar[tuple[str, ...]] = ()
    """djust check ids this rule replaces (``djust.V004``, ``X003``), for the parity table."""
    VALID: ClassVar[list[Example]] = []
    INVALID: ClassVar[list[Example]] = []

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        parts = cls.__module__.split(".")
        if "family" not in cls.__dict__ and len(parts) >= 4 and parts[:2] == ["djust_lint", "rules"]:
            cls.family = parts[2].replace("_", "-")

    def check(self, ctx: RuleContext) -> Iterator[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def finding(
        self,
        path: str,
        span: Span,
        message: str,
        *,
        fix: Fix | None = None,
        severity: Severity | None = None,
        view: str = "",
        handler: str = "",
        owner: str = "",
        suggestion: str = "",
        **context: str,
    ) -> Finding:
        """A finding of this rule. ``view`` (one qualified name, or several comma-separated),
        ``handler``, ``owner`` and ``suggestion`` are the facts faces read back as
        :class:`~djust_lint.core.findings.Finding` properties; other keywords are emitted as is."""
        context.update(view=view, handler=handler, owner=owner, suggestion=suggestion)
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            path=path,
            span=span,
            message=message,
            fix=fix,
            context={k: v for k, v in context.items() if v},
        )


def did_you_mean(name: str, candidates: list[str] | set[str], cutoff: float = 0.6) -> str | None:
    """Closest candidate to a misspelt name, ruff/pyflakes style."""
    matches = difflib.get_close_matches(name, sorted(candidates), n=5, cutoff=cutoff)
    if not matches:
        return None
    # ``dj-offline`` -> ``dj-offline-show`` beats a closer-by-ratio ``dj-flip``.
    extending = [m for m in matches if m.startswith(name) or name.startswith(m)]
    return (extending or matches)[0]


def did_you_mean_template(target: str, names: Iterable[str], exclude: str | None = None) -> str | None:
    """The template a misspelt name most likely meant: a close file name in the same folder, else the same
    file name in another folder. Whole paths are not compared: a shared folder and ``.html`` make unrelated
    names look alike (``pages/home.html`` is not ``pages/other.html``)."""
    folder, _, file_name = target.rpartition("/")
    candidates = [n for n in names if n != exclude and n != target]
    same_folder = {n.rpartition("/")[2]: n for n in candidates if n.rpartition("/")[0] == folder}
    close = difflib.get_close_matches(file_name, sorted(same_folder), n=1, cutoff=0.75)
    if close:
        return same_folder[close[0]]
    moved = sorted(n for n in candidates if n.rpartition("/")[2] == file_name)
    return moved[0] if len(moved) == 1 else None


def suggestion_suffix(suggestion: str | None) -> str:
    return f"; did you mean '{suggestion}'?" if suggestion else ""
