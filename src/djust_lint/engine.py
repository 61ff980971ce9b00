"""The one library entry point under the CLI, ``validate_view`` and the MCP server.

``lint_project`` builds the graph once and runs every selected rule over it;
findings come back sorted, de-duplicated and limited to the selected paths.
A rule that crashes is reported as an internal error finding instead of
taking the run down.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Finding, Severity
from .graph import ProjectGraph
from .graph_builder import BuildOptions, build_graph
from .model import Span
from .rules import Rule, RuleContext, select_rules


@dataclass
class LintResult:
    graph: ProjectGraph
    findings: list[Finding] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.findings else 0


def run_rules(graph: ProjectGraph, rules: Sequence[type[Rule]]) -> tuple[list[Finding], list[str]]:
    """Run rules over a built graph; returns (findings, internal error messages)."""
    findings: list[Finding] = []
    errors: list[str] = []
    for rule_class in rules:
        ctx = RuleContext(graph)
        try:
            findings.extend(rule_class().check(ctx))
        except Exception:  # a broken rule must not hide the others' findings
            errors.append(f"rule {rule_class.code} ({rule_class.name}) crashed:\n{traceback.format_exc()}")
    if graph.selected is not None:
        findings = [f for f in findings if f.path in graph.selected]
    unique = {(f.code, f.path, f.span, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: f.sort_key), errors


def lint_project(
    root: Path,
    *,
    paths: Sequence[Path] | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    options: BuildOptions | None = None,
) -> LintResult:
    """Check a project: discover, read, link, run the selected rules."""
    options = options or BuildOptions()
    if paths is not None:
        options.paths = paths
    graph = build_graph(root, options)
    findings, errors = run_rules(graph, select_rules(select, ignore))
    return LintResult(graph, findings, errors)


def internal_error_finding(message: str) -> Finding:
    return Finding("DJ999", "internal-error", Severity.ERROR, ".", Span(1, 1, 1, 1), message)
