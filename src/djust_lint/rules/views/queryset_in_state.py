"""DJ309 queryset-in-public-state."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, view_classes

#: Manager/QuerySet methods that return a QuerySet (``count()``, ``first()``, ``get()`` do not).
QUERYSET_METHODS = frozenset(
    {
        "all", "filter", "exclude", "order_by", "select_related", "prefetch_related", "annotate", "alias",
        "distinct", "values", "values_list", "only", "defer", "using", "none", "reverse", "union",
        "intersection", "difference", "select_for_update", "extra", "dates", "datetimes",
    }
)  # fmt: skip
#: Where djust's guidance assigns the private QuerySet to a public name (JIT serialisation).
_CONTEXT_METHODS = frozenset({"get_context_data"})


def is_queryset_expression(source: str) -> bool:
    """``Model.objects.<queryset method>(...)``, chained and sliced as much as it likes."""
    if ".objects" not in source:
        return False
    try:
        node = ast.parse(source.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        return False
    returns_queryset = False
    while True:
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in QUERYSET_METHODS:
            returns_queryset = True
            node = node.func.value
        else:
            return returns_queryset and isinstance(node, ast.Attribute) and node.attr == "objects"


def _view(body: str) -> str:
    return (
        "from shop.models import Order\n"
        + EXAMPLE_IMPORTS
        + f'''

class Orders(LiveView):
    template = "<div dj-root>{{{{ orders }}}}</div>"

    def mount(self, request, **kwargs):
{body}
'''
    )


class QuerysetInPublicState(Rule):
    """## What it does
    Reports a QuerySet (`Model.objects.filter(...)`, `.all()`, `.order_by()`
    ... chained or sliced) stored in a *public* view attribute anywhere but
    `get_context_data()`.

    ## Why is this bad?
    djust's guidance (`jit_serialization` in its schema): QuerySets live in
    private attributes and are assigned to public names only in
    `get_context_data()`, where the Rust JIT serialiser handles them. A
    public QuerySet set in `mount()` or a handler is evaluated and serialised
    with the view state instead, and cannot survive state snapshots.

    ## Example
    ```python
    def mount(self, request, **kwargs):
        self.orders = Order.objects.filter(user=request.user)
    ```

    ## Use instead
    ```python
    def mount(self, request, **kwargs):
        self._orders = Order.objects.filter(user=request.user)

    def get_context_data(self, **kwargs):
        self.orders = self._orders
        return super().get_context_data(**kwargs)
    ```

    Values that are not QuerySets (`.count()`, `.first()`, `.get()`,
    `.exists()`) are not reported.
    """

    code = "DJ309"
    name = "queryset-in-public-state"
    severity = Severity.WARNING
    summary = "QuerySet stored in public view state outside get_context_data()"
    djust_equivalent = "detect_common_issues: \"Public QuerySet attribute\""
    VALID = [
        Example({"app/views.py": _view("        self._orders = Order.objects.filter(user=request.user)\n        self.total = Order.objects.filter(user=request.user).count()")}),
    ]
    INVALID = [
        Example(
            {"app/views.py": _view("        self.orders = Order.objects.filter(user=request.user).order_by('-id')[:20]")},
            expect=(("app/views.py", 10, 14),),
            messages=("self.orders holds a QuerySet in public state; store it as self._orders and assign self.orders = self._orders in get_context_data() (JIT serialisation)",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for cls, _views in view_classes(ctx.graph):
            for method in cls.methods.values():
                if method.name in _CONTEXT_METHODS:
                    continue
                for attr in method.self_assignments:
                    if attr.name.startswith("_") or not attr.value_source or not is_queryset_expression(attr.value_source):
                        continue
                    yield self.finding(
                        cls.path,
                        attr.span,
                        f"self.{attr.name} holds a QuerySet in public state; store it as self._{attr.name} and "
                        f"assign self.{attr.name} = self._{attr.name} in get_context_data() (JIT serialisation)",
                        view=cls.qualname,
                    )
