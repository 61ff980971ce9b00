"""DJ604 djust-event-on-document: listening for djust's window events on ``document``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ...core.model import Span
from ..base import Example, Rule, RuleContext
from ._common import checked_templates, template_text

if TYPE_CHECKING:
    from ...core.model import TemplateInfo

_LISTENER = re.compile(r"""document\s*\.\s*addEventListener\s*\(\s*['"]djust:([A-Za-z0-9_-]*)""")
#: djust events the client itself dispatches on ``document``: listening there is right.
_DISPATCHED_ON_DOCUMENT = frozenset(
    {
        "ws-reconnected",
        "hvr-applied",
        "time-travel-state",
        "time-travel-event",
        "navigate-start",
        "navigate-end",
        "layout-changed",
    }
)


class DjustEventOnDocument(Rule):
    """## What it does
    Reports `document.addEventListener('djust:...')` in a template's scripts
    for djust events that the client dispatches on `window`.

    ## Why is this bad?
    `djust:push_event`, `djust:navigate` and most other djust events are
    dispatched on `window`; a listener on `document` never fires. The few
    events djust does dispatch on `document` (`djust:navigate-start`,
    `djust:navigate-end`, `djust:ws-reconnected`, `djust:hvr-applied`,
    `djust:layout-changed`, `djust:time-travel-*`) are not reported.

    djust reports this as `djust.T004` (warning); here commented-out code
    (template comments, HTML comments, `//` lines) does not count.

    ## Example
    ```html
    <script>document.addEventListener('djust:push_event', onPush);</script>
    ```

    ## Use instead
    ```html
    <script>window.addEventListener('djust:push_event', onPush);</script>
    ```
    """

    code = "DJ604"
    name = "djust-event-on-document"
    severity = Severity.WARNING
    summary = "djust events are dispatched on `window`; a `document` listener never fires"
    djust_equivalent = "djust.T004 document.addEventListener for djust: event"
    djust_ids = ("djust.T004",)
    VALID = [
        Example(
            {
                "app/templates/app/a.html": (
                    "<script>\nwindow.addEventListener('djust:push_event', f);\n"
                    "document.addEventListener('djust:navigate-end', g);\n"
                    "// document.addEventListener('djust:push_event', f);\n</script>\n"
                    "{# <script>document.addEventListener('djust:error', f)</script> #}\n"
                )
            }
        )
    ]
    INVALID = [
        Example(
            {"app/templates/app/a.html": "<script>\n  document.addEventListener(\"djust:push_event\", f);\n</script>\n"},
            expect=(("app/templates/app/a.html", 2, 3),),
            messages=("'djust:push_event' is dispatched on window, so this document listener never fires; use window.addEventListener",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            if not any(e.tag.lower() == "script" for e in node.info.elements):
                continue
            source = template_text(graph, node)
            if source is None or "addEventListener" not in source.text:
                continue
            text = source.text
            for match in _LISTENER.finditer(text):
                event = match.group(1)
                if event in _DISPATCHED_ON_DOCUMENT or _line_commented(text, match.start()):
                    continue
                span = source.span(match.start(), match.start() + len("document"))
                if _in_comment(node.info, span):
                    continue
                yield self.finding(
                    node.path,
                    span,
                    f"'djust:{event}' is dispatched on window, so this document listener never fires; "
                    "use window.addEventListener",
                )


def _line_commented(text: str, at: int) -> bool:
    return "//" in text[text.rfind("\n", 0, at) + 1 : at]


def _in_comment(info: TemplateInfo, span: Span) -> bool:
    point = (span.line, span.column)
    return any(
        (c.span.line, c.span.column) <= point < (c.span.end_line, c.span.end_column) for c in info.comments
    )
