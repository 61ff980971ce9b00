"""DJ203 view-reference-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext, did_you_mean, suggestion_suffix
from ..common import EXAMPLE_IMPORTS

_VIEWS = EXAMPLE_IMPORTS + '''

class Player(LiveView):
    template = "<div>player</div>"


class Page(LiveView):
    template_name = "app/page.html"
'''


class ViewReferenceMissing(Rule):
    """## What it does
    Reports `{% live_render "dotted.path" %}` and `dj-view="dotted.path"`
    whose view class does not exist in the project (or in an installed
    package djust-lint can read).

    ## Why is this bad?
    The embed or the route fails at render time with an import error.
    """

    code = "DJ203"
    needs_project = True
    name = "view-reference-missing"
    severity = Severity.ERROR
    summary = "live_render / dj-view names a view class that does not exist"
    VALID = [
        Example({"app/views.py": _VIEWS, "app/templates/app/page.html": '<div dj-root>{% live_render "app.views.Player" %}</div>\n'})
    ]
    INVALID = [
        Example(
            {"app/views.py": _VIEWS, "app/templates/app/page.html": '<div dj-root>{% live_render "app.views.Plyer" %}</div>\n'},
            expect=(("app/templates/app/page.html", 1, 14),),
            messages=("live_render target 'app.views.Plyer' is not a view class of this project; did you mean 'app.views.Player'?",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        known = list(graph.index.classes)
        targets = [(r.path, r.span, r.target, r.kind) for r in graph.references if r.kind == "live_render" and not r.dynamic]
        for binding in graph.bindings:
            if binding.base == "dj-view" and binding.raw and "." in binding.raw and not binding.dynamic:
                targets.append((binding.path, binding.value_span or binding.span, binding.raw.strip(), "dj-view"))
        for path, span, target, kind in targets:
            if "." not in target or graph.index.lookup(target).resolved:
                continue
            suggestion = did_you_mean(target, known, cutoff=0.8)
            yield self.finding(
                path,
                span,
                f"{kind} target '{target}' is not a view class of this project{suggestion_suffix(suggestion)}",
                suggestion=suggestion or "",
            )
