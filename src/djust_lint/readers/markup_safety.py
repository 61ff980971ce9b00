"""Find ``mark_safe()`` calls whose argument may carry unescaped text.

``mark_safe(f"<b>{name}</b>")`` switches off escaping for ``name``: a cross-site
scripting hole when it comes from a user. A purely syntactic check (djust's
own ``validate_view`` searches the text for ``mark_safe(f"``) drowns real code
in false positives, because careful code escapes first::

    e_label = conditional_escape(label)
    return mark_safe(f"<b>{e_label}</b>")

So this pass tracks, per function, the local names whose *every* assignment
is a safe value (a literal, an escaping or number-producing call, or a string
built only from safe parts), and judges the interpolated parts against them.
It reuses the module's existing syntax tree (one parse per file).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator

from ..core.model import CallSite, Span
from .astutil import dotted_name

#: Calls that switch off HTML escaping for their argument.
UNSAFE_MARKUP = frozenset({"mark_safe", "SafeString", "SafeText"})

#: Calls whose result is safe inside HTML: escaped text, or numbers.
ESCAPING_CALLS = frozenset(
    {
        "escape", "conditional_escape", "format_html", "format_html_join", "escapejs", "json_script",
        "urlencode", "quote", "int", "float", "len", "round", "abs", "bool", "mark_safe",
    }
)  # fmt: skip


def _last(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


class _Scope:
    """Safe local names of one function (or the module body)."""

    def __init__(self, body: ast.AST) -> None:
        assignments: dict[str, list[ast.expr | None]] = {}
        for node in _own_nodes(body):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    for name in _target_names(target):
                        value = node.value if isinstance(target, ast.Name) else None
                        assignments.setdefault(name, []).append(value)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name):
                value = node.value if isinstance(node, ast.AnnAssign) else None
                if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
                    value = node.value  # ``x += safe`` keeps x safe if x was
                assignments.setdefault(node.target.id, []).append(value)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension, ast.With, ast.NamedExpr)):
                targets = [node.target] if hasattr(node, "target") else [i.optional_vars for i in node.items]
                for target in targets:
                    for name in _target_names(target):
                        assignments.setdefault(name, []).append(None)
        if isinstance(body, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for arg in ast.walk(body.args):
                if isinstance(arg, ast.arg):
                    assignments.setdefault(arg.arg, []).append(None)
        self.safe: set[str] = set()
        changed = True
        while changed:  # fixpoint: a name built from safe names is safe
            changed = False
            for name, values in assignments.items():
                if name not in self.safe and all(v is not None and self.is_safe(v) for v in values):
                    self.safe.add(name)
                    changed = True

    def is_safe(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name):
            return node.id in self.safe
        if isinstance(node, ast.Call):
            return _last(node.func) in ESCAPING_CALLS
        if isinstance(node, ast.JoinedStr):
            return all(
                not isinstance(v, ast.FormattedValue) or self.is_safe(v.value) for v in node.values
            )
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.is_safe(node.left) and self.is_safe(node.right)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            parts = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
            return self.is_safe(node.left) and all(self.is_safe(p) for p in parts)
        if isinstance(node, ast.IfExp):
            return self.is_safe(node.body) and self.is_safe(node.orelse)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            return self.is_safe(node.func.value) and all(self.is_safe(a) for a in node.args)
        return False

    def interpolates_unsafely(self, node: ast.expr) -> bool:
        """The argument builds a string from at least one part that may be unescaped."""
        if isinstance(node, ast.JoinedStr):
            return any(isinstance(v, ast.FormattedValue) and not self.is_safe(v.value) for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            return not self.is_safe(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            return not all(self.is_safe(v) for v in [*node.args, *(k.value for k in node.keywords)])
        return False


def _target_names(target: ast.AST | None) -> Iterator[str]:
    if target is None:
        return
    for node in ast.walk(target):
        if isinstance(node, ast.Name):
            yield node.id


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """Nodes of a scope, not descending into nested functions or classes."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def unsafe_markup_calls(
    tree: ast.Module, resolve: Callable[[str], str], span: Callable[[ast.AST], Span]
) -> list[CallSite]:
    """Every ``mark_safe``-like call, with whether its argument interpolates unsafely."""
    calls: list[CallSite] = []
    scopes: list[ast.AST] = [tree]
    while scopes:
        scope_node = scopes.pop()
        scope: _Scope | None = None
        for node in _own_nodes(scope_node):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                scopes.append(node)
            elif isinstance(node, ast.Call) and _last(node.func) in UNSAFE_MARKUP and node.args:
                scope = scope or _Scope(scope_node)
                calls.append(
                    CallSite(
                        function=resolve(dotted_name(node.func) or ""),
                        span=span(node),
                        interpolated=scope.interpolates_unsafely(node.args[0]),
                    )
                )
    calls.sort(key=lambda c: (c.span.line, c.span.column))
    return calls
