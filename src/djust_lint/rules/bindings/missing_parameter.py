"""DJ106 missing-parameter."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, resolved_calls, supplied_params

_VIEW = EXAMPLE_IMPORTS + '''

class Board(LiveView):
    template_name = "app/board.html"

    @event_handler
    def move(self, card_id: int, column: str = "todo", **kwargs):
        pass
'''


class MissingParameter(Rule):
    """## What it does
    Reports a binding that never supplies a required parameter (one without a
    default) of its handler: not as a positional argument, not through
    `dj-value-*`, `data-*` or `dj-params`, and not as a parameter the client
    adds on its own (`value`/`field` for inputs, `key`/`code` for keys).

    ## Why is this bad?
    djust validates the parameters before calling the handler and rejects
    the event with "missing required parameters".

    ## Example
    ```html
    <button dj-click="move">Move</button>
    ```
    with `def move(self, card_id: int, **kwargs)`.

    ## Use instead
    ```html
    <button dj-click="move" dj-value-card-id="{{ card.id }}">Move</button>
    ```

    Bindings whose parameters cannot all be seen (form submissions, spread
    `{{ attrs }}`) are not reported.
    """

    code = "DJ106"
    name = "missing-parameter"
    severity = Severity.ERROR
    summary = "Handler has a required parameter the binding never supplies"
    VALID = [
        Example({"app/views.py": _VIEW, "app/templates/app/board.html": '<b dj-click="move" data-card-id:int="3">m</b>\n<b dj-click="move(3)">m</b>\n'})
    ]
    INVALID = [
        Example(
            {"app/views.py": _VIEW, "app/templates/app/board.html": '<b dj-click="move">m</b>\n'},
            expect=(("app/templates/app/board.html", 1, 14),),
            messages=('\'move\' requires \'card_id\' but this binding never supplies it (add dj-value-card-id="...")',),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for rc in resolved_calls(ctx.graph):
            if rc.handler is None or rc.binding.params_open:
                continue
            supplied = supplied_params(rc.binding, rc.call, rc.handler)
            missing = [p.name for p in rc.handler.params if p.required and p.name not in supplied]
            if not missing:
                continue
            listed = ", ".join(f"'{m}'" for m in missing)
            hint = " or ".join(f"dj-value-{m.replace('_', '-')}" for m in missing[:1])
            yield self.finding(
                rc.binding.path,
                rc.call.span,
                f"'{rc.call.name}' requires {listed} but this binding never supplies it (add {hint}=\"...\")",
                view=rc.view.qualname,
                handler=rc.call.name,
            )
