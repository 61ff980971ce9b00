"""DJ103 invalid-event-name."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EVENT_NAME, EXAMPLE_IMPORTS, handler_calls
from .key_filter_in_value import key_filter_split

_VIEW = EXAMPLE_IMPORTS + '''

class Editor(LiveView):
    template_name = "app/editor.html"

    @event_handler
    def save(self, **kwargs):
        pass
'''


class InvalidEventName(Rule):
    """## What it does
    Reports a binding whose event name can never reach a handler: djust's
    server accepts only names matching `^[a-z][a-z0-9_]*$` (lower case, no
    leading underscore, no dots or dashes).

    ## Why is this bad?
    The server's event guard rejects the name before looking for a handler,
    so the binding never works, whatever the view defines.

    ## Example
    ```html
    <button dj-click="Save">Save</button>
    <button dj-click="_save">Save</button>
    ```

    ## Use instead
    ```html
    <button dj-click="save">Save</button>
    ```
    """

    code = "DJ103"
    name = "invalid-event-name"
    severity = Severity.ERROR
    summary = "Event name is rejected by djust's event-name guard"
    djust_equivalent = "runtime rejection in djust.security.event_guard"
    VALID = [Example({"app/views.py": _VIEW, "app/templates/app/editor.html": '<a dj-click="save">s</a>\n'})]
    INVALID = [
        Example(
            {"app/views.py": _VIEW, "app/templates/app/editor.html": '<a dj-click="Save">s</a>\n<a dj-click="_save">s</a>\n'},
            expect=(("app/templates/app/editor.html", 1, 14), ("app/templates/app/editor.html", 2, 14)),
            messages=(
                "'Save' is not a valid djust event name (must match ^[a-z][a-z0-9_]*$)",
                "'_save' is not a valid djust event name (must match ^[a-z][a-z0-9_]*$)",
            ),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for binding, call, _views in handler_calls(ctx.graph):
            if EVENT_NAME.match(call.name) or key_filter_split(binding, call) is not None:
                continue
            note = ""
            if "(" in call.name and call.source == "value":
                note = f"; `{binding.base}` sends its value verbatim, it does not parse call arguments"
            yield self.finding(
                binding.path,
                call.span,
                f"'{call.name}' is not a valid djust event name (must match ^[a-z][a-z0-9_]*$){note}",
                handler=call.name,
            )
