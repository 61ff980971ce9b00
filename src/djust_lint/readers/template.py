"""Tolerant reader for djust templates: elements, attributes, tags, variables, comments.

djust templates are Django templates with HTML that ordinary HTML parsers reject:
template tags *inside* start tags (``<button {% if x %}disabled{% endif %}>``),
attribute names with ``.``/``:``/``@``, duplicated and unquoted attributes and
capitalised component tags.  Rules need the exact line/column of every
attribute, so this module reads the text itself instead of relying on an HTML
parser, and it never raises on half-written input: it reports a ``DJ902``
diagnostic and returns what it could read.

How it works (one linear pass per stage, no backtracking):

1. Django's tokens split the text into text/var/block/comment tokens, so we
   agree with Django about what is a tag (single-line ``{% %}`` only, and
   ``{% verbatim %}`` content is plain text).  The tags among them are found
   by :mod:`.template_lexer` in linear time (Django's regex rescans from every
   unclosed opener), once per template; the text between tags is sliced here.
2. A *masked* copy of the text is built in which every template token is
   replaced by a run of one control character of the same length (one kind per
   token type) and ``{% comment %}`` regions by a "dead" run.  Offsets in the
   masked copy equal offsets in the real text, so the HTML scanner can use
   simple precompiled regexes on one string and still see, at any position,
   whether it sits on a variable, a block tag or dead text.
3. The HTML scanner walks the masked text once, building elements, HTML
   comments and the open-element stack (for ``Element.parent`` and
   ``TemplateTag.enclosing_element``).
"""

from __future__ import annotations

import codecs
import pathlib
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, count
from operator import add
from typing import TYPE_CHECKING

from ..core.model import (
    Attribute,
    Diagnostic,
    DiagnosticKind,
    Element,
    Span,
    TemplateComment,
    TemplateInfo,
    TemplateTag,
    TemplateVariable,
    span_of,
)
from .bounded_read import read_at_most
from .scripts import script_references
from .template_lexer import REMEMBERED_LENGTH

if TYPE_CHECKING:
    from django.template.base import TokenType

_Tag = tuple[int, int, "TokenType", str]
"""A tag as :func:`.template_lexer.tags` gives it: start, end, token type, contents."""

__all__ = ["read_template", "read_template_file", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 2_000_000
FILE_UNREADABLE = DiagnosticKind.UNREADABLE
TEMPLATE_SYNTAX_ERROR = DiagnosticKind.TEMPLATE_SYNTAX

# Mask characters standing in for template tokens in the masked text.  They
# cannot be whitespace, quotes, ``<``, ``>``, ``/`` or ``=``, so the HTML
# regexes below never confuse them with markup.
_VAR = "\x01"
_BLOCK = "\x02"
_DEAD = "\x03"

_VOID_ELEMENTS = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input",
        "link", "meta", "param", "source", "track", "wbr",
    }
)  # fmt: skip
# Elements whose content the browser reads as text, so no markup inside is live.
_RAW_TEXT_ELEMENTS = frozenset({"script", "style", "textarea", "title"})
# A new one of these implicitly closes an open one of the same kind at the top.
_SELF_SIBLING_ELEMENTS = frozenset({"li", "option", "p", "tr", "td", "th", "dt", "dd"})

# Block tags that make attributes inside a start tag conditional, with their ends.
_CONDITIONAL_OPENERS = {
    "if": "endif",
    "for": "endfor",
    "with": "endwith",
    "ifchanged": "endifchanged",
}
_CONDITIONAL_CLOSERS = frozenset(_CONDITIONAL_OPENERS.values())
# Block tags with alternative branches, and the tags that start another branch.
_BRANCHING_TAGS = {"if": ("elif", "else"), "for": ("empty",), "ifchanged": ("else",)}
_BRANCH_ENDS = {f"end{name}": name for name in _BRANCHING_TAGS}

_MASKS = _VAR + _BLOCK + _DEAD
# One search finds the next thing the HTML scanner cares about: a start tag
# name, a whole end tag, a comment opener, a declaration (``<!doctype>``) or a
# live block tag.  ``[^<>]*`` keeps the scan of an unterminated tag local.
_MARKUP_RE = re.compile(
    "<(?:"
    rf"(?P<tag>[A-Za-z][^\s/>{_MASKS}]*)"
    rf"|/(?P<end>[A-Za-z][^\s/>{_MASKS}]*)[^<>]*>?"
    r"|(?P<comment>!--)"
    r"|(?P<decl>[!?])[^<>]*>?"
    ")"
    rf"|(?P<block>{_BLOCK})"
)
# One attribute with its optional value.  An unquoted value may not start with
# a quote, so an unclosed quote makes the value part fail (detected after).
_ATTRIBUTE_RE = re.compile(
    rf"\s*(?P<name>[^\s/>={_BLOCK}{_DEAD}][^\s/>={_BLOCK}{_DEAD}]*)"
    rf"(?:\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<uq>(?![\"'])[^\s>{_BLOCK}{_DEAD}]*)))?"
)
_WS_RE = re.compile(r"\s*")
_MASK_RUN_RE = re.compile(f"[{_MASKS}]+")
_UNCLOSED_OPENER_RE = re.compile(r"\{[{%#]")
_NEWLINE_RE = re.compile("\r\n?|\n")  # line ends as Python and editors count them: LF, CRLF, lone CR
_RAW_TEXT_END_RES = {
    name: re.compile("</" + name, re.IGNORECASE) for name in _RAW_TEXT_ELEMENTS
}
# Groups of _ATTRIBUTE_RE by number: ``Match.lastindex`` says which kind of value matched.
_NAME = _ATTRIBUTE_RE.groupindex["name"]
_GROUP_QUOTES = {_ATTRIBUTE_RE.groupindex[group]: quote for group, quote in (("dq", '"'), ("sq", "'"), ("uq", None))}

_MAX_UNCLOSED_REPORTS = 100
"""Unclosed openers reported per template: a hostile file of 300,000 of them gets 101 diagnostics."""
_OPENER_CLOSERS = {"{%": "%}", "{{": "}}", "{#": "#}"}


# ---------------------------------------------------------------------------
# Positions
# ---------------------------------------------------------------------------


def _line_starts(text: str) -> list[int]:
    """Offset of the first character of each line, then ``len(text) + 1`` (above every offset)."""
    if "\r" in text:
        starts = [0]
        starts.extend(m.end() for m in _NEWLINE_RE.finditer(text))
        starts.append(len(text) + 1)
        return starts
    # LF only (the usual case): line i starts after the i lines before it and
    # their i newlines. Built by C loops; the last value is the sentinel.
    return list(map(add, accumulate(map(len, text.split("\n")), initial=0), count()))


class _Positions:
    """Turns character offsets into spans (1-based lines and columns).

    The line-start table is built once (linear); each lookup is a bisect, and
    a span that ends on its start line (the usual case) needs only one.
    """

    def __init__(self, text: str) -> None:
        self._starts = _line_starts(text)

    def span(self, start: int, end: int) -> Span:
        starts = self._starts
        line = bisect_right(starts, start)  # starts[line - 1] <= start < starts[line]
        line_start = starts[line - 1]
        if end < starts[line]:
            return span_of(line, start - line_start + 1, line, end - line_start + 1)
        end_line = bisect_right(starts, end)
        return span_of(line, start - line_start + 1, end_line, end - starts[end_line - 1] + 1)

    def span_pair(
        self, start: int, end: int, second_start: int, second_end: int
    ) -> tuple[Span, Span]:
        """Two spans where the second follows the first (an attribute's name and value).

        Both usually sit on one line, so the line found for the first serves
        the second without another search.
        """
        starts = self._starts
        line = bisect_right(starts, start)
        if second_end >= starts[line]:
            return self.span(start, end), self.span(second_start, second_end)
        line_start = starts[line - 1]
        return (
            span_of(line, start - line_start + 1, line, end - line_start + 1),
            span_of(line, second_start - line_start + 1, line, second_end - line_start + 1),
        )


class _ShiftedPositions(_Positions):
    """Spans of an inline template, moved to the coordinates of the file holding it."""

    def __init__(self, text: str, line_offset: int, first_line_column_offset: int) -> None:
        super().__init__(text)
        self._shift = (line_offset, first_line_column_offset)

    def span(self, start: int, end: int) -> Span:
        span = super().span(start, end).shifted(*self._shift)
        return span_of(span.line, span.column, span.end_line, span.end_column)

    def span_pair(
        self, start: int, end: int, second_start: int, second_end: int
    ) -> tuple[Span, Span]:
        return self.span(start, end), self.span(second_start, second_end)


def _diagnostic(
    positions: _Positions, start: int, end: int, message: str
) -> Diagnostic:
    return Diagnostic(TEMPLATE_SYNTAX_ERROR, message, positions.span(start, end))


# ---------------------------------------------------------------------------
# Stage 1 + 2: Django tokens -> tags, variables, Django comments, masked text
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _BlockToken:
    """A live ``{% %}`` token as the HTML scanner needs it."""

    end: int
    name: str


@dataclass(slots=True)
class _TokenPass:
    """What the token pass hands to the HTML scanner."""

    masked: str
    blocks: dict[int, _BlockToken]
    """Start offset -> live block tag (the scanner meets them in its masked runs)."""
    tag_offsets: list[int]
    tags: list[TemplateTag]
    variables: list[TemplateVariable]
    comments: list[tuple[int, TemplateComment]]
    diagnostics: list[tuple[int, Diagnostic]]


def _split_tag(contents: str) -> tuple[str, str]:
    """(name, args) of a block tag."""
    parts = contents.split(None, 1)
    if not parts:
        return "", ""
    return sys.intern(parts[0]), (sys.intern(parts[1].strip()) if len(parts) > 1 else "")


_remembered_split = lru_cache(maxsize=4096)(_split_tag)
"""Templates repeat the same block tags (``{% endif %}``): each short one is split once."""


def _starts_verbatim(contents: str) -> bool:
    """Mirror Django's own test for a verbatim opener (``Lexer.create_token``)."""
    return contents[:9] in ("verbatim", "verbatim ")


def _find_endcomment(tags: list[_Tag], start_index: int, block_type: object) -> int:
    """Index of the ``{% endcomment %}`` closing a comment block, or -1.

    Django's parser skips to the first block token whose contents are exactly
    ``endcomment``; we do the same.
    """
    for index in range(start_index, len(tags)):
        _, _, token_type, contents = tags[index]
        if token_type is block_type and contents == "endcomment":
            return index
    return -1


class _TokenReader:
    """Walks Django's tags once and builds the masked text plus template items."""

    def __init__(self, text: str, positions: _Positions) -> None:
        self._text = text
        self._pos = positions
        self._pieces: list[str] = []
        self._verbatim: list[tuple[int, int]] = []
        """(start, end) of the content of each ``{% verbatim %}`` section."""
        self.result = _TokenPass("", {}, [], [], [], [], [])

    def run(self) -> _TokenPass:
        # Imported here, not at module level, so CLI start-up does not load Django.
        from django.template.base import TokenType

        from .template_lexer import tags

        # Enum members are looked up once: ``TokenType.VAR`` is a slow attribute.
        var, text_type, comment, block = TokenType.VAR, TokenType.TEXT, TokenType.COMMENT, TokenType.BLOCK
        text, pieces, result = self._text, self._pieces, self.result
        span = self._pos.span
        found = tags(text)  # only tags: the text between them is sliced here
        verbatim_start: int | None = None
        last = index = 0
        while index < len(found):
            start, end, kind, contents = found[index]
            if last < start:
                pieces.append(text[last:start])
            if kind is var:
                pieces.append(_VAR * (end - start))
                result.variables.append(TemplateVariable(sys.intern(contents), span(start, end)))
            elif kind is text_type:  # a tag inside {% verbatim %}
                pieces.append(text[start:end])
            elif kind is comment:
                self._comment_token(contents, start, end)
            else:
                name, args = (
                    _remembered_split(contents) if len(contents) <= REMEMBERED_LENGTH else _split_tag(contents)
                )
                if verbatim_start is not None:
                    # Inside verbatim the only block token Django emits is its end.
                    self._verbatim.append((verbatim_start, start))
                    verbatim_start = None
                elif name == "comment":
                    index, last = self._comment_block(found, index, block)
                    continue
                elif name == "verbatim" and _starts_verbatim(contents):
                    verbatim_start = end
                pieces.append(_BLOCK * (end - start))
                result.blocks[start] = _BlockToken(end, name)
                result.tag_offsets.append(start)
                result.tags.append(TemplateTag(name, args, span(start, end)))
            last = end
            index += 1
        if last < len(text):
            pieces.append(text[last:])
        if verbatim_start is not None:
            self._verbatim.append((verbatim_start, len(text)))
        result.masked = "".join(pieces)
        self._report_unclosed_openers()
        return result

    def _report_unclosed_openers(self) -> None:
        """Flag ``{%``/``{{``/``{#`` that Django left as text (not closed on its line).

        Live tokens and comments are masked, so any opener still visible in
        the masked text is one Django did not recognise, unless it sits in a
        ``{% verbatim %}`` section where template syntax is plain text.
        """
        if "{" not in self.result.masked:  # the usual case: every brace was in a tag
            return
        verbatim_starts = [start for start, _ in self._verbatim]
        reported = 0
        for match in _UNCLOSED_OPENER_RE.finditer(self.result.masked):
            at = match.start()
            section = bisect_right(verbatim_starts, at) - 1
            if section >= 0 and at < self._verbatim[section][1]:
                continue
            if reported == _MAX_UNCLOSED_REPORTS:
                message = f"more unclosed '{{{{'/'{{%'/'{{#' openers follow; only the first {reported} are reported"
                self.result.diagnostics.append((at, _diagnostic(self._pos, at, match.end(), message)))
                return
            reported += 1
            opener = match.group()
            message = (
                f"'{opener}' is not closed by '{_OPENER_CLOSERS[opener]}' on the same line; "
                "Django renders it as text"
            )
            self.result.diagnostics.append(
                (at, _diagnostic(self._pos, at, match.end(), message))
            )

    def _comment_token(self, contents: str, start: int, end: int) -> None:
        self._pieces.append(_DEAD * (end - start))
        comment = TemplateComment(contents, self._pos.span(start, end), "django")
        self.result.comments.append((start, comment))

    def _comment_block(
        self, found: list[_Tag], index: int, block_type: object
    ) -> tuple[int, int]:
        """Mask ``{% comment %}...{% endcomment %}`` as dead text; return the next index and offset."""
        start, body_start = found[index][:2]
        end_index = _find_endcomment(found, index + 1, block_type)
        if end_index < 0:
            end = body_end = len(self._text)
            message = "'{% comment %}' is never closed by '{% endcomment %}'"
            diagnostic = _diagnostic(self._pos, start, body_start, message)
            self.result.diagnostics.append((start, diagnostic))
            next_index = len(found)
        else:
            body_end, end = found[end_index][:2]
            next_index = end_index + 1
        self._pieces.append(_DEAD * (end - start))
        comment = TemplateComment(
            self._text[body_start:body_end], self._pos.span(start, end), "block"
        )
        self.result.comments.append((start, comment))
        return next_index, end


# ---------------------------------------------------------------------------
# Stage 3: HTML scan of the masked text
# ---------------------------------------------------------------------------


def _nesting_key(tag: str) -> str:
    """Capitalised component tags (``Card``) match end tags exactly; HTML tags
    (``div``, ``DIV``) ignore case."""
    return tag if tag[:1].isupper() and not tag.isupper() else tag.lower()


def _is_void(tag: str) -> bool:
    return tag in _VOID_ELEMENTS or (tag.isupper() and tag.lower() in _VOID_ELEMENTS)


@dataclass(frozen=True, slots=True)
class _TagFacts:
    """What the scanner needs to know about a tag name, worked out once per name."""

    key: str
    """Nesting key (see :func:`_nesting_key`)."""
    lower: str
    void: bool
    self_sibling: bool
    """A new one closes an open one of the same kind (``<li>``, ``<p>``...)."""
    raw_end: re.Pattern[str] | None
    """For raw-text elements (``<script>``...): finds the end tag."""


def _tag_facts(tag: str) -> _TagFacts:
    lower = tag.lower()
    return _TagFacts(
        _nesting_key(tag),
        lower,
        _is_void(tag),
        lower in _SELF_SIBLING_ELEMENTS,
        _RAW_TEXT_END_RES.get(lower),
    )


_remembered_facts = lru_cache(maxsize=1024)(_tag_facts)


def _facts_of(tag: str) -> _TagFacts:
    """Templates use a few dozen tag names thousands of times: each is classified once."""
    return _remembered_facts(tag) if len(tag) <= REMEMBERED_LENGTH else _tag_facts(tag)


_NOWHERE = sys.maxsize
"""An offset after every offset of a template."""

_SNAPSHOT_DEPTH = 64
"""How many innermost open elements a branch frame remembers.

Copying the whole open-element stack at every ``{% if %}`` made deeply
nested templates quadratic in time and memory; a branch that closes more
than this many elements opened before it does not occur in real templates.
"""

_Snapshot = tuple[int, tuple[int, ...]]
"""(depth below which the stack is shared, the open elements above it)."""


@dataclass(slots=True)
class _BranchFrame:
    """Open-element stacks around an ``{% if %}``/``{% for %}`` with branches.

    Each branch of ``{% if a %}<div x>{% else %}<div y>{% endif %}`` opens the
    same element once; restoring the stack at every branch and keeping the
    first branch's result at the end keeps nesting right for this common idiom.
    """

    opener: str
    before: _Snapshot
    first_branch: _Snapshot | None = None


@dataclass(slots=True)
class _StartTag:
    """A start tag being read."""

    start: int
    tag: str
    facts: _TagFacts
    attributes: list[Attribute] = field(default_factory=list)
    depth: int = 0
    """Open ``{% if/for/with %}`` blocks inside the tag (for ``conditional``)."""


class _HtmlScanner:
    """Single forward pass over the masked text building elements and nesting.

    Every method that reads markup returns the offset to continue from, or -1
    when the rest of the text cannot be read as markup (after a DJ902).
    """

    def __init__(self, text: str, tokens: _TokenPass, positions: _Positions) -> None:
        self._text = text
        self._m = tokens.masked
        self._n = len(self._m)
        self._blocks = tokens.blocks
        self._tag_offsets = tokens.tag_offsets
        self._tags = tokens.tags
        self._next_tag = 0
        self._next_tag_at = self._tag_offsets[0] if self._tag_offsets else _NOWHERE
        """Offset of the first tag not yet given its enclosing element (callers test it: most calls have none)."""
        self._pos = positions
        self._stack: list[int] = []
        self._keys: list[str] = []
        """Nesting key of every element, parallel to ``elements``."""
        self._open_counts: dict[str, int] = {}
        self._frames: list[_BranchFrame] = []
        self._frame_counts: dict[str, int] = {}
        """Open branch frames per opener, so a stray end tag costs O(1)."""
        self.elements: list[Element] = []
        self.comments: list[tuple[int, TemplateComment]] = []
        self.diagnostics: list[tuple[int, Diagnostic]] = []

    # -- driver ---------------------------------------------------------------

    def run(self) -> None:
        m, pos, search = self._m, 0, _MARKUP_RE.search
        while pos >= 0:
            match = search(m, pos)
            if match is None:
                break
            kind = match.lastgroup
            if kind == "tag":
                pos = self._start_tag(match.start(), sys.intern(match.group("tag")), match.end())
            elif kind == "end":
                if self._next_tag_at < match.start():
                    self._assign_enclosing(match.start())
                self._pop_to(match.group("end"))
                pos = match.end()
            elif kind == "block":
                pos = self._block_in_data(match.start())
            elif kind == "comment":
                pos = self._html_comment(match.start())
            else:  # <!doctype ...>, <?xml ...?>
                pos = match.end()
        self._assign_enclosing(self._n + 1)

    def _report(self, start: int, end: int, message: str) -> None:
        self.diagnostics.append((start, _diagnostic(self._pos, start, end, message)))

    # -- template tags and nesting ------------------------------------------------

    def _assign_enclosing(self, upto: int) -> None:
        """Give every not-yet-placed template tag before ``upto`` the current innermost element."""
        offsets = self._tag_offsets
        index = self._next_tag
        if index >= len(offsets) or offsets[index] >= upto:
            return
        top = self._stack[-1] if self._stack else None
        while index < len(offsets) and offsets[index] < upto:
            self._tags[index].enclosing_element = top
            index += 1
        self._next_tag = index
        self._next_tag_at = offsets[index] if index < len(offsets) else _NOWHERE

    def _snapshot(self) -> _Snapshot:
        base = max(0, len(self._stack) - _SNAPSHOT_DEPTH)
        return base, tuple(self._stack[base:])

    def _restore(self, snapshot: _Snapshot) -> None:
        """Return to a snapshot: pop what was opened since, push back what was closed (work ~ the change)."""
        base, top = snapshot
        while len(self._stack) > base:
            self._pop()
        for index in top:
            self._push(index)

    def _push(self, index: int) -> None:
        key = self._keys[index]
        self._stack.append(index)
        self._open_counts[key] = self._open_counts.get(key, 0) + 1

    def _pop(self) -> str:
        key = self._keys[self._stack.pop()]
        self._open_counts[key] -= 1
        return key

    def _pop_to(self, tag: str) -> None:
        """Close the innermost open ``tag`` and everything inside it; ignore strays."""
        key = _facts_of(tag).key
        if not self._open_counts.get(key):
            return
        while self._pop() != key:
            pass

    def _block_in_data(self, at: int) -> int:
        block = self._blocks.get(at)
        if block is None:  # defensive: masks are always skipped whole
            return at + 1
        self._assign_enclosing(block.end)
        self._track_branches(block.name)
        return block.end

    def _track_branches(self, name: str) -> None:
        frames = self._frames
        if name in _BRANCHING_TAGS:
            frames.append(_BranchFrame(name, self._snapshot()))
            self._frame_counts[name] = self._frame_counts.get(name, 0) + 1
        elif frames and name in _BRANCHING_TAGS[frames[-1].opener]:
            frame = frames[-1]
            if frame.first_branch is None:
                frame.first_branch = self._snapshot()
            self._restore(frame.before)
        elif name in _BRANCH_ENDS:
            self._close_frame(_BRANCH_ENDS[name])

    def _close_frame(self, opener: str) -> None:
        if not self._frame_counts.get(opener):
            return  # a stray end tag: nothing to close (and no scan of the frames)
        for depth in range(len(self._frames) - 1, -1, -1):
            if self._frames[depth].opener == opener:
                frame = self._frames[depth]
                for closed in self._frames[depth:]:
                    self._frame_counts[closed.opener] -= 1
                del self._frames[depth:]
                if frame.first_branch is not None:
                    self._restore(frame.first_branch)
                return

    # -- comments -----------------------------------------------------------------

    def _html_comment(self, at: int) -> int:
        close = self._m.find("-->", at + 4)
        body_end = self._n if close < 0 else close
        end = self._n if close < 0 else close + 3
        comment = TemplateComment(
            self._text[at + 4 : body_end], self._pos.span(at, end), "html"
        )
        self.comments.append((at, comment))
        if close < 0:
            self._report(at, at + 4, "HTML comment '<!--' is never closed by '-->'")
            return -1
        return end

    # -- start tags -----------------------------------------------------------------

    def _start_tag(self, at: int, tag: str, pos: int) -> int:
        """Read a start tag from ``<`` at ``at``; ``pos`` is just after the name.

        An attribute with a value is by far the most common thing in a
        template, so it is read right here (one regex match, the spans of its
        name and value found with one search); the rarer cases have methods.
        """
        state = _StartTag(at, tag, _facts_of(tag))
        m, n, text, attributes = self._m, self._n, self._text, state.attributes
        attribute, span_pair, intern = _ATTRIBUTE_RE.match, self._pos.span_pair, sys.intern
        while pos >= 0:
            if pos < n and m[pos] == ">":  # the usual end, right after a quoted value
                return self._finish_element(state, pos + 1, self_closing=False)
            match = attribute(m, pos)
            if match is not None:
                group = match.lastindex
                if group == _NAME:
                    pos = self._attribute_without_value(state, match)
                    continue
                name_start, name_end = match.span(_NAME)
                value_start, value_end = match.span(group)
                name_span, value_span = span_pair(name_start, name_end, value_start, value_end)
                # Only a template token puts a mask in the name or the value (the
                # "=", quotes and spaces between them are never masked).
                masked = m[name_start:value_end]
                attributes.append(
                    Attribute(
                        intern(text[name_start:name_end]),
                        intern(text[value_start:value_end]),
                        _GROUP_QUOTES[group],
                        name_span,
                        value_span,
                        _VAR in masked or _BLOCK in masked,
                        state.depth > 0,
                    )
                )
                pos = match.end()
                continue
            pos = _WS_RE.match(m, pos).end()
            if pos >= n:
                message = f"start tag '<{tag}' is never closed by '>'"
                return self._unclosed_element(state, message, at, at + 1 + len(tag))
            char = m[pos]
            if char == ">":
                return self._finish_element(state, pos + 1, self_closing=False)
            if m.startswith("/>", pos):
                return self._finish_element(state, pos + 2, self_closing=True)
            if char == _BLOCK:
                pos = self._block_in_start_tag(state, pos)
            elif char == _DEAD:
                pos = _MASK_RUN_RE.match(m, pos).end()
            else:  # a stray "/" or "=" where a name should start
                pos += 1
        return pos

    def _block_in_start_tag(self, state: _StartTag, pos: int) -> int:
        block = self._blocks.get(pos)
        if block is None:  # defensive
            return _MASK_RUN_RE.match(self._m, pos).end()
        if block.name in _CONDITIONAL_OPENERS:
            state.depth += 1
        elif block.name in _CONDITIONAL_CLOSERS and state.depth:
            state.depth -= 1
        return block.end

    def _attribute_without_value(self, state: _StartTag, match: re.Match[str]) -> int:
        """A bare attribute, a ``{{ attrs }}`` splice, or a name before an unclosed quote.

        Returns the offset after it (-1: stop).
        """
        name_start, name_end = match.span(_NAME)
        masked_name = match.group(_NAME)
        after = _WS_RE.match(self._m, name_end).end()
        if self._m.startswith("=", after):
            return self._unclosed_quote(state, name_start, name_end, after + 1)
        if not masked_name.strip(_VAR):
            return name_end
        attribute = Attribute(
            sys.intern(self._text[name_start:name_end]),
            None,
            None,
            self._pos.span(name_start, name_end),
            None,
            _VAR in masked_name,
            state.depth > 0,
        )
        state.attributes.append(attribute)
        return match.end()

    def _unclosed_quote(
        self, state: _StartTag, name_start: int, name_end: int, after_equals: int
    ) -> int:
        """The value after ``=`` opens a quote that never closes (the regex refused it)."""
        quote_at = _WS_RE.match(self._m, after_equals).end()
        name = self._text[name_start:name_end]
        quote = self._m[quote_at : quote_at + 1]
        message = f"quote {quote} opening the value of '{name}' is never closed"
        return self._unclosed_element(state, message, quote_at, quote_at + 1)

    def _new_element(self, state: _StartTag, end: int, self_closing: bool, closed: bool) -> int:
        stack = self._stack
        element = Element(
            state.tag,
            self._pos.span(state.start, end),
            state.attributes,
            self_closing,
            stack[-1] if stack else None,
            closed,
        )
        self.elements.append(element)
        self._keys.append(state.facts.key)
        return len(self.elements) - 1

    def _unclosed_element(
        self, state: _StartTag, message: str, start: int, end: int
    ) -> int:
        """Keep what was read of a start tag that never ends, report it, stop scanning."""
        self._close_implicitly(state.facts)
        self._new_element(state, self._n, False, False)  # not self-closing, not closed
        self._report(start, end, message)
        return -1

    def _close_implicitly(self, facts: _TagFacts) -> None:
        """``<li>`` after an open ``<li>`` (etc.) closes it, as browsers do."""
        if facts.self_sibling and self._stack:
            if self._keys[self._stack[-1]] == facts.lower:
                self._pop()

    def _finish_element(self, state: _StartTag, end: int, *, self_closing: bool) -> int:
        facts = state.facts
        if facts.self_sibling:
            self._close_implicitly(facts)
        if self._next_tag_at < end:
            self._assign_enclosing(end)  # tags inside the start tag belong to the parent
        index = self._new_element(state, end, self_closing, True)
        if self_closing or facts.void:
            return end
        self._push(index)
        if facts.raw_end is None:
            return end
        match = facts.raw_end.search(self._m, end)
        return self._n if match is None else match.start()


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def read_template(
    text: str,
    *,
    path: str,
    name: str | None = None,
    inline_owner: str | None = None,
    line_offset: int = 0,
    first_line_column_offset: int = 0,
) -> TemplateInfo:
    """Read template ``text`` into a :class:`TemplateInfo` without rendering it.

    Spans are computed against ``text`` and shifted by ``line_offset`` /
    ``first_line_column_offset`` so that an inline template embedded in a
    ``.py`` file reports positions in that file.  Never raises on bad
    template syntax: problems become ``DJ902`` diagnostics.
    """
    info = TemplateInfo(path=path, name=name, inline_owner=inline_owner)
    if not text:
        return info
    positions = (
        _ShiftedPositions(text, line_offset, first_line_column_offset)
        if line_offset or first_line_column_offset
        else _Positions(text)
    )
    tokens = _TokenReader(text, positions).run()
    scanner = _HtmlScanner(text, tokens, positions)
    scanner.run()
    info.elements = scanner.elements
    info.tags = tokens.tags
    info.variables = tokens.variables
    info.comments = [
        c for _, c in sorted(tokens.comments + scanner.comments, key=lambda p: p[0])
    ]
    info.diagnostics = [
        d
        for _, d in sorted(tokens.diagnostics + scanner.diagnostics, key=lambda p: p[0])
    ]
    info.references = script_references(path, text, line_offset, first_line_column_offset)
    if inline_owner is None and ("noqa" in text or "djust-lint" in text):
        # A file's comments, read with its text (from disk or an editor's buffer);
        # an inline template's are the Python reader's, who scans the whole file.
        from .suppressions import scan_comments

        info.suppressions = scan_comments(path, text)
    return info


def _unreadable(
    path: str, name: str | None, message: str, span: Span | None = None
) -> TemplateInfo:
    diagnostic = Diagnostic(FILE_UNREADABLE, message, span or Span(1, 1, 1, 1))
    return TemplateInfo(path=path, name=name, diagnostics=[diagnostic])


def _decode_error_span(data: bytes, offset: int) -> Span:
    """Line/character column of the byte at ``offset`` (for undecodable input)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return Span.point(line, column)


def read_template_file(
    abs_path: pathlib.Path,
    *,
    path: str,
    name: str | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> TemplateInfo:
    """Read a template file from disk; unreadable files give a ``DJ900`` diagnostic.

    Binary content (NUL bytes), files over ``max_bytes``, bytes that are not
    UTF-8 and I/O errors are all reported instead of raised, so one bad file
    never stops a lint run.  A UTF-8 byte-order mark is ignored.
    """
    try:
        data = read_at_most(abs_path, max_bytes)  # a huge file is never loaded whole
    except OSError as error:
        return _unreadable(path, name, f"cannot read file: {error.strerror or error}")
    if len(data) > max_bytes:
        return _unreadable(
            path, name, f"file is larger than {max_bytes} bytes; not read"
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        return _unreadable(
            path, name, f"binary file (NUL byte at byte offset {nul}); not read"
        )
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    data = data[bom:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"not valid UTF-8 (first bad byte at byte offset {error.start + bom}); not read"
        return _unreadable(path, name, message, _decode_error_span(data, error.start))
    return read_template(text, path=path, name=name)
