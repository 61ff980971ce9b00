"""DJ709 http-only-override (djust.V013)."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, in_selection, python_reported
from ._common import is_framework, project_mro, user_live_views

#: Methods Django's ``View`` runs for HTTP requests only; the WebSocket mount calls ``mount()`` directly.
HTTP_ONLY = ("setup", "dispatch", "get", "post")


def _view(method: str) -> str:
    return EXAMPLE_IMPORTS + f'''

class TenantMixin:
    def {method}(self, request, *args, **kwargs):
        self.tenant = request.tenant
        return super().{method}(request, *args, **kwargs)


class Dashboard(TenantMixin, LiveView):
    template = "<div></div>"

    def mount(self, request, **kwargs):
        self.count = 0
'''


class HttpOnlyOverride(Rule):
    """## What it does
    Reports `setup()`, `dispatch()`, `get()` or `post()` defined on a
    LiveView or on a project mixin/base in its MRO.

    ## Why is this bad?
    Those methods run for the initial HTTP request only. The WebSocket (and
    SSE) mount calls `mount()` directly, so tenant resolution, rate limits or
    access checks written there silently never run for live events.

    ## Example
    ```python
    class TenantMixin:
        def dispatch(self, request, *args, **kwargs):
            self.tenant = request.tenant
            return super().dispatch(request, *args, **kwargs)
    ```

    ## Use instead
    ```python
    class TenantMixin:
        def mount(self, request, **kwargs):
            self.tenant = request.tenant
            super().mount(request, **kwargs)
    ```
    (for access control: `login_required` / `permission_required` /
    `check_permissions()` on the view).

    djust reports this as `djust.V013` once per view and ancestor;
    djust-lint reports each overriding method once, where it is defined.
    djust/Django classes are not reported. djust's second V013 case (a
    URLconf wrapper without `functools.wraps`) needs the imported URLconf
    and is not covered.
    """

    code = "DJ709"
    name = "http-only-override"
    severity = Severity.WARNING
    summary = "setup/dispatch/get/post override does not run on WebSocket mounts"
    djust_equivalent = "djust.V013: overrides dispatch(), which will NOT run on a WebSocket mount"
    djust_ids = ("djust.V013",)
    VALID = [Example({"app/views.py": _view("mount")})]
    INVALID = [
        Example(
            {"app/views.py": _view("dispatch")},
            expect=(("app/views.py", 6, 9),),
            messages=("TenantMixin.dispatch() runs on HTTP requests only, not on the WebSocket mount of Dashboard; move the logic into mount()",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if not python_reported(graph):
            return  # reported at Python classes only: nothing to do when the run keeps none
        users: dict[tuple[str, str], list[str]] = {}
        for view, _cls in user_live_views(graph):
            for ancestor in project_mro(graph, view):
                if is_framework(ancestor.qualname) or not in_selection(graph, ancestor.path):
                    continue  # reported at the ancestor's file
                for name in HTTP_ONLY:
                    if name in ancestor.methods:
                        users.setdefault((ancestor.qualname, name), []).append(view.name)
        for (qualname, name), views in users.items():
            ancestor = graph.index.classes[qualname]
            shown = ", ".join(sorted(views)[:3]) + (f" and {len(views) - 3} more" if len(views) > 3 else "")
            yield self.finding(
                ancestor.path,
                ancestor.methods[name].span,
                f"{ancestor.name}.{name}() runs on HTTP requests only, not on the WebSocket mount of {shown}; "
                "move the logic into mount()",
                view=qualname,
            )
