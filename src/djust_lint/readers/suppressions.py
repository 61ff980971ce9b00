"""Suppression comments, applied after every rule has run (as ruff does).

Ours:

- Python, on the line of the finding: ``# djust-lint: noqa: DJ101, DJ304`` (or bare
  ``# djust-lint: noqa`` for every code on that line);
- Python, file level: a comment on a line of its own, ``# djust-lint: noqa`` or
  ``# djust-lint: noqa: DJ304``, anywhere in the file;
- templates (also inside an inline ``template = \"\"\"...\"\"\"``), for the next line:
  ``{# djust-lint: ignore DJ101 #}`` (or bare ``{# djust-lint: ignore #}``);
- templates, file level: ``{# djust-lint: ignore-file [CODES] #}``.

djust's own comments are honoured where djust honours them, for the rules
that replace a djust check (``Rule.djust_ids``): ``# noqa`` / ``# noqa: V006``
(system checks) and ``# djust: noqa X003`` (the AST audit) on a Python line,
``{# noqa #}`` / ``{# noqa: T003 #}`` in a template.

A djust-lint directive that suppresses nothing is itself reported (DJ904
unused-suppression) so suppressions do not rot. This module scans and matches;
the engine applies them after every rule has run (:mod:`djust_lint.engine.suppress`).
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field

from ..core.findings import Finding
from ..core.model import Span, SuppressionComment
from ..core.textedit import LineIndex
from .file_kinds import TEMPLATE_SUFFIXES

_PY_DIRECTIVE = re.compile(r"#\s*djust-lint:\s*noqa\b(?::\s*(?P<codes>[A-Za-z0-9_,\s-]+?))?\s*(?:#.*)?$")
_PY_DJUST_NOQA = re.compile(
    r"#\s*(?:djust\s*:\s*)?noqa\b(?:\s*:?\s*(?P<codes>[A-Z]\d{3}(?:\s*,\s*[A-Z]\d{3})*))?", re.I
)
_TEMPLATE_DIRECTIVE = re.compile(
    r"\{#\s*djust-lint:\s*(?P<kind>ignore-file|ignore)\b(?P<codes>[^#]*?)#\}", re.S
)
_TEMPLATE_DJUST_NOQA = re.compile(r"\{#\s*noqa\b(?::\s*(?P<codes>[A-Z]\d{3}(?:\s*,\s*[A-Z]\d{3})*))?\s*#\}")
_CODE_LIST = re.compile(r"[A-Za-z0-9_-]+")
_TEMPLATE_SUFFIXES = (*TEMPLATE_SUFFIXES, ".txt")


@dataclass
class Directive:
    """One suppression comment."""

    path: str
    span: Span
    codes: tuple[str, ...]
    """Upper-case codes; empty = every code."""
    scope: str
    """``line`` (that line), ``next-line`` (the line after the comment) or ``file``."""
    target_line: int
    ours: bool = True
    """A djust-lint directive (checked for being unused) or djust's own ``noqa``."""
    djust_ids: tuple[str, ...] = ()
    """For djust's ``noqa``: the djust ids it names (``V006``)."""
    used: set[str] = field(default_factory=set)
    removal: Span | None = None
    """What to delete to remove the directive cleanly (its line, or the comment and the
    whitespace before it)."""

    @classmethod
    def from_comment(cls, path: str, comment: SuppressionComment) -> Directive:
        return cls(
            path,
            comment.span,
            comment.codes,
            comment.scope,
            comment.target_line,
            ours=comment.ours,
            djust_ids=comment.djust_ids,
            removal=comment.removal,
        )

    def matches(self, finding: Finding, djust_ids: dict[str, tuple[str, ...]]) -> bool:
        if self.scope != "file" and finding.span.line != self.target_line:
            return False
        if self.ours:
            return not self.codes or finding.code in self.codes
        mapped = djust_ids.get(finding.code, ())
        if not mapped:
            return False
        return not self.djust_ids or any(i.rsplit(".", 1)[-1] in self.djust_ids for i in mapped)


def scan_comments(path: str, text: str) -> list[SuppressionComment]:
    """Every suppression comment in one file's text (cheap when there is none).

    Called by the readers while they hold the text, so the comments travel
    with the file's ``ModuleInfo``/``TemplateInfo`` (and its cache entry).
    """
    if "noqa" not in text and "djust-lint" not in text:
        return []
    if path.endswith((".py", ".pyi")):
        return _scan_python(text)
    if path.endswith(_TEMPLATE_SUFFIXES):
        return _scan_template(text, 1, 0)
    return []


def scan_file(path: str, text: str) -> list[Directive]:
    """Every suppression directive in one file."""
    return [Directive.from_comment(path, comment) for comment in scan_comments(path, text)]


def _codes(raw: str | None) -> tuple[str, ...]:
    return tuple(code.upper() for code in _CODE_LIST.findall(raw or ""))


_LINE_END = re.compile(r"\r\n?|\n")

#: Python string literals (any prefix) and comments, in source order. Matching the
#: whole literal first means a ``#`` inside a string is never taken for a comment.
_PY_STRING_OR_COMMENT = re.compile(
    r"""(?P<string>(?<![A-Za-z0-9_])[rRbBuUfF]{0,2}(?:\"\"\"(?:\\[\s\S]|[^\\])*?\"\"\"|'''(?:\\[\s\S]|[^\\])*?'''"""
    r"""|"(?:\\[\s\S]|[^"\\\n])*"|'(?:\\[\s\S]|[^'\\\n])*'))"""
    r"""|(?P<comment>\#[^\r\n]*)"""
    r"""|(?P<open>["'])"""
)
_CANDIDATE = re.compile(r"noqa|djust-lint|\{\#", re.I)

#: How many files needed the full tokenizer (tests assert on it instead of timing).
TOKENIZED_FILES: list[int] = [0]


def _scan_python(text: str) -> list[SuppressionComment]:
    """Comments (and inline-template strings) that can hold a directive, without tokenizing.

    Only the part of the file up to the last line that mentions ``noqa``,
    ``djust-lint`` or ``{#`` is scanned, with one regex that steps from string
    literal to comment; a quote that opens no well-formed literal (only
    possible in code ``ast`` rejected, or in a nested f-string) makes the
    file ambiguous, and only then the tokenizer decides.
    """
    last_end = -1
    for candidate in _CANDIDATE.finditer(text):
        last_end = candidate.end()
    if last_end < 0:
        return []
    stop = text.find("\n", last_end)
    stop = len(text) if stop < 0 else stop
    directives: list[SuppressionComment] = []
    line, counted = 1, 0
    for match in _PY_STRING_OR_COMMENT.finditer(text):
        if match.start() > stop:
            break
        kind = match.lastgroup
        if kind == "open":
            return _scan_python_tokens(text)
        value = match.group()
        if kind == "string" and "{#" not in value:
            continue
        if kind == "comment" and "noqa" not in value.lower() and "djust-lint" not in value:
            continue
        start = match.start()
        line += len(_LINE_END.findall(text, counted, start))  # lines as Python counts them (LF, CRLF, CR)
        counted = start
        line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        column = start - line_start
        if kind == "string":
            directives.extend(_scan_template(value, line, column))
            continue
        _add_python_comment(directives, value, line, column, match.end() - line_start, text[line_start:start])
    return directives


def _scan_python_tokens(text: str) -> list[SuppressionComment]:
    """The exact (and slow) path: Python's tokenizer over the whole file."""
    TOKENIZED_FILES[0] += 1
    directives: list[SuppressionComment] = []
    # Lines as Python numbers them (LF, CRLF, lone CR): str.splitlines() also splits on form feeds
    # and other separators the tokenizer does not, which would shift every later line.
    lines = _LINE_END.split(text)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text, newline=None).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return directives  # the syntax error is reported elsewhere
    for token in tokens:
        line, column = token.start
        if token.type == tokenize.COMMENT:
            _add_python_comment(directives, token.string, line, column, token.end[1], lines[line - 1][:column])
        elif token.type == tokenize.STRING and "{#" in token.string:
            # Inline templates: template comments inside a string literal.
            directives.extend(_scan_template(token.string, line, column))
    return directives


def _add_python_comment(
    directives: list[SuppressionComment], comment: str, line: int, column: int, end_column: int, before: str
) -> None:
    """Record the directive a ``#`` comment holds, if any (``column``s are 0-based)."""
    own_line = before.strip() == ""
    span = Span(line, column + 1, line, end_column + 1)
    ours = _PY_DIRECTIVE.search(comment)
    if ours:
        scope = "file" if own_line else "line"
        removal = Span(line, 1, line + 1, 1) if own_line else Span(line, len(before.rstrip()) + 1, line, span.end_column)
        directives.append(SuppressionComment(span, _codes(ours.group("codes")), scope, line, removal=removal))
        return
    theirs = _PY_DJUST_NOQA.search(comment)
    if theirs and not own_line:
        djust = _codes(theirs.group("codes"))
        directives.append(SuppressionComment(span, (), "line", line, ours=False, djust_ids=djust))


def _scan_template(text: str, first_line: int, first_column: int) -> list[SuppressionComment]:
    directives: list[SuppressionComment] = []
    index = LineIndex(text)
    for match in _TEMPLATE_DIRECTIVE.finditer(text):
        span = _span_in(index, match.start(), match.end(), first_line, first_column)
        scope = "file" if match.group("kind") == "ignore-file" else "next-line"
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        alone = not text[line_start : match.start()].strip() and not text[match.end() : None if line_end < 0 else line_end].strip()
        removal = Span(span.line, 1, span.end_line + 1, 1) if alone and line_end >= 0 else span
        directives.append(
            SuppressionComment(span, _codes(match.group("codes")), scope, span.end_line + 1, removal=removal)
        )
    for match in _TEMPLATE_DJUST_NOQA.finditer(text):
        span = _span_in(index, match.start(), match.end(), first_line, first_column)
        djust = _codes(match.group("codes"))
        directives.append(SuppressionComment(span, (), "file", 0, ours=False, djust_ids=djust))
    return directives


def _span_in(index: LineIndex, start: int, end: int, first_line: int, first_column: int) -> Span:
    """Span of a match, placed in the caller's coordinates; lines as Python counts them (LF, CRLF, CR)."""

    def position(offset: int) -> tuple[int, int]:
        line, column = index.position(offset)
        if line == 1:
            return first_line, first_column + column
        return first_line + line - 1, column

    line, column = position(start)
    end_line, end_column = position(end)
    return Span(line, column, end_line, end_column)
