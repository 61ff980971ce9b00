"""Template context: which names a template reads, and which a view provides (DJ801, DJ802, MCP, LSP).

For every template a LiveView renders we list the root names it reads that
the template itself does not bind (``{% for %}``/``{% with %}`` scopes,
``as name``, ``{% include ... with x=... %}``), following ``extends`` and
``include`` edges with the scope of the include site.  The per-template walk
is memoised on (template, names bound around it, ``only``), so each
template is tokenised once per distinct include context, not once per view.
A view then resolves those names against what it provides: its state,
``get_context_data`` keys, ``@action`` names, djust's ``<list>_count``
companions and the framework's builtins.

The walks, and the per-view answers, live in the graph's ``memo``, which an
editor's quick re-link of one template shares (:class:`ContextMemo`): each
entry is checked against the node it was computed from, so editing a partial
rendered by hundreds of views re-walks that partial alone.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from ..readers.template_expressions import expression_names, noqa_names, tag_names

if TYPE_CHECKING:
    from ..core.model import Span
    from .model import ProjectGraph, TemplateEdge, TemplateNode, ViewNode

#: Names Django, its default context processors and djust put in every context.
BUILTINS = frozenset(
    {
        "True", "False", "None", "block", "forloop", "request", "user", "perms", "csrf_token", "messages",
        "DEFAULT_MESSAGE_LEVELS", "debug", "sql_queries", "LANGUAGES", "LANGUAGE_CODE", "LANGUAGE_BIDI",
        "MEDIA_URL", "STATIC_URL", "TIME_ZONE", "view", "view_id", "dj_id", "djust", "is_dirty",
        "changed_fields", "async_pending", "component_id", "forms", "streams", "inputs_for_loop",
    }
)
#: Context processors whose names are all in ``BUILTINS``.
KNOWN_PROCESSORS_PREFIXES = ("django.template.context_processors.", "django.contrib.auth.context_processors.",
                             "django.contrib.messages.context_processors.", "djust.")
_T = TypeVar("_T")
_MAX_DEPTH = 32
#: Tags that test a name: a missing one is simply false (idiomatic Django, not a bug).
_GUARDING_TAGS = frozenset({"if", "elif", "firstof"})
_DEFAULT_FILTER = re.compile(r"\|\s*default(?:_if_none)?\b")
#: djust's base ``get_context_data``: public attributes, ``<list>_count``, ``@action`` state, ``streams``.
MODELLED_CONTEXT = frozenset({"djust.mixins.context.ContextMixin", "djust.live_view.LiveView"})


@dataclass(frozen=True, slots=True)
class Use:
    """One read of a name the template does not bind itself."""

    name: str
    template: str
    path: str
    span: Span
    only: bool
    """Inside an ``{% include ... only %}``: the view's context is not visible."""
    guarded: bool = False
    """Read where a missing name is idiomatic Django: ``{% if x %}``, ``x|default:...``, ``{% firstof %}``."""


@dataclass
class ContextStats:
    """Work done by the context analysis of one graph and its copies: tests assert on it instead of timing."""

    walks: int = 0
    """Templates walked (once per template and distinct include context, until the template changes)."""
    bind_scans: int = 0
    """Templates whose own tags were scanned for the names they bind (``extends`` parents)."""
    view_answers: int = 0
    """Per-view answers computed (provided names, analysability)."""


@dataclass(slots=True)
class _Walked:
    """One template walked in one include context: its own unbound reads, and what it includes where."""

    node: TemplateNode
    """The node walked: an edit of the template replaces it, which makes this answer stale."""
    edges: tuple[TemplateEdge, ...]
    inherited: frozenset[str]
    """Names its ``extends`` ancestors bind (they change when an ancestor is edited)."""
    reads: list[Use]
    includes: list[tuple[str, frozenset[str], bool]]
    """(included template key, names bound around the include, ``only``) in source order."""


@dataclass
class ContextMemo:
    """Template walks and per-view answers, kept for a graph and the copies that share its ``memo``.

    An editor's quick re-lint of one template patches it into a copy of the last
    graph; every other template node and view node is the same object. Entries
    are therefore keyed by name and checked against the object they were computed
    from, so an edit of a partial shared by hundreds of views re-walks the partial
    (once per distinct include context) and nothing else.
    """

    walked: dict[tuple[str, frozenset[str], bool], _Walked] = field(default_factory=dict)
    binds: dict[str, tuple[TemplateNode, frozenset[str]]] = field(default_factory=dict)
    views: dict[tuple[str, str], tuple[ViewNode, object]] = field(default_factory=dict)
    """(question, view) -> (the view node answered for, answer)."""
    name_sets: dict[frozenset[str], frozenset[str]] = field(default_factory=dict)
    """Equal answers of ``provided_names`` are one set: views sharing bases provide the same names."""
    stats: ContextStats = field(default_factory=ContextStats)


def context_memo(graph: ProjectGraph) -> ContextMemo:
    """The graph's context memo (created on first use, shared with copies of the graph)."""
    memo = graph.memo.get("context")
    if memo is None:
        memo = graph.memo["context"] = ContextMemo()
    return memo


@dataclass
class ContextIndex:
    """Template reads for one run over a graph, composed from the graph's remembered walks.

    ``paths``: keep only reads located in these files (``graph.report_only`` for a
    rule that reports where the read is); ``None`` keeps every read.
    """

    graph: ProjectGraph
    paths: frozenset[str] | None = None
    cache: dict[tuple[str, frozenset[str], bool], list[Use]] = field(default_factory=dict)
    bound_cache: dict[str, frozenset[str]] = field(default_factory=dict)
    memo: ContextMemo = field(init=False)

    def __post_init__(self) -> None:
        self.memo = context_memo(self.graph)

    def uses(self, key: str, outer: frozenset[str] = frozenset(), only: bool = False, depth: int = 0) -> list[Use]:
        """Unbound reads of ``key`` and of everything it extends or includes (callers must not modify the list)."""
        memo = (key, outer, only)
        if memo in self.cache:
            return self.cache[memo]
        self.cache[memo] = []  # cycle guard (recursive includes)
        if depth > _MAX_DEPTH or key not in self.graph.templates:
            return []
        node = self.graph.templates[key]
        walked = self._walked(node, outer, only)
        parts = [self.uses(child, inner, only or inner_only, depth + 1) for child, inner, inner_only in walked.includes]
        if self.paths is None or node.path in self.paths:
            parts.append(walked.reads)
        parts = [part for part in parts if part]
        result = parts[0] if len(parts) == 1 else [use for part in parts for use in part]  # shared, not copied
        self.cache[memo] = result
        return result

    def _walked(self, node: TemplateNode, outer: frozenset[str], only: bool) -> _Walked:
        """The remembered walk of ``node`` in this context, re-walked only when the template or an ancestor changed."""
        inherited: frozenset[str] = frozenset()
        for edge in node.edges:
            if edge.kind == "extends" and edge.resolved:
                inherited |= self.bound_anywhere(edge.resolved)
        memo = (node.key, outer, only)
        walked = self.memo.walked.get(memo)
        if walked is None or walked.node is not node or walked.inherited != inherited or walked.edges != tuple(node.edges):
            self.memo.stats.walks += 1
            walked = self.memo.walked[memo] = _walk(node, outer, only, inherited)
        return walked

    def bound_anywhere(self, key: str) -> frozenset[str]:
        """Every name a template and its ``extends`` ancestors bind somewhere (block content may see them)."""
        if key in self.bound_cache:
            return self.bound_cache[key]
        self.bound_cache[key] = frozenset()
        node = self.graph.templates[key]
        names = self._own_binds(node)
        for edge in node.edges:
            if edge.kind == "extends" and edge.resolved:
                names |= self.bound_anywhere(edge.resolved)
        self.bound_cache[key] = names
        return names

    def _own_binds(self, node: TemplateNode) -> frozenset[str]:
        """Names the template's own tags bind (remembered until the template changes)."""
        remembered = self.memo.binds.get(node.key)
        if remembered is not None and remembered[0] is node:
            return remembered[1]
        self.memo.stats.bind_scans += 1
        names: set[str] = set()
        for tag in node.info.tags:
            names.update(tag_names(tag.name, tag.args).binds)
        self.memo.binds[node.key] = (node, frozenset(names))
        return frozenset(names)


def _silenced(node: TemplateNode) -> set[str]:
    silenced: set[str] = set()
    for comment in node.info.comments:
        names = noqa_names(comment.text) if comment.kind == "django" else None
        if names:
            silenced |= names
    return silenced


class _Scopes:
    """The block scopes open at a point of a template, with O(1) opening, closing and look-up.

    Names bound by open blocks are reference-counted, and ends are counted
    per name, so a template of 30,000 nested ``{% for %}`` costs linear time
    (rescanning the stack at every tag made it quadratic).
    """

    def __init__(self, template_wide: set[str]) -> None:
        self.template_wide = template_wide
        self._stack: list[tuple[str, tuple[str, ...]]] = []
        self._ends: dict[str, int] = {}
        self._bound: dict[str, int] = {}

    def visible(self, name: str) -> bool:
        return name in self.template_wide or self._bound.get(name, 0) > 0

    def all(self) -> set[str]:
        return self.template_wide | {name for name, count in self._bound.items() if count > 0}

    def open(self, end: str, binds: Iterable[str]) -> None:
        names = tuple(binds)
        self._stack.append((end, names))
        self._ends[end] = self._ends.get(end, 0) + 1
        for name in names:
            self._bound[name] = self._bound.get(name, 0) + 1

    def close(self, end: str) -> None:
        """Close the innermost scope ended by ``end`` and every scope inside it; ignore strays."""
        if not self._ends.get(end):
            return
        while self._stack:
            closed, names = self._stack.pop()
            self._ends[closed] -= 1
            for name in names:
                self._bound[name] -= 1
            if closed == end:
                return


class _Tested:
    """Names tested by the open ``{% if %}`` blocks, reference-counted: O(1) per look-up at any depth."""

    def __init__(self) -> None:
        self._stack: list[set[str]] = []
        self._counts: dict[str, int] = {}

    def push(self, names: set[str]) -> None:
        self._stack.append(names)
        for name in names:
            self._counts[name] = self._counts.get(name, 0) + 1

    def pop(self) -> None:
        if self._stack:
            for name in self._stack.pop():
                self._counts[name] -= 1

    def guards(self, name: str) -> bool:
        return self._counts.get(name, 0) > 0


def _walk(node: TemplateNode, outer: frozenset[str], only: bool, inherited: frozenset[str]) -> _Walked:
    """Source-ordered pass over one template's variables and tags with a scope stack.

    Includes are not followed here: each is recorded with the names bound around
    it, and :meth:`ContextIndex.uses` composes the included templates' walks.
    """
    walked = _Walked(node, tuple(node.edges), inherited, [], [])
    silenced = _silenced(node)
    if "*" in silenced:
        return walked
    edges = {(e.span.line, e.span.column): e for e in node.edges}
    template_wide: set[str] = set(outer) | inherited
    events: list[tuple[int, int, object]] = [(v.span.line, v.span.column, v) for v in node.info.variables]
    events += [(t.span.line, t.span.column, t) for t in node.info.tags]
    events.sort(key=lambda e: (e[0], e[1]))
    scopes = _Scopes(template_wide)
    tested = _Tested()  # names each open ``{% if %}`` block tests: reads inside are guarded
    reads: list[tuple[str, Span, bool]] = []
    for line, column, event in events:
        if not hasattr(event, "name"):  # a {{ variable }}
            expression = event.expression  # type: ignore[attr-defined]
            defaulted = _DEFAULT_FILTER.search(expression) is not None
            reads.extend(
                (name, event.span, (defaulted and offset == 0) or tested.guards(name))  # type: ignore[attr-defined]
                for name, offset in expression_names(expression)
                if not scopes.visible(name)
            )
            continue
        effect = tag_names(event.name, event.args)  # type: ignore[attr-defined]
        scopes.close(event.name)  # type: ignore[attr-defined]
        if event.name == "endif":  # type: ignore[attr-defined]
            tested.pop()
        guarding = event.name in _GUARDING_TAGS  # type: ignore[attr-defined]
        reads.extend(
            (name, event.span, guarding or tested.guards(name))  # type: ignore[attr-defined]
            for name, _ in effect.reads
            if not scopes.visible(name)
        )
        if event.name == "if":  # type: ignore[attr-defined]
            tested.push({name for name, _ in effect.reads})
        if effect.end is not None:
            scopes.open(effect.end, effect.binds)
        else:
            template_wide.update(effect.binds)
        edge = edges.get((line, column))
        if edge is not None and edge.resolved:
            inner = frozenset(effect.include_binds) if effect.include_only else frozenset(scopes.all() | set(effect.include_binds))
            walked.includes.append((edge.resolved, inner, effect.include_only))
    # ``as`` names bound later in the template (``{% cycle ... as x %}``) count everywhere: be generous.
    walked.reads.extend(
        Use(name, node.key, node.path, span, only, guarded)
        for name, span, guarded in reads
        if name not in template_wide and name not in silenced
    )
    return walked


def context_open(graph: ProjectGraph) -> bool:
    """A project context processor adds names we cannot list: no name is provably missing."""
    templates = graph.setting("TEMPLATES")
    if not isinstance(templates, list):
        return False
    for backend in templates:
        options = backend.get("OPTIONS") if isinstance(backend, dict) else None
        processors = options.get("context_processors", []) if isinstance(options, dict) else []
        if not isinstance(processors, list):
            return True
        if any(not isinstance(p, str) or not p.startswith(KNOWN_PROCESSORS_PREFIXES) for p in processors):
            return True
    return False


def template_globals(graph: ProjectGraph) -> frozenset[str]:
    """djust_typecheck's escape hatch: ``DJUST_TEMPLATE_GLOBALS = ["site_name", ...]``."""
    value = graph.setting("DJUST_TEMPLATE_GLOBALS")
    return frozenset(str(v) for v in value) if isinstance(value, (list, tuple, set)) else frozenset()


def _view_answer(graph: ProjectGraph, view: ViewNode, question: str, compute: Callable[[ProjectGraph, ViewNode], _T]) -> _T:
    """``compute(graph, view)``, remembered per view node: a template edit keeps the node, and so the answer."""
    memo = context_memo(graph)
    remembered = memo.views.get((question, view.qualname))
    if remembered is not None and remembered[0] is view:
        return remembered[1]  # type: ignore[return-value]
    memo.stats.view_answers += 1
    answer = compute(graph, view)
    memo.views[(question, view.qualname)] = (view, answer)
    return answer


def analysable(graph: ProjectGraph, view: ViewNode) -> bool:
    """Everything the view puts in its context is known statically."""
    return _view_answer(graph, view, "analysable", _analysable)


def _analysable(graph: ProjectGraph, view: ViewNode) -> bool:
    if view.kind != "live_view" or not view.complete or view.template_kind not in ("inline", "file"):
        return False
    if view.template is None:
        return False
    return all(_context_known(graph, key) for key in view.mro_chain)


def _context_known(graph: ProjectGraph, key: str) -> bool:
    """The class adds no context keys beyond what we read (djust's own base is modelled in ``provided_names``)."""
    memo = graph.index.derived
    answer = memo.get(("context_known", key))
    if answer is None:
        answer = memo[("context_known", key)] = _compute_context_known(graph, key)
    return bool(answer)


def _compute_context_known(graph: ProjectGraph, key: str) -> bool:
    cls = graph.index.classes.get(key)
    if cls is not None:
        if any(method.dynamic_setattr for method in cls.methods.values()):
            return False  # ``setattr(self, name, value)`` with a computed name: any attribute may exist
        return cls.qualname in MODELLED_CONTEXT or not cls.context_dynamic
    name = key.removeprefix("ext:")
    if name in MODELLED_CONTEXT:
        return True
    external = graph.index.lookup(name).external
    return external is None or "get_context_data" not in external.methods


def provided_names(graph: ProjectGraph, view: ViewNode) -> frozenset[str]:
    """Names the view's context holds (before builtins); remembered per view node (a template edit keeps it)."""
    return _view_answer(graph, view, "provided", _provided_names)


def _provided_names(graph: ProjectGraph, view: ViewNode) -> frozenset[str]:
    names = {name for name in view.state if not name.startswith("_")}
    classes = graph.index.classes
    for key in view.mro_chain:
        cls = classes.get(key)
        if cls is not None:
            names.update(cls.context_keys)
    names.update(name for name, handler in view.methods.items() if "action" in handler.decorators)
    names.update([sys.intern(f"{name}_count") for name in names])
    answer = frozenset(names)
    return context_memo(graph).name_sets.setdefault(answer, answer)  # one set per distinct context (memory)


def suggestible_names(graph: ProjectGraph, view: ViewNode) -> set[str]:
    """The names a project author wrote (did-you-mean candidates): project state and context keys."""
    names = {name for name, node in view.state.items() if node.origin != "external" and not name.startswith("_")}
    classes = graph.index.classes
    for key in view.mro_chain:
        cls = classes.get(key)
        if cls is not None:
            names.update(cls.context_keys)
    return names
