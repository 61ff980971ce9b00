"""DJ301 mount-missing-request and DJ302 mount-missing-kwargs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, python_reported

if TYPE_CHECKING:
    from ...core.model import ClassInfo, Method
    from ...graph.model import ProjectGraph


def _view(signature: str) -> str:
    return EXAMPLE_IMPORTS + f'''

class Counter(LiveView):
    template = "<div>{{{{ count }}}}</div>"

    def mount(self, {signature}):
        self.count = 0
'''


def project_mounts(graph: ProjectGraph) -> Iterator[tuple[ClassInfo, Method]]:
    """``mount`` methods defined on project LiveViews (components mount without a request)."""
    for view in graph.views.values():
        if view.kind != "live_view":
            continue
        cls = graph.index.classes[view.qualname]
        method = cls.methods.get("mount")
        if method is not None and not method.is_static:
            yield cls, method


class MountMissingRequest(Rule):
    """## What it does
    Reports a `mount()` that has no positional parameter to receive the
    request.

    ## Why is this bad?
    djust calls `mount(request, **kwargs)` with the request as the first
    positional argument; `def mount(self, **kwargs)` fails with a
    `TypeError` on every page load. (A differently named first parameter,
    `def mount(self, req, **kwargs)`, works and is not reported.)

    ## Use instead
    ```python
    def mount(self, request, **kwargs): ...
    ```
    """

    code = "DJ301"
    name = "mount-missing-request"
    severity = Severity.ERROR
    summary = "mount() does not take request"
    djust_equivalent = "validate_view: \"mount() missing 'request' parameter\""
    djust_ids = ("djust.V003",)
    VALID = [Example({"app/views.py": _view("request, **kwargs")})]
    INVALID = [
        Example(
            {"app/views.py": _view("**kwargs")},
            expect=(("app/views.py", 8, 9),),
            messages=("Counter.mount() must take 'request' as its first parameter",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if not python_reported(graph):
            return  # reported at Python classes only: nothing to do when the run keeps none
        for cls, method in project_mounts(ctx.graph):
            # djust calls ``mount(request, **kwargs)`` positionally, so any first
            # positional parameter (``req``) or ``*args`` receives the request.
            if any(p.kind in ("positional_only", "positional_or_keyword", "var_positional") for p in method.params):
                continue
            yield self.finding(
                cls.path, method.span, f"{cls.name}.mount() must take 'request' as its first parameter", view=cls.qualname
            )


class MountMissingKwargs(Rule):
    """## What it does
    Reports a `mount()` without `**kwargs`.

    ## Why is this bad?
    djust passes URL parameters and `live_render` arguments as keyword
    arguments; a `mount()` without `**kwargs` breaks as soon as a route gains
    a parameter.
    """

    code = "DJ302"
    name = "mount-missing-kwargs"
    severity = Severity.WARNING
    summary = "mount() does not accept **kwargs"
    djust_equivalent = "validate_view: \"mount() should accept **kwargs\""
    VALID = [Example({"app/views.py": _view("request, **kwargs")})]
    INVALID = [
        Example(
            {"app/views.py": _view("request")},
            expect=(("app/views.py", 8, 9),),
            messages=("Counter.mount() should accept **kwargs",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if not python_reported(graph):
            return  # reported at Python classes only: nothing to do when the run keeps none
        for cls, method in project_mounts(ctx.graph):
            if not method.accepts_var_keyword:
                yield self.finding(cls.path, method.span, f"{cls.name}.mount() should accept **kwargs", view=cls.qualname)
