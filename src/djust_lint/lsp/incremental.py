"""Re-lint one edited template in milliseconds: patch it into the last graph, lint what renders it.

A keystroke in a template changes that template only. When its ``extends``/
``include`` targets are the same as before, the rest of the graph (classes,
MROs, views, which views render which template) is unchanged, so the
template is re-read from the buffer, its bindings re-linked, and the rules
run over the slice of the graph the template belongs to: the views that
render it and the templates those views render. Only findings *for the
edited file* are taken from that run; the server's full lint, which follows
when typing pauses, reconciles every other file. Anything structural (a new
``extends``, a Python edit, an inline template) returns ``None`` and waits
for the full lint.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..graph import references as refs
from ..graph.builder import collect_template_bindings, link_template
from ..graph.model import ProjectGraph, TemplateNode

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from ..core.findings import Finding
    from ..engine.config import Config
    from ..rules import Rule


def patch_template(graph: ProjectGraph, rel: str, text: str) -> tuple[ProjectGraph, str] | None:
    """A copy of ``graph`` with the file template ``rel`` read from ``text``; ``None`` if it needs a full link.

    The copy shares every unchanged object with ``graph`` (which is not
    modified); returns the patched graph and the template's key.
    """
    from ..readers.template import read_template

    nodes = [n for n in graph.templates.values() if n.path == rel and not n.inline]
    if len(nodes) != 1:
        return None
    old = nodes[0]
    info = read_template(text, path=rel, name=old.name)
    node = TemplateNode(old.key, old.path, old.name, info, rendered_by=list(old.rendered_by), owner=old.owner)
    patched = dataclasses.replace(
        graph,
        templates={**graph.templates, old.key: node},
        references=[r for r in graph.references if r.path != rel] + list(info.references),
        diagnostics=[(p, d) for p, d in graph.diagnostics if p != rel] + [(rel, d) for d in info.diagnostics],
        bindings=[b for b in graph.bindings if b.template != old.key],
        overlays={**graph.overlays, rel: text},  # rules that need the text get the buffer's
        _texts={p: t for p, t in graph._texts.items() if p != rel},
    )
    link_template(patched, node)
    if [(e.kind, e.target) for e in node.edges] != [(e.kind, e.target) for e in old.edges]:
        return None  # extends/include changed: which views render what must be linked again
    collect_template_bindings(patched, old.key, node)
    return patched, old.key


def slice_for(graph: ProjectGraph, key: str) -> ProjectGraph:
    """The part of the graph a template's findings depend on: its views and everything they render.

    Only the template's own bindings are kept: a rule reports a binding where it
    is written, so other templates' bindings can only add findings elsewhere
    (which the full lint keeps) — and a partial shared by hundreds of views
    would otherwise mean checking all of theirs.
    """
    node = graph.templates[key]
    views = refs.views_rendering(graph, node)
    keys = {key}
    for view in views:
        keys.update(view.renders)
    return dataclasses.replace(
        graph,
        views={v.qualname: v for v in views},
        templates={k: graph.templates[k] for k in keys if k in graph.templates},
        bindings=[b for b in graph.bindings if b.template == key],
        selected=None,
        report_only=frozenset({node.path}),  # rules skip other files: their findings are discarded here anyway
        _descendants=None,
    )


def lint_template(
    graph: ProjectGraph, key: str, rules: Sequence[type[Rule]], config: Config, root: Path
) -> list[Finding]:
    """Findings for template ``key``'s file, exactly as a full lint would post-process them."""
    from ..engine.pipeline import LintResult, postprocess, run_rules

    sub = slice_for(graph, key)
    path = graph.templates[key].path
    findings, errors, silenced = run_rules(sub, rules)
    result = LintResult(sub, [], errors, config, silenced_rules=silenced)
    findings = [f for f in postprocess(sub, findings, rules, config, result) if f.path == path]
    if config.baseline:
        from ..engine.baseline import load_baseline, new_findings

        findings = new_findings(findings, load_baseline(root / config.baseline), root)
    return findings
