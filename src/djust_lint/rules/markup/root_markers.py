"""DJ602 root-without-dj-root, DJ605 view-root-split, DJ613 invalid-dj-view, DJ617 root-on-table-section.

They all look at the LiveView root markers (`dj-view`, `dj-root`) by exact
attribute name, so `dj-viewport-top` or `dj-view-transitions` never count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ...core.model import Attribute, Element
from ..base import Example, Rule, RuleContext
from ._common import attribute, checked_templates, is_html

if TYPE_CHECKING:
    from ...graph.model import TemplateNode

_TABLE_SECTIONS = ("tbody", "thead", "tfoot", "colgroup", "caption", "col", "tr", "td", "th")
#: ``{{ x }}`` names djust's docs once presented as framework-provided; djust never sets them.
_PHANTOM_VIEW_VARIABLE = re.compile(r"\s*\{\{\s*(dj_view_id|view_name|view_id)\s*\}\}\s*\Z")


@dataclass(slots=True)
class RootMarkers:
    """The elements of one template carrying ``dj-view`` and/or ``dj-root``."""

    view_only: list[tuple[Element, Attribute]] = field(default_factory=list)
    root_only: list[Element] = field(default_factory=list)
    both: list[Element] = field(default_factory=list)


def root_markers(node: TemplateNode) -> RootMarkers:
    markers = RootMarkers()
    for element in node.info.elements:
        view, root = attribute(element, "dj-view"), attribute(element, "dj-root")
        if view is not None and root is not None:
            markers.both.append(element)
        elif view is not None:
            markers.view_only.append((element, view))
        elif root is not None:
            markers.root_only.append(element)
    return markers


def extends_something(node: TemplateNode) -> bool:
    return any(tag.name == "extends" for tag in node.info.tags)


class RootWithoutDjRoot(Rule):
    """## What it does
    Reports a template with a `dj-view` root but no `dj-root` anywhere (and no
    `{% extends %}` that could provide it).

    ## Why is this bad?
    It is not: djust infers `dj-root` from `dj-view` on both server and
    client. This is advice for explicitness only, so the rule is off by
    default; select it (`--select DJ602`) to get djust's notice.

    djust reports this as `djust.T002` (info).

    ## Example
    ```html
    <div dj-view="shop.views.Cart">...</div>
    ```

    ## Use instead
    ```html
    <div dj-root dj-view="shop.views.Cart">...</div>
    ```
    """

    code = "DJ602"
    name = "root-without-dj-root"
    severity = Severity.INFO
    summary = "`dj-view` root without an explicit `dj-root` (inferred; advice only)"
    djust_equivalent = "djust.T002 LiveView template does not have explicit 'dj-root'"
    djust_ids = ("djust.T002",)
    VALID = [
        Example({"app/templates/app/a.html": '<div dj-root dj-view="app.views.A">\n</div>\n'}),
        Example({"app/templates/app/b.html": '{% extends "base.html" %}\n<div dj-view="app.views.A"></div>\n'}),
        Example({"app/templates/app/c.html": '<div dj-viewport-top="more">\n</div>\n'}),
    ]
    INVALID = [
        Example(
            {"app/templates/app/a.html": '<main>\n  <div dj-view="app.views.A"></div>\n</main>\n'},
            expect=(("app/templates/app/a.html", 2, 8),),
            messages=("no explicit dj-root; djust infers it from dj-view (add dj-root for clarity)",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            markers = root_markers(node)
            if markers.view_only and not markers.root_only and not markers.both and not extends_something(node):
                yield self.finding(
                    node.path,
                    markers.view_only[0][1].name_span,
                    "no explicit dj-root; djust infers it from dj-view (add dj-root for clarity)",
                )


class ViewRootSplit(Rule):
    """## What it does
    Reports a template where `dj-view` and `dj-root` sit on different
    elements and no element carries both.

    ## Why is this bad?
    djust mounts the view on the `dj-root` element and stamps its `dj-view`
    there; a `dj-view` elsewhere names a second, separate root, so events
    inside one of them go to the wrong place or nowhere.

    djust reports this as `djust.T005` (warning). Its check matches
    `dj-view` inside `dj-viewport-top`; this rule compares attribute names.

    ## Example
    ```html
    <div dj-root>
      <section dj-view="shop.views.Cart">...</section>
    </div>
    ```

    ## Use instead
    ```html
    <div dj-root dj-view="shop.views.Cart">...</div>
    ```
    """

    code = "DJ605"
    name = "view-root-split"
    severity = Severity.WARNING
    summary = "`dj-view` and `dj-root` are on different elements"
    djust_equivalent = "djust.T005 dj-view and dj-root are on different elements"
    djust_ids = ("djust.T005",)
    VALID = [
        Example({"app/templates/app/a.html": '<div dj-root dj-view="app.views.A">\n  <ul dj-viewport-top="more"></ul>\n</div>\n'}),
    ]
    INVALID = [
        Example(
            {"app/templates/app/a.html": '<div dj-root>\n  <section dj-view="app.views.A"></section>\n</div>\n'},
            expect=(("app/templates/app/a.html", 2, 12),),
            messages=("dj-view and dj-root are on different elements; put both on the root element",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            markers = root_markers(node)
            if markers.view_only and markers.root_only and not markers.both:
                yield self.finding(
                    node.path,
                    markers.view_only[0][1].name_span,
                    "dj-view and dj-root are on different elements; put both on the root element",
                )


class InvalidDjView(Rule):
    """## What it does
    Reports `dj-view` values that cannot name a view: empty, without a dot
    (not a dotted path), or one of the variables `{{ dj_view_id }}`,
    `{{ view_name }}`, `{{ view_id }}` that djust's old docs presented as
    framework-provided but djust never sets.

    ## Why is this bad?
    The attribute renders empty or as a bare word, and the client refuses to
    mount the view (only a console warning), so the page is dead. Other
    `{{ }}` values are the project's own variables and are not reported; a
    dotted path to a class that does not exist is DJ203's business.

    djust reports this as `djust.T013` (warning); it only reads
    double-quoted values, this rule reads every quoting style.

    ## Example
    ```html
    <div dj-root dj-view="{{ dj_view_id }}">
    ```

    ## Use instead
    ```html
    <div dj-root>  <!-- djust stamps dj-view itself -->
    ```
    """

    code = "DJ613"
    name = "invalid-dj-view"
    severity = Severity.ERROR
    summary = "`dj-view` is empty, not a dotted path, or a variable djust never provides"
    djust_equivalent = "djust.T013 dj-view has empty or invalid value"
    djust_ids = ("djust.T013",)
    VALID = [
        Example({"app/templates/app/a.html": '<div dj-root dj-view="app.views.A"></div>\n<div dj-view="{{ view_path }}"></div>\n'}),
    ]
    INVALID = [
        Example(
            {
                "app/templates/app/a.html": (
                    '<div dj-root dj-view="{{ dj_view_id }}"></div>\n'
                    "<div dj-view=''></div>\n"
                    '<div dj-view="Dashboard"></div>\n'
                )
            },
            expect=(("app/templates/app/a.html", 1, 14), ("app/templates/app/a.html", 2, 6), ("app/templates/app/a.html", 3, 6)),
            messages=(
                'dj-view="{{ dj_view_id }}" names a variable djust never provides; it renders empty and the view cannot mount (use dj-root and let djust stamp dj-view)',
                "dj-view is empty; the view cannot mount (give the dotted path, e.g. 'app.views.MyView')",
                "dj-view 'Dashboard' is not a dotted path like 'app.views.MyView'; the view cannot mount",
            ),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            for element in node.info.elements:
                attr = attribute(element, "dj-view")
                if attr is None:
                    continue
                problem = _dj_view_problem(attr.value or "")
                if problem:
                    yield self.finding(node.path, attr.name_span, problem)


def _dj_view_problem(value: str) -> str | None:
    phantom = _PHANTOM_VIEW_VARIABLE.match(value)
    if phantom:
        return (
            f"dj-view=\"{{{{ {phantom.group(1)} }}}}\" names a variable djust never provides; it renders "
            "empty and the view cannot mount (use dj-root and let djust stamp dj-view)"
        )
    if "{{" in value or "{%" in value:
        return None
    if not value.strip():
        return "dj-view is empty; the view cannot mount (give the dotted path, e.g. 'app.views.MyView')"
    if "." not in value:
        return f"dj-view '{value.strip()}' is not a dotted path like 'app.views.MyView'; the view cannot mount"
    return None


class RootOnTableSection(Rule):
    """## What it does
    Reports `dj-view`/`dj-root` on a table-section element (`<tbody>`,
    `<thead>`, `<tfoot>`, `<tr>`, `<td>`, `<th>`, `<caption>`, `<col>`,
    `<colgroup>`).

    ## Why is this bad?
    The root is parsed on its own at render time, and the HTML parser
    foster-parents table-section elements out of the tree: the rendered
    view silently loses all its rows, with no error.

    djust reports this as `djust.T017` (warning).

    ## Example
    ```html
    <table><tbody dj-root>{% for row in rows %}<tr>...</tr>{% endfor %}</tbody></table>
    ```

    ## Use instead
    ```html
    <div dj-root><table><tbody>{% for row in rows %}<tr>...</tr>{% endfor %}</tbody></table></div>
    ```
    """

    code = "DJ617"
    name = "root-on-table-section"
    severity = Severity.ERROR
    summary = "`dj-view`/`dj-root` on a table-section element renders without its rows"
    djust_equivalent = "djust.T017 dj-view/dj-root on a table-section element"
    djust_ids = ("djust.T017",)
    VALID = [
        Example({"app/templates/app/a.html": '<div dj-root>\n<table><tbody><tr dj-viewport-top="x"><td>1</td></tr></tbody></table>\n</div>\n'}),
    ]
    INVALID = [
        Example(
            {"app/templates/app/a.html": "<table>\n  <TBODY class=\"rows\" dj-root>\n  </TBODY>\n</table>\n"},
            expect=(("app/templates/app/a.html", 2, 23),),
            messages=("dj-root on <tbody>: table-section elements are foster-parented out of the tree at render time; put it on the <table> or a wrapping <div>",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            for element in node.info.elements:
                if not is_html(element, *_TABLE_SECTIONS):
                    continue
                for name in ("dj-view", "dj-root"):
                    attr = attribute(element, name)
                    if attr is not None:
                        yield self.finding(
                            node.path,
                            attr.name_span,
                            f"{name} on <{element.tag.lower()}>: table-section elements are foster-parented "
                            "out of the tree at render time; put it on the <table> or a wrapping <div>",
                        )
