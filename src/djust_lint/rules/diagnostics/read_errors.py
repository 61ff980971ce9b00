"""DJ900-DJ903: files djust-lint could not read, and what it could not resolve."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from ...core.findings import Finding, Severity
from ...core.model import DiagnosticKind
from ..base import Example, Rule, RuleContext


class _DiagnosticRule(Rule):
    """Turns the readers' diagnostics of one kind into findings."""

    diagnostic_kind: ClassVar[str]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for path, diagnostic in ctx.graph.diagnostics:
            if diagnostic.kind == self.diagnostic_kind:
                yield self.finding(path, diagnostic.span, diagnostic.message)


class FileUnreadable(_DiagnosticRule):
    """## What it does
    Reports a file djust-lint skipped: undecodable bytes, binary content with
    a source extension, a file over the size limit, an I/O error, or a
    directory loop. The rest of the project is still checked.
    """

    code = "DJ900"
    diagnostic_kind = DiagnosticKind.UNREADABLE
    name = "file-unreadable"
    severity = Severity.ERROR
    summary = "File could not be read"
    INVALID = [
        Example(
            {"app/templates/app/x.html": b"\x89PNG\r\n\x1a\n\x00\x00"},
            expect=(("app/templates/app/x.html", 1, 1),),
            messages=("binary file (NUL byte at byte offset 8); not read",),
        ),
    ]


class PythonSyntaxError(_DiagnosticRule):
    """## What it does
    Reports a Python file that does not parse. Its classes are missing from
    the graph, so other findings about it may be incomplete.
    """

    code = "DJ901"
    diagnostic_kind = DiagnosticKind.PYTHON_SYNTAX
    name = "python-syntax-error"
    severity = Severity.ERROR
    summary = "Python file has a syntax error"
    VALID = [Example({"app/views.py": "x = 1\n"})]
    INVALID = [
        Example(
            {"app/views.py": "x = 1\ndef broken(:\n"},
            expect=(("app/views.py", 2, 12),),
            messages=("Python syntax error: invalid syntax",),
        ),
    ]


class TemplateSyntaxError(_DiagnosticRule):
    """## What it does
    Reports a template djust-lint can only partly read: a start tag, quote,
    comment or `{% %}`/`{{ }}` that is never closed. Everything before the
    problem is still checked.
    """

    code = "DJ902"
    diagnostic_kind = DiagnosticKind.TEMPLATE_SYNTAX
    name = "template-syntax-error"
    severity = Severity.ERROR
    summary = "Template has an unclosed tag, quote or comment"
    VALID = [Example({"app/templates/app/x.html": '<a href="/">x</a>\n'})]
    INVALID = [
        Example(
            {"app/templates/app/x.html": '<p>ok</p>\n<a href="/>x</a>\n'},
            expect=(("app/templates/app/x.html", 2, 9),),
            messages=('quote " opening the value of \'href\' is never closed',),
        ),
    ]


class UnresolvedBase(Rule):
    """## What it does
    Reports (as information) a view with a base class djust-lint could not
    find: not in the project, not installed, not in its djust vocabulary.

    ## Why it matters
    Handlers and state inherited from that base are unknown, so dead-binding,
    model-field and unused-handler checks are skipped for that view rather
    than guessed. Install the package in the linting environment to check it.
    """

    code = "DJ903"
    name = "unresolved-base"
    severity = Severity.INFO
    summary = "View base class could not be resolved; some checks skipped"
    INVALID = [
        Example(
            {"app/views.py": "from djust import LiveView\nfrom vendor.mixins import Sortable\n\n\nclass Table(Sortable, LiveView):\n    template = '<table></table>'\n"},
            expect=(("app/views.py", 5, 7),),
            messages=("base vendor.mixins.Sortable of Table could not be resolved; binding checks for this view are skipped",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for view in ctx.graph.views.values():
            if view.unresolved_bases:
                names = ", ".join(sorted(set(view.unresolved_bases)))
                yield self.finding(
                    view.path,
                    view.span,
                    f"base {names} of {view.name} could not be resolved; binding checks for this view are skipped",
                    view=view.qualname,
                )
