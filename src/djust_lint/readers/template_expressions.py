"""Which context names a Django template expression or tag reads and binds.

The context rules need the *root* names of ``{{ user.name|default:fallback }}``
(``user``, ``fallback``), of ``{% if a and not b.c == "x" %}`` (``a``, ``b``)
and of ``{% for x, y in pairs %}`` (reads ``pairs``, binds ``x``, ``y`` until
``endfor``).  Django's own ``FilterExpression`` needs a configured template
engine (filters are looked up in libraries), and djust's Rust engine also
accepts Jinja-style ``{{ a if b else c }}``, so this module is a small
tokenizer instead: string and number literals, filter names and operators are
skipped; every remaining dotted path yields its first segment.  One regex
pass per expression keeps it linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["TagNames", "expression_names", "noqa_names", "split_bits", "tag_names"]

#: One token of an expression: a string literal, a filter name, a number, or a dotted path.
_TOKEN = re.compile(
    r"""(?P<string>"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?)"""
    r"|(?P<filter>\|\s*[A-Za-z_]\w*)"
    r"|(?P<number>(?<![\w.])\d[\w.]*)"
    r"|(?P<path>(?<![\w.])[A-Za-z_]\w*(?:\.\w+)*)"
)
_KEYWORDS = frozenset({"and", "or", "not", "in", "is", "if", "else", "True", "False", "None", "none", "true", "false"})
_SIMPLE = re.compile(r"[A-Za-z_]\w*(?:\.\w+)*")
_TRANSLATION = re.compile(r"_\s*\(")
_AS_NAME = re.compile(r"^[A-Za-z_]\w*$")
_BITS = re.compile(r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s"']+)+""")
_NOQA = re.compile(r"^\s*djust_typecheck:\s*noqa(?:\s+(?P<names>\w+(?:\s*,\s*\w+)*))?\s*$")

#: Block tags whose bindings last until their end tag.
_BLOCK_END = {"for": "endfor", "with": "endwith", "blocktrans": "endblocktrans", "blocktranslate": "endblocktranslate"}
#: Tags whose arguments (after the first) are expressions, like ``{% if %}``.
_EXPRESSION_TAGS = frozenset({"if", "elif", "ifchanged"})
#: Tags whose space-separated arguments are each an expression (``as name`` binds).
_ARGUMENT_TAGS = frozenset({"firstof", "cycle", "url", "regroup", "widthratio"})


@dataclass
class TagNames:
    """What one ``{% tag %}`` does to the template context."""

    reads: list[tuple[str, int]] = field(default_factory=list)
    """(root name, character offset in the tag's args) for every name read."""
    binds: list[str] = field(default_factory=list)
    """Names visible until ``end`` (block-scoped) or, when ``end`` is None, to the end of the template."""
    end: str | None = None
    include_binds: list[str] = field(default_factory=list)
    """``{% include ... with x=... %}``: names given to the included template only."""
    include_only: bool = False


def expression_names(text: str, offset: int = 0) -> list[tuple[str, int]]:
    """Root names read by a variable/filter expression, with their offsets (``offset`` added)."""
    return [(name, offset + start) for name, start in _expression_names(text)]


@lru_cache(maxsize=8192)
def _expression_names(text: str) -> tuple[tuple[str, int], ...]:
    """Templates repeat the same few expressions (``item.id``): tokenise each once."""
    simple = _SIMPLE.fullmatch(text)
    if simple is not None:
        root = text.split(".", 1)[0]
        return () if root in _KEYWORDS else ((root, 0),)
    names: list[tuple[str, int]] = []
    for match in _TOKEN.finditer(text):
        path = match.group("path")
        if path is None:
            continue
        root = path.split(".", 1)[0]
        if root in _KEYWORDS or (root == "_" and _TRANSLATION.match(text, match.start())):
            continue
        names.append((root, match.start()))
    return tuple(names)


def split_bits(args: str) -> list[tuple[str, int]]:
    """Django's ``smart_split`` of tag arguments (quotes kept), with each bit's offset."""
    return [(m.group(0), m.start()) for m in _BITS.finditer(args)]


def _assignment_bits(bits: list[tuple[str, int]], names: TagNames, binds: list[str]) -> None:
    """``x=expr`` bits: the value is read, the name bound (in ``binds``)."""
    for bit, offset in bits:
        name, sep, value = bit.partition("=")
        if sep and _AS_NAME.match(name):
            binds.append(name)
            names.reads.extend(expression_names(value, offset + len(name) + 1))


def _with_tag(args: str, names: TagNames) -> None:
    bits = split_bits(args)
    if len(bits) == 3 and bits[1][0] == "as":  # legacy ``{% with expr as name %}``
        names.reads.extend(expression_names(bits[0][0], bits[0][1]))
        names.binds.append(bits[2][0])
    else:
        _assignment_bits(bits, names, names.binds)


def _for_tag(args: str, names: TagNames) -> None:
    match = re.search(r"\s+in\s+", args)
    if match is None:
        return
    names.binds.extend(n for n in re.split(r"[\s,]+", args[: match.start()]) if _AS_NAME.match(n))
    names.binds.append("forloop")
    iterable = re.sub(r"\s+reversed\s*$", "", args[match.end() :])
    names.reads.extend(expression_names(iterable, match.end()))


def _blocktrans_tag(args: str, names: TagNames) -> None:
    bits = split_bits(args)
    words = [bit for bit, _ in bits]
    if "asvar" in words and words.index("asvar") + 1 < len(words):
        names.end = None  # the ``asvar`` name outlives the block; keep it simple and template-wide
        names.binds.append(words[words.index("asvar") + 1])
    _assignment_bits(bits, names, names.binds)
    if "as" in words:  # legacy ``with expr as name``
        index = words.index("as")
        if index >= 1 and index + 1 < len(words):
            names.reads.extend(expression_names(bits[index - 1][0], bits[index - 1][1]))
            names.binds.append(words[index + 1])


def _include_tag(args: str, names: TagNames) -> None:
    bits = split_bits(args)
    if not bits:
        return
    first, offset = bits[0]
    if first[:1] not in "\"'":
        names.reads.extend(expression_names(first, offset))
    rest = bits[1:]
    names.include_only = any(bit == "only" for bit, _ in rest)
    _assignment_bits(rest, names, names.include_binds)


def _argument_tag(tag: str, args: str, names: TagNames) -> None:
    bits = split_bits(args)
    if len(bits) >= 2 and bits[-2][0] == "as":
        names.binds.append(bits[-1][0])
        bits = bits[:-2]
    if tag == "url" and bits:
        bits = bits[1:] if bits[0][0][:1] in "\"'" else bits
    if tag == "regroup" and len(bits) >= 3:
        bits = bits[:1]  # ``{% regroup x by key as y %}``: ``key`` is an attribute, not a name
    for bit, offset in bits:
        if bit in ("silent", "by"):
            continue
        name, sep, value = bit.partition("=")
        if sep and _AS_NAME.match(name):
            names.reads.extend(expression_names(value, offset + len(name) + 1))
        else:
            names.reads.extend(expression_names(bit, offset))


def tag_names(tag: str, args: str) -> TagNames:
    """Names a tag reads and binds; unknown (custom) tags only bind a trailing ``as name``."""
    names = TagNames(end=_BLOCK_END.get(tag))
    if tag in _EXPRESSION_TAGS:
        names.reads.extend(expression_names(args))
    elif tag == "for":
        _for_tag(args, names)
    elif tag == "with":
        _with_tag(args, names)
    elif tag in ("blocktrans", "blocktranslate"):
        _blocktrans_tag(args, names)
    elif tag == "include":
        _include_tag(args, names)
    elif tag in _ARGUMENT_TAGS:
        _argument_tag(tag, args, names)
    else:
        bits = split_bits(args)
        if len(bits) >= 2 and bits[-2][0] in ("as", "asvar") and _AS_NAME.match(bits[-1][0]):
            names.binds.append(bits[-1][0])
    return names


def noqa_names(comment_text: str) -> set[str] | None:
    """djust's ``{# djust_typecheck: noqa [a, b] #}`` pragma: the names it silences (``*`` = all)."""
    match = _NOQA.match(comment_text)
    if match is None:
        return None
    listed = match.group("names")
    return {"*"} if listed is None else {part.strip() for part in listed.split(",")}
