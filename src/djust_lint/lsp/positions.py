"""Positions between the graph and the editor.

The graph counts 1-based lines and 1-based *characters* (code points), lines
split on ``\\n`` only; LSP counts 0-based lines and 0-based columns in the
code units the client negotiated (UTF-16 unless it offers UTF-8 or UTF-32).
Converting needs the text of the line, so every conversion goes through a
:class:`Converter` that holds the encoding and finds the text of a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lsprotocol import types

from ..core.model import Span


def _units(text: str, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass
class Converter:
    """Span <-> Range for the files of one project, in the client's encoding."""

    encoding: str
    text_of: Callable[[str], str | None]
    """Root-relative path -> the file's text as the editor has it."""
    _lines: dict[str, list[str]] = field(default_factory=dict)

    def lines(self, path: str) -> list[str]:
        lines = self._lines.get(path)
        if lines is None:
            lines = (self.text_of(path) or "").split("\n")
            self._lines[path] = lines
        return lines

    def position(self, path: str, line: int, column: int) -> types.Position:
        """1-based (line, character column) -> LSP position."""
        lines = self.lines(path)
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        if self.encoding == types.PositionEncodingKind.Utf32 or text.isascii():
            return types.Position(max(line - 1, 0), max(column - 1, 0))
        return types.Position(max(line - 1, 0), _units(text[: max(column - 1, 0)], self.encoding))

    def range(self, path: str, span: Span) -> types.Range:
        return types.Range(self.position(path, span.line, span.column), self.position(path, span.end_line, span.end_column))

    def location(self, uri: str, path: str, span: Span) -> types.Location:
        return types.Location(uri, self.range(path, span))

    def from_client(self, path: str, position: types.Position) -> tuple[int, int]:
        """LSP position -> 1-based (line, character column)."""
        lines = self.lines(path)
        line = position.line + 1
        text = lines[position.line] if position.line < len(lines) else ""
        if self.encoding == types.PositionEncodingKind.Utf32 or text.isascii():
            return line, position.character + 1
        units = 0
        for index, char in enumerate(text):
            if units >= position.character:
                return line, index + 1
            units += _units(char, self.encoding)
        return line, len(text) + 1

    def offset(self, path: str, line: int, column: int) -> int:
        """String offset of a 1-based (line, column) in the file's text."""
        lines = self.lines(path)
        return sum(len(item) + 1 for item in lines[: line - 1]) + column - 1


def span_of_whole(text: str) -> Span:
    """The span covering all of ``text`` (to replace a document wholesale)."""
    lines = text.split("\n")
    return Span(1, 1, len(lines), len(lines[-1]) + 1)
