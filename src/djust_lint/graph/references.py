"""Who uses what: the graph queries behind go-to-definition, find-references and renames.

"Which method does this binding call", "which bindings, ``pushEvent`` calls and
``self.x`` uses reach this handler", "which views render this template", "which
templates include it" — every face (the language server, rename, MCP, rules)
asks the same questions, so they are answered here, once, as pure functions
over a built :class:`ProjectGraph`. Nothing here reads a file.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ..core.model import ClassInfo, Method, Span
from .bindings import Binding, HandlerCall, sub_span
from .model import HandlerNode, ProjectGraph, StateNode, TemplateEdge, TemplateNode, ViewNode

UseKind = Literal["binding", "event_ref", "push_event", "js_push", "component_kwarg", "python"]


@dataclass(frozen=True, slots=True)
class Definition:
    """Where a name a binding uses is defined on one receiving class."""

    name: str
    view: str
    """Qualified name of the receiving view (the one whose MRO was searched)."""
    owner: str
    """Class that defines it (may be a base of ``view``, or outside the project)."""
    kind: Literal["handler", "method", "state"]
    path: str | None
    span: Span | None
    node: HandlerNode | StateNode


@dataclass(frozen=True, slots=True)
class Use:
    """One place that sends (or names) a handler."""

    kind: UseKind
    path: str
    span: Span
    """The name itself where known; for ``python`` uses, the calling method."""
    binding: Binding | None = None
    cls: ClassInfo | None = None
    method: Method | None = None
    """For ``python`` uses: the class and method containing ``self.<name>``."""


# ---------------------------------------------------------------------------
# Names -> definitions
# ---------------------------------------------------------------------------


def definitions(graph: ProjectGraph, receivers: Iterable[str], name: str) -> list[Definition]:
    """Where ``name`` is defined for each receiving view, following its MRO.

    Methods win over state of the same name (the method is what djust calls);
    several receivers defining it in the same place give one definition.
    """
    found: dict[tuple[str, str | None, int, int], Definition] = {}
    for qualname in receivers:
        view = graph.views.get(qualname)
        if view is None:
            continue
        node: HandlerNode | StateNode | None = view.methods.get(name)
        kind: Literal["handler", "method", "state"]
        if node is not None:
            kind = "handler" if node.decorated else "method"
        else:
            node = view.state.get(name)
            kind = "state"
        if node is None:
            continue
        key = (node.owner, node.path, node.span.line if node.span else 0, node.span.column if node.span else 0)
        found.setdefault(key, Definition(name, qualname, node.owner, kind, node.path, node.span, node))
    return list(found.values())


def project_method(graph: ProjectGraph, owner: str, name: str) -> tuple[ClassInfo, Method] | None:
    """The project class and method behind a definition (``None`` when it is outside the project)."""
    cls = graph.index.classes.get(owner)
    method = cls.methods.get(name) if cls is not None else None
    return (cls, method) if cls is not None and method is not None else None


# ---------------------------------------------------------------------------
# Handler -> uses
# ---------------------------------------------------------------------------


def receivers_of_handler(graph: ProjectGraph, owner: str) -> set[str]:
    """Classes whose instances may receive an event for a method defined on ``owner``."""
    return {v.qualname for v in graph.views_inheriting(owner)} | {owner}


def resolves_to(graph: ProjectGraph, receiver: str, name: str, owner: str) -> bool:
    """Does ``name`` on ``receiver`` resolve (through the MRO) to ``owner``'s definition?"""
    view = graph.views.get(receiver)
    if view is None:
        return receiver == owner
    node = view.methods.get(name)
    return node is not None and node.owner == owner


def event_ref_names(binding: Binding) -> list[tuple[str, Span]]:
    """``dj-loading.for="save, delete"``: each event named, with its span."""
    raw, value_span = binding.raw, binding.value_span
    if binding.kind != "event_ref" or binding.dynamic or raw is None or value_span is None:
        return []
    names: list[tuple[str, Span]] = []
    for match in re.finditer(r"[^,]+", raw):
        text = match.group()
        name = text.strip()
        if name:
            start = match.start() + text.index(name)
            names.append((name, sub_span(value_span, raw, start, start + len(name))))
    return names


def handler_uses(graph: ProjectGraph, owner: str, name: str) -> list[Use]:
    """Every binding, event reference, script push and ``self.<name>`` use of ``owner.name``.

    A binding counts when one of its receivers resolves ``name`` to ``owner``'s
    definition (an override in a subclass is another handler). Script pushes
    carry no view, so every ``pushEvent``/``JS.push`` of the name is listed.
    """
    uses: list[Use] = []
    for binding in graph.bindings:
        if not any(resolves_to(graph, r, name, owner) for r in binding.receivers):
            continue
        if binding.kind == "handler" and not binding.dynamic:
            uses.extend(Use("binding", binding.path, call.span, binding) for call in binding.calls if call.name == name)
        elif binding.kind == "event_ref":
            uses.extend(Use("event_ref", binding.path, span, binding) for n, span in event_ref_names(binding) if n == name)
    for ref in graph.references:
        if ref.target == name and ref.kind in ("push_event", "js_push", "component_kwarg"):
            uses.append(Use(ref.kind, ref.path, ref.span))  # type: ignore[arg-type]
    uses.extend(python_uses(graph, owner, name))
    return sorted(uses, key=lambda u: (u.path, u.span.line, u.span.column, u.kind))


def python_uses(graph: ProjectGraph, owner: str, name: str) -> list[Use]:
    """Methods that use ``self.<name>`` in ``owner``, its subclasses and the mixins they combine."""
    classes: set[str] = set()
    for qualname in receivers_of_handler(graph, owner):
        view = graph.views.get(qualname)
        classes.update(view.mro_chain if view is not None else [qualname])
    uses: list[Use] = []
    for qualname in sorted(classes):
        cls = graph.index.classes.get(qualname)
        if cls is None:
            continue
        for method in cls.methods.values():
            if name in method.called_self_methods:
                uses.append(Use("python", cls.path, method.def_span, cls=cls, method=method))
    return uses


def self_attribute_spans(text: str | None, within: Span, name: str) -> list[Span]:
    """Exact spans of ``name`` in every ``self.name`` on the lines of ``within`` (a method), from the ast.

    Strings and comments that merely mention ``self.name`` do not count. ``text``
    is the module's source (``graph.source_text(path)``: the unsaved buffer when
    there is one); ``[]`` when it is missing or does not parse.
    """
    tree = _parsed(text) if text else None
    if tree is None or text is None:
        return []
    lines = text.split("\n")
    spans: list[Span] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute) and node.attr == name
            and isinstance(node.value, ast.Name) and node.value.id == "self"
            and node.end_lineno is not None and node.end_col_offset is not None
            and within.line <= node.end_lineno <= within.end_line
        ):
            line = lines[node.end_lineno - 1].encode("utf-8")
            end = len(line[: node.end_col_offset].decode("utf-8", errors="replace")) + 1
            spans.append(Span(node.end_lineno, end - len(name), node.end_lineno, end))
    return sorted(spans, key=lambda s: (s.line, s.column))


@lru_cache(maxsize=16)
def _parsed(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------


def templates_at(graph: ProjectGraph, path: str) -> list[TemplateNode]:
    """The templates read from ``path`` (one file template, or a module's inline templates)."""
    return [node for node in graph.templates.values() if node.path == path]


def views_rendering(graph: ProjectGraph, template: TemplateNode) -> list[ViewNode]:
    """Views that render a template: its inline owner, or every view reaching it by name."""
    if template.owner and template.owner in graph.views:
        return [graph.views[template.owner]]
    return [graph.views[q] for q in sorted(set(template.rendered_by)) if q in graph.views]


def template_includers(graph: ProjectGraph, key: str) -> list[tuple[TemplateNode, TemplateEdge]]:
    """Every ``{% extends %}``/``{% include %}`` that resolves to template ``key``."""
    return [(node, edge) for node in graph.templates.values() for edge in node.edges if edge.resolved == key]


def views_naming_template(graph: ProjectGraph, key: str) -> list[ViewNode]:
    """Views whose own ``template_name`` (or inline template) is template ``key``."""
    return [view for view in graph.views.values() if view.template == key]


# ---------------------------------------------------------------------------
# Bindings by position
# ---------------------------------------------------------------------------


def contains(span: Span | None, line: int, column: int) -> bool:
    """Is the 1-based (line, column) inside ``span`` (end inclusive, so a cursor after the name counts)?"""
    if span is None:
        return False
    return (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column)


def bindings_at(graph: ProjectGraph, path: str, line: int, column: int) -> Iterator[Binding]:
    """Bindings of ``path`` whose attribute name or value covers the position."""
    for binding in graph.bindings:
        if binding.path == path and (contains(binding.span, line, column) or contains(binding.value_span, line, column)):
            yield binding


def name_at(binding: Binding, line: int, column: int) -> tuple[str, Span] | None:
    """The handler (or model field, or referenced event) a binding names at the position."""
    if binding.kind == "handler":
        call: HandlerCall | None = next((c for c in binding.calls if contains(c.span, line, column)), None)
        if call is None and len(binding.calls) == 1 and contains(binding.span, line, column):
            call = binding.calls[0]
        return (call.name, call.span) if call is not None else None
    if binding.kind == "model" and binding.field and binding.value_span is not None:
        raw = binding.raw or ""
        start = len(raw) - len(raw.lstrip())
        return binding.field, sub_span(binding.value_span, raw, start, start + len(binding.field))
    if binding.kind == "event_ref":
        return next(((n, s) for n, s in event_ref_names(binding) if contains(s, line, column)), None)
    return None
