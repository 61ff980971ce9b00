"""DJ905 no-view-in-code."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ...core.model import Span
from ..base import Example, Rule, RuleContext

MESSAGE = (
    "no LiveView or LiveComponent class in this code: nothing was checked against djust's rules "
    "(is the base class defined elsewhere? pass `path` inside the project or paste the base too)"
)


class NoViewInCode(Rule):
    """## What it does
    Says so when code given to `validate_view` (the MCP tool, the library
    function, or `djust-lint check` on a lone file) defines no LiveView,
    LiveComponent or Component class, so none of the view rules had anything
    to check. A project's files never get it.

    ## Why it matters
    An empty answer would read as "this view is fine". Usually the class
    inherits from a base djust-lint cannot see (a project mixin pasted
    without the project): pass `path` inside the project, or paste the base
    too. Bare djust names (`LiveView`, `event_handler`, `FormMixin` ...) need
    no import.
    """

    code = "DJ905"
    name = "no-view-in-code"
    severity = Severity.WARNING
    summary = "Validated code defines no LiveView or LiveComponent class"
    VALID = [Example({"snippet.py": "class Counter(LiveView):\n    template = '<div dj-root></div>'\n"}, snippet=True)]
    INVALID = [
        Example(
            {"snippet.py": "class Counter(ShopBase):\n    template = '<div dj-root></div>'\n"},
            expect=(("snippet.py", 1, 1),),
            snippet=True,
            messages=("no LiveView or LiveComponent class in this code: nothing was checked against djust's rules (is the base class defined elsewhere? pass `path` inside the project or paste the base too)",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        """Nothing in a project: only ``validate_view`` knows which file is the pasted code (see ``about``)."""
        return iter(())

    def about(self, path: str) -> Finding:
        """The finding for pasted code at ``path`` that defines no view or component."""
        return self.finding(path, Span(1, 1, 1, 1), MESSAGE)
