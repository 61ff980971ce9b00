"""DJ107 unexpected-parameter."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext, did_you_mean, suggestion_suffix
from ..common import EXAMPLE_IMPORTS, resolved_calls, supplied_params


def _view(signature: str) -> str:
    return EXAMPLE_IMPORTS + f'''

class Shop(LiveView):
    template_name = "app/shop.html"

    @event_handler
    def add(self, {signature}):
        pass
'''


class UnexpectedParameter(Rule):
    """## What it does
    Reports a parameter that a binding sends (`dj-value-*`, `data-*`,
    `dj-params`, positional arguments, or one the client adds such as
    `value`/`field` for `dj-change`) which the handler does not accept and
    cannot absorb because it has no `**kwargs`.

    ## Why is this bad?
    djust rejects the event with "received unexpected parameters". Every
    `data-*` attribute on the element is sent, including ones meant for other
    JavaScript.

    ## Example
    ```html
    <button dj-click="add" data-product-id="4">Add</button>
    ```
    with `def add(self, item_id)`.

    ## Use instead
    Accept the parameter (or `**kwargs`), or rename the attribute.
    """

    code = "DJ107"
    name = "unexpected-parameter"
    severity = Severity.ERROR
    summary = "Binding sends a parameter the handler does not accept"
    VALID = [
        Example({"app/views.py": _view("product_id: int = 0"), "app/templates/app/shop.html": '<b dj-click="add" data-product-id="4">+</b>\n'}),
        Example({"app/views.py": _view("**kwargs"), "app/templates/app/shop.html": '<b dj-click="add" data-x="4">+</b>\n'}),
    ]
    INVALID = [
        Example(
            {"app/views.py": _view("item_id: int = 0"), "app/templates/app/shop.html": '<b dj-click="add" data-product-id="4">+</b>\n'},
            expect=(("app/templates/app/shop.html", 1, 14),),
            messages=("'add' does not accept 'product_id' (data-product-id) and has no **kwargs",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for rc in resolved_calls(ctx.graph):
            handler = rc.handler
            if handler is None or handler.accepts_var_keyword:
                continue
            accepted = handler.accepted_names
            supplied = supplied_params(rc.binding, rc.call, handler)
            extra = sorted(name for name in supplied if name not in accepted and not name.startswith("_"))
            positional = set(handler.positional_names[: len(rc.call.args)])
            extra = [name for name in extra if name not in positional]
            if not extra:
                continue
            details = ", ".join(f"'{name}' ({supplied[name]})" for name in extra)
            suggestion = did_you_mean(extra[0], accepted)
            yield self.finding(
                rc.binding.path,
                rc.call.span,
                f"'{rc.call.name}' does not accept {details} and has no **kwargs{suggestion_suffix(suggestion)}",
                view=rc.view.qualname,
                handler=rc.call.name,
            )
