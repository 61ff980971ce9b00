"""Queries shared by the template-check rules (djust's T0xx, A07x/A090 and Y0xx ids).

djust scans template files with regexes; these rules read the graph's parsed
templates instead, so attribute names match exactly (``dj-view`` is not
``dj-viewport``), commented-out markup and ``{% verbatim %}`` tag text are not
live, and inline ``template = \"\"\"...\"\"\"`` strings are checked too.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...core.model import Attribute, Element, Span, TemplateInfo
from ..common import in_selection

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph, TemplateNode

# ---------------------------------------------------------------------------
# Templates and elements
# ---------------------------------------------------------------------------


def checked_templates(graph: ProjectGraph) -> Iterator[TemplateNode]:
    """Templates (files and inline strings) findings may be reported for."""
    for node in graph.templates.values():
        if in_selection(graph, node.path):
            yield node


def attribute(element: Element, name: str) -> Attribute | None:
    """The first attribute called exactly ``name`` (HTML attribute names ignore case)."""
    for attr in element.attributes:
        if attr.name.lower() == name:
            return attr
    return None


def has_any(element: Element, names: frozenset[str]) -> bool:
    return any(attr.name.lower() in names for attr in element.attributes)


def is_html(element: Element, *tags: str) -> bool:
    """An HTML element (not a capitalised component tag) named one of ``tags``."""
    return not (element.tag[:1].isupper() and not element.tag.isupper()) and element.tag.lower() in tags


def ancestors(info: TemplateInfo, index: int) -> Iterator[Element]:
    parent = info.elements[index].parent
    while parent is not None:
        element = info.elements[parent]
        yield element
        parent = element.parent


def _start(span: Span) -> tuple[int, int]:
    return span.line, span.column


def _end(span: Span) -> tuple[int, int]:
    return span.end_line, span.end_column


class CodeIndex:
    """Where a template has ``{{ }}``/``{% %}`` code, for "is there code inside this range?".

    Built once per template (sorting is linear-ish); each query is two bisects.
    """

    def __init__(self, info: TemplateInfo) -> None:
        spans = sorted([v.span for v in info.variables] + [t.span for t in info.tags], key=_start)
        self._starts = [_start(s) for s in spans]

    def any_between(self, start: tuple[int, int], end: tuple[int, int]) -> bool:
        first = bisect.bisect_left(self._starts, start)
        return first < len(self._starts) and self._starts[first] < end

    def in_start_tag(self, element: Element) -> bool:
        """``<div {{ attrs }}>`` or ``<div {% if x %}...{% endif %}>``: attributes may come from code."""
        return self.any_between(_start(element.span), _end(element.span))


def has_marker_comment(info: TemplateInfo, marker: str) -> bool:
    """A Django comment whose text is ``marker`` (compared without spaces, case-insensitively)."""
    wanted = marker.replace(" ", "").lower()
    return any(c.kind == "django" and c.text.replace(" ", "").lower() == wanted for c in info.comments)


# ---------------------------------------------------------------------------
# Template source text (for what the reader does not model: text content, scripts)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TemplateText:
    """A template's source with the mapping between offsets and file spans."""

    text: str
    line_offset: int = 0
    column_offset: int = 0
    """Added to columns on the text's first line (inline templates)."""

    def line_starts(self) -> list[int]:
        return _line_starts(self.text)

    def offset(self, line: int, column: int) -> int:
        """Text offset of a file position."""
        local_line = line - self.line_offset
        if local_line == 1:
            column -= self.column_offset
        return self.line_starts()[local_line - 1] + column - 1

    def span(self, start: int, end: int) -> Span:
        starts = self.line_starts()
        line = bisect.bisect_right(starts, start) - 1
        span = Span.point(line + 1, start - starts[line] + 1, end - start)
        return span.shifted(self.line_offset, self.column_offset)


@functools.lru_cache(maxsize=256)
def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def template_text(graph: ProjectGraph, node: TemplateNode) -> TemplateText | None:
    """The source of a template, or ``None`` when unreadable or not mappable exactly.

    The graph keeps parsed templates, not their text; the few rules that need
    text (script bodies, element content) ask the graph for it (the editor's
    unsaved text when there is one).
    """
    if node.inline:
        cls = graph.index.classes.get(node.owner or "")
        source = cls.template if cls is not None else None
        if source is None or source.value is None or not source.exact_positions:
            return None
        return TemplateText(source.value, source.content_line - 1, source.content_column - 1)
    text = graph.source_text(node.path)
    return TemplateText(text) if text is not None else None
