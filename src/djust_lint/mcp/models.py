"""Typed results of the MCP tools.

Every tool returns one of these pydantic models, so the SDK publishes an
output schema for it and sends the value as ``structuredContent``: an AI
client can rely on field names instead of parsing prose. Field descriptions
are part of the published schema, so they are written for the model reading
them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel as _PydanticModel
from pydantic import ConfigDict, Field


def _untitled(schema: dict[str, Any]) -> None:
    """Drop the ``title`` pydantic gives every property: it repeats the name and costs tools/list characters."""
    for prop in schema.get("properties", {}).values():
        if isinstance(prop, dict):
            prop.pop("title", None)


class BaseModel(_PydanticModel):
    """Our answers' base: no per-property titles in the published schema."""

    model_config = ConfigDict(json_schema_extra=_untitled)


class Page(BaseModel):
    """Paging fields of a listing (pass next_offset as offset for the next page)."""

    total: int = Field(description="items matching the filters")
    offset: int
    next_offset: int | None = Field(description="offset of the next page; null on the last")
    next: str = Field(description="how to get the rest ('' when none)")


class Position(BaseModel):
    """A place in a file: root-relative POSIX path, 1-based line and character column."""

    path: str | None
    line: int | None = None
    column: int | None = None


class TopicInfo(BaseModel):
    topic: str
    entries: int
    names: list[str] = Field(description="entry names (the first 40)")


class Reference(Page):
    """djust reference data: an index by default, the entries of one topic/name on request."""

    version: str = Field(description="djust version the data describes")
    source: str = Field(description="'installed-djust' (djust/schema.py) or 'djust-lint-vocabulary' (names only)")
    index: list[TopicInfo] = Field(description="topics and their entry names; empty when one topic is expanded")
    topic: str = Field(description="expanded topic ('' for the index)")
    entries: list[dict[str, Any]] = Field(description="entries of the expanded topic or name")


class NameIndex(BaseModel):
    """A reference list: every name (and its category) by default, full entries for one name."""

    version: str
    source: str
    index: dict[str, str] = Field(description="name -> category or one-line summary; empty when expanded")
    entries: list[dict[str, Any]] = Field(description="full entries of the requested name(s)")


class DecoratorList(BaseModel):
    version: str
    source: str
    decorators: list[dict[str, Any]] = Field(description="one entry per decorator: name, import, description, params")


class BestPractices(Reference):
    checked_by_djust_lint: dict[str, str] = Field(description="rule code -> name: what `check` and `validate_view` catch (explain_rule for more)")


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

    qualname: str = Field(description="module.Class")
    kind: str = Field(description="live_view, live_component or component")
    position: Position
    template: str | None = Field(description="lookup name, inline:<qualname>, or null")
    handlers: list[str] = Field(description="@event_handler methods the project defines (inherited from project classes too)")
    state: list[str] = Field(description="public state the project defines")
    bases: list[str] = Field(description="project classes in the MRO (mixins, bases)")
    framework: str = Field(description="the djust side in one word: LiveView, LiveComponent or Component")
    auth: dict[str, str] = Field(description="login_required / permission_required / login_url as written")
    abstract: bool


class ViewList(Page):
    views: list[ViewSummary]


class ViewSchema(BaseModel):
    """Everything the graph knows about one view or component."""

    name: str
    qualname: str
    kind: str
    position: Position
    abstract: bool
    complete: bool = Field(description="False when a base class could not be resolved (handler lists may be partial)")
    unresolved_bases: list[str]
    mro_chain: list[str] = Field(description="the MRO's project classes, most derived first, then the first framework class")
    framework: str = Field(description="the djust side in one word: LiveView, LiveComponent or Component")
    template: str | None
    template_kind: str | None
    renders: list[str] = Field(description="every template key rendered: own, extended, included")
    handlers: list[HandlerInfo] = Field(description="handlers the project defines (in the class or its project bases)")
    framework_handlers: list[str] = Field(description="handlers inherited from djust and other packages (update_model ...)")
    state: list[StateInfo]
    auth: dict[str, str]
    bindings: list[dict[str, Any]] = Field(description="dj-* bindings whose events this class receives: where, handlers called, receiver count")
    routes: list[dict[str, Any]] = Field(description="URL routes pointing at this class")


class RouteInfo(BaseModel):
    pattern: str | None
    kind: str
    target: str | None = Field(description="dotted view class (or included module)")
    name: str | None
    prefix: str | None = Field(description="enclosing live_session prefix")
    is_live_view: bool = Field(description="target is a LiveView of the project")
    position: Position


class RouteList(Page):
    routes: list[RouteInfo]


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
    by_rule: dict[str, int] = Field(default_factory=dict, description="rule code -> count")


class CheckResult(Page):
    summary: Summary = Field(description="every finding matching the filters, counted")
    findings: list[FindingInfo] = Field(description="this page of them")
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


class SystemChecksResult(Page):
    summary: Summary
    checks: list[SystemCheck] = Field(description="this page of them")
    category: str


class AuditView(BaseModel):
    qualname: str
    kind: str
    position: Position
    exposed_state: list[str]
    auth: dict[str, str]
    handlers: list[dict[str, Any]] = Field(description="name, params, protections (rate_limit, permission_required...)")
    bases: list[str] = Field(description="project classes in the MRO")
    findings: list[FindingInfo] = Field(description="security findings in this view's file or templates")


class AuditResult(Page):
    app_label: str
    summary: Summary = Field(description="security findings in scope, counted by rule")
    views: list[AuditView] = Field(description="this page of the audited views")
    internal_errors: list[FindingInfo] = Field(default_factory=list, description="rules that crashed (DJ999): the audit is incomplete")


class Issue(BaseModel):
    """One problem in submitted code (djust's validate_view fields plus djust-lint's)."""

    type: str = Field(description="rule name, e.g. handler-missing-kwargs")
    code: str
    severity: str
    message: str
    path: str = Field(description="the code's path, or the template file the finding is in")
    line: int
    column: int
    end_line: int
    end_column: int
    fix_hint: str
    fix: dict[str, Any] | None = None


class IssuesResult(Page):
    summary: Summary = Field(description="every issue, counted by severity and rule")
    issues: list[Issue] = Field(description="this page of them")


class CodeResult(BaseModel):
    """Generated source, and in project mode the edit plan that would add it."""

    code: str = Field(description="the generated source")
    diff: str = Field(description="unified diff of the planned edits ('' when nothing would change or no project)")
    edits: list[dict[str, Any]] = Field(description="planned file edits: path, creates")
    applied: bool = Field(description="True when the files were written (apply=true)")
    written: list[str] = Field(description="paths written")
    messages: list[str] = Field(default_factory=list)


class PlanResult(BaseModel):
    """A reviewable edit plan; nothing is written unless apply=true."""

    description: str
    diff: str
    edits: list[dict[str, Any]] = Field(description="planned file edits: path, creates")
    applied: bool
    written: list[str]
    messages: list[str] = Field(default_factory=list)


class PlanPage(PlanResult, Page):
    """A plan paged by file: diff and edits of this page; apply=true writes the whole plan."""


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


class ReferencesResult(Page):
    name: str
    matched_as: list[str] = Field(description="handler, view, template")
    references: list[ReferenceInfo]


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
