"""Which findings a run on named files reports: those files, and what changing them broke elsewhere.

``djust-lint check FILES`` builds the whole project graph but, as ruff does,
reports on the files it was given (:attr:`Scope.PATHS`). A binding joins two
files, though: rename a handler in a staged ``views.py`` and the dead binding
appears in an *unchanged* template. Reporting only findings located in the
named files would let that commit through. (The other way round needs nothing
extra: a template edit that breaks a binding is reported in the template.)

So with :attr:`Scope.RELATED` (the pre-commit hook's ``--related``) a finding
located in another file is reported too when it is *about a class
defined in a named file* -- its ``view`` context names that class or a view
inheriting from it (a staged mixin changes every view using it).

Named templates widen the report by one rule only: a staged template that
drops the last binding of a handler makes that handler unused (DJ111), which
is reported in the unchanged view. Nothing else widens from templates: a base
template is rendered by every view, and its edit must not surface every view's
unrelated findings. Other
findings in other files (pre-existing problems of unrelated code) stay out, so
a hook on a few files does not fail on the rest of the project.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..core.findings import Finding

if TYPE_CHECKING:
    from ..graph.model import ProjectGraph


class Scope(str, enum.Enum):
    """Which findings a run on named paths reports (nothing changes when no path is named)."""

    PATHS = "paths"
    """Only findings located in the named files (ruff's behaviour; the CLI default)."""
    RELATED = "related"
    """Those, plus findings elsewhere that the named files cause (the pre-commit hook)."""
    ALL = "all"
    """Every finding of the project; the paths only say what the caller is interested in."""


def in_scope(graph: ProjectGraph, findings: Sequence[Finding], selected: set[str] | None, scope: Scope) -> list[Finding]:
    """The findings a run reports, given the named files (``None``: the whole project)."""
    if selected is None or scope is Scope.ALL:
        return list(findings)
    inside = [f for f in findings if f.path in selected]
    if scope is Scope.PATHS:
        return inside
    classes = touched_classes(graph, selected)
    template_classes = classes_behind_templates(graph, selected)
    if not classes and not template_classes:
        return inside
    extra = related_findings(findings, selected, classes, template_classes)
    return sorted([*inside, *extra], key=lambda f: f.sort_key)


def touched_classes(graph: ProjectGraph, selected: set[str]) -> set[str]:
    """Qualified names of the classes defined in the named files, and of the views inheriting them."""
    touched: set[str] = set()
    for cls in graph.index.classes.values():
        if cls.path in selected:
            touched.add(cls.qualname)
            touched.update(view.qualname for view in graph.views_inheriting(cls.qualname))
    return touched


def is_about(finding: Finding, classes: set[str]) -> bool:
    """True when the finding is about one of the classes (its ``views``)."""
    return any(name in classes for name in finding.views)


#: Findings a named *template* can cause in an unchanged Python file.
TEMPLATE_CAUSED = frozenset({"DJ111"})


def classes_behind_templates(graph: ProjectGraph, selected: set[str]) -> set[str]:
    """Every class in the MRO of a view that renders one of the named templates."""
    classes: set[str] = set()
    for node in graph.templates.values():
        if node.path in selected:
            for qualname in node.rendered_by:
                view = graph.views.get(qualname)
                if view is not None:
                    classes.update(view.mro_chain)
    return classes


def related_findings(
    findings: Iterable[Finding], selected: set[str], classes: set[str], template_classes: set[str] = frozenset()
) -> list[Finding]:
    """Findings outside the named files that are about the touched classes."""
    return [
        f
        for f in findings
        if f.path not in selected
        and (is_about(f, classes) or (f.code in TEMPLATE_CAUSED and is_about(f, template_classes)))
    ]
