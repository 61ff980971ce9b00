"""Templates named by ``get_template()`` / ``get_template_names()`` overrides, read statically.

djust's ``LiveView.get_template()`` returns the template *source*: ``template``
when truthy, else the file named by ``template_name``. A view that overrides it
and returns a literal (or a class attribute holding one) has an inline
template; ``get_template_names()`` (Django's hook, used by code ported from
class-based views) names files. Anything else is computed at run time and the
view's bindings cannot be checked: the graph says so, with the reason.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable

from ..core.model import TemplateSource

METHODS = ("get_template", "get_template_names")

SourceBuilder = Callable[[str, ast.expr], TemplateSource]


def read_template_methods(
    functions: Iterable[ast.FunctionDef | ast.AsyncFunctionDef],
    class_values: dict[str, ast.expr],
    build: SourceBuilder,
    span_of: Callable[[ast.AST], object],
    segment: Callable[[ast.AST], str],
) -> dict[str, TemplateSource]:
    """``get_template``/``get_template_names`` of one class body as template sources.

    ``class_values`` maps the class's own attribute names to their value
    expressions, so ``return self.body`` finds ``body = \"\"\"...\"\"\"``;
    ``build`` is the reader's literal-to-:class:`TemplateSource` converter
    (it knows the file's positions).
    """
    result: dict[str, TemplateSource] = {}
    for function in functions:
        if function.name not in METHODS:
            continue
        result[function.name] = _read(function, class_values, build, span_of, segment)
    return result


def _read(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    class_values: dict[str, ast.expr],
    build: SourceBuilder,
    span_of: Callable[[ast.AST], object],
    segment: Callable[[ast.AST], str],
) -> TemplateSource:
    name = function.name
    returns = list(_returns(function.body))
    if _calls_super(function, name) or (name == "get_template" and _calls_self(function, "get_template_names")):
        return TemplateSource(name, None, False, span_of(function), defers=True)  # type: ignore[arg-type]
    if len(returns) != 1 or returns[0].value is None:
        return _dynamic(name, function, span_of, "has no single return statement")
    expr = returns[0].value
    if name == "get_template_names" and isinstance(expr, (ast.List, ast.Tuple)):
        if not expr.elts or isinstance(expr.elts[0], ast.Starred):
            return _dynamic(name, expr, span_of, f"returns {_short(segment(expr))}")
        expr = expr.elts[0]
    attr = _self_attribute(expr, function)
    if attr is not None:
        value = class_values.get(attr)
        if value is None:
            source = TemplateSource(name, None, False, span_of(expr), via=attr)  # type: ignore[arg-type]
            source.expression = segment(expr)
            return source
        expr = value
    source = build(name, expr)
    if source.value is None:
        return _dynamic(name, expr, span_of, f"returns {_short(segment(expr))}")
    source.expression = segment(expr)
    return source


def _dynamic(name: str, node: ast.AST, span_of: Callable[[ast.AST], object], why: str) -> TemplateSource:
    source = TemplateSource(name, None, True, span_of(node))  # type: ignore[arg-type]
    source.expression = why
    return source


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _returns(statements: list[ast.stmt]) -> Iterable[ast.Return]:
    """``return`` statements of a function body, not of nested functions or classes."""
    stack = list(statements)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Return):
            yield node
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt))
            for handler in getattr(node, "handlers", ()):
                stack.extend(handler.body)
            for case in getattr(node, "cases", ()):
                stack.extend(case.body)


def _calls_super(function: ast.AST, name: str) -> bool:
    """``super().<name>(...)`` anywhere in the body: the attributes still decide."""
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == name
            and isinstance(node.func.value, ast.Call)
            and isinstance(node.func.value.func, ast.Name)
            and node.func.value.func.id == "super"
        ):
            return True
    return False


def _calls_self(function: ast.FunctionDef | ast.AsyncFunctionDef, method: str) -> bool:
    """``self.<method>(...)`` in the body: ``get_template()`` loading what ``get_template_names()`` names."""
    args = [*function.args.posonlyargs, *function.args.args]
    first = args[0].arg if args else None
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == method
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == first
        for node in ast.walk(function)
    )


def _self_attribute(expr: ast.expr, function: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """``self.x`` / ``cls.x`` / ``type(self).x`` -> ``x``."""
    if not isinstance(expr, ast.Attribute):
        return None
    owner = expr.value
    args = [*function.args.posonlyargs, *function.args.args]
    first = args[0].arg if args else None
    if isinstance(owner, ast.Name) and owner.id == first:
        return expr.attr
    if (
        isinstance(owner, ast.Call)
        and isinstance(owner.func, ast.Name)
        and owner.func.id == "type"
        and len(owner.args) == 1
        and isinstance(owner.args[0], ast.Name)
        and owner.args[0].id == first
    ):
        return expr.attr
    return None
