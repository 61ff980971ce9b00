"""DJ111 unused-handler."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, handler_methods, view_classes

_VIEW = EXAMPLE_IMPORTS + '''

class Feed(LiveView):
    template_name = "app/feed.html"

    @event_handler
    def refresh(self, **kwargs):
        pass

    @event_handler
    def load_more(self, **kwargs):
        pass
'''


class UnusedHandler(Rule):
    """## What it does
    Reports an `@event_handler` that nothing can call: no binding in any
    template the class renders, no `pushEvent("name")` / `JS.push("name")`
    in scripts, no component `on_*="name"` kwarg, and no Python reference
    (`self.name`, a string `"name"`).

    ## Why is this bad?
    A handler nobody calls is dead code that still widens what the browser
    may invoke; it usually means a template binding was renamed or removed.

    Only handlers of a concrete view with its own template are reported:
    the handlers of a reusable mixin or base class are library API that other
    templates bind. Event names in strings count as references
    (`handle_event("name", ...)`, a `'{"event": "name"}'` payload). Views
    rendering a dynamic template, or with bindings whose names are dynamic,
    are not reported.
    """

    code = "DJ111"
    needs_project = True
    name = "unused-handler"
    severity = Severity.WARNING
    summary = "Event handler is bound nowhere"
    VALID = [
        Example({"app/views.py": _VIEW, "app/templates/app/feed.html": '<a dj-click="refresh">r</a>\n<div dj-viewport-bottom="load_more"></div>\n'})
    ]
    INVALID = [
        Example(
            {"app/views.py": _VIEW, "app/templates/app/feed.html": '<a dj-click="refresh">r</a>\n'},
            expect=(("app/views.py", 13, 9),),
            messages=("event handler 'load_more' of app.views.Feed is not bound in any template, script or Python reference",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        classes = list(view_classes(graph))
        if not classes:
            return  # none in a file this run reports on (an editor's template re-lint): skip the project scan
        used = _names_used(graph)
        uncertain = _views_with_unknown_callers(graph)
        for cls, views in classes:
            if not _renders_itself(graph, cls.qualname) or any(v.qualname in uncertain for v in views):
                continue
            for method in handler_methods(cls, ctx.graph.vocabulary):
                if method.name in used.get(cls.qualname, set()) or method.name in used["*"]:
                    continue
                yield self.finding(
                    cls.path,
                    method.span,
                    f"event handler '{method.name}' of {cls.qualname} is not bound in any template, script or Python reference",
                    handler=method.name,
                    view=cls.qualname,
                )


def _names_used(graph) -> dict[str, set[str]]:
    """Owner qualname -> handler names called on it; ``"*"`` for name-only references."""
    used: dict[str, set[str]] = {"*": set()}
    for binding in graph.bindings:
        for call in binding.calls:
            if not binding.receivers:  # an unidentified component or child: any class may own it
                used["*"].add(call.name)
            for receiver in binding.receivers:
                view = graph.views.get(receiver)
                handler = view.methods.get(call.name) if view else None
                if handler is not None:
                    used.setdefault(handler.owner, set()).add(call.name)
        if binding.kind == "event_ref" and binding.raw and not binding.dynamic:
            used["*"].update(part.strip() for part in binding.raw.split(","))
    for reference in graph.references:
        if reference.kind in ("push_event", "js_push", "component_kwarg", "python"):
            used["*"].add(reference.target)
    for module in graph.index.modules.values():
        used["*"].update(module.string_constants)
        for cls in module.classes:
            for method in cls.methods.values():
                used["*"].update(method.called_self_methods)
    return used


def _renders_itself(graph, qualname: str) -> bool:
    """A concrete view with its own template; a mixin's or base's handlers are API for others to bind."""
    view = graph.views.get(qualname)
    return view is not None and not view.abstract and view.template_kind in ("file", "inline")


def _views_with_unknown_callers(graph) -> set[str]:
    uncertain: set[str] = set()
    for view in graph.views.values():
        if view.template_kind == "dynamic" or (view.template_kind == "file" and view.template is None) or not view.complete:
            uncertain.add(view.qualname)
    for binding in graph.bindings:
        if binding.kind == "handler" and binding.dynamic:
            uncertain.update(binding.receivers)
    return uncertain
