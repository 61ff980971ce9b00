"""DJ601 deprecated-at-event-syntax, DJ614 deprecated-data-dj-id, DJ615 legacy-root-attribute.

All three are attributes djust renamed: one query (attributes by exact name on
live elements) serves them, each rule choosing which names are old and what
replaced them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from ...core.findings import Finding, Severity
from ...core.model import Attribute, Element, TemplateInfo
from ..base import Example, Rule, RuleContext
from ._common import ancestors, checked_templates

if TYPE_CHECKING:
    pass

_HANDLER_NAME = re.compile(r"\s*[A-Za-z_][A-Za-z0-9_]*\s*\Z")


class _RenamedAttribute(Rule):
    """Reports attributes whose exact (case-insensitive) name djust renamed."""

    renamed: ClassVar[dict[str, str]]
    """Old attribute name -> the name that replaced it."""

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            info = node.info
            for index, element in enumerate(info.elements):
                for attr in element.attributes:
                    new = self.renamed.get(attr.name.lower())
                    if new is not None and self.applies(info, index, element, attr):
                        yield self.finding(
                            node.path,
                            attr.name_span,
                            f"'{attr.name}' is the pre-1.0 spelling; djust reads '{new}'",
                            replacement=new,
                        )

    def applies(self, info: TemplateInfo, index: int, element: Element, attr: Attribute) -> bool:
        return True


class DeprecatedAtEventSyntax(_RenamedAttribute):
    """## What it does
    Reports `@click="save"`, `@submit="..."` and the other `@event` attributes
    of djust's pre-1.0 syntax.

    ## Why is this bad?
    The djust client only reads `dj-*` attributes: an `@click` binding is
    never sent, so the button silently does nothing.

    Unlike djust's regex, Alpine.js markup is left alone: an `@click` inside
    an element with `x-data` (or on it), or whose value is a JavaScript
    expression rather than a handler name, belongs to Alpine.

    djust reports this as `djust.T001` (warning).

    ## Example
    ```html
    <button @click="save">Save</button>
    ```

    ## Use instead
    ```html
    <button dj-click="save">Save</button>
    ```
    """

    code = "DJ601"
    name = "deprecated-at-event-syntax"
    severity = Severity.WARNING
    summary = "`@click=` and friends are the old syntax; use `dj-click=`"
    djust_equivalent = "djust.T001 deprecated '@click' syntax"
    djust_ids = ("djust.T001",)
    renamed = {
        f"@{event}": f"dj-{event}"
        for event in ("click", "input", "change", "submit", "blur", "focus", "keydown", "keyup", "mouseenter", "mouseleave")
    }
    VALID = [
        Example({"app/templates/app/a.html": '<div dj-root>\n  <button dj-click="save">Save</button>\n</div>\n'}),
        Example(
            {"app/templates/app/b.html": '<div x-data="{open: false}">\n  <button @click="open = !open">Menu</button>\n  <a @click="toggle">x</a>\n</div>\n'},
            note="Alpine.js: inside x-data, or a JavaScript expression",
        ),
        Example({"app/templates/app/c.html": '{# <button @click="save"> #}\n<!-- <button @click="save"> -->\n'}),
    ]
    INVALID = [
        Example(
            {"app/templates/app/a.html": '<div dj-root>\n  <button @click="save">Save</button>\n  <input @change="update">\n</div>\n'},
            expect=(("app/templates/app/a.html", 2, 11), ("app/templates/app/a.html", 3, 10)),
            messages=(
                "'@click' is the pre-1.0 spelling; djust reads 'dj-click'",
                "'@change' is the pre-1.0 spelling; djust reads 'dj-change'",
            ),
        )
    ]

    def applies(self, info: TemplateInfo, index: int, element: Element, attr: Attribute) -> bool:
        if attr.value is None or not _HANDLER_NAME.match(attr.value):
            return False
        return not any(_is_alpine_scope(e) for e in (element, *ancestors(info, index)))


def _is_alpine_scope(element: Element) -> bool:
    return any(a.name.lower() == "x-data" for a in element.attributes)


class DeprecatedDataDjId(_RenamedAttribute):
    """## What it does
    Reports the `data-dj-id` attribute, which djust 1.0 renamed to `dj-id`.

    ## Why is this bad?
    `data-dj-id` was djust's internal VDOM id before 1.0; the 1.x client
    tracks `dj-id`, so hand-written or copied `data-dj-id` markup is stale
    and patches can land on the wrong node.

    djust reports this as `djust.T014` (warning).

    ## Example
    ```html
    <li data-dj-id="row-1">...</li>
    ```

    ## Use instead
    ```html
    <li dj-id="row-1">...</li>
    ```
    """

    code = "DJ614"
    name = "deprecated-data-dj-id"
    severity = Severity.WARNING
    summary = "`data-dj-id` was renamed to `dj-id` in djust 1.0"
    djust_equivalent = "djust.T014 deprecated 'data-dj-id' attribute"
    djust_ids = ("djust.T014",)
    renamed = {"data-dj-id": "dj-id"}
    VALID = [
        Example({"app/templates/app/a.html": '<ul dj-root>\n  <li dj-id="r1" data-dj-identity="x">a</li>\n</ul>\n'}),
    ]
    INVALID = [
        Example(
            {"app/templates/app/a.html": '<ul dj-root>\n  <li data-dj-id="r1">a</li>\n</ul>\n'},
            expect=(("app/templates/app/a.html", 2, 7),),
            messages=("'data-dj-id' is the pre-1.0 spelling; djust reads 'dj-id'",),
        )
    ]


class LegacyRootAttribute(_RenamedAttribute):
    """## What it does
    Reports `data-djust-root` and `data-djust-view`, the pre-1.0 names of the
    LiveView root markers.

    ## Why is this bad?
    djust 1.0 renamed them to `dj-root` and `dj-view`; the client no longer
    looks for the old names, so the page never connects over the WebSocket
    and every event is dead. Sibling attributes such as `data-djust-embedded`
    are not affected.

    djust reports this as `djust.T015` (warning).

    ## Example
    ```html
    <div data-djust-root data-djust-view="shop.views.Cart">
    ```

    ## Use instead
    ```html
    <div dj-root dj-view="shop.views.Cart">
    ```
    """

    code = "DJ615"
    name = "legacy-root-attribute"
    severity = Severity.ERROR
    summary = "`data-djust-root`/`data-djust-view` are the pre-1.0 root markers"
    djust_equivalent = "djust.T015 legacy root attribute"
    djust_ids = ("djust.T015",)
    renamed = {"data-djust-root": "dj-root", "data-djust-view": "dj-view"}
    VALID = [
        Example({"app/templates/app/a.html": '<div dj-root data-djust-embedded="1" data-djust-view-model="x">\n</div>\n'}),
    ]
    INVALID = [
        Example(
            {"app/templates/app/a.html": '<div data-djust-root\n     data-djust-view="app.views.A">\n</div>\n'},
            expect=(("app/templates/app/a.html", 1, 6), ("app/templates/app/a.html", 2, 6)),
            messages=(
                "'data-djust-root' is the pre-1.0 spelling; djust reads 'dj-root'",
                "'data-djust-view' is the pre-1.0 spelling; djust reads 'dj-view'",
            ),
        )
    ]
