"""Tools that run the rules: check, system checks, audit, validate_view, rule explanations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import models as m
from ..paging import Filter, Limit, Offset, page
from ..sdk import ToolError
from ..suggest import close, did_you_mean
from .common import (
    _PROTECTIONS,
    _SEVERITIES,
    CATEGORIES,
    ClientPath,
    PathList,
    ShortText,
    SourceCode,
    ToolsBase,
    _family,
    _finding,
    _in_app,
    _in_category,
    _internal_errors,
    _pos,
    _project_bases,
    _rule_suggestions,
    _split,
    _summary,
    _under,
    _view_paths,
)

if TYPE_CHECKING:
    from ...core.findings import Finding
    from ...graph.model import ProjectGraph, ViewNode


class CheckTools(ToolsBase):
    """Tools that run the rules: check, system checks, audit, validate_view, rule explanations."""

    # -- checks --------------------------------------------------------------

    def _findings_in(self, paths: list[str]) -> tuple[list[Finding], Any]:
        result = self._project().result()
        prefixes = [self._confine(p) for p in paths]
        if not prefixes or "" in prefixes:
            return list(result.findings), result
        selected = [f for f in result.findings if any(_under(f.path, p) for p in prefixes)]
        return selected, result

    def _filtered(self, findings: list[Finding], code: str, severity: str, path: str) -> list[Finding]:
        """Findings of the rules ``code`` selects (DJ101, DJ1, dead-binding), of ``severity``, under ``path``."""
        if severity and severity.strip().lower() not in _SEVERITIES:
            raise ToolError(f"unknown severity {severity!r}; use one of: {', '.join(_SEVERITIES)}")
        if code.strip():
            from ...rules import select_rules, unknown_selectors

            selectors = _split(code)
            unknown = unknown_selectors(selectors)
            if unknown:
                from ...rules import ALL_RULES

                names = [r.code for r in ALL_RULES]
                raise ToolError(f"no rule {unknown[0]!r}; " + did_you_mean(_rule_suggestions(unknown[0], names), names))
            codes = {r.code for r in select_rules(selectors)}
            findings = [f for f in findings if f.code in codes]
        if severity:
            findings = [f for f in findings if f.severity.value == severity.strip().lower()]
        if path.strip():
            prefix = self._confine(path)
            findings = [f for f in findings if _under(f.path, prefix)]
        return findings

    def check(
        self,
        paths: PathList | None = None,
        code: Filter = "",
        severity: Filter = "",
        path: Filter = "",
        limit: Limit = 25,
        offset: Offset = 0,
    ) -> m.CheckResult:
        """Lint the project with its configuration (same findings as `djust-lint check --format json`).
        Answers a summary (counts per rule) and one page of findings. Filters: code ('DJ101', 'DJ1',
        'dead-binding'; comma-separated), severity (error|warning|info), path (file or folder prefix)."""
        findings, result = self._findings_in(paths or [])
        findings = self._filtered(findings, code, severity, path)
        chunk, fields = page(findings, limit, offset, "findings")
        return m.CheckResult(
            summary=_summary(findings), findings=[_finding(f) for f in chunk], files_checked=len(result.graph.files),
            internal_errors=result.internal_errors, **fields,
        )  # fmt: skip

    def run_system_checks(
        self,
        category: ShortText = "",
        code: Filter = "",
        severity: Filter = "",
        path: Filter = "",
        limit: Limit = 25,
        offset: Offset = 0,
    ) -> m.SystemChecksResult:
        """djust's system checks decided statically (no Django setup), with their djust ids. category: ''
        (all), config, liveview, security, templates, quality or diagnostics; filters as in check. Answers
        a summary (counts per rule) and one page."""
        from ...rules import RULES_BY_CODE

        category = category.strip().lower()
        if category and category not in CATEGORIES:
            raise ToolError(
                f"unknown category {category!r}; use one of: '', " + ", ".join(f"'{c}'" for c in CATEGORIES)
            )
        findings, result = self._findings_in([])
        findings = self._filtered(_internal_errors(result) + findings, code, severity, path)  # crashes first
        if category:
            findings = [
                f for f in findings
                if _in_category(category, _family(f.code), RULES_BY_CODE[f.code].djust_ids if f.code in RULES_BY_CODE else ())
            ]  # fmt: skip
        chunk, fields = page(findings, limit, offset, "checks")
        checks = []
        for f in chunk:
            rule = RULES_BY_CODE.get(f.code)
            ids = rule.djust_ids if rule else ()
            fix_hint = _fix_hint(f)
            checks.append(
                m.SystemCheck(
                    id=ids[0] if ids else f.code, code=f.code, severity=f.severity.value, message=f.message,
                    hint=rule.summary if rule else "", fix_hint=fix_hint, file_path=f.path, line_number=f.line,
                )
            )  # fmt: skip
        return m.SystemChecksResult(summary=_summary(findings), checks=checks, category=category, **fields)

    def run_audit(self, app_label: ShortText = "", limit: Limit = 5, offset: Offset = 0) -> m.AuditResult:
        """Security audit of views and components (app_label='shop': one app): public state, auth, handler protections
        (rate_limit, permission_required...), security findings per view and counted by rule. Paged by view."""
        graph = self._graph()
        label = app_label.strip()
        views = [v for _, v in sorted(graph.views.items()) if _in_app(v.module, label)]
        if label and not views:
            apps = {v.module.split(".", 1)[0] for v in graph.views.values()}
            raise ToolError(f"no views in app {label!r}; " + did_you_mean(close(label, apps), apps))
        findings, _ = self._findings_in([])
        security = [f for f in findings if _family(f.code) == "security"]
        in_scope = [f for f in security if not label or any(f.path in _view_paths(graph, v) for v in views)]
        crashed = _internal_errors(self._project().result())
        chunk, fields = page(views, limit, offset, "views")
        return m.AuditResult(
            app_label=label, summary=_summary(crashed + in_scope), views=[self._audit_view(graph, v, security) for v in chunk],
            internal_errors=[_finding(f) for f in crashed], **fields,
        )  # fmt: skip

    def _audit_view(self, graph: ProjectGraph, view: ViewNode, security: list[Finding]) -> m.AuditView:
        handlers = [
            {
                "name": h.name, "params": [p["name"] for p in h.to_json()["params"]],
                "protections": [d for d in h.decorators if d in _PROTECTIONS],
            }
            for _, h in sorted(view.handlers.items())
            if h.source == "project"
        ]  # fmt: skip
        paths = _view_paths(graph, view)
        return m.AuditView(
            qualname=view.qualname, kind=view.kind, position=_pos(view.path, view.span),
            exposed_state=self._project_state(graph, view), auth=self._auth(graph, view), handlers=handlers,
            bases=_project_bases(graph, view),
            findings=[_finding(f) for f in security if f.path in paths and (f.context.get("view") in (None, view.qualname))],
        )  # fmt: skip

    def _issues(self, code: str, path: str | None, limit: int = 25, offset: int = 0) -> m.IssuesResult:
        from ...engine.validate import validate, validate_view
        from ...rules import RULES_BY_CODE

        if self.state is not None:  # project mode: the project's templates, mixins and settings count
            rel = self._confine(path) if path else None
            findings = self.state.use_workspace(lambda ws: validate(code, path=rel, workspace=ws).findings)
        else:
            findings = validate_view(code, path=path)
        issues = []
        chunk, fields = page(findings, limit, offset, "issues")
        for f in chunk:
            rule = RULES_BY_CODE.get(f.code)
            hint = _fix_hint(f, rule.summary if rule else "")
            issues.append(
                m.Issue(
                    type=f.name, code=f.code, severity=f.severity.value, message=f.message, path=f.path, line=f.span.line,
                    column=f.span.column, end_line=f.span.end_line, end_column=f.span.end_column, fix_hint=hint,
                    fix=f.fix.to_json() if f.fix else None,
                )
            )  # fmt: skip
        return m.IssuesResult(issues=issues, summary=_summary(findings), **fields)

    def validate_view(
        self, code: SourceCode, path: ClientPath | None = None, limit: Limit = 25, offset: Offset = 0
    ) -> m.IssuesResult:
        """Check LiveView/LiveComponent source with check's rules (handler decorators and signatures, mount(),
        dj-* bindings, QuerySets/services in public state, mark_safe). djust names need no import. In a project
        it sees the templates and mixins; path: where the code will live."""
        return self._issues(code, path, limit, offset)

    def detect_common_issues(self, code: SourceCode, limit: Limit = 25, offset: Offset = 0) -> m.IssuesResult:
        """djust's name for validate_view (same rules, same answer): services or QuerySets in public state,
        handlers missing **kwargs or @event_handler, ..."""
        return self._issues(code, None, limit, offset)

    def explain_rule(self, code: ShortText) -> m.RuleExplanation:
        """Explain a djust-lint rule by code (DJ101) or name (dead-binding): what it checks, why, examples."""
        from ...rules import ALL_RULES, get_rule
        from ...rules.docs import rule_markdown

        rule = get_rule(code)
        if rule is None:
            codes = [r.code for r in ALL_RULES]
            suggestions = _rule_suggestions(code, codes) + close(code.strip().lower(), [r.name for r in ALL_RULES])
            raise ToolError(f"no rule {code!r}; " + did_you_mean(list(dict.fromkeys(suggestions))[:5], codes))
        return m.RuleExplanation(
            code=rule.code, name=rule.name, family=rule.family, severity=rule.severity.value, fixable=rule.fixable,
            summary=rule.summary, explanation=rule_markdown(rule), djust_ids=list(rule.djust_ids),
        )  # fmt: skip


def _fix_hint(finding: Finding, fallback: str = "") -> str:
    """What to do about a finding, in one line: its fix, else its did-you-mean, else ``fallback``."""
    if finding.fix:
        return finding.fix.message
    if finding.suggestion:
        return f"did you mean '{finding.suggestion}'?"
    return fallback
