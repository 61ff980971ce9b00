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
assert on it), and each tag's type and contents are what Django's own
``create_token`` makes of it, so types, contents, verbatim handling and line
numbers are exactly Django's (a property test compares them with
``DebugLexer`` on random text).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.template.base import Token, TokenType

__all__ = ["Lexer", "tag_tokens", "tags", "tokenize"]

#: The second character of an opener -> its closer (``{{``/``}}``, ``{%``/``%}``, ``{#``/``#}``).
_CLOSERS = {"{": "}}", "%": "%}", "#": "#}"}


def _django_lexer() -> type:
    # Imported when first used, not at module level: CLI start-up does not load Django.
    from django.template.base import Lexer as DjangoLexer

    return DjangoLexer


REMEMBERED_LENGTH = 200
"""What the readers work out from a tag (or a tag name) up to this long is remembered across
reads: templates repeat ``{% endif %}`` and ``div`` thousands of times. A longer one, as only a
hostile template has, is worked out each time, so what is remembered stays small."""


def _django_tag(token_string: str, verbatim: str | bool) -> tuple[TokenType, str, str | bool]:
    """What Django's ``create_token`` makes of a tag met in lexer state ``verbatim``, and the state after it."""
    lexer = _django_lexer()("")
    lexer.verbatim = verbatim
    token = lexer.create_token(token_string, None, 1, True)
    return token.token_type, token.contents, lexer.verbatim


_remembered_tag = lru_cache(maxsize=4096)(_django_tag)


class Lexer:
    """Tokenise one template; ``examined`` counts the characters the searches looked at."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.examined = 0

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
        """The tokens of :meth:`tokenize` that Django's regex matched as tags, in order."""
        from django.template.base import Token

        count = self.text.count
        result: list[Token] = []
        lineno = 1
        last = 0  # where the previous tag starts: lines are counted from there
        for start, end, token_type, contents in self.tags():
            lineno += count("\n", last, start)
            result.append(Token(token_type, contents, (start, end), lineno))
            last = start
        return result

    def tags(self) -> list[tuple[int, int, TokenType, str]]:
        """(start, end, token type, contents) of each tag, as Django's ``create_token`` makes them.

        The template reader wants these only: the text between tags is a slice
        it takes itself, so it pays for nothing per piece of text (half of all
        tokens), builds no ``Token`` and counts no lines. ``create_token``
        gives each tag its type (a tag inside ``{% verbatim %}`` is text) and
        contents; what it makes of a tag's text depends on that text and on
        the open verbatim section only, so its answer is remembered for the
        short tags that templates repeat (``{% endif %}``).
        """
        text = self.text
        verbatim: str | bool = False  # the lexer's state: the tag that ends the open verbatim section
        result: list[tuple[int, int, TokenType, str]] = []
        for start, end in self._tags():
            token_string = text[start:end]
            if end - start <= REMEMBERED_LENGTH:
                token_type, contents, verbatim = _remembered_tag(token_string, verbatim)
            else:
                token_type, contents, verbatim = _django_tag(token_string, verbatim)
            result.append((start, end, token_type, contents))
        return result

    # -- the matches of Django's tag regex, found linearly ----------------------

    def _tags(self) -> list[tuple[int, int]]:
        """(start, end) of every match of Django's tag regex, in order.

        For each opener kind the last search for its closer is remembered
        (where it started, on which line, what it found): an opener that this
        answer still serves costs no search. The end of the current line is
        likewise found once per line, not once per opener.
        """
        text, n = self.text, len(self.text)
        find = text.find
        searches: dict[str, tuple[int, int, int]] = {}
        """Closer -> (search start, closer index or -1, end of the line searched)."""
        line_start = line_end = -1
        examined = pos = 0
        tags: list[tuple[int, int]] = []
        while True:
            brace = find("{", pos)
            examined += (brace if brace >= 0 else n) - pos + 1
            if brace < 0 or brace + 1 >= n:
                break
            closer = _CLOSERS.get(text[brace + 1])
            if closer is None:
                pos = brace + 1
                continue
            start = brace + 2
            if not line_start <= start <= line_end:
                line_start, line_end = start, find("\n", start)
                if line_end < 0:
                    line_end = n
                examined += line_end - start + 1
            searched = searches.get(closer)
            if searched is not None and searched[0] <= start and searched[2] == line_end and (searched[1] < 0 or searched[1] >= start):
                found = searched[1]  # what ``.*?`` reaches on this line
            else:
                found = find(closer, start, line_end)
                examined += (found if found >= 0 else line_end) - start + 1
                searches[closer] = (start, found, line_end)
            if found < 0:
                pos = brace + 1  # no match here: the regex would try the next character
                continue
            tags.append((brace, found + 2))
            pos = found + 2
        self.examined += examined
        return tags


def tokenize(text: str) -> list[Token]:
    """Django's tokens for ``text`` (see :class:`Lexer`)."""
    return Lexer(text).tokenize()


def tag_tokens(text: str) -> list[Token]:
    """Django's tokens for the tags of ``text`` (see :meth:`Lexer.tag_tokens`)."""
    return Lexer(text).tag_tokens()


def tags(text: str) -> list[tuple[int, int, TokenType, str]]:
    """The tags of ``text`` with their token types and contents (see :meth:`Lexer.tags`)."""
    return Lexer(text).tags()
