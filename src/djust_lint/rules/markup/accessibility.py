"""DJ641-DJ644: accessibility defects djust reports as Y001-Y004 (WCAG level A).

djust scans with regexes (``<button[^>]*>.*?</button>``); these rules use the
parsed elements, so attribute names are exact (``data-alt`` is not ``alt``),
labels are found through real nesting, markup in comments is ignored, and a
start tag with template code inside (``{{ attrs }}``, ``{% if %}``) is given
the benefit of the doubt, as djust does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ...core.model import Element, TemplateInfo
from ..base import Example, Rule, RuleContext
from ._common import (
    CodeIndex,
    TemplateText,
    ancestors,
    attribute,
    checked_templates,
    has_any,
    is_html,
    template_text,
)

if TYPE_CHECKING:
    pass

_NAMING_ATTRIBUTES = frozenset({"aria-label", "aria-labelledby", "title"})
_UNNAMED_INPUT_TYPES = frozenset({"hidden", "submit", "button", "reset", "image"})
_POSITIVE = re.compile(r"\s*\+?0*[1-9]\d*\s*\Z")
_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]+);")


class IconOnlyControl(Rule):
    """## What it does
    Reports a `<button>` or `<a href>` whose content is only icons (`<svg>`,
    `<i>`, `<span>` wrappers, images without `alt`, HTML entities) and
    which has no `aria-label`, `aria-labelledby` or `title`.

    ## Why is this bad?
    Screen-reader users hear nothing for the control (WCAG 4.1.2). Content
    with any text, a `{{ variable }}`, a template tag, an `<img alt="...">`
    or an `<svg><title>` gives a name and is not reported.

    djust reports this as `djust.Y001` (warning).

    ## Example
    ```html
    <button dj-click="close"><svg>...</svg></button>
    ```

    ## Use instead
    ```html
    <button dj-click="close" aria-label="Close"><svg>...</svg></button>
    ```
    """

    code = "DJ641"
    name = "icon-only-control"
    severity = Severity.WARNING
    summary = "icon-only button or link without an accessible name"
    djust_equivalent = "djust.Y001 <button>/<a> has no accessible name"
    djust_ids = ("djust.Y001",)
    VALID = [
        Example(
            {
                "app/templates/app/a.html": (
                    '<button aria-label="Close"><svg></svg></button>\n<button>Save</button>\n'
                    "<button>{{ label }}</button>\n<a>&times;</a>\n"
                    '<button><img src="x.png" alt="Close"></button>\n<button><svg><title>Close</title></svg></button>\n'
                )
            }
        )
    ]
    INVALID = [
        Example(
            {
                "app/templates/app/a.html": (
                    '<div>\n  <button dj-click="close"><svg viewBox="0 0 1 1"><path d="M0"/></svg></button>\n'
                    '  <a href="/x"><i class="fa fa-x"></i> {# icon #} &times;</a>\n</div>\n'
                )
            },
            expect=(("app/templates/app/a.html", 2, 3), ("app/templates/app/a.html", 3, 3)),
            messages=(
                "<button> has only icon content and no accessible name; add aria-label",
                "<a> has only icon content and no accessible name; add aria-label",
            ),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            info = node.info
            candidates = [i for i, e in enumerate(info.elements) if _needs_name(e)]
            if not candidates:
                continue
            source = template_text(graph, node)
            if source is None:
                continue
            code = CodeIndex(info)
            for index in candidates:
                element = info.elements[index]
                if not code.in_start_tag(element) and _icon_only(info, index, source, code):
                    yield self.finding(
                        node.path,
                        element.span,
                        f"<{element.tag.lower()}> has only icon content and no accessible name; add aria-label",
                    )


def _needs_name(element: Element) -> bool:
    if not is_html(element, "button", "a") or element.self_closing or not element.closed:
        return False
    if element.tag.lower() == "a" and attribute(element, "href") is None:
        return False
    return not has_any(element, _NAMING_ATTRIBUTES)


def _icon_only(info: TemplateInfo, index: int, source: TemplateText, code: CodeIndex) -> bool:
    """The control's content, up to its end tag, has no text, code or named child."""
    element = info.elements[index]
    start = source.offset(element.span.end_line, element.span.end_column)
    close = re.compile(rf"</{re.escape(element.tag)}\s*>", re.IGNORECASE).search(source.text, start)
    if close is None:
        return False
    end_span = source.span(close.start(), close.start())
    if code.any_between((element.span.end_line, element.span.end_column), (end_span.line, end_span.column)):
        return False
    children = [e for e in info.elements[index + 1 :] if _before(e, end_span.line, end_span.column)]
    if any(_names_parent(child) for child in children):
        return False
    inner = _without_comments(info, source, start, close.start())
    visible = _ENTITY.sub(" ", _TAG.sub(" ", inner))
    return not visible.strip()


def _before(element: Element, line: int, column: int) -> bool:
    return (element.span.line, element.span.column) < (line, column)


def _names_parent(child: Element) -> bool:
    """A child that gives its control a name: labelled, an image with alt text, an SVG title."""
    if has_any(child, _NAMING_ATTRIBUTES) or is_html(child, "title"):
        return True
    alt = attribute(child, "alt")
    return alt is not None and bool((alt.value or "").strip())


def _without_comments(info: TemplateInfo, source: TemplateText, start: int, end: int) -> str:
    pieces: list[str] = []
    cursor = start
    for comment in info.comments:
        c_start = source.offset(comment.span.line, comment.span.column)
        c_end = source.offset(comment.span.end_line, comment.span.end_column)
        if c_end <= cursor or c_start >= end:
            continue
        pieces.append(source.text[cursor:c_start])
        cursor = max(cursor, c_end)
    pieces.append(source.text[cursor:end])
    return "".join(pieces)


class ImageWithoutAlt(Rule):
    """## What it does
    Reports `<img>` without an `alt` attribute.

    ## Why is this bad?
    Screen readers announce the file name or nothing (WCAG 1.1.1). Use
    `alt=""` for a decorative image; that is correct and not reported.

    djust reports this as `djust.Y002` (warning); its regex accepts
    `data-alt` as `alt`, this rule does not.

    ## Example
    ```html
    <img src="{{ user.avatar }}">
    ```

    ## Use instead
    ```html
    <img src="{{ user.avatar }}" alt="{{ user.name }}">
    ```
    """

    code = "DJ642"
    name = "image-without-alt"
    severity = Severity.WARNING
    summary = "`<img>` without an `alt` attribute"
    djust_equivalent = "djust.Y002 <img> tag is missing an 'alt' attribute"
    djust_ids = ("djust.Y002",)
    VALID = [Example({"app/templates/app/a.html": '<img src="a.png" alt="">\n<img src="b.png" {{ attrs }}>\n<!-- <img src="c.png"> -->\n'})]
    INVALID = [
        Example(
            {"app/templates/app/a.html": '<p>\n  <img src="a.png" data-alt="x">\n</p>\n'},
            expect=(("app/templates/app/a.html", 2, 3),),
            messages=('<img> has no alt attribute (use alt="" if decorative)',),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            code: CodeIndex | None = None
            for element in node.info.elements:
                if not is_html(element, "img") or attribute(element, "alt") is not None:
                    continue
                code = code or CodeIndex(node.info)
                if not code.in_start_tag(element):
                    yield self.finding(node.path, element.span, "<img> has no alt attribute (use alt=\"\" if decorative)")


class UnlabelledFormControl(Rule):
    """## What it does
    Reports `<input>`, `<select>` and `<textarea>` with no label: no
    `<label for>` naming its `id` in the same template, no enclosing
    `<label>`, no `aria-label`, `aria-labelledby` or `title`. Inputs of type
    `hidden`, `submit`, `button`, `reset` and `image` are not reported.

    ## Why is this bad?
    Assistive technology announces nothing meaningful for the field
    (WCAG 1.3.1 / 3.3.2).

    djust reports this as `djust.Y003` (warning).

    ## Example
    ```html
    <input type="text" dj-model="query">
    ```

    ## Use instead
    ```html
    <label for="q">Search</label><input id="q" type="text" dj-model="query">
    ```
    """

    code = "DJ643"
    name = "unlabelled-form-control"
    severity = Severity.WARNING
    summary = "form control without a label"
    djust_equivalent = "djust.Y003 form control has no associated label"
    djust_ids = ("djust.Y003",)
    VALID = [
        Example(
            {
                "app/templates/app/a.html": (
                    '<label for="q">Search</label><input id="q">\n<label>Name <input type="text"></label>\n'
                    '<input type="hidden" name="x">\n<select aria-label="Size"></select>\n<input {{ attrs }}>\n'
                )
            }
        )
    ]
    INVALID = [
        Example(
            {"app/templates/app/a.html": '<form>\n  <input type="email" data-id="q">\n  <textarea id="t"></textarea>\n</form>\n'},
            expect=(("app/templates/app/a.html", 2, 3), ("app/templates/app/a.html", 3, 3)),
            messages=(
                "<input> has no label; add <label for=...>, wrap it in <label>, or aria-label",
                "<textarea> has no label; add <label for=...>, wrap it in <label>, or aria-label",
            ),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            info = node.info
            controls = [i for i, e in enumerate(info.elements) if _is_named_control(e)]
            if not controls:
                continue
            labelled_ids = _label_targets(info)
            code = CodeIndex(info)
            for index in controls:
                element = info.elements[index]
                if _has_label(info, index, labelled_ids) or code.in_start_tag(element):
                    continue
                yield self.finding(
                    node.path,
                    element.span,
                    f"<{element.tag.lower()}> has no label; add <label for=...>, wrap it in <label>, or aria-label",
                )


def _is_named_control(element: Element) -> bool:
    if not is_html(element, "input", "select", "textarea"):
        return False
    kind = attribute(element, "type")
    if kind is not None and (kind.dynamic or (kind.value or "").strip().lower() in _UNNAMED_INPUT_TYPES):
        return False
    return not has_any(element, _NAMING_ATTRIBUTES)


def _label_targets(info: TemplateInfo) -> set[str]:
    targets: set[str] = set()
    for element in info.elements:
        target = attribute(element, "for") if is_html(element, "label") else None
        if target is not None and target.value:
            targets.add(target.value.strip())
    return targets


def _has_label(info: TemplateInfo, index: int, labelled_ids: set[str]) -> bool:
    control_id = attribute(info.elements[index], "id")
    if control_id is not None and (control_id.dynamic or (control_id.value or "").strip() in labelled_ids):
        return True
    return any(is_html(parent, "label") for parent in ancestors(info, index))


class PositiveTabindex(Rule):
    """## What it does
    Reports a positive `tabindex` (`tabindex="3"`).

    ## Why is this bad?
    It moves the element ahead of everything else in the tab order, a
    confusing, hard-to-maintain focus order (WCAG 2.4.3). `tabindex="0"`
    and `tabindex="-1"` are fine.

    djust reports this as `djust.Y004` (warning).

    ## Example
    ```html
    <div tabindex="2">...</div>
    ```

    ## Use instead
    ```html
    <div tabindex="0">...</div>
    ```
    """

    code = "DJ644"
    name = "positive-tabindex"
    severity = Severity.WARNING
    summary = "positive `tabindex` overrides the natural focus order"
    djust_equivalent = "djust.Y004 positive tabindex"
    djust_ids = ("djust.Y004",)
    VALID = [Example({"app/templates/app/a.html": '<div tabindex="0"></div>\n<div tabindex="-1" data-tabindex="5"></div>\n<div tabindex="{{ i }}"></div>\n'})]
    INVALID = [
        Example(
            {"app/templates/app/a.html": "<ul>\n  <li tabindex=3>a</li>\n</ul>\n"},
            expect=(("app/templates/app/a.html", 2, 7),),
            messages=('tabindex="3" overrides the natural focus order; use 0 or -1',),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            for element in node.info.elements:
                attr = attribute(element, "tabindex")
                if attr is not None and not attr.dynamic and attr.value and _POSITIVE.match(attr.value):
                    yield self.finding(
                        node.path,
                        attr.name_span,
                        f'tabindex="{attr.value.strip()}" overrides the natural focus order; use 0 or -1',
                    )
