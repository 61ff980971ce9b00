"""DJ104 key-filter-in-value."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Edit, Finding, Fix, Severity
from ...graph.bindings import Binding, HandlerCall
from ..base import Example, Rule, RuleContext
from ..common import EVENT_NAME, EXAMPLE_IMPORTS, handler_calls

_KEY_DIRECTIVES = ("dj-keydown", "dj-keyup", "dj-window-keydown", "dj-window-keyup", "dj-document-keydown", "dj-document-keyup")

_VIEW = EXAMPLE_IMPORTS + '''

class Search(LiveView):
    template_name = "app/search.html"

    @event_handler
    def search(self, **kwargs):
        pass
'''


def key_filter_split(binding: Binding, call: HandlerCall) -> tuple[str, str] | None:
    """``search.enter`` on a key directive -> (``search``, ``enter``), else None."""
    if binding.base not in _KEY_DIRECTIVES or call.source != "value" or "." not in call.name:
        return None
    handler, _, key = call.name.partition(".")
    if EVENT_NAME.match(handler) and key and key.replace("-", "").isalnum():
        return handler, key
    return None


class KeyFilterInValue(Rule):
    """## What it does
    Reports a key filter written in the attribute *value*
    (`dj-keydown="search.enter"`) for djust 1.2, whose client reads the key
    from the attribute *name* (`dj-keydown.enter="search"`) and sends the value
    verbatim as the event name.

    ## Why is this bad?
    The browser sends the event `search.enter` on every key press, which the
    server rejects as an invalid name: the shortcut never works. djust 1.1
    read the filter from the value, and djust's own schema still shows that
    form, so upgraded projects are full of it.

    ## Example
    ```html
    <input dj-keydown="search.enter">
    ```

    ## Use instead
    ```html
    <input dj-keydown.enter="search">
    ```

    Projects that declare an older djust (`djust==1.1.*` in requirements,
    pyproject or a lock file) are not reported.

    ## Fix safety
    The fix moves the key into the attribute name; it is safe for djust 1.2.
    """

    code = "DJ104"
    name = "key-filter-in-value"
    severity = Severity.ERROR
    summary = "Key filter written in the value; djust 1.2 reads it from the attribute name"
    fixable = True
    VALID = [Example({"app/views.py": _VIEW, "app/templates/app/search.html": '<input dj-keydown.enter="search">\n'})]
    INVALID = [
        Example(
            {"app/views.py": _VIEW, "app/templates/app/search.html": '<input dj-keydown="search.enter">\n'},
            expect=(("app/templates/app/search.html", 1, 20),),
            messages=('`dj-keydown="search.enter"` sends the event \'search.enter\' in djust 1.2; write `dj-keydown.enter="search"`',),
            fixed={"app/templates/app/search.html": '<input dj-keydown.enter="search">\n'},
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if not ctx.graph.targets_at_least(1, 2):
            return  # djust 1.1 read the key filter from the value: that form is right there
        for binding, call, _views in handler_calls(ctx.graph):
            split = key_filter_split(binding, call)
            if split is None:
                continue
            handler, key = split
            fixed_name = f"{binding.directive}.{key}"
            fix = None
            if binding.value_span is not None and binding.raw is not None and binding.raw.strip() == call.name:
                fix = Fix(
                    f"Rewrite as {fixed_name}=\"{handler}\"",
                    (
                        Edit(binding.path, binding.span, fixed_name),
                        Edit(binding.path, call.span, handler),
                    ),
                )
            yield self.finding(
                binding.path,
                call.span,
                f"`{binding.directive}=\"{call.name}\"` sends the event '{call.name}' in djust 1.2; "
                f"write `{fixed_name}=\"{handler}\"`",
                fix=fix,
                handler=handler,
            )
