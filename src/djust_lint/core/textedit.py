"""Span-based text edits: the one place positions become string offsets.

Rules declare fixes as :class:`~djust_lint.findings.Edit` spans (1-based line,
1-based character column, end exclusive); renames produce the same shape.
Applying them by offset touches nothing outside the spans, so every other
byte of the file (CRLF, tabs, non-ASCII text) stays identical by construction.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from .findings import Edit
from .model import Span

_NEWLINE = re.compile("\r\n?|\n")
"""Line ends as Python numbers them (and editors show them): LF, CRLF and a lone CR."""


class EditError(Exception):
    """An edit cannot be made: a precondition does not hold (the message says why).

    Raised by the edit helpers below every layer (libcst helpers, span edits);
    the codemods know it as ``PlanError``.
    """


class LineIndex:
    """Offsets of line starts in one text, so a (line, column) maps to an index in O(1)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]

    def offset(self, line: int, column: int) -> int:
        """String index of a 1-based (line, column); raises ``ValueError`` outside the text."""
        if line < 1 or line > len(self.starts) or column < 1:
            raise ValueError(f"position {line}:{column} is outside the file")
        index = self.starts[line - 1] + column - 1
        if index > len(self.text):
            raise ValueError(f"position {line}:{column} is outside the file")
        return index

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a string index (the inverse of :meth:`offset`), by bisection."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def range(self, span: Span) -> tuple[int, int]:
        start, end = self.offset(span.line, span.column), self.offset(span.end_line, span.end_column)
        if end < start:
            raise ValueError(f"span {span} ends before it starts")
        return start, end

    def slice(self, span: Span) -> str:
        start, end = self.range(span)
        return self.text[start:end]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two ranges conflict when they share a character, or are insertions at the same point."""
    if a == b:
        return True
    return a[0] < b[1] and b[0] < a[1]


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits of one file (raises ``ValueError`` on overlap or bad span)."""
    index = LineIndex(text)
    ranges = sorted(((*index.range(e.span), e.content) for e in edits), key=lambda r: (r[0], r[1]))
    for previous, current in zip(ranges, ranges[1:], strict=False):
        if overlaps(previous[:2], current[:2]):
            raise ValueError("overlapping edits")
    out: list[str] = []
    cursor = 0
    for start, end, content in ranges:
        out.append(text[cursor:start])
        out.append(content)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def group_by_path(edits: Iterable[Edit]) -> dict[str, list[Edit]]:
    grouped: dict[str, list[Edit]] = {}
    for edit in edits:
        grouped.setdefault(edit.path, []).append(edit)
    return grouped


_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def edits_between(path: str, old: str, new: str) -> tuple[Edit, ...]:
    """The smallest line-level edits turning ``old`` into ``new`` (lines end at ``\\n``, as in :class:`LineIndex`).

    Lets a transform written against a whole module (a libcst rewrite) be
    carried by a finding as plain span edits, which JSON, SARIF, MCP and
    editors all understand, and which touch nothing outside the changed lines.
    """
    import difflib

    a = _LINE.findall(old)
    b = _LINE.findall(new)

    def position(index: int) -> tuple[int, int]:
        if index < len(a) or not a or a[-1].endswith("\n"):
            return index + 1, 1
        return len(a), len(a[-1]) + 1  # the end of a last line without a newline

    edits: list[Edit] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        start, end = position(i1), position(i2)
        edits.append(Edit(path, Span(start[0], start[1], end[0], end[1]), "".join(b[j1:j2])))
    return tuple(edits)
