"""Which findings a run on named files reports: those files, and what changing them broke elsewhere.

``djust-lint check FILES`` (what the pre-commit hook runs) builds the whole
project graph but reports on the files it was given. A binding joins two
files, though: rename a handler in a staged ``views.py`` and the dead binding
appears in an *unchanged* template. Reporting only findings located in the
named files would let that commit through. (The other way round needs nothing
extra: a template edit that breaks a binding is reported in the template.)

So a finding located in another file is reported too when it is *about a class
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

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.findings import Finding

if TYPE_CHECKING:
    from ..graph.model import ProjectGraph
    from ..rules import Rule
    from .api import LintResult


def touched_classes(graph: ProjectGraph, selected: set[str]) -> set[str]:
    """Qualified names of the classes defined in the named files, and of the views inheriting them."""
    touched: set[str] = set()
    for cls in graph.index.classes.values():
        if cls.path in selected:
            touched.add(cls.qualname)
            touched.update(view.qualname for view in graph.views_inheriting(cls.qualname))
    return touched


def is_about(finding: Finding, classes: set[str]) -> bool:
    """True when the finding's ``view`` context (one name or a comma-separated list) names a class."""
    names = finding.context.get("view")
    return bool(names) and any(name.strip() in classes for name in names.split(","))


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


def widen_to_related(
    result: LintResult, rules: Sequence[type[Rule]], baseline: Path | None = None
) -> list[Finding]:
    """The run's findings plus the related ones elsewhere (see the module docstring).

    ``result`` comes from a run limited to the named files. The rules are run once
    more over the same graph without that limit (no file is read again, except the
    few holding related findings, scanned for suppression comments), and the
    related findings go through the same post-processing as the others:
    suppressions, per-file ignores, severities and the baseline.
    """
    from .api import LintResult, postprocess, run_rules

    graph = result.graph
    selected = graph.selected
    if selected is None:
        return list(result.findings)
    classes = touched_classes(graph, selected)
    template_classes = classes_behind_templates(graph, selected)
    if not classes and not template_classes:
        return list(result.findings)
    graph.selected = None
    try:
        everything, errors = run_rules(graph, rules)
    finally:
        graph.selected = selected
    result.internal_errors.extend(e for e in errors if e not in result.internal_errors)
    extra = related_findings(everything, selected, classes, template_classes)
    if not extra:
        return list(result.findings)
    paths = sorted({f.path for f in extra})
    narrowed = replace(graph, files=paths, selected=set(paths))
    scratch = LintResult(narrowed, config=result.config)
    extra = related_findings(
        postprocess(narrowed, extra, rules, result.config, scratch), selected, classes, template_classes
    )
    result.suppressed += scratch.suppressed
    if baseline is None and result.config.baseline:
        baseline = Path(graph.root) / result.config.baseline
    if baseline is not None:
        from .baseline import load_baseline, new_findings

        extra = new_findings(extra, load_baseline(baseline), Path(graph.root))
    merged = {(f.code, f.path, f.span, f.message): f for f in [*result.findings, *extra]}
    return sorted(merged.values(), key=lambda f: f.sort_key)
