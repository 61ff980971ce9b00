"""Handler names called from client code: ``pushEvent("name")`` and ``JS.push("name")``.

Scanned once, by whichever reader already holds the text (a template's, a
``.js`` file's), so the unused-handler and rename logic see every caller
without any file being read a second time.
"""

from __future__ import annotations

import re

from ..core.model import Reference, Span
from ..core.textedit import LineIndex

_JS_REF = re.compile(r"""(?:pushEvent|\.push)\(\s*(["'])([A-Za-z_][A-Za-z0-9_]*)\1""")


def script_references(
    path: str, text: str, line_offset: int = 0, first_line_column_offset: int = 0
) -> list[Reference]:
    """Every literal handler name pushed from ``text``, at its position in ``path``.

    The offsets place text embedded in another file (an inline template in a
    ``.py`` file) at its real position, as ``Span.shifted`` does.
    """
    if "pushEvent" not in text and ".push(" not in text:
        return []
    references: list[Reference] = []
    index: LineIndex | None = None
    for match in _JS_REF.finditer(text):
        start = match.start(2)
        index = index or LineIndex(text)
        line, column = index.position(start)
        name = match.group(2)
        kind = "push_event" if match.group(0).startswith("pushEvent") else "js_push"
        span = Span(line, column, line, column + len(name)).shifted(line_offset, first_line_column_offset)
        references.append(Reference(kind, name, path, span))  # type: ignore[arg-type]
    return references
