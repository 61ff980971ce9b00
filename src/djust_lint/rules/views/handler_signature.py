"""DJ303 handler-like-method-not-decorated and DJ304 handler-missing-kwargs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, handler_methods, view_classes

#: Prefixes djust's own check (V004 / validate_view) treats as handler-like; ``handle_``
#: is left out on purpose: server push and lifecycle hooks use it.
_HANDLER_LIKE = re.compile(
    r"^(on_|toggle_|select_|update_|delete_|create_|add_|remove_|save_|cancel_|submit_|close_|open_)"
)


def _view(body: str) -> str:
    return EXAMPLE_IMPORTS + '''

class Todos(LiveView):
    template = "<ul></ul>"

''' + body


class HandlerLikeNotDecorated(Rule):
    """## What it does
    Reports a public method of a view whose name says "event handler"
    (`toggle_item`, `on_save`, `delete_row`, ...) but that has no
    `@event_handler` and is not bound anywhere (bound ones are reported by
    DJ102 at the binding).

    ## Why is this bad?
    It is almost always a handler whose decorator was forgotten; the
    browser cannot call it.

    ## Fix safety
    The fix adds `@event_handler` (and its import) and is unsafe: it makes a
    method that no template binds callable from the browser.

    Only LiveView classes are checked, as djust's V004 does (mixins and
    components often expose methods called from Python). Lifecycle hooks (`handle_params`,
    `handle_tick`, ...), private methods, properties and methods overriding
    a framework method are never reported. djust decorators that do not mark
    a handler (`@debounce`, `@throttle`, `@optimistic`, `@cache`, ...) do not
    exempt a method: alone, they leave it refused. A decorator djust-lint does
    not know might apply `@event_handler` itself, so it does.
    """

    code = "DJ303"
    name = "handler-like-not-decorated"
    severity = Severity.WARNING
    summary = "Method looks like an event handler but lacks @event_handler"
    fixable = True
    djust_equivalent = "djust.V004 / validate_view"
    djust_ids = ("djust.V004",)
    VALID = [
        Example({"app/views.py": _view("    @event_handler\n    def toggle_item(self, **kwargs):\n        pass\n\n    def handle_params(self, params, uri):\n        pass\n")})
    ]
    INVALID = [
        Example(
            {"app/views.py": _view("    def toggle_item(self, **kwargs):\n        pass\n")},
            expect=(("app/views.py", 8, 9),),
            messages=("'toggle_item' looks like an event handler but has no @event_handler; the browser cannot call it",),
            fixed={},
            unsafe_fixed={"app/views.py": _view("    @event_handler\n    def toggle_item(self, **kwargs):\n        pass\n")},
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        lifecycle = graph.vocabulary.lifecycle_methods
        bound = {call.name for binding in graph.bindings for call in binding.calls}
        for cls, views in view_classes(graph):
            own = graph.views.get(cls.qualname)
            if own is None or own.kind != "live_view":
                continue  # like djust's V004: LiveViews themselves, not mixins or components' Python API
            external_methods = {
                name for view in views for name, h in view.methods.items() if h.source != "project"
            }
            for method in cls.methods.values():
                if (
                    not _HANDLER_LIKE.match(method.name)
                    or not graph.vocabulary.surely_not_handler(method)
                    or method.name in lifecycle
                    or method.name in external_methods
                    or method.name in bound
                ):
                    continue
                from ..python_fixes import handler_fix

                yield self.finding(
                    cls.path,
                    method.span,
                    f"'{method.name}' looks like an event handler but has no @event_handler; the browser cannot call it",
                    fix=handler_fix(
                        graph, cls.qualname, method.name, f"Add @event_handler to {method.name}()",
                        add_decorator=True, applicability="unsafe",
                    ),
                    view=cls.qualname,
                    handler=method.name,
                )


class HandlerMissingKwargs(Rule):
    """## What it does
    Reports an `@event_handler` without `**kwargs`.

    ## Why is this bad?
    The client adds parameters of its own (`value`, `field`, every `data-*`
    attribute of the element); a handler without `**kwargs` rejects the event
    as soon as one appears.

    ## Fix safety
    Adding `**kwargs` is safe: the handler accepts everything it did before.
    """

    code = "DJ304"
    name = "handler-missing-kwargs"
    severity = Severity.WARNING
    summary = "Event handler does not accept **kwargs"
    fixable = True
    djust_equivalent = "validate_view: \"Event handler should accept **kwargs\""
    djust_ids = ("djust.V007",)
    VALID = [Example({"app/views.py": _view("    @event_handler\n    def save(self, **kwargs):\n        pass\n")})]
    INVALID = [
        Example(
            {"app/views.py": _view("    @event_handler\n    def save(self):\n        pass\n")},
            expect=(("app/views.py", 9, 9),),
            messages=("event handler 'save' should accept **kwargs",),
            fixed={"app/views.py": _view("    @event_handler\n    def save(self, **kwargs):\n        pass\n")},
        ),
        Example(
            {"app/views.py": _view("    @event_handler\n    def save(\n        self,\n        item_id: int = 0,\n    ):\n        pass\n")},
            expect=(("app/views.py", 9, 9),),
            note="one parameter per line: the fix keeps the layout",
            messages=("event handler 'save' should accept **kwargs",),
            fixed={"app/views.py": _view("    @event_handler\n    def save(\n        self,\n        item_id: int = 0,\n        **kwargs,\n    ):\n        pass\n")},
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for cls, _views in view_classes(graph):
            for method in handler_methods(cls, graph.vocabulary):
                if not method.accepts_var_keyword:
                    from ..python_fixes import handler_fix

                    yield self.finding(
                        cls.path,
                        method.span,
                        f"event handler '{method.name}' should accept **kwargs",
                        fix=handler_fix(graph, cls.qualname, method.name, f"Add **kwargs to {method.name}()", add_decorator=False),
                        view=cls.qualname,
                        handler=method.name,
                    )
