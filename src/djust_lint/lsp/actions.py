"""Code actions and rename: the rules' fixes and the codemods, offered as workspace edits.

Nothing is computed twice: a rule's span fix is sent as it is; fixes that
need the Python source (add ``**kwargs``, add ``@event_handler``) run the fix
loop's libcst fixers on the buffer text; "add handler" and "rename handler"
run the codemods' planners and send back what they would write. The editor
applies (and can undo) the edit; the server never writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.findings import Finding
from ..core.model import Span
from ..graph import references as refs
from .navigation import handler_at

if TYPE_CHECKING:
    from lsprotocol import types

    from ..codemods.plan import EditPlan
    from .positions import Converter
    from .project import Project


class ActionRefused(Exception):
    """The edit cannot be made safely (the message says why)."""


@dataclass(frozen=True)
class Action:
    title: str
    changes: dict[str, list[types.TextEdit]]
    finding: Finding | None
    preferred: bool = False


def _overlaps(span: Span, start: tuple[int, int], end: tuple[int, int]) -> bool:
    return (span.line, span.column) <= end and start <= (span.end_line, span.end_column)


def findings_in(project: Project, path: str, start: tuple[int, int], end: tuple[int, int]) -> list[Finding]:
    return [f for f in project.findings_by_path().get(path, []) if _overlaps(f.span, start, end)]


def code_actions(project: Project, conv: Converter, path: str, start: tuple[int, int], end: tuple[int, int]) -> list[Action]:
    """Quick fixes for the findings under the range: rule fixes, then "add handler" for dead bindings.

    Every rule fix carries its edits, computed against the text the graph saw
    (the buffers included), so they apply to the editor's text as they are.
    """
    actions: list[Action] = []
    for finding in findings_in(project, path, start, end):
        fix = finding.fix
        if fix is not None and fix.edits:
            from .edits import span_edits

            actions.append(Action(fix.message, span_edits(conv, fix.edits), finding, fix.applicability == "safe"))
        if finding.code == "DJ101":
            actions.extend(_add_handler_actions(project, conv, finding))
    return actions


def _add_handler_actions(project: Project, conv: Converter, finding: Finding) -> list[Action]:
    """"Add handler ``x`` to ``View``" for each view the dead binding reaches (the add-handler codemod)."""
    from ..codemods.add_handler import plan_add_handler
    from ..codemods.plan import PlanConflict, PlanError

    graph = project.graph
    handler = finding.handler or ""
    if graph is None or not handler:
        return []
    params = _binding_params(project, finding)
    actions: list[Action] = []
    for view in finding.views:
        node = graph.views.get(view)
        if node is None or (project.dirty(node.path) and node.path not in graph.overlays):
            continue  # a buffer newer than the graph: the edit would not match what the editor has
        try:
            plan = plan_add_handler(project.root, view, handler, params=params, graph=graph)
        except (PlanError, PlanConflict):
            continue
        changes = _plan_changes(project, conv, plan)
        if changes:
            actions.append(Action(f"Add handler '{handler}' to {node.name}", changes, finding))
    return actions


def _binding_params(project: Project, finding: Finding) -> list[str]:
    """Params the dead binding's element supplies (``dj-value-*``, ``data-*``), for the new signature."""
    graph = project.graph
    if graph is None:
        return []
    for binding in refs.bindings_at(graph, finding.path, finding.span.line, finding.span.column):
        if binding.kind == "handler":
            return sorted(p for p in binding.params if p.isidentifier() and p not in ("self", "kwargs"))
    return []


def _plan_changes(project: Project, conv: Converter, plan: EditPlan) -> dict[str, list[types.TextEdit]]:
    from .edits import text_edits

    changes: dict[str, list[types.TextEdit]] = {}
    for edit in plan.edits:
        if edit.changed:
            changes[edit.path] = text_edits(conv, edit.path, edit.old_text, edit.new_text)
    return changes


# ---------------------------------------------------------------------------
# Rename
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RenameTarget:
    owner: str
    name: str
    span: Span


def rename_target(project: Project, path: str, line: int, column: int) -> RenameTarget:
    """The project handler under the cursor (its ``def``, a binding, a push), or why none can be renamed."""
    graph = project.graph
    handler = handler_at(graph, path, line, column) if graph is not None else None
    if handler is None:
        raise ActionRefused("no handler here to rename")
    owners = sorted({d.owner for d in handler.definitions if d.kind != "state" and d.path is not None})
    if not owners:
        raise ActionRefused(f"'{handler.name}' is not defined in this project")
    if len(owners) > 1:
        raise ActionRefused(f"'{handler.name}' is defined in several classes ({', '.join(owners)}); rename from the def")
    return RenameTarget(owners[0], handler.name, handler.span)


def rename(project: Project, conv: Converter, path: str, line: int, column: int, new: str) -> dict[str, list[types.TextEdit]]:
    """Every edit renaming the handler under the cursor, from the rename codemod (one workspace edit)."""
    from ..codemods.plan import PlanConflict, PlanError
    from ..codemods.rename import plan_rename_handler

    if any(project.dirty(rel) for rel in project.buffers) and project.patched is not None:
        project.lint()  # a quickly re-linked template is not enough: plan from a graph of every buffer
    target = rename_target(project, path, line, column)
    try:
        plan = plan_rename_handler(project.root, target.owner, target.name, new, graph=project.graph)
    except (PlanError, PlanConflict) as exc:
        raise ActionRefused(str(exc)) from None
    return _plan_changes(project, conv, plan)
