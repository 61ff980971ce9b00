"""DJ707 sticky-child-parent-no-snapshot (djust.V011) and DJ708 sticky-child-own-dj-view (djust.V012)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ...readers.template_expressions import split_bits
from ..base import Example, Rule, RuleContext
from ._common import attr_truth

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph, ViewNode

_FALSY = frozenset({"False", "None", "0", '""', "''"})


def _project(child_snapshot: str, parent_snapshot: str, child_root: str = "<div>") -> dict[str, str]:
    return {
        "app/views.py": f'''from djust import LiveView


class Player(LiveView):
    template_name = "app/player.html"
    sticky = True
    sticky_id = "player"
    enable_state_snapshot = {child_snapshot}


class Page(LiveView):
    template_name = "app/page.html"
    enable_state_snapshot = {parent_snapshot}
''',
        "app/templates/app/player.html": f"{child_root}<audio></audio></div>\n",
        "app/templates/app/page.html": '<main dj-view="app.views.Page">\n  {% live_render "app.views.Player" sticky=True %}\n</main>\n',
    }


def sticky_embeds(graph: ProjectGraph) -> Iterator[tuple[str, object, ViewNode]]:
    """``(template key, tag, child view)`` for every ``{% live_render "x.Y" sticky=... %}`` with a true sticky."""
    for key, node in graph.templates.items():
        for tag in node.info.tags:
            if tag.name != "live_render":
                continue
            bits = split_bits(tag.args)
            if not bits or bits[0][0][:1] not in "\"'" or not _sticky(bits[1:]):
                continue
            child = graph.views.get(bits[0][0][1:-1])
            if child is not None:
                yield key, tag, child


def _sticky(bits: list[tuple[str, int]]) -> bool:
    """``sticky=<value>`` with a value that is not literally false (a variable counts, as in djust)."""
    for bit, _ in bits:
        name, sep, value = bit.partition("=")
        if sep and name == "sticky":
            return value.strip() not in _FALSY
    return False


class StickyChildParentNoSnapshot(Rule):
    """## What it does
    Reports a `{% live_render "..." sticky=True %}` whose child view sets
    `enable_state_snapshot = True` (and a `sticky_id`) while a view rendering
    the embedding template does not.

    ## Why is this bad?
    A sticky child is restored across a WebSocket reconnect only when both
    the child and its embedding parent opt in; otherwise its state is
    silently dropped on reconnect.

    ## Example
    ```python
    class Page(LiveView):                 # renders {% live_render "app.views.Player" sticky=True %}
        template_name = "app/page.html"
    ```

    ## Use instead
    ```python
    class Page(LiveView):
        template_name = "app/page.html"
        enable_state_snapshot = True
    ```

    djust reports this as `djust.V011` at the child class and finds the
    parent only by an exact `template_name`; djust-lint reports at the
    embedding tag and also finds parents that render the template through
    `{% extends %}`/`{% include %}` or inline templates. Attributes set to a
    non-literal expression are not judged.
    """

    code = "DJ707"
    name = "sticky-child-parent-no-snapshot"
    severity = Severity.WARNING
    summary = "Sticky child opts into state snapshots but its parent does not"
    djust_equivalent = "djust.V011: embedding parent does not opt in"
    djust_ids = ("djust.V011",)
    VALID = [Example(_project("True", "True")), Example(_project("False", "False"))]
    INVALID = [
        Example(
            _project("True", "False"),
            expect=(("app/templates/app/page.html", 2, 3),),
            messages=("sticky child Player sets enable_state_snapshot = True but embedding view(s) app.views.Page do not; its state is dropped on reconnect",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for key, tag, child in sticky_embeds(graph):
            if not (attr_truth(graph, child, "enable_state_snapshot") and attr_truth(graph, child, "sticky_id")):
                continue
            parents = [
                q for q in graph.templates[key].rendered_by
                if q in graph.views and attr_truth(graph, graph.views[q], "enable_state_snapshot") is False
            ]
            if parents:
                yield self.finding(
                    graph.templates[key].path,
                    tag.span,  # type: ignore[attr-defined]
                    f"sticky child {child.name} sets enable_state_snapshot = True but embedding view(s) "
                    f"{', '.join(sorted(parents))} do not; its state is dropped on reconnect",
                    view=child.qualname,
                )


class StickyChildOwnDjView(Rule):
    """## What it does
    Reports a `dj-view` attribute in the template of a sticky LiveView
    (`sticky = True`).

    ## Why is this bad?
    `{% live_render ... sticky=True %}` wraps the child in an element that
    already carries `dj-view`; a second `dj-view` inside it breaks the
    child's client-side mount and none of its events bind.

    ## Example
    ```html
    <div dj-view="app.views.Player"><audio></audio></div>
    ```

    ## Use instead
    ```html
    <div><audio></audio></div>
    ```

    djust reports this as `djust.V012` by a regex over the template source.
    djust-lint checks real attributes (`dj-viewport` or a `dj-view` inside a
    comment or `{% verbatim %}` never match), follows inherited templates,
    `{% extends %}`/`{% include %}`, and points at the attribute itself.
    """

    code = "DJ708"
    name = "sticky-child-own-dj-view"
    severity = Severity.WARNING
    summary = "Sticky child template declares its own dj-view"
    djust_equivalent = "djust.V012: sticky child template declares its own 'dj-view'"
    djust_ids = ("djust.V012",)
    VALID = [
        Example(_project("True", "True")),
        Example(_project("True", "True", '<!-- <div dj-view dj-sticky-view="player"> --><div dj-viewport-top="more">')),
    ]
    INVALID = [
        Example(
            _project("True", "True", '<div dj-view="app.views.Player">'),
            expect=(("app/templates/app/player.html", 1, 6),),
            messages=("sticky view Player renders its own dj-view; the sticky wrapper already provides it — remove this attribute",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        reported: set[tuple[str, int, int]] = set()
        for view in graph.views.values():
            if view.kind != "live_view" or not attr_truth(graph, view, "sticky"):
                continue
            for key in view.renders:
                node = graph.templates[key]
                for element in node.info.elements:
                    for attr in element.attributes:
                        where = (node.path, attr.name_span.line, attr.name_span.column)
                        if attr.name.lower() != "dj-view" or where in reported:
                            continue
                        reported.add(where)
                        yield self.finding(
                            node.path,
                            attr.name_span,
                            f"sticky view {view.name} renders its own dj-view; the sticky wrapper already "
                            "provides it — remove this attribute",
                            view=view.qualname,
                        )
