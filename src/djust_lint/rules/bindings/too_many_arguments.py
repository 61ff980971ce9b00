"""DJ105 too-many-arguments."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, resolved_calls


def _view(signature: str) -> str:
    return EXAMPLE_IMPORTS + f'''

class Todo(LiveView):
    template_name = "app/todo.html"

    @event_handler
    def select(self, {signature}):
        pass
'''


class TooManyArguments(Rule):
    """## What it does
    Reports a call-style binding (`dj-click="select(3, 'a')"`) that passes more
    positional arguments than the handler has parameters to receive them.

    ## Why is this bad?
    djust maps positional arguments onto the handler's parameters in order
    and silently drops the rest (`*args` does not receive them), so the handler
    runs without the value the template meant to send.

    ## Example
    ```html
    <li dj-click="select({{ item.id }}, 'done')">
    ```
    with `def select(self, item_id, **kwargs)`.

    ## Use instead
    Add the parameter, or drop the extra argument.
    """

    code = "DJ105"
    name = "too-many-arguments"
    severity = Severity.ERROR
    summary = "Call passes more positional arguments than the handler accepts"
    VALID = [
        Example({"app/views.py": _view("item_id: int = 0, **kwargs"), "app/templates/app/todo.html": '<li dj-click="select(3)">x</li>\n'})
    ]
    INVALID = [
        Example(
            {"app/views.py": _view("item_id: int = 0, **kwargs"), "app/templates/app/todo.html": "<li dj-click=\"select(3, 'a')\">x</li>\n"},
            expect=(("app/templates/app/todo.html", 1, 15),),
            messages=("'select' receives 2 positional arguments but app.views.Todo.select has 1 parameter to take them; djust drops the extra ones",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for rc in resolved_calls(ctx.graph):
            if rc.handler is None or not rc.call.args:
                continue
            slots = rc.handler.positional_names
            if len(rc.call.args) <= len(slots):
                continue
            yield self.finding(
                rc.binding.path,
                rc.call.span,
                f"'{rc.call.name}' receives {len(rc.call.args)} positional arguments but {rc.handler.owner}."
                f"{rc.call.name} has {len(slots)} parameter{'' if len(slots) == 1 else 's'} to take them; djust drops the extra ones",
                view=rc.view.qualname,
                handler=rc.call.name,
            )
