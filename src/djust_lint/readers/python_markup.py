"""HTML built in Python strings: the ``dj-*`` bindings of components and form adapters.

Components and form adapters render markup in Python (``return f'<button
dj-click="pick({i})" ...>'``, ``html += f"dj-change=\\"validate_field('{name}',
value)\\""``). Those bindings are as real as a template's, so every string
literal holding a ``dj-`` attribute is read as a small template:

* the literal's *runtime* text is rebuilt from its source (escapes decoded,
  implicit concatenation joined), keeping for every character the file
  position it came from, so findings point into the ``.py`` file exactly;
* f-string fields, ``{}``-format fields and ``%s`` placeholders become
  ``{{ }}`` template code: dynamic, never reported as dead;
* a fragment that starts inside a start tag (the ``html +=`` style) gets a
  synthetic ``<x `` so the template reader sees an element;
* an attribute whose quoted value does not close inside the literal (the rest
  comes from another expression) is dropped: it cannot be judged.

Docstrings are documentation, not markup, and are skipped, as are test
assertions about markup and the strings a class already renders as its
inline template. Only handler bindings are taken from these fragments (the
graph builder decides): other ``dj-*`` attributes in Python strings are too
often examples in messages and tests.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Callable, Iterator

from ..core.model import Span, TemplateInfo

_PREFIX = re.compile(r"([rRbBuUfF]{0,2})('''|\"\"\"|'|\")")
_FORMAT_FIELD = re.compile(r"\{[A-Za-z0-9_.\[\]]*(![rsa])?(:[^{}]*)?\}|%(\([A-Za-z_]\w*\))?[-#0 +]*\d*(\.\d+)?[sdifr]")


def _placeholder(width: int) -> str:
    """Template code as wide as the source it stands for (``{name}`` -> ``{{xx}}``), at least ``{{x}}``."""
    return "{{" + "x" * max(width - 4, 1) + "}}"

_SIMPLE_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_START_OF_TAG = re.compile(r"<[A-Za-z]")
_SCOPES = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
#: A ``dj-*`` attribute name followed by ``=`` or ending the literal (``'... dj-click' + '="x"'``).
_DJ_NAME = re.compile(r"\bdj-[a-z][a-z0-9-]*(\.[a-z0-9-]+)*\s*(=|$)", re.I)
_DJ_ATTRIBUTE = re.compile(r"\bdj-[a-z][a-z0-9-]*(\.[a-z0-9-]+)*\s*=", re.I)

#: What ends a run of characters that stand for themselves in a literal: (first quote char, raw, f-string).
_RUN_STOP = {
    (quote, raw, formatted): re.compile(
        "[" + re.escape(quote) + ("" if raw else "\\\\") + ("{}" if formatted else "") + "]"
    )
    for quote in "'\""
    for raw in (False, True)
    for formatted in (False, True)
}

Position = tuple[int, int]
"""(1-based file line, 1-based file column) of one character."""


def markup_fragments(
    tree: ast.Module,
    lines: list[str],
    path: str,
    module: str,
    read: Callable[..., TemplateInfo],
) -> list[TemplateInfo]:
    """Every string literal with a ``dj-*`` attribute, read as a template in file coordinates.

    ``lines`` are the file's lines (for positions); ``read`` is the template
    reader's ``read_template``. ``inline_owner`` of each result is the class
    whose method builds the string (``None`` at module level).
    """
    hot = [number for number, line in enumerate(lines, 1) if "dj-" in line]
    fragments = []
    for node, owner in _literals(tree, module, hot):
        built = _runtime_text(node, lines)
        if built is None:
            continue
        text, positions = built
        if not _DJ_ATTRIBUTE.search(text):
            continue
        text, positions = _open_tag(text, positions)
        info = read(text, path=path, inline_owner=owner)
        try:
            fragments.append(_in_file_coordinates(info, text, positions))
        except (IndexError, ValueError):  # positions we cannot map back: leave the literal out
            continue
    return [f for f in fragments if f.elements]


# ---------------------------------------------------------------------------
# Which literals
# ---------------------------------------------------------------------------


def _literals(
    tree: ast.Module, module: str, hot: list[int]
) -> Iterator[tuple[ast.Constant | ast.JoinedStr, str | None]]:
    """String literals that may hold markup, with the qualname of the enclosing class.

    ``hot`` are the (sorted) lines containing ``dj-``: subtrees that span
    none of them are skipped, so a big module costs a few node visits.
    """
    stack: list[tuple[ast.AST, str | None, str]] = [(tree, None, module)]
    while stack:
        node, owner, prefix = stack.pop()
        docstring = _docstring_node(node) if isinstance(node, _SCOPES) else None
        for child in ast.iter_child_nodes(node):
            first = getattr(child, "lineno", None)
            if first is not None and not _spans_hot_line(hot, first, getattr(child, "end_lineno", None) or first):
                continue
            if child is docstring or isinstance(child, (ast.Assert, ast.Compare)):
                continue  # documentation, and test assertions about markup (not markup sent anywhere)
            if isinstance(node, ast.ClassDef) and _is_inline_template(child):
                continue  # ``template = "..."`` / ``get_template()``: read as the class's template already
            if isinstance(child, ast.ClassDef):
                qualname = f"{prefix}.{child.name}"
                stack.append((child, qualname, qualname))
            elif isinstance(child, ast.JoinedStr):
                text = "".join(str(v.value) for v in child.values if isinstance(v, ast.Constant))
                if "dj-" in text and _DJ_NAME.search(text):
                    yield child, owner
            elif isinstance(child, ast.Constant):
                if isinstance(child.value, str) and "dj-" in child.value and _DJ_NAME.search(child.value):
                    yield child, owner
            else:
                stack.append((child, owner, prefix))


def _spans_hot_line(hot: list[int], first: int, last: int) -> bool:
    index = bisect.bisect_left(hot, first)
    return index < len(hot) and hot[index] <= last


def _is_inline_template(statement: ast.AST) -> bool:
    """A class body's ``template = ...`` or ``get_template`` definition."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return statement.name == "get_template"
    targets = statement.targets if isinstance(statement, ast.Assign) else [getattr(statement, "target", None)]
    return isinstance(statement, (ast.Assign, ast.AnnAssign)) and any(
        isinstance(t, ast.Name) and t.id == "template" for t in targets
    )


def _docstring_node(node: ast.AST) -> ast.AST | None:
    body = getattr(node, "body", None)
    if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) or not body:
        return None
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return first
    return None


# ---------------------------------------------------------------------------
# Runtime text with file positions
# ---------------------------------------------------------------------------


def _runtime_text(node: ast.Constant | ast.JoinedStr, lines: list[str]) -> tuple[str, list[Position]] | None:
    """The string's value (fields as ``{{ x }}``) and each character's file position; None if unreadable."""
    if node.end_lineno is None or node.end_col_offset is None:
        return None
    reader = _LiteralScanner(lines, node.lineno, _char_column(lines, node.lineno, node.col_offset),
                             node.end_lineno, _char_column(lines, node.end_lineno, node.end_col_offset))  # fmt: skip
    try:
        text, positions = reader.run()
    except _Unreadable:
        return None
    if isinstance(node, ast.Constant):
        text, positions = _mask_format_fields(text, positions)
    return text, positions


def _char_column(lines: list[str], line: int, byte_offset: int) -> int:
    """0-based character column of an ``ast`` UTF-8 byte offset."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if text.isascii():
        return byte_offset
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="replace"))


class _Unreadable(Exception):
    pass


class _LiteralScanner:
    """Walks the source of one (possibly implicitly concatenated) string literal."""

    def __init__(self, lines: list[str], line: int, column: int, end_line: int, end_column: int) -> None:
        self.lines = lines
        self.line, self.column = line, column
        self.end = (end_line, end_column)
        self.text: list[str] = []
        self.positions: list[Position] = []

    def char(self) -> str:
        row = self.lines[self.line - 1] if 0 < self.line <= len(self.lines) else ""
        return row[self.column] if self.column < len(row) else "\n"

    def advance(self, count: int = 1) -> None:
        for _ in range(count):
            row = self.lines[self.line - 1] if 0 < self.line <= len(self.lines) else ""
            if self.column >= len(row):
                self.line, self.column = self.line + 1, 0
            else:
                self.column += 1

    def here(self) -> Position:
        return self.line, self.column + 1

    def done(self) -> bool:
        return (self.line, self.column) >= self.end

    def emit(self, text: str, position: Position) -> None:
        self.text.append(text)
        self.positions.extend([position] * len(text))

    def run(self) -> tuple[str, list[Position]]:
        while not self.done():
            char = self.char()
            if char in " \t\n\\()":
                self.advance()
            elif char == "#":
                self.column = len(self.lines[self.line - 1])
            else:
                self.piece()
        return "".join(self.text), self.positions

    def rest_of_line(self) -> str:
        row = self.lines[self.line - 1] if 0 < self.line <= len(self.lines) else ""
        return row[self.column :]

    def piece(self) -> None:
        match = _PREFIX.match(self.rest_of_line())
        if match is None:
            raise _Unreadable
        prefix, quote = match.group(1).lower(), match.group(2)
        if "b" in prefix:
            raise _Unreadable
        self.advance(match.end())
        raw, formatted = "r" in prefix, "f" in prefix
        while True:
            if self.done():
                raise _Unreadable
            if self.rest_of_line().startswith(quote):
                self.advance(len(quote))
                return
            if self.plain_run(quote[0], raw, formatted):
                continue
            char, position = self.char(), self.here()
            if char == "\\" and not raw:
                self.escape(position)
            elif formatted and char == "{":
                self.advance()
                if self.char() == "{":
                    self.advance()
                    self.emit("{", position)
                else:
                    self.field()
                    width = self.column - position[1] + 1 if self.line == position[0] else 0
                    self.emit(_placeholder(width), position)
            elif formatted and char == "}":
                self.advance()
                if self.char() == "}":
                    self.advance()
                self.emit("}", position)
            else:
                self.advance()
                self.emit(char, position)

    def plain_run(self, quote: str, raw: bool, formatted: bool) -> bool:
        """Take the ordinary characters from here to the next quote, escape, brace or line end at once.

        They map one to one onto consecutive columns, so a literal costs one
        step per run instead of several calls per character; whatever stops
        the run is left to :meth:`piece`. False when there is no such run here.
        """
        row = self.lines[self.line - 1] if 0 < self.line <= len(self.lines) else ""
        start = self.column
        stop = _RUN_STOP[quote, raw, formatted].search(row, start)
        end = stop.start() if stop is not None else len(row)
        if self.line == self.end[0]:
            end = min(end, self.end[1])
        if end <= start:
            return False
        line = self.line
        self.text.append(row[start:end])
        self.positions.extend([(line, column) for column in range(start + 1, end + 1)])
        self.column = end
        return True

    def escape(self, position: Position) -> None:
        self.advance()
        char = self.char()
        if char == "\n":
            self.advance()
            return
        if char in _SIMPLE_ESCAPES:
            self.advance()
            self.emit(_SIMPLE_ESCAPES[char], position)
            return
        width = {"x": 3, "u": 5, "U": 9}.get(char)
        if width is not None:
            self.advance(width)
            self.emit("?", position)
            return
        if char == "N" and self.rest_of_line().startswith("N{"):
            close = self.rest_of_line().find("}")
            self.advance(close + 1 if close >= 0 else 1)
            self.emit("?", position)
            return
        if char in "01234567":
            digits = re.match(r"[0-7]{1,3}", self.rest_of_line())
            self.advance(len(digits.group()) if digits else 1)
            self.emit("?", position)
            return
        self.emit("\\", position)  # unknown escape: both characters stay

    def field(self) -> None:
        """Skip an f-string replacement field up to its closing brace (nesting and strings respected)."""
        depth = 1
        quote: str | None = None
        while depth:
            if self.done():
                raise _Unreadable
            char = self.char()
            if quote:
                if char == quote:
                    quote = None
            elif char in "\"'":
                quote = char
            elif char in "{[(":
                depth += 1
            elif char in "}])":
                depth -= 1
            self.advance()


def _mask_format_fields(text: str, positions: list[Position]) -> tuple[str, list[Position]]:
    """``{name}`` / ``%s`` placeholders of ``.format``/``%`` strings become dynamic template code."""
    if "{" not in text and "%" not in text:
        return text, positions
    out: list[str] = []
    mapped: list[Position] = []
    last = 0
    for match in _FORMAT_FIELD.finditer(text):
        out.append(text[last : match.start()])
        mapped.extend(positions[last : match.start()])
        placeholder = _placeholder(match.end() - match.start())
        out.append(placeholder)
        mapped.extend([positions[match.start()]] * len(placeholder))
        last = match.end()
    out.append(text[last:])
    mapped.extend(positions[last:])
    return "".join(out), mapped


def _open_tag(text: str, positions: list[Position]) -> tuple[str, list[Position]]:
    """A fragment that starts inside a start tag (``'dj-click="x" '``) gets a synthetic ``<x ``."""
    first = _DJ_ATTRIBUTE.search(text)
    if first is None or _START_OF_TAG.search(text, 0, first.start()):
        return text, positions
    anchor = positions[0] if positions else (1, 1)
    return "<x " + text, [anchor] * 3 + positions


# ---------------------------------------------------------------------------
# Spans back into the file
# ---------------------------------------------------------------------------


def _in_file_coordinates(info: TemplateInfo, text: str, positions: list[Position]) -> TemplateInfo:
    """Keep elements and their closed ``dj-*``-relevant attributes, with spans in the ``.py`` file."""
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)

    def offset(line: int, column: int) -> int:
        return min(starts[min(line, len(starts)) - 1] + column - 1, len(text))

    def remap(span: Span) -> Span:
        start = offset(span.line, span.column)
        end = offset(span.end_line, span.end_column)
        line, column = positions[min(start, len(positions) - 1)]
        if end > start:
            end_line, end_column = positions[end - 1]
            end_column += 1
        else:
            end_line, end_column = line, column
        return Span(line, column, end_line, end_column)

    for element in info.elements:
        kept = []
        for attr in element.attributes:
            if attr.value_span is not None:
                after = offset(attr.value_span.end_line, attr.value_span.end_column)
                if attr.quote is None or after >= len(text) or text[after] != attr.quote:
                    if attr.name[:3].lower() == "dj-":
                        continue  # the value goes on in another expression
                attr.value_span = remap(attr.value_span)
            attr.name_span = remap(attr.name_span)
            kept.append(attr)
        element.attributes = kept
        element.span = remap(element.span)
    for variable in info.variables:
        variable.span = remap(variable.span)
    info.tags, info.comments = [], []
    info.diagnostics, info.references, info.suppressions = [], [], []
    return info
