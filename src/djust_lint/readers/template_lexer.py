"""Django's template tokens, found in time linear in the template's size.

Django's ``Lexer`` splits a template with ``({%.*?%}|{{.*?}}|{#.*?#})``. The
regex engine tries that pattern at every ``{`` and, when an opener is not
closed on its line, scans to the end of the line before giving up, so a
line of ``{{ {{ {{ ...`` costs time quadratic in its length (0.36 s at 10 KB,
minutes at 1 MB). A template is user input of any shape, so we find the very
same matches another way: for each opener kind, the position of the next
closer is remembered and searched for again only once the scan has passed
it, and the end of the current line likewise. Every character is then
examined a bounded number of times (``Lexer.examined`` counts them; the tests
assert on it), and the tokens are built by Django's own ``create_token``, so
their types, contents, verbatim handling and line numbers are exactly
Django's (a property test compares them with ``DebugLexer`` on random text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.template.base import Token

__all__ = ["Lexer", "tag_tokens", "tokenize"]

#: The second character of an opener -> its closer (``{{``/``}}``, ``{%``/``%}``, ``{#``/``#}``).
_CLOSERS = {"{": "}}", "%": "%}", "#": "#}"}


def _django_lexer() -> type:
    # Imported when first used, not at module level: CLI start-up does not load Django.
    from django.template.base import Lexer as DjangoLexer

    return DjangoLexer


class Lexer:
    """Tokenise one template; ``examined`` counts the characters the searches looked at."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.examined = 0
        self._line_start = -1
        self._line_end = -1
        # Per opener kind: (search start, closer index or -1, line end of that search).
        self._closer: dict[str, tuple[int, int, int]] = {}

    def tokenize(self) -> list[Token]:
        """The tokens ``django.template.base.DebugLexer(text).tokenize()`` returns."""
        create = _django_lexer()(self.text).create_token
        text = self.text
        result: list[Token] = []
        lineno = 1
        last = 0
        for token in self.tag_tokens():
            start, end = token.position
            if last < start:
                result.append(create(text[last:start], (last, start), lineno, False))
            result.append(token)
            lineno = token.lineno + text.count("\n", start, end)
            last = end
        if last < len(text):
            result.append(create(text[last:], (last, len(text)), lineno, False))
        return result

    def tag_tokens(self) -> list[Token]:
        """The tokens of :meth:`tokenize` that Django's regex matched as tags, in order.

        The template reader wants these only: the text between them is a slice
        it takes itself, so it does not pay for a ``Token`` per piece of text
        (half of all tokens). Django's ``create_token`` gives each its type
        (a tag inside ``{% verbatim %}`` is text) and contents.
        """
        create = _django_lexer()(self.text).create_token
        text = self.text
        count = text.count
        result: list[Token] = []
        lineno = 1
        last = 0
        for start, end in self._tags():
            lineno += count("\n", last, start)
            result.append(create(text[start:end], (start, end), lineno, True))
            lineno += count("\n", start, end)
            last = end
        return result

    # -- the matches of Django's tag regex, found linearly ----------------------

    def _tags(self):  # -> Iterator[tuple[int, int]]
        text, n = self.text, len(self.text)
        pos = 0
        while True:
            brace = text.find("{", pos)
            self.examined += (brace if brace >= 0 else n) - pos + 1
            if brace < 0 or brace + 1 >= n:
                return
            kind = text[brace + 1]
            closer = _CLOSERS.get(kind)
            if closer is None:
                pos = brace + 1
                continue
            found = self._closer_at(kind, closer, brace + 2)
            if found < 0:
                pos = brace + 1  # no match here: the regex would try the next character
                continue
            yield brace, found + 2
            pos = found + 2

    def _end_of_line(self, start: int) -> int:
        """Index of the newline ending the line that holds ``start`` (or the text's length)."""
        if not (self._line_start <= start <= self._line_end):
            end = self.text.find("\n", start)
            end = len(self.text) if end < 0 else end
            self.examined += end - start + 1
            self._line_start, self._line_end = start, end
        return self._line_end

    def _closer_at(self, kind: str, closer: str, start: int) -> int:
        """First ``closer`` at or after ``start`` on the same line, else -1 (what ``.*?`` would reach)."""
        line_end = self._end_of_line(start)
        cached = self._closer.get(kind)
        if cached is not None:
            searched_from, found, searched_end = cached
            if searched_from <= start and searched_end == line_end and (found < 0 or found >= start):
                return found
        found = self.text.find(closer, start, line_end)
        self.examined += (found if found >= 0 else line_end) - start + 1
        self._closer[kind] = (start, found, line_end)
        return found


def tokenize(text: str) -> list[Token]:
    """Django's tokens for ``text`` (see :class:`Lexer`)."""
    return Lexer(text).tokenize()


def tag_tokens(text: str) -> list[Token]:
    """Django's tokens for the tags of ``text`` (see :meth:`Lexer.tag_tokens`)."""
    return Lexer(text).tag_tokens()
