"""The project graph: views, handlers, state, templates, bindings, routes, references.

Built once per run by :mod:`djust_lint.graph_builder`; every rule, output
format and the MCP server read it and never go back to the files. The JSON
form (:meth:`ProjectGraph.to_json`) is stable: keys sorted, lists in a
deterministic order, so it can be diffed and snapshot-tested.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..core.model import Diagnostic, Param, Reference, Route, Span, TemplateInfo, TemplateSource
from .bindings import Binding

if TYPE_CHECKING:
    from ..core.vocabulary import Vocabulary
    from ..readers.settings import SettingsInfo
    from .hierarchy import ClassIndex


def span_json(span: Span | None) -> dict[str, int] | None:
    if span is None:
        return None
    return {"line": span.line, "column": span.column, "end_line": span.end_line, "end_column": span.end_column}


def param_json(param: Param) -> dict[str, Any]:
    return {
        "name": param.name,
        "kind": param.kind,
        "required": param.required,
        "annotation": param.annotation,
        "default": param.default,
    }


@dataclass(slots=True)
class HandlerNode:
    """A method callable on a view instance, from the project or a base outside it."""

    name: str
    owner: str
    params: list[Param]
    decorated: bool
    """Carries ``@event_handler`` (or the deprecated ``@event``)."""
    decorators: list[str]
    path: str | None
    span: Span | None
    source: Literal["project", "astroid", "vocabulary"] = "project"

    @property
    def accepts_var_keyword(self) -> bool:
        return any(p.kind == "var_keyword" for p in self.params)

    @property
    def positional_names(self) -> list[str]:
        """Params that positional ``_args`` map onto, in order (djust skips ``*args``/``**kwargs``)."""
        return [p.name for p in self.params if p.kind not in ("var_positional", "var_keyword")]

    @property
    def accepted_names(self) -> set[str]:
        return {p.name for p in self.params if p.kind not in ("var_positional", "var_keyword", "positional_only")}

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "owner": self.owner,
            "decorated": self.decorated,
            "decorators": self.decorators,
            "params": [param_json(p) for p in self.params],
            "path": self.path,
            "span": span_json(self.span),
            "source": self.source,
        }


@dataclass(slots=True)
class StateNode:
    name: str
    owner: str
    origin: str
    path: str | None
    span: Span | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "owner": self.owner, "origin": self.origin, "path": self.path, "span": span_json(self.span)}


@dataclass(slots=True)
class ViewNode:
    """A LiveView, LiveComponent or Component class of the project."""

    qualname: str
    name: str
    module: str
    path: str
    span: Span
    kind: Literal["live_view", "live_component", "component"]
    abstract: bool
    nested: bool
    mro_chain: list[str]
    unresolved_bases: list[str]
    methods: dict[str, HandlerNode] = field(default_factory=dict)
    state: dict[str, StateNode] = field(default_factory=dict)
    template_kind: Literal["inline", "file", "dynamic"] | None = None
    template: str | None = None
    """Key of the template the view renders (see ``ProjectGraph.templates``)."""
    template_source: TemplateSource | None = None
    template_owner: str | None = None
    """Class in the MRO that defines the template."""
    template_reason: str | None = None
    """Why the template cannot be determined statically (dynamic or not found); its bindings go unchecked."""
    renders: list[str] = field(default_factory=list)
    """Every template key rendered: its own, extended bases and includes, transitively."""

    @property
    def handlers(self) -> dict[str, HandlerNode]:
        return {name: h for name, h in self.methods.items() if h.decorated}

    @property
    def complete(self) -> bool:
        """All bases were resolved, so "no such handler" is a safe conclusion."""
        return not self.unresolved_bases

    def to_json(self) -> dict[str, Any]:
        return {
            "qualname": self.qualname,
            "name": self.name,
            "module": self.module,
            "path": self.path,
            "span": span_json(self.span),
            "kind": self.kind,
            "abstract": self.abstract,
            "nested": self.nested,
            "mro": self.mro_chain,
            "unresolved_bases": self.unresolved_bases,
            "handlers": {n: h.to_json() for n, h in sorted(self.handlers.items())},
            "state": {n: s.to_json() for n, s in sorted(self.state.items())},
            "template": {
                "kind": self.template_kind,
                "key": self.template,
                "owner": self.template_owner,
                "reason": self.template_reason,
            },
            "renders": self.renders,
        }


@dataclass(frozen=True, slots=True)
class TemplateEdge:
    """An ``extends``/``include`` from one template to another (by lookup name)."""

    kind: Literal["extends", "include"]
    target: str | None
    """Lookup name, ``None`` when dynamic."""
    span: Span
    resolved: str | None
    """Key of the target template, ``None`` when missing or dynamic."""

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "target": self.target, "resolved": self.resolved, "span": span_json(self.span)}


@dataclass(slots=True)
class TemplateNode:
    key: str
    path: str
    name: str | None
    info: TemplateInfo
    edges: list[TemplateEdge] = field(default_factory=list)
    rendered_by: list[str] = field(default_factory=list)
    owner: str | None = None
    """The component/view owning an inline template."""
    installed: bool = False
    """Read from an installed package to resolve names, blocks and context; never reported on."""

    @property
    def inline(self) -> bool:
        return self.info.is_inline

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "path": self.path,
            "name": self.name,
            "inline": self.inline,
            "installed": self.installed,
            "owner": self.owner,
            "edges": [e.to_json() for e in self.edges],
            "rendered_by": sorted(self.rendered_by),
            "elements": len(self.info.elements),
        }


def _arg_json(arg: object) -> object:
    return arg if arg is None or isinstance(arg, (str, int, float, bool)) else "<dynamic>"


def binding_json(binding: Binding) -> dict[str, Any]:
    return {
        "directive": binding.directive,
        "kind": binding.kind,
        "value": binding.raw,
        "dynamic": binding.dynamic,
        "template": binding.template,
        "path": binding.path,
        "span": span_json(binding.span),
        "calls": [
            {"name": c.name, "args": [_arg_json(a) for a in c.args], "span": span_json(c.span), "source": c.source}
            for c in binding.calls
        ],
        "params": sorted(binding.params),
        "params_open": binding.params_open,
        "receivers": binding.receivers,
        "scope": binding.scope,
    }


@dataclass(slots=True)
class ProjectGraph:
    """Everything djust-lint knows about one project."""

    root: str
    djust_version: str
    vocabulary: Vocabulary
    index: ClassIndex
    views: dict[str, ViewNode] = field(default_factory=dict)
    templates: dict[str, TemplateNode] = field(default_factory=dict)
    bindings: list[Binding] = field(default_factory=list)
    routes: list[tuple[str, Route]] = field(default_factory=list)
    """(path of the urls module, route)."""
    references: list[Reference] = field(default_factory=list)
    diagnostics: list[tuple[str, Diagnostic]] = field(default_factory=list)
    """(path, diagnostic) for files that could not be read."""
    template_names: dict[str, str] = field(default_factory=dict)
    """Lookup name -> template key."""
    selected: set[str] | None = None
    """The paths a run was asked about (``None`` = all); the engine's scope decides what that means."""
    report_only: frozenset[str] | None = None
    """Set when only findings located in these paths will be kept (``check PATHS`` without ``--related``,
    an editor's quick re-lint): rules may skip classes and templates elsewhere. ``None``: every path."""
    files: list[str] = field(default_factory=list)
    """Every file read (Python, templates, scripts), relative to the root."""
    installed_paths: set[str] = field(default_factory=set)
    """Absolute paths of templates read from installed packages: findings there are never reported."""
    installed_templates: Any = field(default=None, repr=False)
    """Lookup of template names in installed apps (``readers.installed_templates.InstalledTemplates``)."""

    @property
    def script_files(self) -> list[str]:
        """The JavaScript files read (for rules about client code)."""
        return [path for path in self.files if path.endswith(".js")]
    installed_apps: list[str] = field(default_factory=list)
    settings: SettingsInfo | None = None
    """Settings read statically (template dirs, installed apps, and other values)."""
    target_version: tuple[int, ...] | None = None
    """djust version the project declares (lock file, pin or lower bound), if any."""
    target_version_source: str | None = None
    overlays: dict[str, str | bytes] = field(default_factory=dict, repr=False)
    """In-memory texts laid over the files on disk for this build (root-relative path -> text)."""
    on_disk: bool = True
    """False for a graph of overlays only (``validate_view`` without a project): nothing is read from disk."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    """Answers derived from this graph, shared with its copies (``dataclasses.replace``: an editor's quick
    re-link of one template); each entry checks the objects it was computed from before it is reused."""
    _descendants: dict[str, list[ViewNode]] | None = field(default=None, repr=False)
    _texts: dict[str, str | None] = field(default_factory=dict, repr=False)

    def setting(self, name: str) -> Any:
        """A statically known settings value, or ``None`` when unset, conditional or dynamic."""
        values = getattr(self.settings, "values", None) or {}
        entry = values.get(name)
        if entry is None or not getattr(entry, "known", False):
            return None
        return entry.value

    def source_text(self, path: str) -> str | None:
        """The text of one project file as this graph saw it (the overlay when there is one).

        For the few rules that need text the readers do not keep (script bodies,
        fix edits), without a UTF-8 BOM, as the readers saw it (positions match).
        ``None`` when the file is unreadable, binary, not UTF-8 or too large.
        """
        if path in self._texts:
            return self._texts[path]
        text: str | None = None
        if path in self.overlays:
            value = self.overlays[path]
            text = value.decode("utf-8-sig", errors="replace") if isinstance(value, bytes) else value.removeprefix("\ufeff")
        elif self.on_disk:
            text = _read_text(Path(self.root) / path)
        self._texts[path] = text
        return text

    def targets_at_least(self, *version: int) -> bool:
        """True when the project targets this djust version or later (unknown: the shipped one)."""
        target = self.target_version or tuple(int(p) for p in self.djust_version.split(".") if p.isdigit())
        return target[: len(version)] >= version

    def views_inheriting(self, qualname: str) -> list[ViewNode]:
        """Views whose MRO contains ``qualname`` (computed once for all classes)."""
        if self._descendants is None:
            index: dict[str, list[ViewNode]] = {}
            for view in self.views.values():
                for key in view.mro_chain:
                    index.setdefault(key, []).append(view)
            self._descendants = index
        return self._descendants.get(qualname, [])

    def view_by_name(self, name: str) -> ViewNode | None:
        """Find a view by qualname, class name or dotted suffix."""
        if name in self.views:
            return self.views[name]
        matches = [v for v in self.views.values() if v.name == name or v.qualname.endswith("." + name)]
        return matches[0] if len(matches) == 1 else None

    def unchecked_views(self) -> list[ViewNode]:
        """Concrete views whose template is not known statically: their bindings go unchecked.

        Limited to the files asked for (``check PATHS``) when there is a selection.
        """
        return sorted(
            (
                v
                for v in self.views.values()
                if v.template_reason and not v.abstract and (self.selected is None or v.path in self.selected)
            ),
            key=lambda v: (v.path, v.span.line, v.qualname),
        )

    def bindings_for(self, qualname: str) -> list[Binding]:
        return [b for b in self.bindings if qualname in b.receivers]

    def to_json(self, view: str | None = None) -> dict[str, Any]:
        views = self.views
        templates = self.templates
        bindings = self.bindings
        if view is not None:
            node = self.view_by_name(view)
            views = {node.qualname: node} if node else {}
            keys = set(node.renders) if node else set()
            templates = {k: t for k, t in self.templates.items() if k in keys}
            bindings = [b for b in self.bindings if node and node.qualname in b.receivers]
        return {
            "version": 1,
            "root": self.root,
            "djust_version": self.djust_version,
            "target_djust_version": ".".join(map(str, self.target_version)) if self.target_version else None,
            "views": [views[k].to_json() for k in sorted(views)],
            "templates": [templates[k].to_json() for k in sorted(templates)],
            "bindings": [binding_json(b) for b in sorted(bindings, key=lambda b: (b.path, b.span.line, b.span.column))],
            "routes": [
                {
                    "path": path,
                    "kind": r.kind,
                    "pattern": r.pattern,
                    "target": r.target,
                    "name": r.name,
                    "prefix": r.prefix,
                    "span": span_json(r.span),
                }
                for path, r in sorted(self.routes, key=lambda pr: (pr[0], pr[1].span.line, pr[1].span.column))
            ],
            "references": [
                {"kind": r.kind, "target": r.target, "path": r.path, "span": span_json(r.span), "dynamic": r.dynamic}
                for r in sorted(self.references, key=lambda r: (r.path, r.span.line, r.span.column, r.target))
            ],
        }


def _read_text(path: Path) -> str | None:
    from ..readers.python import DEFAULT_MAX_BYTES  # the readers' own size limit

    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) > DEFAULT_MAX_BYTES or b"\0" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def binding_span_exact(graph: ProjectGraph, binding: Binding) -> bool:
    """False when the binding sits in an inline template whose positions are approximate.

    Escapes or string concatenation in ``template = "..."`` make in-string
    positions approximate; no edit may be aimed at them. Bindings built in
    Python strings (``python:`` keys) never get edits: f-string fields and
    escapes shift their positions.
    """
    if binding.template.startswith("python:"):
        return False
    node = graph.templates.get(binding.template)
    if node is None or not node.inline or node.owner is None:
        return True
    cls = graph.index.classes.get(node.owner)
    source = cls.template if cls is not None else None
    return source is not None and source.exact_positions
