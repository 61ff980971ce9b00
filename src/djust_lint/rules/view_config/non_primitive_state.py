"""DJ704 non-primitive-state (djust.V008)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, is_state_name
from ._common import user_live_views

if TYPE_CHECKING:
    from ...core.model import ClassInfo
    from ...graph.model import ProjectGraph

#: ``Name(`` / ``pkg.Name(`` at the start of an assigned value: the callee's dotted name.
_CALLEE = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*\(")
#: djust's V006 keywords: those calls are DJ307's business (one message per line, as in djust).
_SERVICE = re.compile(r"(Service|Client|Session|API|Connection)", re.IGNORECASE)
#: Constructors that build JSON-serialisable values.
_SAFE = frozenset({"List", "Dict", "Set", "Tuple", "Decimal", "OrderedDict", "Counter", "defaultdict"})


def _view(value: str) -> str:
    return "from dataclasses import dataclass\n" + EXAMPLE_IMPORTS + f'''

class CartView(LiveView):
    template = "<div></div>"

    def mount(self, request, **kwargs):
        self.cart = {value}
'''


class NonPrimitiveState(Rule):
    """## What it does
    Reports `self.x = SomeClass(...)` in `mount()` of a LiveView: an
    instance of a class (a capitalised callee) stored in *public* state.

    ## Why is this bad?
    Public state is serialised to the client after every event. An object
    that is not JSON-serialisable silently degrades to its `str()` and comes
    back as a string, breaking the next handler that uses it.

    ## Example
    ```python
    def mount(self, request, **kwargs):
        self.cart = Cart()
    ```

    ## Use instead
    ```python
    def mount(self, request, **kwargs):
        self._cart = Cart()            # private: not serialised
        self.cart_items = []           # or plain data
    ```

    djust reports this as `djust.V008` (Info) for *every* call that is not
    a builtin; djust-lint reports only class instantiations (capitalised
    callees), so helper calls such as `get_items()` or `timezone.now()` are
    not noise. Service clients are DJ307's. Off by default, like any advice.
    """

    code = "DJ704"
    name = "non-primitive-state"
    severity = Severity.INFO
    in_validate_view = False
    summary = "mount() stores a class instance in public state"
    djust_equivalent = "djust.V008: Non-primitive type assigned in mount()"
    djust_ids = ("djust.V008",)
    VALID = [Example({"app/views.py": _view("dict(items=[])")})]
    INVALID = [
        Example(
            {"app/views.py": _view("Cart()")},
            expect=(("app/views.py", 10, 14),),
            messages=("self.cart holds a Cart instance; make sure it is JSON-serialisable or keep it private (self._cart)",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for _view_node, cls in user_live_views(graph):
            mount = cls.methods.get("mount")
            if mount is None:
                continue
            for attr in mount.self_assignments:
                callee = _constructor(attr.value_source or "")
                if not is_state_name(graph, attr.name) or callee is None or _is_component(graph, cls, callee):
                    continue
                yield self.finding(
                    cls.path,
                    attr.span,
                    f"self.{attr.name} holds a {callee} instance; make sure it is JSON-serialisable "
                    f"or keep it private (self._{attr.name})",
                    view=cls.qualname,
                )


def _is_component(graph: ProjectGraph, cls: ClassInfo, callee: str) -> bool:
    """djust registers component instances held in state and renders them (they are not plain data)."""
    if callee.endswith("Component"):
        return True
    module = graph.index.modules.get(cls.module)
    head, _, rest = callee.partition(".")
    imported = module.imports.get(head) if module else None
    for candidate in (f"{imported}.{rest}" if imported and rest else imported, f"{cls.module}.{callee}"):
        qualname = graph.index.resolve(candidate) if candidate else None
        if qualname and qualname in graph.views:
            return True
    return False


def _constructor(value_source: str) -> str | None:
    """The callee when the value instantiates a class that is neither safe nor a service."""
    match = _CALLEE.match(value_source)
    if match is None:
        return None
    callee = match.group(1)
    last = callee.rsplit(".", 1)[-1]
    if not last[:1].isupper() or last in _SAFE or _SERVICE.search(callee) or callee.startswith("self."):
        return None
    return callee
