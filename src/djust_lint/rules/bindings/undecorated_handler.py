"""DJ102 handler-not-decorated."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, resolved_calls

_TEMPLATE = '<button dj-click="archive">Archive</button>\n'


class HandlerNotDecorated(Rule):
    """## What it does
    Reports a binding whose handler exists on the receiving class but is not
    decorated with `@event_handler`.

    ## Why is this bad?
    djust only lets the browser call methods marked with `@event_handler`; any
    other method is refused (it could be an internal helper). The binding
    looks right and silently does nothing.

    A method carrying a decorator djust-lint cannot read (a project's own
    wrapper) is not reported: that decorator may apply `@event_handler`.

    ## Example
    ```python
    def archive(self, **kwargs): ...
    ```

    ## Use instead
    ```python
    @event_handler
    def archive(self, **kwargs): ...
    ```

    ## Fix safety
    The fix adds `@event_handler` (and its import) to the method in the
    project; it is safe because a template already sends the event. Methods
    inherited from outside the project are not fixed.
    """

    code = "DJ102"
    name = "handler-not-decorated"
    severity = Severity.ERROR
    summary = "Bound method exists but lacks @event_handler"
    fixable = True
    djust_equivalent = "djust.V004 (by method-name pattern only)"
    VALID = [
        Example(
            {
                "app/views.py": EXAMPLE_IMPORTS
                + '\n\nclass Inbox(LiveView):\n    template_name = "app/inbox.html"\n\n    @event_handler\n    def archive(self, **kwargs):\n        pass\n',
                "app/templates/app/inbox.html": _TEMPLATE,
            }
        )
    ]
    INVALID = [
        Example(
            {
                "app/views.py": EXAMPLE_IMPORTS
                + '\n\nclass Inbox(LiveView):\n    template_name = "app/inbox.html"\n\n    def archive(self, **kwargs):\n        pass\n',
                "app/templates/app/inbox.html": _TEMPLATE,
            },
            expect=(("app/templates/app/inbox.html", 1, 19),),
            messages=("'archive' is a method of app.views.Inbox but is not decorated with @event_handler, so djust refuses the event",),
            fixed={
                "app/views.py": EXAMPLE_IMPORTS
                + '\n\nclass Inbox(LiveView):\n    template_name = "app/inbox.html"\n\n    @event_handler\n    def archive(self, **kwargs):\n        pass\n',
            },
        ),
        Example(
            {
                "app/views.py": 'from djust import LiveView\n\n\nclass Inbox(LiveView):\n    template_name = "app/inbox.html"\n\n    def archive(self, **kwargs):\n        pass\n',
                "app/templates/app/inbox.html": _TEMPLATE,
            },
            expect=(("app/templates/app/inbox.html", 1, 19),),
            note="the fix adds the import too",
            messages=("'archive' is a method of app.views.Inbox but is not decorated with @event_handler, so djust refuses the event",),
            fixed={
                "app/views.py": 'from djust import LiveView\nfrom djust.decorators import event_handler\n\n\nclass Inbox(LiveView):\n    template_name = "app/inbox.html"\n\n    @event_handler\n    def archive(self, **kwargs):\n        pass\n',
            },
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        seen: set[tuple[str, int, int]] = set()
        for rc in resolved_calls(ctx.graph):
            if rc.handler is None or rc.handler.decorated or _may_be_marked(ctx, rc.handler.owner, rc.call.name):
                continue
            key = (rc.binding.path, rc.call.span.line, rc.call.span.column)
            if key in seen:
                continue
            seen.add(key)
            fix = None
            if rc.handler.source == "project" and rc.handler.path is not None:
                from ..python_fixes import handler_fix

                fix = handler_fix(
                    ctx.graph, rc.handler.owner, rc.call.name,
                    f"Add @event_handler to {rc.handler.owner}.{rc.call.name}()", add_decorator=True,
                )
            yield self.finding(
                rc.binding.path,
                rc.call.span,
                f"'{rc.call.name}' is a method of {rc.handler.owner} but is not decorated with @event_handler, "
                "so djust refuses the event",
                fix=fix,
                view=rc.view.qualname,
                handler=rc.call.name,
                owner=rc.handler.owner,
            )


def _may_be_marked(ctx: RuleContext, owner: str, name: str) -> bool:
    """A project method carrying a decorator we cannot read (the project's own
    ``@staff_handler``) may apply ``@event_handler`` itself: djust would accept the event."""
    cls = ctx.graph.index.classes.get(owner)
    method = cls.methods.get(name) if cls is not None else None
    return method is not None and ctx.graph.vocabulary.may_mark_handler(method)
