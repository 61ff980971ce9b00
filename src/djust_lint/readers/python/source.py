"""Decoding a Python file (PEP 263, BOM, binary), its syntax errors, and character positions."""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize

from ...core.model import (
    Diagnostic,
    DiagnosticKind,
    Span,
    span_of,
)

UNREADABLE = DiagnosticKind.UNREADABLE
SYNTAX_ERROR = DiagnosticKind.PYTHON_SYNTAX

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""The line terminators Python's tokenizer counts (not ``\\f``, ``\\v`` or U+2028)."""
_DEF_KEYWORD = re.compile(r"(?:async[ \t\f]+)?def[ \t\f]+|class[ \t\f]+")



# ---------------------------------------------------------------------------
# Decoding and syntax errors
# ---------------------------------------------------------------------------


def _decode(source: str | bytes) -> tuple[str | None, Diagnostic | None]:
    """Turn the input into text, or explain why it cannot be read (``DJ900``)."""
    if isinstance(source, str):
        text = source
    else:
        nul = source.find(b"\0")
        if nul >= 0:
            return None, _bytes_diagnostic(source, nul, "binary content (NUL byte)")
        decoded = _decode_bytes(source)
        if isinstance(decoded, Diagnostic):
            return None, decoded
        text = decoded
    if text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        return None, Diagnostic(
            UNREADABLE, "binary content (NUL character)", Span.point(line, column)
        )
    return text, None


def _decode_bytes(data: bytes) -> str | Diagnostic:
    """Decode with the PEP 263 cookie / BOM, defaulting to UTF-8 like Python does."""
    cookie_problem: str | None = None
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        encoding, cookie_problem = "utf-8", str(exc)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        return _bytes_diagnostic(data, exc.start, f"cannot decode as {encoding}: {exc.reason}")
    except LookupError as exc:
        return Diagnostic(UNREADABLE, f"unknown source encoding: {exc}", Span.point(1, 1, 0))
    if cookie_problem is not None:
        return Diagnostic(
            UNREADABLE, f"bad encoding declaration: {cookie_problem}", Span.point(1, 1, 0)
        )
    return text


def _bytes_diagnostic(data: bytes, offset: int, message: str) -> Diagnostic:
    """A ``DJ900`` pointing at the byte ``offset`` (column counted in decoded characters)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Diagnostic(UNREADABLE, message, Span.point(line, column))


def _parse(text: str, path: str) -> tuple[ast.Module | None, Diagnostic | None]:
    """The one ``ast.parse`` of the file; every failure becomes a diagnostic."""
    try:
        return ast.parse(text, filename=path), None
    except SyntaxError as exc:
        return None, _syntax_diagnostic(exc)
    except UnicodeError as exc:  # e.g. lone surrogates in a str source
        return None, Diagnostic(UNREADABLE, f"undecodable source: {exc}", Span.point(1, 1, 0))
    except (ValueError, RecursionError, MemoryError) as exc:
        message = f"cannot parse Python source: {type(exc).__name__}: {exc}"
        return None, Diagnostic(SYNTAX_ERROR, message, Span.point(1, 1, 0))


def _syntax_diagnostic(exc: SyntaxError) -> Diagnostic:
    """``DJ901`` at the error position; Python >= 3.10 already reports character offsets."""
    line = exc.lineno or 1
    column = exc.offset or 1
    end_line = exc.end_lineno or line
    end_column = exc.end_offset or 0
    if (end_line, end_column) <= (line, column):
        end_line, end_column = line, column + 1
    message = f"Python syntax error: {exc.msg}"
    return Diagnostic(SYNTAX_ERROR, message, Span(line, max(column, 1), end_line, end_column))


# ---------------------------------------------------------------------------
# Positions
# ---------------------------------------------------------------------------


class _SourceMap:
    """Converts ``ast`` byte offsets to character columns and slices source text.

    ``ast.get_source_segment`` re-splits the whole file on every call, which
    would make the reader quadratic; this keeps the split lines once.
    """

    def __init__(self, text: str) -> None:
        self.lines = _LINE_BREAK.split(text)
        self._all_ascii = text.isascii()
        self._encoded: dict[int, bytes] = {}

    def line(self, number: int) -> str:
        """Text of a 1-based line, empty past the end (EOF error positions)."""
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def char_offset(self, line: int, byte_offset: int) -> int:
        """0-based character offset of a 0-based UTF-8 byte offset on ``line``."""
        if self._all_ascii:
            return byte_offset
        encoded = self._encoded.get(line)
        if encoded is None:
            text = self.line(line)
            if text.isascii():
                return byte_offset
            encoded = self._encoded[line] = text.encode("utf-8")
        return len(encoded[:byte_offset].decode("utf-8", errors="replace"))

    def start(self, node: ast.AST) -> tuple[int, int]:
        """(line, 0-based character offset) of a node's start."""
        line: int = node.lineno  # type: ignore[attr-defined]
        return line, self.char_offset(line, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> tuple[int, int]:
        """(line, 0-based character offset) just after a node's end."""
        line: int = node.end_lineno  # type: ignore[attr-defined]
        return line, self.char_offset(line, node.end_col_offset)  # type: ignore[attr-defined]

    def span(self, node: ast.AST) -> Span:
        """The node's full range in character columns."""
        line, column = self.start(node)
        end_line, end_column = self.end(node)
        return span_of(line, column + 1, end_line, end_column + 1)

    def segment(self, node: ast.AST) -> str:
        """Exact source text of ``node`` (line breaks normalised to ``\\n``)."""
        line, column = self.start(node)
        end_line, end_column = self.end(node)
        if line == end_line:  # short values (``None``, ``0``, ``[]``, names) repeat: one string each
            return sys.intern(self.line(line)[column:end_column])
        parts = [self.line(line)[column:]]
        parts.extend(self.lines[line : end_line - 1])
        parts.append(self.line(end_line)[:end_column])
        return "\n".join(parts)

    def trailing_name_span(self, node: ast.AST, name: str) -> Span:
        """Span of ``name`` when it is the last token of ``node`` (``self.<name>``)."""
        line: int = node.end_lineno  # type: ignore[attr-defined]
        end_byte: int = node.end_col_offset  # type: ignore[attr-defined]
        start = self.char_offset(line, end_byte - len(name.encode("utf-8")))
        end = self.char_offset(line, end_byte)
        return span_of(line, start + 1, line, end + 1)

    def keyword_name_span(
        self, node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
    ) -> Span:
        """Span of the name after ``class``/``def`` (the node itself starts at the keyword)."""
        line, column = self.start(node)
        match = _DEF_KEYWORD.match(self.line(line), column)
        if match is not None:
            column = match.end()
        return Span.point(line, column + 1, len(node.name))


