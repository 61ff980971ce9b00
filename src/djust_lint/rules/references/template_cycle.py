"""DJ204 template-cycle."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ...graph.model import ProjectGraph, TemplateEdge, TemplateNode
from ..base import Example, Rule, RuleContext
from ..common import in_selection
from .template_reference_missing import _external_prefixes

#: Block tags whose body may render zero times: an include inside one can end a recursion.
_CONDITIONAL = {"if": "endif", "for": "endfor", "ifchanged": "endifchanged"}
_CONDITIONAL_ENDS = frozenset(_CONDITIONAL.values())


class TemplateCycle(Rule):
    """## What it does
    Reports templates that reach themselves again through `{% extends %}`
    and unconditional `{% include %}` tags (`a.html` includes `b.html`, which
    includes `a.html`).

    ## Why is this bad?
    An `{% include %}` cycle recurses until Python's recursion limit and the
    page fails with `RecursionError`; an `{% extends %}` cycle fails at render
    with `TemplateDoesNotExist` (Django skips the templates already in the
    chain and finds nothing else).

    An include inside `{% if %}`, `{% for %}` or `{% ifchanged %}` may render
    zero times, so a recursive include there (rendering a tree) is fine and
    not reported. `{% extends "x.html" %}` inside a template named `x.html`
    is Django's override idiom when another template of that name exists (in
    another template directory or an installed app); it is reported only
    when none does.
    """

    code = "DJ204"
    name = "template-cycle"
    severity = Severity.ERROR
    summary = "extends/include cycle: the template renders forever or fails"
    VALID = [
        Example(
            {
                "app/templates/tree.html": '<li>{{ node.name }}{% for child in node.children %}{% include "tree.html" with node=child %}{% endfor %}</li>\n',
                "app/templates/base.html": "<main>{% block content %}{% endblock %}</main>\n",
                "app/templates/page.html": '{% extends "base.html" %}{% block content %}{% include "tree.html" %}{% endblock %}\n',
            }
        )
    ]
    INVALID = [
        Example(
            {
                "app/templates/a.html": '<div>{% include "b.html" %}</div>\n',
                "app/templates/b.html": '<p>\n{% include "a.html" %}</p>\n',
            },
            expect=(("app/templates/a.html", 1, 6), ("app/templates/b.html", 2, 1)),
            messages=(
                "{% include %} cycle: a.html -> b.html -> a.html; rendering recurses until Django raises RecursionError",
                "{% include %} cycle: b.html -> a.html -> b.html; rendering recurses until Django raises RecursionError",
            ),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        edges = _unconditional_edges(graph, _reported_reach(graph))
        for component in _cycles(edges):
            members = set(component)
            for key in sorted(component):
                node = graph.templates[key]
                edge = next(e for e in edges[key] if e.resolved in members)
                path = _path_back(edges, key, members)
                kinds = {e.kind for e in _edges_along(edges, path)}
                kind = "/".join(sorted(kinds))
                names = " -> ".join(_label(graph.templates[k]) for k in path)
                consequence = "rendering recurses until Django raises RecursionError" if "include" in kinds else "the page fails at render"
                yield self.finding(node.path, edge.span, f"{{% {kind} %}} cycle: {names}; {consequence}")


def _label(node: TemplateNode) -> str:
    return node.name or node.path


def _reported_reach(graph: ProjectGraph) -> set[str] | None:
    """Templates reachable from those in files this run reports on (``None``: every template).

    A cycle through a template lies within what it reaches, so an editor's re-lint
    of one partial looks at the partial's own edges, not at a thousand pages'.
    """
    if graph.report_only is None:
        return None
    reach = {key for key, node in graph.templates.items() if in_selection(graph, node.path)}
    todo = list(reach)
    while todo:
        for edge in graph.templates[todo.pop()].edges:
            if edge.resolved in graph.templates and edge.resolved not in reach:
                reach.add(edge.resolved)
                todo.append(edge.resolved)
    return reach


def _unconditional_edges(graph: ProjectGraph, keys: set[str] | None = None) -> dict[str, list[TemplateEdge]]:
    """Per template (of ``keys``, default all), the resolved edges that always render (see the rule's docs)."""
    external = _external_prefixes(graph)
    names = Counter(t.name for t in graph.templates.values() if t.name)
    result: dict[str, list[TemplateEdge]] = {}
    for key, node in graph.templates.items():
        if keys is not None and key not in keys:
            continue
        conditional_spans = _conditional_tag_spans(node)
        kept = []
        for edge in node.edges:
            if edge.resolved is None or edge.resolved not in graph.templates:
                continue
            if edge.kind == "include" and edge.span in conditional_spans:
                continue
            if (
                edge.kind == "extends"
                and edge.target
                and (names[edge.target] > 1 or edge.target.split("/", 1)[0] in external)
            ):
                continue  # Django skips the chain and finds the other template of that name
            kept.append(edge)
        if kept:
            result[key] = kept
    return result


def _conditional_tag_spans(node: TemplateNode) -> set:
    """Spans of tags inside an open ``if``/``for``/``ifchanged`` (one pass over the tags)."""
    spans = set()
    open_blocks: list[str] = []
    counts: Counter[str] = Counter()
    for tag in node.info.tags:
        if tag.name in _CONDITIONAL:
            open_blocks.append(_CONDITIONAL[tag.name])
            counts[_CONDITIONAL[tag.name]] += 1
        elif tag.name in _CONDITIONAL_ENDS and counts[tag.name]:
            while open_blocks:
                closed = open_blocks.pop()
                counts[closed] -= 1
                if closed == tag.name:
                    break
        elif open_blocks:
            spans.add(tag.span)
    return spans


def _cycles(edges: dict[str, list[TemplateEdge]]) -> list[list[str]]:
    """Strongly connected components with a cycle (Tarjan's algorithm, iterative: no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            key, position = work.pop()
            if position == 0:
                index[key] = low[key] = counter
                counter += 1
                stack.append(key)
                on_stack.add(key)
            targets = [e.resolved for e in edges.get(key, ()) if e.resolved]
            if position < len(targets):
                work.append((key, position + 1))
                target = targets[position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[key] = min(low[key], index[target])
                continue
            if low[key] == index[key]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == key:
                        break
                if len(component) > 1 or any(e.resolved == key for e in edges.get(key, ())):
                    found.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[key])
    return found


def _path_back(edges: dict[str, list[TemplateEdge]], start: str, members: set[str]) -> list[str]:
    """The shortest way from ``start`` back to itself inside its cycle (breadth first)."""
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        key = queue.popleft()
        for edge in edges.get(key, ()):
            target = edge.resolved
            if target is None or target not in members:
                continue
            if target == start:
                path = [key]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [start, *reversed(path[:-1]), start] if key != start else [start, start]
            if target not in previous:
                previous[target] = key
                queue.append(target)
    return [start, start]


def _edges_along(edges: dict[str, list[TemplateEdge]], path: list[str]) -> list[TemplateEdge]:
    return [next(e for e in edges[a] if e.resolved == b) for a, b in zip(path, path[1:], strict=False)]
