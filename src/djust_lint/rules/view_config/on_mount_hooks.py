"""DJ705 on-mount-not-callable (djust.V009)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS
from ._common import is_framework


def _view(value: str) -> str:
    return EXAMPLE_IMPORTS + f'''

def require_team(view, request, **kwargs):
    return None


class Board(LiveView):
    template = "<div></div>"
    on_mount = {value}
'''


class OnMountNotCallable(Rule):
    """## What it does
    Reports an `on_mount` class attribute that is not a list/tuple, or that
    lists literals (strings, numbers, dicts...) instead of hook functions.

    ## Why is this bad?
    djust calls every `on_mount` entry before `mount()`; a string such as
    `"app.hooks.require_team"` is not imported for you and fails on mount.

    ## Example
    ```python
    on_mount = ["app.hooks.require_team"]
    ```

    ## Use instead
    ```python
    from app.hooks import require_team

    on_mount = [require_team]
    ```

    djust reports this as `djust.V009`. Names and calls (whose value is not
    known statically) are never reported.
    """

    code = "DJ705"
    name = "on-mount-not-callable"
    severity = Severity.WARNING
    summary = "on_mount is not a list of hook functions"
    djust_equivalent = "djust.V009: 'on_mount' should be a list of hook functions / is not callable"
    djust_ids = ("djust.V009",)
    VALID = [
        Example({"app/views.py": _view("[require_team]")}),
        Example({"app/views.py": _view("require_team")}, note="a name may hold a list: not known statically"),
    ]
    INVALID = [
        Example(
            {"app/views.py": _view('[require_team, "app.hooks.require_team"]')},
            expect=(("app/views.py", 11, 5),),
            messages=("Board.on_mount lists non-callable entries ('app.hooks.require_team'); list the hook functions themselves",),
        ),
        Example(
            {"app/views.py": _view('"app.hooks.require_team"')},
            expect=(("app/views.py", 11, 5),),
            messages=("Board.on_mount should be a list of hook functions",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for cls in graph.index.classes.values():
            source = cls.class_attrs.get("on_mount")
            attr = cls.state.get("on_mount")
            if source is None or attr is None or graph.views.get(cls.qualname) is None or is_framework(cls.qualname):
                continue
            problem = _problem(source)
            if problem:
                yield self.finding(cls.path, attr.span, f"{cls.name}.on_mount {problem}", view=cls.qualname)


def _problem(source: str) -> str | None:
    """What is wrong with an ``on_mount`` value, when its source shows it."""
    try:
        node = ast.parse(source.strip(), mode="eval").body
    except SyntaxError:
        return None
    if isinstance(node, (ast.List, ast.Tuple)):
        bad = [ast.unparse(item) for item in node.elts if _is_literal(item)]
        return f"lists non-callable entries ({', '.join(bad)}); list the hook functions themselves" if bad else None
    if _is_literal(node):
        return "should be a list of hook functions"
    return None


def _is_literal(node: ast.expr) -> bool:
    return isinstance(node, (ast.Constant, ast.Dict, ast.Set, ast.JoinedStr, ast.List, ast.Tuple))
