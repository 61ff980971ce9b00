"""Turn the engine's edits (span edits, whole-file plans) into LSP workspace edits.

Rules describe fixes as span edits; codemods (add-handler, rename, the libcst
method fixes) produce the new text of whole files. An editor wants small
``TextEdit``s it can apply to the buffer and undo in one step, so whole-file
changes are reduced to the hunks that differ, each trimmed to the characters
that differ.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from lsprotocol import types

from ..core.findings import Edit
from ..core.model import Span
from ..core.textedit import LineIndex
from .positions import Converter


def _span(index: LineIndex, start: int, end: int) -> Span:
    def locate(offset: int) -> tuple[int, int]:
        line = _line_of(index.starts, offset)
        return line, offset - index.starts[line - 1] + 1

    return Span(*locate(start), *locate(end))


def _line_of(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset)


def text_edits(conv: Converter, path: str, old: str, new: str) -> list[types.TextEdit]:
    """The edits that turn ``old`` (the text ``conv`` knows for ``path``) into ``new``."""
    if old == new:
        return []
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    index = LineIndex(old)
    old_starts = [0]
    for line in old_lines:
        old_starts.append(old_starts[-1] + len(line))
    edits: list[types.TextEdit] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end = old_starts[i1], old_starts[i2]
        before, after = old[start:end], "".join(new_lines[j1:j2])
        prefix = len(_common_prefix(before, after))
        suffix = len(_common_prefix(before[prefix:][::-1], after[prefix:][::-1]))
        span = _span(index, start + prefix, end - suffix)
        edits.append(types.TextEdit(conv.range(path, span), after[prefix : len(after) - suffix]))
    return edits


def _common_prefix(a: str, b: str) -> str:
    import os

    return os.path.commonprefix([a, b])


def span_edits(conv: Converter, edits: Iterable[Edit]) -> dict[str, list[types.TextEdit]]:
    """A rule's fix edits grouped by root-relative path."""
    grouped: dict[str, list[types.TextEdit]] = {}
    for edit in edits:
        grouped.setdefault(edit.path, []).append(types.TextEdit(conv.range(edit.path, edit.span), edit.content))
    return grouped


def workspace_edit(root: Path, changes: dict[str, list[types.TextEdit]]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={(root / path).as_uri(): edits for path, edits in sorted(changes.items()) if edits})
