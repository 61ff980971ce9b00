"""Fixes that change a handler's Python source: add ``**kwargs``, add ``@event_handler`` (and its import).

The edits are computed with libcst (:mod:`.python_fix_edits`) against the
text the graph saw when the rule reported (an editor's unsaved buffer
included), and carried by the finding as plain line edits -- so ``--fix``,
JSON, SARIF, MCP and editors all apply the same change. They are computed
only when something asks for them (:class:`~djust_lint.core.findings.Fix`
defers them): the text report says a fix exists without importing libcst.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from ..core.findings import Edit, Fix
from ..core.textedit import edits_between

if TYPE_CHECKING:
    from ..graph.model import ProjectGraph


def handler_fix(
    graph: ProjectGraph,
    owner: str,
    handler: str,
    message: str,
    *,
    add_decorator: bool,
    applicability: Literal["safe", "unsafe"] = "safe",
) -> Fix | None:
    """A fix adding ``@event_handler`` (``add_decorator``) or ``**kwargs`` to ``owner.handler``.

    ``None`` when the class is not the project's or its file cannot be read:
    then no fix is offered at all. The edits are deferred; in the rare case
    libcst cannot make the change (a class defined twice in one module, a
    method libcst does not find where the reader did), they come out empty
    and ``--fix`` leaves the finding as it is.
    """
    cls = graph.index.classes.get(owner)
    text = graph.source_text(cls.path) if cls is not None else None
    if cls is None or text is None:
        return None
    path, module = cls.path, cls.module

    def edits() -> tuple[Edit, ...]:
        from .python_fix_edits import fixed_text

        new = fixed_text(text, path, owner, module, handler, add_decorator)
        return () if new is None or new == text else edits_between(path, text, new)

    if len(re.findall(rf"^[ \t]*class[ \t]+{re.escape(cls.name)}\b", text, re.MULTILINE)) > 1:
        # Defined twice (``if``/``else`` branches): libcst refuses to choose, so whether there is a
        # fix at all is only known by computing it -- now, rather than offering one that is empty.
        computed = edits()
        return Fix(message, computed, applicability) if computed else None
    return Fix(message, edits, applicability)
