"""DJ612 events-without-root: event bindings in a page no LiveView root connects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ...graph.bindings import Binding
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS
from ._common import attribute, checked_templates, has_marker_comment

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph, TemplateNode

_COMPONENT_MARKERS = frozenset({"dj-component", "data-component-id"})


class EventsWithoutRoot(Rule):
    """## What it does
    Reports a template with `dj-click` (or any other event binding) whose page
    has no LiveView root: neither the template nor anything it extends or
    includes carries `dj-root` or `dj-view`.

    ## Why is this bad?
    Without a root the client never mounts a view over the WebSocket, so
    every binding on the page is dead.

    djust reports this as `djust.T012` (warning) for every file without the
    text `dj-view`, even when `dj-root` is there (djust stamps `dj-view` on
    it) or when the text is `dj-viewport-top`. This rule follows the graph
    instead: fragments that other templates include or extend are judged
    through the page that renders them; component templates (a component's
    own, or under a `components/` folder), templates Python renders to embed
    elsewhere (`@register.inclusion_tag("x.html")`, `render_to_string`,
    `get_template`) and templates marked `{# djust:partial #}` are skipped;
    and a view's page counts its base templates and includes.

    ## Example
    ```html
    <!-- rendered by a view; no dj-root anywhere on the page -->
    <button dj-click="save">Save</button>
    ```

    ## Use instead
    ```html
    <div dj-root>
      <button dj-click="save">Save</button>
    </div>
    ```
    """

    code = "DJ612"
    name = "events-without-root"
    severity = Severity.WARNING
    summary = "event bindings on a page without a `dj-root`/`dj-view` root"
    djust_equivalent = "djust.T012 template uses dj-* event directives but has no dj-view"
    djust_ids = ("djust.T012",)
    VALID = [
        Example(
            {
                "app/views.py": EXAMPLE_IMPORTS + '\n\nclass A(LiveView):\n    template_name = "app/a.html"\n',
                "app/templates/base.html": "<body><div dj-root>{% block content %}{% endblock %}</div></body>\n",
                "app/templates/app/a.html": '{% extends "base.html" %}\n{% block content %}{% include "app/row.html" %}{% endblock %}\n',
                "app/templates/app/row.html": '<button dj-click="save">Save</button>\n',
            },
            note="the root is in the base template; the fragment is judged through the page",
        ),
        Example({"app/templates/app/part.html": '{# djust:partial #}\n<button dj-click="save">Save</button>\n'}),
    ]
    INVALID = [
        Example(
            {
                "app/views.py": EXAMPLE_IMPORTS + '\n\nclass A(LiveView):\n    template_name = "app/a.html"\n',
                "app/templates/app/a.html": '<div dj-viewport-top="more">\n  <button dj-click="save">Save</button>\n</div>\n',
            },
            expect=(("app/templates/app/a.html", 1, 6),),
            messages=("'dj-viewport-top' is on a page without a dj-root/dj-view root, so no view receives it; add dj-root to the root element (or {# djust:partial #} if another page includes this one)",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        first_binding = _first_event_binding(graph)
        if not first_binding:
            return
        partials = _rendered_into_other_markup(graph)
        has_root = {key: _has_root(node) for key, node in graph.templates.items()}
        included = {edge.resolved for node in graph.templates.values() for edge in node.edges if edge.resolved}
        for node in checked_templates(graph):
            binding = first_binding.get(node.key)
            if binding is None or has_root[node.key] or node.key in included:
                continue
            if node.name in partials or _is_fragment(graph, node) or not _page_lacks_root(graph, node, has_root):
                continue
            yield self.finding(
                node.path,
                binding.span,
                f"'{binding.directive}' is on a page without a dj-root/dj-view root, so no view receives it; "
                "add dj-root to the root element (or {# djust:partial #} if another page includes this one)",
            )


def _first_event_binding(graph: ProjectGraph) -> dict[str, Binding]:
    """Template key -> its first event binding that a page view (not a component) would receive."""
    first: dict[str, Binding] = {}
    for binding in graph.bindings:
        if binding.kind != "handler" or binding.scope != "view":
            continue
        current = first.get(binding.template)
        if current is None or (binding.span.line, binding.span.column) < (current.span.line, current.span.column):
            first[binding.template] = binding
    return first


def _has_root(node: TemplateNode) -> bool:
    return any(attribute(e, "dj-root") or attribute(e, "dj-view") for e in node.info.elements)


def _rendered_into_other_markup(graph: ProjectGraph) -> set[str]:
    """Templates Python renders to embed elsewhere: ``@register.inclusion_tag("x.html")``,
    ``render_to_string("x.html")``, ``get_template("x.html")`` (their page is the caller's)."""
    return {
        fact.detail for module in graph.index.modules.values() for fact in module.facts if fact.kind == "template_ref"
    }


def _is_fragment(graph: ProjectGraph, node: TemplateNode) -> bool:
    """Component templates and explicitly marked partials need no root of their own."""
    if has_marker_comment(node.info, "djust:partial"):
        return True
    if "components" in (node.name or node.path).split("/")[:-1]:
        return True  # ``<app>/components/card.html``: djust's convention for component templates
    if any(a.name.lower() in _COMPONENT_MARKERS for e in node.info.elements for a in e.attributes):
        return True
    owners = [node.owner] if node.owner else node.rendered_by
    views = [graph.views[q] for q in owners if q in graph.views]
    embedded = _embedded_views(graph)
    return any(view.kind != "live_view" or view.qualname in embedded for view in views)


def _embedded_views(graph: ProjectGraph) -> set[str]:
    """Views another page embeds with ``{% live_render %}``: the wrapper it renders is their root."""
    targets = {r.target for r in graph.references if r.kind == "live_render" and not r.dynamic}
    names = {target.rsplit(".", 1)[-1] for target in targets}  # ``app.views.Cart`` or a class name
    return {qualname for qualname in graph.views if qualname in targets or qualname.rsplit(".", 1)[-1] in names}


def _page_lacks_root(graph: ProjectGraph, node: TemplateNode, has_root: dict[str, bool]) -> bool:
    """No page rendering ``node`` has a root (orphans: the template alone decides)."""
    owners = [node.owner] if node.owner else node.rendered_by
    views = [graph.views[q] for q in owners if q in graph.views]
    page_sets = [view.renders or [node.key] for view in views] or [_closure(graph, node.key)]
    return all(_page_complete_and_rootless(graph, pages, has_root) for pages in page_sets)


def _page_complete_and_rootless(graph: ProjectGraph, pages: list[str], has_root: dict[str, bool]) -> bool:
    return not any(has_root.get(key) for key in pages) and not _page_incomplete(graph, pages)


def _closure(graph: ProjectGraph, start: str) -> list[str]:
    """``start`` and every template it extends or includes, transitively."""
    seen = [start]
    known = {start}
    index = 0
    while index < len(seen):
        for edge in graph.templates[seen[index]].edges:
            if edge.resolved and edge.resolved not in known:
                known.add(edge.resolved)
                seen.append(edge.resolved)
        index += 1
    return seen


def _page_incomplete(graph: ProjectGraph, pages: list[str]) -> bool:
    """A dynamic or external extends/include may bring the root: no conclusion then."""
    return any(edge.resolved is None for key in pages for edge in graph.templates[key].edges)
