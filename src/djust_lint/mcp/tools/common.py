"""What the MCP tools share: input types, limits, and helpers over the graph and the project."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from ...codemods.features import VIEW_FEATURES
from .. import models as m
from ..paging import page
from ..project import PathRefused, ProjectState
from ..sdk import ToolError
from ..suggest import close, did_you_mean, lookalike_code

if TYPE_CHECKING:
    from ...core.findings import Finding
    from ...graph.model import ProjectGraph, TemplateNode, ViewNode

# ---------------------------------------------------------------------------
# Input types: limits are published in the input schema and enforced by the SDK
# ---------------------------------------------------------------------------

Name = Annotated[str, Field(min_length=1, max_length=200)]  # a Python identifier (checked, with a clear error)
DottedName = Annotated[str, Field(min_length=1, max_length=300)]  # class name or module.Class
SourceCode = Annotated[str, Field(max_length=1_000_000)]  # Python source, at most 1 MB
ClientPath = Annotated[str, Field(min_length=1, max_length=4096)]
PathList = Annotated[
    list[ClientPath], Field(max_length=1000, description="root-relative paths; empty = the whole project")
]
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
    from ...codemods.plan import PlanConflict, PlanError

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
    from ...codemods.plan import PlanConflict, PlanError

    try:
        return call()
    except (PlanError, PlanConflict, ValueError, LookupError) as exc:
        raise ToolError(str(exc).replace("with --app", "with the app parameter")) from None


class ToolsBase:
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
        matches = sorted(
            q for q, c in graph.index.classes.items() if q == name or c.name == name or q.endswith("." + name)
        )
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
            raise ToolError(
                f"no template {template!r} in this project; "
                + did_you_mean(close(template, names), graph.template_names)
            )
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
        return sorted(
            n for n, s in view.state.items() if not n.startswith("_") and s.path is not None and n not in framework
        )

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
        views = [
            v
            for _, v in sorted(graph.views.items())
            if v.kind in kinds and _in_app(v.module, app) and _named(v.qualname, name)
        ]
        chunk, fields = page(views, limit, offset, "views")
        return m.ViewList(views=[self._summary_of(graph, v) for v in chunk], **fields)


# ---------------------------------------------------------------------------
# Helpers over the graph
# ---------------------------------------------------------------------------


def _internal_errors(result: Any) -> list[Finding]:
    """Rules that crashed, as DJ999 findings: an answer never hides that it is incomplete."""
    from ...engine.pipeline import internal_error_finding

    return [internal_error_finding(error) for error in result.internal_errors]


def _family(code: str) -> str:
    from ...rules import RULES_BY_CODE

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
        missing = [
            r for r, v in zip(binding.receivers, views, strict=True) if v is not None and call.name not in v.handlers
        ]
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
    from ...graph import references

    if not _IDENTIFIER.match(name):
        return None
    refs: dict[tuple[str, str, int, int], m.ReferenceInfo] = {}

    def add(kind: str, path: str | None, span: Any, detail: str) -> None:
        info = m.ReferenceInfo(kind=kind, position=_pos(path, span), detail=detail)
        refs.setdefault((kind, path or "", info.position.line or 0, info.position.column or 0), info)

    owners = sorted(
        {h.owner for v in graph.views.values() if (h := v.methods.get(name)) is not None and h.source == "project"}
    )
    for owner in owners:
        handler = next(
            v.methods[name] for v in graph.views.values() if name in v.methods and v.methods[name].owner == owner
        )
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
                add(
                    "binding",
                    binding.path,
                    call.span,
                    f'{binding.directive}="{binding.raw}" -> {", ".join(binding.receivers)}',
                )
    return list(refs.values()) or None


def _view_refs(graph: ProjectGraph, name: str) -> list[m.ReferenceInfo] | None:
    view = graph.view_by_name(name) if _DOTTED.match(name) else None
    if view is None:
        return None
    refs = [
        m.ReferenceInfo(kind="definition", position=_pos(view.path, view.span), detail=f"{view.kind} {view.qualname}")
    ]
    for path, route in graph.routes:
        if route.target and graph.index.resolve(route.target) == view.qualname:
            refs.append(
                m.ReferenceInfo(
                    kind="route", position=_pos(path, route.span), detail=f"{route.pattern!r} name={route.name}"
                )
            )
    for ref in graph.references:
        if ref.kind in ("live_render", "dj-view") and (
            ref.target == view.qualname or graph.index.resolve(ref.target) == view.qualname
        ):
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
            refs.append(
                m.ReferenceInfo(kind="renders", position=_pos(view.path, view.span), detail=f"{qualname} {direct}")
            )
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
