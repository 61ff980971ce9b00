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
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..readers.template_expressions import expression_names, noqa_names, tag_names

if TYPE_CHECKING:
    from ..core.model import Span
    from .model import ProjectGraph, TemplateNode, ViewNode

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
class ContextIndex:
    """Memoised template walks for one graph."""

    graph: ProjectGraph
    cache: dict[tuple[str, frozenset[str], bool], list[Use]] = field(default_factory=dict)
    bound_cache: dict[str, frozenset[str]] = field(default_factory=dict)

    def uses(self, key: str, outer: frozenset[str] = frozenset(), only: bool = False, depth: int = 0) -> list[Use]:
        """Unbound reads of ``key`` and of everything it extends or includes."""
        memo = (key, outer, only)
        if memo in self.cache:
            return self.cache[memo]
        self.cache[memo] = []  # cycle guard (recursive includes)
        if depth > _MAX_DEPTH or key not in self.graph.templates:
            return []
        result = _walk(self, self.graph.templates[key], outer, only, depth)
        self.cache[memo] = result
        return result

    def bound_anywhere(self, key: str) -> frozenset[str]:
        """Every name a template and its ``extends`` ancestors bind somewhere (block content may see them)."""
        if key in self.bound_cache:
            return self.bound_cache[key]
        self.bound_cache[key] = frozenset()
        node = self.graph.templates[key]
        names: set[str] = set()
        for tag in node.info.tags:
            effect = tag_names(tag.name, tag.args)
            names.update(effect.binds)
        for edge in node.edges:
            if edge.kind == "extends" and edge.resolved:
                names |= self.bound_anywhere(edge.resolved)
        self.bound_cache[key] = frozenset(names)
        return self.bound_cache[key]


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


def _walk(index: ContextIndex, node: TemplateNode, outer: frozenset[str], only: bool, depth: int) -> list[Use]:
    """Source-ordered pass over one template's variables and tags with a scope stack."""
    silenced = _silenced(node)
    if "*" in silenced:
        return []
    edges = {(e.span.line, e.span.column): e for e in node.edges}
    template_wide: set[str] = set(outer)
    for edge in node.edges:
        if edge.kind == "extends" and edge.resolved:
            template_wide |= index.bound_anywhere(edge.resolved)
    events: list[tuple[int, int, object]] = [(v.span.line, v.span.column, v) for v in node.info.variables]
    events += [(t.span.line, t.span.column, t) for t in node.info.tags]
    events.sort(key=lambda e: (e[0], e[1]))
    scopes = _Scopes(template_wide)
    tested = _Tested()  # names each open ``{% if %}`` block tests: reads inside are guarded
    reads: list[tuple[str, Span, bool]] = []
    result: list[Use] = []
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
            result.extend(index.uses(edge.resolved, inner, only or effect.include_only, depth + 1))
    # ``as`` names bound later in the template (``{% cycle ... as x %}``) count everywhere: be generous.
    result.extend(
        Use(name, node.key, node.path, span, only, guarded)
        for name, span, guarded in reads
        if name not in template_wide and name not in silenced
    )
    return result


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


def analysable(graph: ProjectGraph, view: ViewNode) -> bool:
    """Everything the view puts in its context is known statically."""
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


def provided_names(graph: ProjectGraph, view: ViewNode) -> set[str]:
    """Names the view's context holds (before builtins)."""
    names = {name for name in view.state if not name.startswith("_")}
    classes = graph.index.classes
    for key in view.mro_chain:
        cls = classes.get(key)
        if cls is not None:
            names.update(cls.context_keys)
    names.update(name for name, handler in view.methods.items() if "action" in handler.decorators)
    names.update([f"{name}_count" for name in names])
    return names


def suggestible_names(graph: ProjectGraph, view: ViewNode) -> set[str]:
    """The names a project author wrote (did-you-mean candidates): project state and context keys."""
    names = {name for name, node in view.state.items() if node.origin != "external" and not name.startswith("_")}
    classes = graph.index.classes
    for key in view.mro_chain:
        cls = classes.get(key)
        if cls is not None:
            names.update(cls.context_keys)
    return names
