"""The stages of one lint run, in order: select rules, run them, post-process their findings.

:mod:`djust_lint.engine.api` strings them together; nothing else should need them.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.findings import Finding, Severity
from ..core.model import Span
from .config import Config

if TYPE_CHECKING:
    from ..graph.model import ProjectGraph
    from ..rules import Rule


@dataclass
class LintResult:
    graph: ProjectGraph
    findings: list[Finding] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    config: Config = field(default_factory=Config)
    suppressed: int = 0
    baselined: int = 0
    silenced_rules: list[str] = field(default_factory=list)
    """Codes of rules not run because djust's own switches silence every check they replace."""
    rule_seconds: dict[str, float] = field(default_factory=dict)
    """Wall time each rule took (``--verbose`` names the slowest; nothing asserts on it)."""

    @property
    def exit_code(self) -> int:
        if self.internal_errors:
            return 2
        return 1 if self.findings else 0

    @property
    def count(self) -> int:
        """Findings reported (a replayed result knows it without loading them)."""
        return len(self.findings)

    def files_checked(self) -> int:
        return len(self.graph.files)

    def unchecked_labels(self) -> tuple[tuple[str, str], ...]:
        """``("path:line qualname", why)`` for views whose bindings were not checked (see ``unchecked_views``)."""
        views = self.graph.unchecked_views()
        return tuple((f"{v.path}:{v.span.line} {v.qualname}", v.template_reason or "") for v in views)


def selected_rules(
    config: Config,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
) -> list[type[Rule]]:
    """ruff semantics: ``--select`` replaces the configured set; ignores and extensions add up."""
    from ..rules import select_rules

    base = select if select is not None else config.select
    ignores = [*config.ignore, *(ignore or [])]
    chosen = select_rules(base, ignores)
    extra = [*config.extend_select, *(extend_select or [])]
    if extra:
        chosen += [r for r in select_rules(extra, ignores) if r not in chosen]
    return sorted(chosen, key=lambda r: r.code)


def run_rules(
    graph: ProjectGraph,
    rules: Sequence[type[Rule]],
    progress: Callable[[str, int, int], None] | None = None,
    seconds: dict[str, float] | None = None,
) -> tuple[list[Finding], list[str], list[str]]:
    """Run rules over a built graph: (findings, internal errors, codes of rules djust silences).

    ``progress`` is told ``("rules", done, total)`` before each rule and once at the end;
    ``seconds`` receives each rule's wall time (findings included: a rule is a generator).
    """
    from .silencing import silenced_by_djust

    findings: list[Finding] = []
    errors: list[str] = []
    silenced: list[str] = []
    from ..rules import RuleContext

    for done, rule_class in enumerate(rules):
        if progress is not None:
            progress("rules", done, len(rules))
        if silenced_by_djust(graph, rule_class):
            silenced.append(rule_class.code)
            continue
        ctx = RuleContext(graph)
        started = time.perf_counter()
        try:
            findings.extend(rule_class().check(ctx))
        except Exception:  # a broken rule must not hide the others' findings
            errors.append(f"rule {rule_class.code} ({rule_class.name}) crashed:\n{traceback.format_exc()}")
        if seconds is not None:
            seconds[rule_class.code] = time.perf_counter() - started
    if progress is not None:
        progress("rules", len(rules), len(rules))
    if graph.installed_paths:  # templates of installed packages are read, never reported on
        findings = [f for f in findings if f.path not in graph.installed_paths]
    return findings, errors, silenced


def sorted_unique(findings: Sequence[Finding]) -> list[Finding]:
    unique = {(f.code, f.path, f.span, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: f.sort_key)


def postprocess(
    graph: ProjectGraph, findings: list[Finding], rules: Sequence[type[Rule]], config: Config, result: LintResult
) -> list[Finding]:
    """Suppression comments, unused suppressions, per-file ignores, severities (over every file)."""
    import dataclasses

    from ..readers.gitignore import is_ignored
    from ..rules import ALL_RULES, select_rules
    from ..rules.diagnostics.unused_suppression import UnusedSuppression
    from .suppress import apply, directives_of

    directives = directives_of(graph)
    djust_ids = {rule.code: rule.djust_ids for rule in ALL_RULES if rule.djust_ids}
    before = len(findings)
    findings = apply(findings, directives, djust_ids)
    result.suppressed = before - len(findings)
    enabled = {rule.code for rule in rules}
    if UnusedSuppression.code in enabled:
        known = {rule.code for rule in ALL_RULES}
        findings.extend(UnusedSuppression().unused(directives, enabled, known))
    if config.per_file_ignores:
        ignores = [(glob, {r.code for r in select_rules(codes)}) for glob, codes in config.per_file_ignores.items()]
        findings = [
            f for f in findings if not any(f.code in codes and is_ignored([glob], f.path) for glob, codes in ignores)
        ]
    if not config.lint_test_code:
        findings = without_test_code(findings)
    if config.severity:
        findings = [
            dataclasses.replace(f, severity=config.severity[f.code]) if f.code in config.severity else f
            for f in findings
        ]
    return sorted_unique(findings)


def without_test_code(findings: list[Finding]) -> list[Finding]:
    """Drop findings in a project's tests (fixtures, broken on purpose); diagnostics stay."""
    from ..rules import RULES_BY_CODE
    from ..rules.test_code import KEPT_IN_TEST_CODE, is_test_code

    def kept(finding: Finding) -> bool:
        rule = RULES_BY_CODE.get(finding.code)
        return rule is None or rule.family in KEPT_IN_TEST_CODE or not is_test_code(finding.path)

    return [f for f in findings if kept(f)]


def internal_error_finding(error: str, path: str = ".") -> Finding:
    """A caught internal error (a rule that crashed) as a finding, so no answer drops it silently."""
    from ..core.crash import summarize

    return Finding("DJ999", "internal-error", Severity.ERROR, path, Span(1, 1, 1, 1), summarize(error))
