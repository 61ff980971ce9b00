"""DJ701 view-without-mount (djust.V002)."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS
from ._common import LIVE_VIEW, user_live_views


def _view(body: str) -> str:
    return EXAMPLE_IMPORTS + f'''

class Counter(LiveView):
    template = "<div>{{{{ count }}}}</div>"
{body}'''


class ViewWithoutMount(Rule):
    """## What it does
    Reports a concrete LiveView that defines no `mount()`, neither itself
    nor in a project base or mixin that comes before `LiveView` in its MRO.

    ## Why is this bad?
    `mount(self, request, **kwargs)` is where per-connection state is
    initialised. A view without one renders its class attributes only, which
    is fine for static pages but usually means the state was forgotten.
    Advice only, so the rule is off by default.

    ## Example
    ```python
    class Counter(LiveView):
        template_name = "counter.html"
    ```

    ## Use instead
    ```python
    class Counter(LiveView):
        template_name = "counter.html"

        def mount(self, request, **kwargs):
            self.count = 0
    ```

    djust reports this as `djust.V002` (Info). Classes with `abstract = True`
    in their own body are skipped, as djust does.
    """

    code = "DJ701"
    name = "view-without-mount"
    severity = Severity.INFO
    in_validate_view = False
    summary = "LiveView defines no mount()"
    djust_equivalent = "djust.V002: no mount() method defined"
    djust_ids = ("djust.V002",)
    VALID = [Example({"app/views.py": _view("\n    def mount(self, request, **kwargs):\n        self.count = 0\n")})]
    INVALID = [
        Example(
            {"app/views.py": _view("    count = 0\n")},
            expect=(("app/views.py", 5, 7),),
            messages=("Counter defines no mount(); initialise its state there",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for view, cls in user_live_views(graph):
            if not _has_own_mount(view):
                yield self.finding(
                    cls.path, cls.span, f"{cls.name} defines no mount(); initialise its state there", view=view.qualname
                )


def _has_own_mount(view) -> bool:
    """A ``mount`` from a class before ``LiveView`` in the MRO (djust's own mixins count, like in djust)."""
    handler = view.methods.get("mount")
    if handler is None:
        return False
    chain = view.mro_chain
    owner_key = handler.owner if handler.owner in chain else f"ext:{handler.owner}"
    if owner_key not in chain:
        return True  # defined somewhere we cannot place: do not guess
    stop = chain.index(LIVE_VIEW) if LIVE_VIEW in chain else len(chain)
    return chain.index(owner_key) < stop
