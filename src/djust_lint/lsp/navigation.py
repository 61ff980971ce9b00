"""Definition, references and hover: the graph's links, followed from a cursor position.

What sits under the cursor is looked up in the graph of the text the editor
has (bindings, template tags, ``template_name``, ``dj-view``, script pushes,
handler definitions); the answer comes from :mod:`djust_lint.graph.references`.
Positions here are the graph's (1-based line, 1-based character column).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.model import ClassInfo, Method, Param, Span
from ..graph import references as refs
from ..graph.model import ProjectGraph


@dataclass(frozen=True)
class Target:
    """A place to jump to: a root-relative path and a span in it."""

    path: str
    span: Span


_FILE_START = Span(1, 1, 1, 1)


# ---------------------------------------------------------------------------
# What is under the cursor
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HandlerAt:
    """A handler name under the cursor, with the classes it may belong to."""

    name: str
    span: Span
    definitions: list[refs.Definition]


def handler_at(graph: ProjectGraph, path: str, line: int, column: int) -> HandlerAt | None:
    """The handler (or state field) named at a position: a binding, a script push, or a ``def``."""
    for binding in refs.bindings_at(graph, path, line, column):
        found = refs.name_at(binding, line, column)
        if found is not None:
            name, span = found
            return HandlerAt(name, span, refs.definitions(graph, binding.receivers, name))
    for ref in graph.references:
        if ref.path == path and ref.kind in ("push_event", "js_push") and refs.contains(ref.span, line, column):
            owners = [v.qualname for v in graph.views.values() if ref.target in v.methods]
            return HandlerAt(ref.target, ref.span, refs.definitions(graph, owners, ref.target))
    for cls in graph.index.classes.values():
        if cls.path != path or not (cls.span.line <= line <= max(cls.end_line, cls.span.line)):
            continue
        for method in cls.methods.values():
            if refs.contains(method.span, line, column):
                return HandlerAt(method.name, method.span, _own_definition(graph, cls, method))
    return None


def _own_definition(graph: ProjectGraph, cls: ClassInfo, method: Method) -> list[refs.Definition]:
    view = graph.views.get(cls.qualname)
    if view is not None and method.name in view.methods:
        node = view.methods[method.name]
        kind = "handler" if node.decorated else "method"
        return [refs.Definition(method.name, cls.qualname, cls.qualname, kind, cls.path, method.span, node)]  # type: ignore[arg-type]
    from ..graph.model import HandlerNode

    node = HandlerNode(method.name, cls.qualname, list(method.params), graph.vocabulary.is_handler_method(method),
                       [d.short_name for d in method.decorators], cls.path, method.span)  # fmt: skip
    return [refs.Definition(method.name, cls.qualname, cls.qualname, "method", cls.path, method.span, node)]


# ---------------------------------------------------------------------------
# Definition
# ---------------------------------------------------------------------------


def definition(graph: ProjectGraph, path: str, line: int, column: int) -> list[Target]:
    """Where the thing under the cursor is defined (several places when several views receive it)."""
    handler = handler_at(graph, path, line, column)
    if handler is not None:
        return [Target(d.path, d.span) for d in handler.definitions if d.path is not None and d.span is not None]
    template = _template_target(graph, path, line, column)
    if template is not None:
        return [template]
    view = _view_target(graph, path, line, column)
    return [view] if view is not None else []


def _template_target(graph: ProjectGraph, path: str, line: int, column: int) -> Target | None:
    """``{% extends %}``/``{% include %}`` in a template, ``template_name`` in a view."""
    for node in refs.templates_at(graph, path):
        for edge in node.edges:
            if edge.resolved and refs.contains(edge.span, line, column):
                return Target(graph.templates[edge.resolved].path, _FILE_START)
    for cls in graph.index.classes.values():
        source = cls.template_name
        if cls.path == path and source is not None and source.value and refs.contains(source.span, line, column):
            key = graph.template_names.get(source.value)
            if key is not None:
                return Target(graph.templates[key].path, _FILE_START)
    return None


def _view_target(graph: ProjectGraph, path: str, line: int, column: int) -> Target | None:
    """``dj-view="app.views.Child"`` and ``{% live_render "..." %}`` -> the class."""
    names: list[str] = []
    for binding in refs.bindings_at(graph, path, line, column):
        if binding.base == "dj-view" and binding.raw and not binding.dynamic:
            names.append(binding.raw.strip())
    for ref in graph.references:
        if ref.path == path and ref.kind in ("live_render", "dj-view") and not ref.dynamic and refs.contains(ref.span, line, column):
            names.append(ref.target)
    for name in names:
        qualname = graph.index.resolve(name)
        cls = graph.index.classes.get(qualname) if qualname else None
        if cls is not None:
            return Target(cls.path, cls.span)
    return None


# ---------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------




def references(
    graph: ProjectGraph,
    path: str,
    line: int,
    column: int,
    text_of: Callable[[str], str | None],
    include_declaration: bool = True,
) -> list[Target]:
    """Every use of the handler under the cursor: bindings, event references, pushes, ``self.x``.

    ``text_of(path)`` gives a file's text, to place ``self.<name>`` uses exactly
    inside the methods the graph says contain them.
    """
    handler = handler_at(graph, path, line, column)
    if handler is None:
        return []
    targets: list[Target] = []
    seen: set[tuple[str, Span]] = set()

    def add(target: Target) -> None:
        if (target.path, target.span) not in seen:
            seen.add((target.path, target.span))
            targets.append(target)

    for definition_ in handler.definitions:
        if include_declaration and definition_.path is not None and definition_.span is not None:
            add(Target(definition_.path, definition_.span))
        for use in refs.handler_uses(graph, definition_.owner, handler.name):
            if use.kind == "python" and use.method is not None:
                for span in refs.self_attribute_spans(text_of(use.path), use.method.def_span, handler.name):
                    add(Target(use.path, span))
            else:
                add(Target(use.path, use.span))
    return targets


# ---------------------------------------------------------------------------
# Hover
# ---------------------------------------------------------------------------


def hover(graph: ProjectGraph, path: str, line: int, column: int) -> tuple[str, Span] | None:
    """Markdown about the handler a binding calls: signature, decorators, docstring, receivers."""
    handler = handler_at(graph, path, line, column)
    if handler is None:
        return None
    receivers = _receivers_at(graph, path, line, column)
    parts: list[str] = []
    for item in handler.definitions:
        parts.append(_describe(graph, item))
    if not parts:
        parts.append(f"`{handler.name}`: no receiving view defines it")
    if receivers:
        parts.append("Received by: " + ", ".join(f"`{r}`" for r in receivers))
    return "\n\n---\n\n".join(parts), handler.span


def _receivers_at(graph: ProjectGraph, path: str, line: int, column: int) -> list[str]:
    for binding in refs.bindings_at(graph, path, line, column):
        return list(binding.receivers)
    return []


def _describe(graph: ProjectGraph, item: refs.Definition) -> str:
    node = item.node
    if item.kind == "state":
        return f"```python\n{item.owner}.{item.name}\n```\nstate attribute ({getattr(node, 'origin', '')})"
    from ..graph.model import HandlerNode

    assert isinstance(node, HandlerNode)
    found = refs.project_method(graph, item.owner, item.name)
    method = found[1] if found is not None else None
    params = ["self", *(_param(p) for p in node.params)]
    prefix = "async def" if method is not None and method.is_async else "def"
    lines = [f"```python\n{''.join(f'@{d}' + chr(10) for d in node.decorators)}{prefix} {item.name}({', '.join(params)})\n```"]
    lines.append(f"defined in `{item.owner}`" + (f" ({item.path}:{item.span.line})" if item.path and item.span else ""))
    if method is not None and method.docstring:
        lines.append(method.docstring.strip())
    if item.kind != "handler":
        lines.append("not decorated with `@event_handler`: djust refuses to call it from the browser")
    return "\n\n".join(lines)


def _param(param: Param) -> str:
    star = {"var_positional": "*", "var_keyword": "**"}.get(param.kind, "")
    text = star + param.name
    if param.annotation:
        text += f": {param.annotation}"
    if param.default is not None:
        text += f" = {param.default}" if param.annotation else f"={param.default}"
    return text
