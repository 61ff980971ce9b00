"""What each MCP tool answers, as plain methods over the project graph.

The server module only registers these methods; keeping them here, free of
transport concerns, lets them be read (and their docstrings, which are the
tool descriptions the model sees) in one place. Names and parameters follow
djust's own MCP server so existing prompts keep working; the answers come
from the static graph, so they need neither Django settings nor a database.

Expected failures (unknown view, path outside the root, refused plan) raise
``ToolError`` with a message the model can act on: close names, the valid
choices, or what to do next.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from ..codemods.features import VIEW_FEATURES
from . import models as m
from . import reference
from .framework import framework_tables
from .paging import Filter, Limit, Offset, page
from .project import PathRefused, ProjectState
from .sdk import ToolError
from .suggest import close, did_you_mean, lookalike_code

if TYPE_CHECKING:
    from ..core.findings import Finding
    from ..graph.model import ProjectGraph, TemplateNode, ViewNode

# ---------------------------------------------------------------------------
# Input types: limits are published in the input schema and enforced by the SDK
# ---------------------------------------------------------------------------

Name = Annotated[str, Field(min_length=1, max_length=200)]  # a Python identifier (checked, with a clear error)
DottedName = Annotated[str, Field(min_length=1, max_length=300)]  # class name or module.Class
SourceCode = Annotated[str, Field(max_length=1_000_000)]  # Python source, at most 1 MB
ClientPath = Annotated[str, Field(min_length=1, max_length=4096)]
PathList = Annotated[list[ClientPath], Field(max_length=1000, description="root-relative paths; empty = the whole project")]
ShortText = Annotated[str, Field(max_length=2000)]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\Z")
#: djust's ``run_system_checks`` categories -> djust-lint rule families (``quality`` goes by djust id).
CATEGORIES: dict[str, tuple[str, ...]] = {
    "config": ("settings",),
    "liveview": ("bindings", "views", "view-checks", "context"),
    "security": ("security",),
    "templates": ("templates", "template-checks"),
    "quality": (),
    "diagnostics": ("diagnostics",),
}
_PROTECTIONS = ("rate_limit", "permission_required", "login_required", "debounce", "throttle", "cache")
_AUTH_ATTRS = ("login_required", "permission_required", "login_url")
_TEMPLATE_ATTRS = frozenset({"template_name", "template"})
_SEVERITIES = ("error", "warning", "info")
_MAX_MESSAGES = 40
#: The framework side of a view, in one word (the djust and Django mixins are left out of listings).
_FRAMEWORK_WORD = {"live_view": "LiveView", "live_component": "LiveComponent", "component": "Component"}


def _identifier(value: str, what: str) -> str:
    if not _IDENTIFIER.match(value):
        raise ToolError(f"{what} must be a Python identifier (letters, digits, _), got {value!r}")
    return value


def _pos(path: str | None, span: Any) -> m.Position:
    if span is None:
        return m.Position(path=path)
    return m.Position(path=path, line=span.line, column=span.column)


def _finding(finding: Finding) -> m.FindingInfo:
    return m.FindingInfo(**finding.to_json())


def _summary(findings: Sequence[Finding]) -> m.Summary:
    """Counts by severity and by rule, of every finding (not just the page sent)."""
    values = [f.severity.value for f in findings]
    return m.Summary(
        total=len(values),
        errors=values.count("error"),
        warnings=values.count("warning"),
        info=values.count("info"),
        by_rule=dict(sorted(Counter(f.code for f in findings).items())),
    )


def _under(path: str, prefix: str) -> bool:
    return not prefix or path == prefix or path.startswith(prefix.rstrip("/") + "/")


def _in_app(module: str, app: str) -> bool:
    """``module`` is the app's or below it (``app`` may be dotted or a folder path)."""
    app = app.strip().strip("/").replace("/", ".")
    return not app or module == app or module.startswith(app + ".")


def _named(qualname: str, name: str) -> bool:
    return name.strip().lower() in qualname.lower()


def _project_bases(graph: ProjectGraph, view: ViewNode) -> list[str]:
    """Project classes in the MRO after the class itself: the part of the hierarchy the project owns."""
    return [k for k in view.mro_chain[1:] if not k.startswith("ext:") and k in graph.index.classes]


def _rule_suggestions(text: str, codes: list[str]) -> list[str]:
    """Close rule codes, the look-alike reading first (``DJ1O1`` -> ``DJ101``)."""
    exact = lookalike_code(text)
    found = [exact] if exact in codes else []
    return list(dict.fromkeys([*found, *close(text.strip().upper(), codes)]))[:5]


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _plan_fields(plan: Any, apply: bool, limit: int | None = None, offset: int = 0) -> dict[str, Any]:
    """Diff and edits of an ``EditPlan`` (one page of files when ``limit`` is given; the diff holds the
    content, edits only name the files); written, whole, only when asked (a stale plan is refused)."""
    from ..codemods.plan import PlanConflict, PlanError

    written: list[str] = []
    if apply and plan.changed:
        try:
            written = plan.apply()
        except (PlanConflict, PlanError) as exc:
            raise ToolError(f"not applied: {exc}") from None
    edits = [edit for edit in plan.edits if edit.changed]
    fields: dict[str, Any] = {}
    if limit is not None:
        edits, fields = page(edits, limit, offset, "files")
    messages = list(plan.messages)
    if len(messages) > _MAX_MESSAGES:
        messages = [*messages[:_MAX_MESSAGES], f"... {len(messages) - _MAX_MESSAGES} more (see the diff)"]
    return {
        "diff": "".join(edit.diff() for edit in edits),
        "edits": [{"path": e.path, "creates": e.creates} for e in edits],
        "applied": bool(apply and plan.changed),
        "written": written,
        "messages": messages,
        **fields,
    }


def _codemod(module: str, function: str) -> Any:
    """A codemod entry point, imported when first used (libcst and black are heavy)."""
    import importlib

    try:
        return getattr(importlib.import_module(f"djust_lint.codemods.{module}"), function)
    except (ImportError, AttributeError) as exc:
        raise ToolError(f"this djust-lint build has no codemods.{module}.{function} ({exc})") from None


def _run_plan(call: Any) -> Any:
    from ..codemods.plan import PlanConflict, PlanError

    try:
        return call()
    except (PlanError, PlanConflict, ValueError, LookupError) as exc:
        raise ToolError(str(exc).replace("with --app", "with the app parameter")) from None


class Tools:
    """The tools of one server; ``state`` is ``None`` in framework-only mode."""

    def __init__(self, state: ProjectState | None) -> None:
        self.state = state

    # -- helpers -------------------------------------------------------------

    def _project(self) -> ProjectState:
        if self.state is None:
            raise ToolError(
                "no djust project here (framework-only mode): start the server inside a project "
                "(a directory with manage.py, pyproject.toml or .git) or with --root PATH"
            )
        return self.state

    def _graph(self) -> ProjectGraph:
        return self._project().result().graph

    def _confine(self, path: str) -> str:
        try:
            return self._project().confine(path)
        except PathRefused as exc:
            raise ToolError(str(exc)) from None

    def _view(self, graph: ProjectGraph, name: str) -> ViewNode:
        if not _DOTTED.match(name):
            raise ToolError(f"view_name must be a class name or module.Class, got {name!r}")
        view = graph.view_by_name(name)
        if view is not None:
            return view
        matches = sorted(q for q, v in graph.views.items() if v.name == name)
        if matches:
            raise ToolError(f"{name!r} is ambiguous: " + ", ".join(matches) + "; pass the qualified name")
        names = [*graph.views, *(v.name for v in graph.views.values())]
        raise ToolError(f"no view or component named {name!r}; " + did_you_mean(close(name, names), graph.views))

    def _class_name(self, graph: ProjectGraph, name: str) -> str:
        """Qualified name of a view or any project class (a mixin too), by class name or module.Class."""
        if not _DOTTED.match(name):
            raise ToolError(f"view_name must be a class name or module.Class, got {name!r}")
        view = graph.view_by_name(name)
        if view is not None:
            return view.qualname
        matches = sorted(q for q, c in graph.index.classes.items() if q == name or c.name == name or q.endswith("." + name))
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ToolError(f"{name!r} is ambiguous: " + ", ".join(matches) + "; pass the qualified name")
        names = [*graph.index.classes, *(c.name for c in graph.index.classes.values())]
        raise ToolError(f"no class named {name!r} in the project; " + did_you_mean(close(name, names), graph.views))

    def _template(self, graph: ProjectGraph, template: str) -> TemplateNode:
        """A template by lookup name, graph key (``inline:...``) or file path inside the root."""
        key = graph.template_names.get(template) or (template if template in graph.templates else None)
        if key is None:
            rel = self._confine(template)
            key = next((k for k, node in graph.templates.items() if node.path == rel and not node.inline), None)
        if key is None:
            names = [*graph.template_names, *(n.path for n in graph.templates.values())]
            raise ToolError(f"no template {template!r} in this project; " + did_you_mean(close(template, names), graph.template_names))
        return graph.templates[key]

    def _auth(self, graph: ProjectGraph, view: ViewNode) -> dict[str, str]:
        """Auth class attributes as written, the most derived definition winning."""
        auth: dict[str, str] = {}
        for key in reversed(view.mro_chain):
            cls = graph.index.classes.get(key)
            if cls is not None:
                auth.update({a: cls.class_attrs[a] for a in _AUTH_ATTRS if a in cls.class_attrs})
        return auth

    def _project_state(self, graph: ProjectGraph, view: ViewNode) -> list[str]:
        """Public state the project defines, without framework class attributes (template_name...)."""
        framework = graph.vocabulary.class_attributes | _TEMPLATE_ATTRS
        return sorted(n for n, s in view.state.items() if not n.startswith("_") and s.path is not None and n not in framework)

    def _summary_of(self, graph: ProjectGraph, view: ViewNode) -> m.ViewSummary:
        return m.ViewSummary(
            qualname=view.qualname,
            kind=view.kind,
            position=_pos(view.path, view.span),
            template=view.template,
            handlers=sorted(n for n, h in view.handlers.items() if h.source == "project"),
            state=self._project_state(graph, view),
            bases=_project_bases(graph, view),
            framework=_FRAMEWORK_WORD.get(view.kind, view.kind),
            auth=self._auth(graph, view),
            abstract=view.abstract,
        )

    def _list(self, kinds: tuple[str, ...], app: str, name: str, limit: int, offset: int) -> m.ViewList:
        graph = self._graph()
        views = [v for _, v in sorted(graph.views.items()) if v.kind in kinds and _in_app(v.module, app) and _named(v.qualname, name)]
        chunk, fields = page(views, limit, offset, "views")
        return m.ViewList(views=[self._summary_of(graph, v) for v in chunk], **fields)

    # -- framework -----------------------------------------------------------

    def get_framework_schema(self, topic: Filter = "", limit: Limit = 25, offset: Offset = 0) -> m.Reference:
        """djust's framework schema (from the installed djust); call it first when writing djust code. Default:
        the topics and their entry names; topic='decorators' returns that topic's entries."""
        return reference.framework_schema(topic, limit, offset)

    def get_template_directives(self, name: Filter = "") -> m.NameIndex:
        """Every dj-* template directive (name -> category) by default; name='dj-click' returns its full entry
        (description, DOM event, value syntax, modifiers, example)."""
        return reference.directives(name)

    def get_decorators(self) -> m.DecoratorList:
        """Every djust decorator (@event_handler, @debounce, @rate_limit, @permission_required, @computed,
        state() ...) with its import path and parameters."""
        version, source, t = framework_tables()
        return m.DecoratorList(version=version, source=source, decorators=t.get("DECORATORS", []))

    def get_best_practices(self, topic: Filter = "", limit: Limit = 25, offset: Offset = 0) -> m.BestPractices:
        """djust's best practices: an index of topics (setup, lifecycle, event_handlers, jit_serialization,
        forms, security ...) and the rules djust-lint checks; topic='security' returns that topic."""
        return reference.best_practices(topic, limit, offset)

    # -- project introspection ----------------------------------------------

    def list_views(
        self, app: Filter = "", name: Filter = "", limit: Limit = 15, offset: Offset = 0
    ) -> m.ViewList:
        """LiveView classes read from source: template, handlers and state the project defines, project
        bases, auth. Filters: app (module prefix), name (substring of module.Class). Paged."""
        return self._list(("live_view",), app, name, limit, offset)

    def list_components(
        self, app: Filter = "", name: Filter = "", limit: Limit = 15, offset: Offset = 0
    ) -> m.ViewList:
        """LiveComponent and Component classes of the project, same shape and filters as list_views. Paged."""
        return self._list(("live_component", "component"), app, name, limit, offset)

    def _routes(self, graph: ProjectGraph) -> list[m.RouteInfo]:
        routes = []
        for path, route in sorted(graph.routes, key=lambda pr: (pr[0], pr[1].span.line, pr[1].span.column)):
            qualname = graph.index.resolve(route.target) if route.target else None
            routes.append(
                m.RouteInfo(
                    pattern=route.pattern,
                    kind=route.kind,
                    target=qualname or route.target,
                    name=route.name,
                    prefix=route.prefix,
                    is_live_view=bool(qualname and qualname in graph.views),
                    position=_pos(path, route.span),
                )
            )
        return routes

    def list_routes(
        self, app: Filter = "", name: Filter = "", limit: Limit = 50, offset: Offset = 0
    ) -> m.RouteList:
        """URL routes (path, re_path, include, live_session) from the URL modules. Filters: app (URL module
        path prefix), name (substring of pattern, route name or target). Paged."""
        routes = [
            r for r in self._routes(self._graph())
            if _in_app((r.position.path or "").replace("/", "."), app)
            and (not name or any(name.lower() in (v or "").lower() for v in (r.pattern, r.name, r.target)))
        ]  # fmt: skip
        chunk, fields = page(routes, limit, offset, "routes")
        return m.RouteList(routes=chunk, **fields)

    def get_view_schema(self, view_name: DottedName) -> m.ViewSchema:
        """One view or component in full: handlers (typed params, decorators, owning class), state, templates
        rendered, dj-* bindings received, auth, routes. view_name: 'CounterView' or 'app.views.CounterView'."""
        from ..graph.model import binding_json

        graph = self._graph()
        view = self._view(graph, view_name)
        handlers = [
            m.HandlerInfo(
                name=h.name, owner=h.owner.removeprefix("ext:"), params=h.to_json()["params"], decorators=h.decorators,
                accepts_kwargs=h.accepts_var_keyword, position=_pos(h.path, h.span), source=h.source,
            )
            for _, h in sorted(view.handlers.items())
            if h.source == "project"
        ]  # fmt: skip
        framework_handlers = sorted(n for n, h in view.handlers.items() if h.source != "project")
        external = [k for k in view.mro_chain if k.startswith("ext:")]
        state = [
            m.StateInfo(name=s.name, owner=s.owner.removeprefix("ext:"), origin=s.origin, public=not s.name.startswith("_"), position=_pos(s.path, s.span))
            for _, s in sorted(view.state.items())
            if s.path is not None
        ]  # fmt: skip
        routes = [r for r in self._routes(graph) if r.target == view.qualname]
        return m.ViewSchema(
            name=view.name, qualname=view.qualname, kind=view.kind, position=_pos(view.path, view.span),
            abstract=view.abstract, complete=view.complete, unresolved_bases=view.unresolved_bases,
            mro_chain=[k.removeprefix("ext:") for k in view.mro_chain if not k.startswith("ext:") or k == external[0]],
            framework=_FRAMEWORK_WORD.get(view.kind, view.kind), template=view.template, template_kind=view.template_kind,
            renders=view.renders, handlers=handlers, framework_handlers=framework_handlers, state=state, auth=self._auth(graph, view),
            bindings=[_binding_brief(binding_json(b)) for b in graph.bindings_for(view.qualname)],
            routes=[r.model_dump() for r in routes],
        )  # fmt: skip

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
            from ..rules import select_rules, unknown_selectors

            selectors = _split(code)
            unknown = unknown_selectors(selectors)
            if unknown:
                from ..rules import ALL_RULES

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
        from ..rules import RULES_BY_CODE

        category = category.strip().lower()
        if category and category not in CATEGORIES:
            raise ToolError(f"unknown category {category!r}; use one of: '', " + ", ".join(f"'{c}'" for c in CATEGORIES))
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
            fix_hint = f.fix.message if f.fix else (f"did you mean '{f.context['suggestion']}'?" if "suggestion" in f.context else "")
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
        from ..engine.validate import validate, validate_view
        from ..rules import RULES_BY_CODE

        if self.state is not None:  # project mode: the project's templates, mixins and settings count
            rel = self._confine(path) if path else None
            findings = self.state.use_workspace(lambda ws: validate(code, path=rel, workspace=ws).findings)
        else:
            findings = validate_view(code, path=path)
        issues = []
        chunk, fields = page(findings, limit, offset, "issues")
        for f in chunk:
            rule = RULES_BY_CODE.get(f.code)
            hint = f.fix.message if f.fix else (f"did you mean '{f.context['suggestion']}'?" if "suggestion" in f.context else (rule.summary if rule else ""))
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
        from ..rules import ALL_RULES, get_rule
        from ..rules.docs import rule_markdown

        rule = get_rule(code)
        if rule is None:
            codes = [r.code for r in ALL_RULES]
            suggestions = _rule_suggestions(code, codes) + close(code.strip().lower(), [r.name for r in ALL_RULES])
            raise ToolError(f"no rule {code!r}; " + did_you_mean(list(dict.fromkeys(suggestions))[:5], codes))
        return m.RuleExplanation(
            code=rule.code, name=rule.name, family=rule.family, severity=rule.severity.value, fixable=rule.fixable,
            summary=rule.summary, explanation=rule_markdown(rule), djust_ids=list(rule.djust_ids),
        )  # fmt: skip

    # -- graph questions -----------------------------------------------------

    def find_handlers_for_template(self, template_path: ClientPath) -> m.TemplateHandlers:
        """Views receiving a template's events and its dj-* bindings, live or dead (a receiver lacks the handler).
        template_path: lookup name ('shop/list.html'), file path in the project, or 'inline:app.views.View'."""
        graph = self._graph()
        node = self._template(graph, template_path)
        statuses = [s for b in graph.bindings if b.template == node.key for s in _binding_statuses(graph, b)]
        names = sorted({s.handler for s in statuses if s.handler and s.status != "dynamic"})
        receivers = sorted({r for s in statuses for r in s.receivers} | set(node.rendered_by))
        views = []
        for qualname in receivers:
            view = graph.views.get(qualname)
            if view is None:
                continue
            defined = set(view.handlers)
            own = {n for n, h in view.handlers.items() if h.source == "project"}  # not djust's update_model & co
            views.append(
                m.TemplateViewMatch(
                    qualname=qualname, template_name=view.template, matched_handlers=sorted(defined & set(names)),
                    handlers_in_view_not_in_template=sorted(own - set(names)),
                    handlers_in_template_not_in_view=sorted(set(names) - defined),
                )
            )  # fmt: skip
        return m.TemplateHandlers(
            template_path=template_path, resolved_path=node.path, template_key=node.key, dj_handlers_in_template=names,
            view_count=len(views), views=views, bindings=statuses, dead=[s for s in statuses if s.status == "dead"],
        )  # fmt: skip

    def find_references(self, name: DottedName, limit: Limit = 50, offset: Offset = 0) -> m.ReferencesResult:
        """Where a name is used. Handler: definitions, dj-* bindings, self.<name> calls, JS pushEvent/JS.push;
        view: routes, live_render/dj-view, subclasses; template: views rendering it, extends/include. Paged."""
        graph = self._graph()
        matched: list[str] = []
        refs: list[m.ReferenceInfo] = []
        for kind, finder in (("handler", _handler_refs), ("view", _view_refs), ("template", _template_refs)):
            found = finder(graph, name)
            if found is not None:
                matched.append(kind)
                refs.extend(found)
        if not matched:
            pool = {*graph.views, *(v.name for v in graph.views.values()), *graph.template_names}
            pool.update(h for v in graph.views.values() for h in v.handlers)
            raise ToolError(f"{name!r} is no handler, view or template of this project; " + did_you_mean(close(name, pool), []))
        chunk, fields = page(refs, limit, offset, "references")
        return m.ReferencesResult(name=name, matched_as=matched, references=chunk, **fields)

    def get_template_context(self, template: ClientPath) -> m.TemplateContext:
        """Names a template can use (per view rendering it: state, get_context_data keys, @action, <list>_count,
        builtins) and the names it reads that a view does not provide (they render empty)."""
        from ..graph.context import (
            BUILTINS,
            ContextIndex,
            analysable,
            context_open,
            provided_names,
            template_globals,
        )  # fmt: skip

        graph = self._graph()
        node = self._template(graph, template)
        views = sorted(q for q in node.rendered_by if q in graph.views)
        reads = sorted({use.name for use in ContextIndex(graph).uses(node.key)})
        available: dict[str, m.ContextName] = {}
        missing: dict[str, list[str]] = {}
        known: dict[str, bool] = {}
        extra = BUILTINS | template_globals(graph)
        for qualname in views:
            view = graph.views[qualname]
            provided = provided_names(graph, view)
            for name in sorted(provided):
                entry = available.setdefault(name, m.ContextName(name=name, origin=_origin(view, name, provided), provided_by=[]))
                entry.provided_by.append(qualname)
            known[qualname] = analysable(graph, view)
            missing[qualname] = [n for n in reads if n not in provided and n not in extra]
        for name in sorted(extra):
            available.setdefault(name, m.ContextName(name=name, origin="builtin" if name in BUILTINS else "template-global", provided_by=[]))
        return m.TemplateContext(
            template=template, template_key=node.key, views=views, available=sorted(available.values(), key=lambda c: c.name),
            reads=reads, missing=missing, open_context=context_open(graph), analysable=known,
        )  # fmt: skip

    # -- code generation and edits ------------------------------------------

    def scaffold_view(
        self, name: Name, features: ShortText = "", app: Name | None = None, apply: bool = False
    ) -> m.CodeResult:
        """Generate a LiveView with features (search, crud, pagination, form, presence, streaming, auth). In a
        project: a diff adding it, its template and URL entry (in `app`); written only with apply=true."""
        _identifier(name, "name")
        wanted = _features(features)
        code = _run_plan(lambda: _codemod("scaffold", "render_view_source")(name, wanted))
        return self._generated(
            code, apply, lambda root: _codemod("scaffold", "plan_scaffold_view")(root, name, app=app, features=wanted)
        )

    def scaffold_component(
        self, name: Name, props: ShortText = "", live: bool = False, app: Name | None = None, apply: bool = False
    ) -> m.CodeResult:
        """Generate a component (props: 'user,show_avatar' or 'title:str,count:int=0'; live=true for a
        LiveComponent). In a project: a diff adding it and its template; written only with apply=true."""
        _identifier(name, "name")
        prop_list = tuple(_split(props))
        code = _run_plan(lambda: _codemod("scaffold", "render_component_source")(name, prop_list, live=live))
        return self._generated(
            code,
            apply,
            lambda root: _codemod("scaffold", "plan_scaffold_component")(root, name, props=prop_list, live=live, app=app),
        )

    def _generated(self, code: str, apply: bool, plan_for: Any) -> m.CodeResult:
        """Code alone in framework-only mode; code plus the project plan (applied on request) otherwise."""
        if self.state is None:
            if apply:
                self._project()  # raises: nothing to write into
            return m.CodeResult(code=code, diff="", edits=[], applied=False, written=[], messages=["framework-only mode: code only"])
        plan = _run_plan(lambda: plan_for(self.state.root))  # type: ignore[union-attr]
        return m.CodeResult(code=code, **_plan_fields(plan, apply))

    def add_event_handler(
        self,
        handler_name: Name,
        params: ShortText = "",
        decorators: ShortText = "",
        view_name: DottedName | None = None,
        apply: bool = False,
    ) -> m.CodeResult:
        """Generate an event handler (params: 'item_id: int = 0'; decorators: 'debounce(wait=0.3)'). With
        view_name, a diff adding it to that class (and its imports); written only with apply=true."""
        _identifier(handler_name, "handler_name")
        _run_plan(lambda: (_codemod("add_handler", "parse_params")(params), _codemod("add_handler", "parse_decorators")(decorators)))
        code = _handler_snippet(handler_name, params, decorators)
        if view_name is None:
            if apply:
                raise ToolError("apply=true needs view_name: the class to add the handler to")
            return m.CodeResult(code=code, diff="", edits=[], applied=False, written=[])
        state = self._project()
        graph = self._graph()
        view = self._view(graph, view_name)
        plan = _run_plan(
            lambda: _codemod("add_handler", "plan_add_handler")(
                state.root, view.qualname, handler_name, params=params, decorators=decorators, graph=graph
            )
        )
        return m.CodeResult(code=code, **_plan_fields(plan, apply))

    def plan_rename_handler(
        self, view_name: DottedName, old_name: Name, new_name: Name, apply: bool = False
    ) -> m.PlanResult:
        """Rename a handler of a view, component or mixin (view_name: the class defining it) and its bindings,
        JS pushEvent/JS.push and self.<name> calls. Refused when new_name exists or a binding is dynamic.
        Diff; written only with apply=true."""
        _identifier(old_name, "old_name")
        _identifier(new_name, "new_name")
        state = self._project()
        graph = self._graph()
        qualname = self._class_name(graph, view_name)
        plan = _run_plan(lambda: _codemod("rename", "plan_rename_handler")(state.root, qualname, old_name, new_name, graph=graph))
        return m.PlanResult(description=plan.description, **_plan_fields(plan, apply))

    def plan_fix(
        self, paths: PathList | None = None, unsafe: bool = False, apply: bool = False, limit: Limit = 10, offset: Offset = 0
    ) -> m.PlanPage:
        """The fixes rules offer (add **kwargs, add @event_handler and its import, 1.1-style key filters;
        unsafe=true adds dead-binding typos with one close handler) for `paths` (default all), as a diff
        paged by file; apply=true writes the whole plan."""
        state = self._project()
        selected = [state.root / self._confine(p) for p in paths or []] or None
        plan_fixes = _codemod("fixes", "plan_fixes")
        plan = _run_plan(lambda: state.use_workspace(lambda ws: plan_fixes(state.root, paths=selected, unsafe=unsafe, workspace=ws)))
        return m.PlanPage(description=plan.description, **_plan_fields(plan, apply, limit, offset))


# ---------------------------------------------------------------------------
# Helpers over the graph
# ---------------------------------------------------------------------------


def _internal_errors(result: Any) -> list[Finding]:
    """Rules that crashed, as DJ999 findings: an answer never hides that it is incomplete."""
    from ..engine.pipeline import internal_error_finding

    return [internal_error_finding(error) for error in result.internal_errors]


def _family(code: str) -> str:
    from ..rules import RULES_BY_CODE

    rule = RULES_BY_CODE.get(code)
    return rule.family if rule else "diagnostics"


def _in_category(category: str, family: str, djust_ids: tuple[str, ...]) -> bool:
    if category == "quality":
        return any(i.startswith("djust.Q") for i in djust_ids)
    return family in CATEGORIES[category] and not any(i.startswith("djust.Q") for i in djust_ids)


def _view_paths(graph: ProjectGraph, view: ViewNode) -> set[str]:
    return {view.path, *(graph.templates[k].path for k in view.renders if k in graph.templates)}


def _features(text: str) -> tuple[str, ...]:
    wanted = tuple(f.lower() for f in _split(text))
    unknown = [f for f in wanted if f not in VIEW_FEATURES]
    if unknown:
        raise ToolError(f"unknown feature(s) {', '.join(unknown)}; choose from: {', '.join(VIEW_FEATURES)}")
    return wanted


def _handler_snippet(name: str, params: str, decorators: str) -> str:
    """A handler to paste into a class: ``@event_handler`` outermost, then the requested decorators."""
    lines = ["    @event_handler", *(f"    @{d.removeprefix('@')}" for d in _split_decorators(decorators))]
    signature = f"self, {params.strip().rstrip(',')}, **kwargs" if params.strip() else "self, **kwargs"
    lines += [f"    def {name}({signature}):", "        pass", ""]
    return "\n".join(lines)


def _split_decorators(text: str) -> list[str]:
    """Split on commas outside parentheses: 'debounce(wait=0.3), rate_limit(rate=5, burst=2)'."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char in "([{"
        depth -= char in ")]}"
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts if p.strip() and p.strip().removeprefix("@") != "event_handler"]


def _binding_brief(data: dict[str, Any]) -> dict[str, Any]:
    """A binding as a view's schema needs it: where, what it calls (its receivers are the view and its kin)."""
    span = data.get("span") or {}
    return {
        "directive": data.get("directive"), "value": data.get("value"), "path": data.get("path"),
        "line": span.get("line"), "column": span.get("column"), "handlers": [c.get("name") for c in data.get("calls", [])],
        "receivers": len(data.get("receivers", [])),
    }  # fmt: skip


def _binding_statuses(graph: ProjectGraph, binding: Any) -> list[m.BindingStatus]:
    if binding.kind != "handler":
        return []
    position = _pos(binding.path, binding.span)
    if binding.dynamic and not binding.calls:
        return [m.BindingStatus(directive=binding.directive, value=binding.raw, handler=None, position=position,
                                receivers=binding.receivers, status="dynamic", missing_in=[])]  # fmt: skip
    statuses = []
    for call in binding.calls:
        views = [graph.views.get(r) for r in binding.receivers]
        missing = [r for r, v in zip(binding.receivers, views, strict=True) if v is not None and call.name not in v.handlers]
        if not binding.receivers or any(v is None or not v.complete for v in views):
            status = "unknown"
        else:
            status = "dead" if missing else "live"
        statuses.append(
            m.BindingStatus(directive=binding.directive, value=binding.raw, handler=call.name, position=position,
                            receivers=binding.receivers, status=status, missing_in=missing)
        )  # fmt: skip
    return statuses


def _handler_refs(graph: ProjectGraph, name: str) -> list[m.ReferenceInfo] | None:
    """Every handler called ``name`` (one per defining class) and its uses, as graph/references finds them."""
    from ..graph import references

    if not _IDENTIFIER.match(name):
        return None
    refs: dict[tuple[str, str, int, int], m.ReferenceInfo] = {}

    def add(kind: str, path: str | None, span: Any, detail: str) -> None:
        info = m.ReferenceInfo(kind=kind, position=_pos(path, span), detail=detail)
        refs.setdefault((kind, path or "", info.position.line or 0, info.position.column or 0), info)

    owners = sorted({h.owner for v in graph.views.values() if (h := v.methods.get(name)) is not None and h.source == "project"})
    for owner in owners:
        handler = next(v.methods[name] for v in graph.views.values() if name in v.methods and v.methods[name].owner == owner)
        add("definition", handler.path, handler.span, f"method of {owner}")
        for use in references.handler_uses(graph, owner, name):
            if use.kind == "python" and use.cls is not None and use.method is not None:
                text = graph.source_text(use.path)
                for span in references.self_attribute_spans(text, use.method.def_span, name) or [use.span]:
                    add("python_call", use.path, span, f"self.{name} in {use.cls.qualname}.{use.method.name}")
            elif use.binding is not None:
                b = use.binding
                add(use.kind, use.path, use.span, f'{b.directive}="{b.raw}" -> {", ".join(b.receivers)}')
            else:
                add(use.kind, use.path, use.span, use.kind)
    for binding in graph.bindings:  # calls no class defines (dead bindings) are uses of the name too
        for call in binding.calls:
            if call.name == name:
                add("binding", binding.path, call.span, f'{binding.directive}="{binding.raw}" -> {", ".join(binding.receivers)}')
    return list(refs.values()) or None


def _view_refs(graph: ProjectGraph, name: str) -> list[m.ReferenceInfo] | None:
    view = graph.view_by_name(name) if _DOTTED.match(name) else None
    if view is None:
        return None
    refs = [m.ReferenceInfo(kind="definition", position=_pos(view.path, view.span), detail=f"{view.kind} {view.qualname}")]
    for path, route in graph.routes:
        if route.target and graph.index.resolve(route.target) == view.qualname:
            refs.append(m.ReferenceInfo(kind="route", position=_pos(path, route.span), detail=f"{route.pattern!r} name={route.name}"))
    for ref in graph.references:
        if ref.kind in ("live_render", "dj-view") and (ref.target == view.qualname or graph.index.resolve(ref.target) == view.qualname):
            refs.append(m.ReferenceInfo(kind=ref.kind, position=_pos(ref.path, ref.span), detail=ref.target))
    for sub in graph.views_inheriting(view.qualname):
        if sub.qualname != view.qualname:
            refs.append(m.ReferenceInfo(kind="subclass", position=_pos(sub.path, sub.span), detail=sub.qualname))
    return refs


def _template_refs(graph: ProjectGraph, name: str) -> list[m.ReferenceInfo] | None:
    key = graph.template_names.get(name) or (name if name in graph.templates else None)
    if key is None:
        return None
    node = graph.templates[key]
    refs = [m.ReferenceInfo(kind="definition", position=m.Position(path=node.path, line=1, column=1), detail=key)]
    for qualname in sorted(node.rendered_by):
        view = graph.views.get(qualname)
        if view is not None:
            direct = "renders" if view.template == key else "renders (through extends/include)"
            refs.append(m.ReferenceInfo(kind="renders", position=_pos(view.path, view.span), detail=f"{qualname} {direct}"))
    for other in graph.templates.values():
        for edge in other.edges:
            if edge.resolved == key:
                refs.append(m.ReferenceInfo(kind=edge.kind, position=_pos(other.path, edge.span), detail=other.key))
    return refs


def _origin(view: ViewNode, name: str, provided: set[str]) -> str:
    if name in view.state:
        return "state"
    handler = view.methods.get(name)
    if handler is not None and "action" in handler.decorators:
        return "action"
    if name.endswith("_count") and name.removesuffix("_count") in provided:
        return "count"
    return "context"
