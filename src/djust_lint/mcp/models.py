"""Typed results of the MCP tools.

Every tool returns one of these pydantic models, so the SDK publishes an
output schema for it and sends the value as ``structuredContent``: an AI
client can rely on field names instead of parsing prose. Field descriptions
are part of the published schema, so they are written for the model reading
them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Position(BaseModel):
    """A place in a file: root-relative POSIX path, 1-based line and character column."""

    path: str | None
    line: int | None = None
    column: int | None = None


class FrameworkSchema(BaseModel):
    """djust's framework metadata (directives, lifecycle, decorators, conventions)."""

    version: str = Field(description="djust version the data describes")
    source: str = Field(description="'installed-djust' (read from djust/schema.py) or 'djust-lint-vocabulary' (names only)")
    directives: list[dict[str, Any]]
    lifecycle_methods: list[dict[str, Any]]
    class_attributes: list[dict[str, Any]]
    decorators: list[dict[str, Any]]
    navigation_methods: list[dict[str, Any]] = Field(default_factory=list)
    stream_methods: list[dict[str, Any]] = Field(default_factory=list)
    push_event_methods: list[dict[str, Any]] = Field(default_factory=list)
    optional_mixins: list[dict[str, Any]] = Field(default_factory=list)
    data_attribute_types: dict[str, Any] = Field(default_factory=dict)
    conventions: dict[str, Any] = Field(default_factory=dict)


class DirectiveList(BaseModel):
    version: str
    source: str
    directives: list[dict[str, Any]] = Field(description="one entry per dj-* directive: name, category, description, example...")


class DecoratorList(BaseModel):
    version: str
    source: str
    decorators: list[dict[str, Any]] = Field(description="one entry per decorator: name, import, description, params")


class BestPractices(BaseModel):
    version: str
    source: str
    practices: dict[str, Any] = Field(description="djust's own guidance, by topic (empty when djust is not installed)")
    checked_by_djust_lint: list[dict[str, str]] = Field(
        description="every rule djust-lint enforces (code, name, summary): what `check` and `validate_view` catch"
    )


class HandlerInfo(BaseModel):
    name: str
    owner: str = Field(description="class defining the method (may be a mixin or a djust base)")
    params: list[dict[str, Any]] = Field(description="parameters after self: name, kind, required, annotation, default")
    decorators: list[str]
    accepts_kwargs: bool
    position: Position
    source: str = Field(description="'project', 'astroid' (installed package source) or 'vocabulary'")


class StateInfo(BaseModel):
    name: str
    owner: str
    origin: str = Field(description="class, state, computed, property or self (assigned in a method)")
    public: bool = Field(description="True when the template (and the client) can see it")
    position: Position


class ViewSummary(BaseModel):
    """One LiveView/LiveComponent/Component class of the project."""

    name: str = Field(description="class name")
    qualname: str = Field(description="module.Class")
    kind: str = Field(description="live_view, live_component or component")
    position: Position
    template: str | None = Field(description="template key: a lookup name, or inline:<qualname> for an inline template")
    template_kind: str | None = Field(description="file, inline, dynamic, or null when the view has none")
    handlers: list[str] = Field(description="names of @event_handler methods, inherited ones included")
    state: list[str] = Field(description="public state the project defines (framework attributes left out)")
    mixins: list[str] = Field(description="the class's MRO after itself")
    auth: dict[str, str] = Field(description="login_required / permission_required / login_url as written")
    abstract: bool


class ViewList(BaseModel):
    views: list[ViewSummary]
    count: int


class ViewSchema(BaseModel):
    """Everything the graph knows about one view or component."""

    name: str
    qualname: str
    kind: str
    position: Position
    abstract: bool
    complete: bool = Field(description="False when a base class could not be resolved (handler lists may be partial)")
    unresolved_bases: list[str]
    mro_chain: list[str] = Field(description="the MRO, most derived first (ext: prefixes dropped)")
    template: str | None
    template_kind: str | None
    renders: list[str] = Field(description="every template key rendered: own, extended, included")
    handlers: list[HandlerInfo]
    state: list[StateInfo]
    auth: dict[str, str]
    bindings: list[dict[str, Any]] = Field(description="dj-* bindings whose events this class receives")
    routes: list[dict[str, Any]] = Field(description="URL routes pointing at this class")


class RouteInfo(BaseModel):
    pattern: str | None
    kind: str
    target: str | None = Field(description="dotted view class (or included module)")
    name: str | None
    prefix: str | None = Field(description="enclosing live_session prefix")
    is_live_view: bool = Field(description="target is a LiveView of the project")
    position: Position


class RouteList(BaseModel):
    routes: list[RouteInfo]
    count: int


class FindingInfo(BaseModel):
    """A finding, same fields as `djust-lint check --format json`."""

    code: str
    name: str
    severity: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    fix: dict[str, Any] | None = None
    context: dict[str, str] = Field(default_factory=dict)


class Summary(BaseModel):
    total: int
    errors: int
    warnings: int
    info: int


class CheckResult(BaseModel):
    findings: list[FindingInfo]
    summary: Summary
    files_checked: int
    internal_errors: list[str] = Field(default_factory=list)


class SystemCheck(BaseModel):
    id: str = Field(description="djust check id this corresponds to (djust.V004...), or the djust-lint code")
    code: str
    severity: str
    message: str
    hint: str
    fix_hint: str
    file_path: str
    line_number: int


class SystemChecksResult(BaseModel):
    checks: list[SystemCheck]
    summary: Summary
    category: str


class AuditView(BaseModel):
    qualname: str
    kind: str
    position: Position
    exposed_state: list[str]
    auth: dict[str, str]
    handlers: list[dict[str, Any]] = Field(description="name, params, decorators, protections (rate_limit, permission_required...)")
    mixins: list[str]
    findings: list[FindingInfo] = Field(description="security findings located in this view's file or templates")


class AuditResult(BaseModel):
    app_label: str
    views: list[AuditView]
    findings: list[FindingInfo] = Field(description="every security-family finding in scope")
    summary: Summary


class Issue(BaseModel):
    """One problem in submitted code (djust's validate_view fields plus djust-lint's)."""

    type: str = Field(description="rule name, e.g. handler-missing-kwargs")
    code: str
    severity: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    fix_hint: str
    fix: dict[str, Any] | None = None


class IssuesResult(BaseModel):
    issues: list[Issue]
    summary: Summary


class CodeResult(BaseModel):
    """Generated source, and in project mode the edit plan that would add it."""

    code: str = Field(description="the generated source")
    diff: str = Field(description="unified diff of the planned edits ('' when nothing would change or no project)")
    edits: list[dict[str, Any]] = Field(description="planned file edits: path, creates, diff")
    applied: bool = Field(description="True when the files were written (apply=true)")
    written: list[str] = Field(description="paths written")
    messages: list[str] = Field(default_factory=list)


class PlanResult(BaseModel):
    """A reviewable edit plan; nothing is written unless apply=true."""

    description: str
    diff: str
    edits: list[dict[str, Any]]
    applied: bool
    written: list[str]
    messages: list[str] = Field(default_factory=list)


class TemplateViewMatch(BaseModel):
    qualname: str = Field(alias="class", description="view or component receiving this template's events")
    template_name: str | None
    matched_handlers: list[str]
    handlers_in_view_not_in_template: list[str]
    handlers_in_template_not_in_view: list[str]

    model_config = {"populate_by_name": True}


class BindingStatus(BaseModel):
    directive: str
    value: str | None
    handler: str | None
    position: Position
    receivers: list[str]
    status: str = Field(description="live (every receiver defines it), dead (a receiver lacks it), dynamic or unknown")
    missing_in: list[str] = Field(description="receivers that do not define the handler")


class TemplateHandlers(BaseModel):
    template_path: str
    resolved_path: str = Field(description="root-relative file holding the template")
    template_key: str
    dj_handlers_in_template: list[str]
    view_count: int
    views: list[TemplateViewMatch]
    bindings: list[BindingStatus]
    dead: list[BindingStatus]


class ReferenceInfo(BaseModel):
    kind: str = Field(description="definition, binding, python_call, push_event, js_push, live_render, dj-view, route, renders, extends, include, subclass...")
    position: Position
    detail: str


class ReferencesResult(BaseModel):
    name: str
    matched_as: list[str] = Field(description="handler, view, template")
    references: list[ReferenceInfo]
    count: int


class RuleExplanation(BaseModel):
    code: str
    name: str
    family: str
    severity: str
    fixable: bool
    summary: str
    explanation: str = Field(description="markdown: what it does, why, examples")
    djust_ids: list[str]


class ContextName(BaseModel):
    name: str
    origin: str = Field(description="state, context (get_context_data), action, count (<list>_count), builtin, template-global")
    provided_by: list[str] = Field(description="views providing it")


class TemplateContext(BaseModel):
    template: str
    template_key: str
    views: list[str] = Field(description="views rendering the template")
    available: list[ContextName]
    reads: list[str] = Field(description="root names the template (and what it includes/extends) reads without binding them")
    missing: dict[str, list[str]] = Field(description="view -> names it reads that the view does not provide")
    open_context: bool = Field(description="a project context processor adds names that cannot be listed statically")
    analysable: dict[str, bool] = Field(description="view -> False when its context cannot be fully known statically")
