"""The one library entry point under the CLI, ``validate_view`` and the MCP server.

``lint_project`` reads the configuration, builds the graph once, runs every
selected rule over it, then post-processes the findings in a fixed order:
suppression comments (and unused ones), per-file ignores, the paths asked
for, severity overrides, the baseline. A rule that crashes is reported as an
internal error instead of taking the run down.
"""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.findings import Finding, Severity
from ..core.model import Span
from ..graph.builder import BuildOptions, build_graph
from ..graph.model import ProjectGraph
from ..rules import ALL_RULES, Rule, RuleContext, select_rules
from .config import Config, load_config


@dataclass
class LintResult:
    graph: ProjectGraph
    findings: list[Finding] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    config: Config = field(default_factory=Config)
    suppressed: int = 0
    baselined: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.findings else 0


def run_rules(graph: ProjectGraph, rules: Sequence[type[Rule]]) -> tuple[list[Finding], list[str]]:
    """Run rules over a built graph; returns (findings limited to the selection, internal errors)."""
    findings, errors = _run(graph, rules)
    if graph.selected is not None:
        findings = [f for f in findings if f.path in graph.selected]
    return _sorted_unique(findings), errors


def _run(graph: ProjectGraph, rules: Sequence[type[Rule]]) -> tuple[list[Finding], list[str]]:
    findings: list[Finding] = []
    errors: list[str] = []
    for rule_class in rules:
        ctx = RuleContext(graph)
        try:
            findings.extend(rule_class().check(ctx))
        except Exception:  # a broken rule must not hide the others' findings
            errors.append(f"rule {rule_class.code} ({rule_class.name}) crashed:\n{traceback.format_exc()}")
    return findings, errors


def _sorted_unique(findings: Sequence[Finding]) -> list[Finding]:
    unique = {(f.code, f.path, f.span, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: f.sort_key)


def selected_rules(
    config: Config,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
) -> list[type[Rule]]:
    """ruff semantics: ``--select`` replaces the configured set; ignores and extensions add up."""
    base = select if select is not None else config.select
    ignores = [*config.ignore, *(ignore or [])]
    chosen = select_rules(base, ignores)
    extra = [*config.extend_select, *(extend_select or [])]
    if extra:
        chosen += [r for r in select_rules(extra, ignores) if r not in chosen]
    return sorted(chosen, key=lambda r: r.code)


def configure_options(options: BuildOptions, config: Config) -> BuildOptions:
    """Add the configuration's file selection to the build options (in place; returned)."""
    options.exclude = [*options.exclude, *config.exclude]
    options.include = [*options.include, *config.include]
    options.extra_template_dirs = [*options.extra_template_dirs, *config.template_dirs]
    options.respect_gitignore = options.respect_gitignore and config.respect_gitignore
    return options


def apply_configured_version(graph: ProjectGraph, config: Config) -> None:
    """A ``djust-version`` in the configuration overrides what the packaging files say."""
    if config.djust_version is not None:
        graph.target_version, graph.target_version_source = config.djust_version, str(config.source)


def build_configured_graph(root: Path, options: BuildOptions, config: Config) -> ProjectGraph:
    """Build the graph with the configuration's file selection and djust version applied."""
    graph = build_graph(root, configure_options(options, config))
    apply_configured_version(graph, config)
    return graph


def lint_project(
    root: Path,
    *,
    paths: Sequence[Path] | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
    options: BuildOptions | None = None,
    config: Config | None = None,
    config_file: Path | None = None,
    baseline: Path | None = None,
) -> LintResult:
    """Check a project: configure, discover, read, link, run the rules, post-process."""
    root = Path(root)
    config = config if config is not None else load_config(root, config_file)
    options = options or BuildOptions()
    if paths is not None:
        options.paths = paths
    graph = build_configured_graph(root, options, config)
    rules = selected_rules(config, select, ignore, extend_select)
    findings, errors = _run(graph, rules)
    result = LintResult(graph, [], errors, config)
    result.findings = postprocess(graph, findings, rules, config, result)
    baseline_path = baseline if baseline is not None else (
        Path(graph.root) / config.baseline if config.baseline else None
    )
    if baseline_path is not None:
        from .baseline import load_baseline, new_findings

        before = len(result.findings)
        result.findings = new_findings(result.findings, load_baseline(baseline_path), Path(graph.root))
        result.baselined = before - len(result.findings)
    return result


def postprocess(
    graph: ProjectGraph, findings: list[Finding], rules: Sequence[type[Rule]], config: Config, result: LintResult
) -> list[Finding]:
    """Suppressions, unused suppressions, per-file ignores, selection, severities."""
    from ..readers.gitignore import is_ignored
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
        from ..rules import select_rules as _select

        ignores = [(glob, {r.code for r in _select(codes)}) for glob, codes in config.per_file_ignores.items()]
        findings = [
            f for f in findings if not any(f.code in codes and is_ignored([glob], f.path) for glob, codes in ignores)
        ]
    if graph.selected is not None:
        findings = [f for f in findings if f.path in graph.selected]
    if config.severity:
        findings = [
            dataclasses.replace(f, severity=config.severity[f.code]) if f.code in config.severity else f
            for f in findings
        ]
    return _sorted_unique(findings)


def internal_error_finding(message: str) -> Finding:
    return Finding("DJ999", "internal-error", Severity.ERROR, ".", Span(1, 1, 1, 1), message)
