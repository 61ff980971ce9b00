"""DJ620 tailwind-cdn-script and DJ621 manual-client-script: ``<script src>`` djust warns about.

djust's C010/C012 search the raw text of templates whose *file name* contains
"base" or "layout"; these rules read real ``<script>`` elements of every
template (commented-out markup is not live) and judge the ``src`` attribute.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..djust_config import setting
from ._common import attribute, checked_templates, is_html

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph


class _ScriptSource(Rule):
    """Reports ``<script src=...>`` whose source contains one of ``needles``."""

    needles: ClassVar[tuple[str, ...]]
    message: ClassVar[str]

    def skip(self, graph: ProjectGraph) -> bool:
        return False

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if self.skip(graph):
            return
        for node in checked_templates(graph):
            for element in node.info.elements:
                if not is_html(element, "script"):
                    continue
                src = attribute(element, "src")
                if src is None or not src.value or not any(n in src.value for n in self.needles):
                    continue
                yield self.finding(node.path, src.value_span or src.name_span, self.message)


class TailwindCdnScript(_ScriptSource):
    """## What it does
    Reports a `<script>` loading Tailwind from `cdn.tailwindcss.com` when the
    project is not certainly in development (`DEBUG` is not literally `True`).

    ## Why is this bad?
    The Play CDN compiles CSS in the browser on every page load: slow, and it
    logs a console warning in production.

    ## Use instead
    Build the CSS (`python manage.py djust_setup_css tailwind`) and link the file.

    djust reports this as `djust.C010`, for templates whose file name contains
    "base" or "layout" only.
    """

    code = "DJ620"
    name = "tailwind-cdn-script"
    severity = Severity.WARNING
    summary = "Tailwind Play CDN loaded outside development"
    djust_equivalent = "djust.C010 (Tailwind CDN detected in production template)"
    djust_ids = ("djust.C010",)
    needles = ("cdn.tailwindcss.com",)
    message = "Tailwind's Play CDN compiles CSS in the browser on every load; build the CSS instead"
    VALID = [
        Example({"app/templates/base.html": '<link rel="stylesheet" href="/static/css/output.css">\n'}),
        Example({"app/templates/base.html": '<!-- <script src="https://cdn.tailwindcss.com"></script> -->\n'}),
    ]
    INVALID = [
        Example(
            {"app/templates/page.html": '<head>\n  <script src="https://cdn.tailwindcss.com"></script>\n</head>\n'},
            expect=(("app/templates/page.html", 2, 16),),
            messages=("Tailwind's Play CDN compiles CSS in the browser on every load; build the CSS instead",),
        )
    ]

    def skip(self, graph: ProjectGraph) -> bool:
        return setting(graph, "DEBUG") is True


class ManualClientScript(_ScriptSource):
    """## What it does
    Reports a `<script>` that loads djust's `client.js` / `client.min.js` by hand.

    ## Why is this bad?
    djust injects its client into every LiveView page; a second copy double-binds
    every event and races the first one's WebSocket.

    ## Use instead
    Remove the tag; djust adds the client itself.

    djust reports this as `djust.C012`, for templates whose file name contains
    "base" or "layout" only, and also inside comments.
    """

    code = "DJ621"
    name = "manual-client-script"
    severity = Severity.WARNING
    summary = "djust's client.js is loaded by hand"
    djust_equivalent = "djust.C012 (Manual client.js detected)"
    djust_ids = ("djust.C012",)
    needles = ("djust/client.js", "djust/client.min.js")
    message = "djust injects client.js itself; loading it by hand double-binds every event"
    VALID = [Example({"app/templates/base.html": "<script src=\"{% static 'app/hooks.js' %}\"></script>\n"})]
    INVALID = [
        Example(
            {"app/templates/layout.html": "<body>\n<script src=\"{% static 'djust/client.js' %}\"></script>\n</body>\n"},
            expect=(("app/templates/layout.html", 2, 14),),
            messages=("djust injects client.js itself; loading it by hand double-binds every event",),
        )
    ]
