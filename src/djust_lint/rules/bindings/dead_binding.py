"""DJ101 dead-binding."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ...core.findings import Edit, Finding, Fix, Severity
from ...graph.model import binding_span_exact
from ..base import Example, Rule, RuleContext, did_you_mean, suggestion_suffix
from ..common import EVENT_NAME, EXAMPLE_IMPORTS, handler_calls

_VIEW = EXAMPLE_IMPORTS + '''

class Cart(LiveView):
    template_name = "shop/cart.html"

    @event_handler
    def save(self, **kwargs):
        pass
'''


class DeadBinding(Rule):
    """## What it does
    Reports a `dj-*` event binding whose handler name matches no method of the
    class that receives the event (the view rendering the template, through
    `extends` and `include`, or the component / embedded view around it).

    ## Why is this bad?
    The browser sends the event and the server rejects it: the button does
    nothing and the only trace is a log line.

    ## Example
    ```html
    <button dj-click="sav">Save</button>
    ```

    ## Use instead
    ```html
    <button dj-click="save">Save</button>
    ```

    Values built from template expressions (`dj-click="{{ action }}"`) are
    dynamic and never reported.

    ## Fix safety
    When exactly one handler of the receiving class is a close match, the
    fix replaces the name with it. It is unsafe: the typo might have meant a
    handler that does not exist yet.
    """

    code = "DJ101"
    name = "dead-binding"
    severity = Severity.ERROR
    summary = "Binding names a handler that the receiving class does not define"
    fixable = True
    djust_equivalent = "runtime error only (\"No handler found for event\")"
    VALID = [
        Example({"shop/views.py": _VIEW, "shop/templates/shop/cart.html": '<button dj-click="save">Save</button>\n'}),
        Example(
            {"shop/views.py": _VIEW, "shop/templates/shop/cart.html": '<button dj-click="{{ action }}">Go</button>\n'},
            note="dynamic values are never dead",
        ),
    ]
    INVALID = [
        Example(
            {"shop/views.py": _VIEW, "shop/templates/shop/cart.html": '<p>\n  <button dj-click="sav">Save</button>\n</p>\n'},
            expect=(("shop/templates/shop/cart.html", 2, 21),),
            messages=("`dj-click` calls 'sav', which shop.views.Cart does not define; did you mean 'save'?",),
            fixed={},
            unsafe_fixed={"shop/templates/shop/cart.html": '<p>\n  <button dj-click="save">Save</button>\n</p>\n'},
        ),
        Example(
            {
                "shop/views.py": _VIEW + "\n    @event_handler\n    def remove(self, **kwargs):\n        pass\n\n    @event_handler\n    def reserve(self, **kwargs):\n        pass\n",
                "shop/templates/shop/cart.html": '<button dj-click="remve">Remove</button>\n',
            },
            expect=(("shop/templates/shop/cart.html", 1, 19),),
            note="two handlers are close matches: no fix is offered",
            messages=("`dj-click` calls 'remve', which shop.views.Cart does not define; did you mean 'remove'?",),
            fixed={},
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for binding, call, views in handler_calls(ctx.graph):
            if not EVENT_NAME.match(call.name):
                continue  # invalid-event-name reports these
            missing = [v for v in views if call.name not in v.methods and v.complete]
            if not missing:
                continue
            candidates = {n for v in missing for n in v.handlers}
            suggestion = did_you_mean(call.name, candidates)
            names = ", ".join(v.qualname for v in missing)
            fix = None
            close = difflib.get_close_matches(call.name, sorted(candidates), n=2, cutoff=0.6)
            if len(close) == 1 and binding_span_exact(ctx.graph, binding):
                fix = Fix(f"Replace '{call.name}' with '{close[0]}'", (Edit(binding.path, call.span, close[0]),), "unsafe")
            yield self.finding(
                binding.path,
                call.span,
                f"`{binding.directive}` calls '{call.name}', which {names} does not define{suggestion_suffix(suggestion)}",
                fix=fix,
                view=names,
                handler=call.name,
                suggestion=suggestion or "",
            )
