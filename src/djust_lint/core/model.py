"""Plain data produced by the readers and consumed by the graph and the rules.

Every reader (Python, templates, settings) returns these dataclasses and nothing
else, so the readers can be tested in isolation and the graph builder never has
to know how a file was parsed.  Positions are always 1-based lines and 1-based
*character* columns (not UTF-8 byte offsets as ``ast`` reports them), with an
exclusive end column, exactly like ruff reports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeVar


@dataclass(frozen=True, slots=True)
class Span:
    """A source range: 1-based line/column, end column exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int, length: int = 1) -> Span:
        return span_of(line, column, line, column + max(length, 0))

    def shifted(self, line_offset: int, first_line_column_offset: int) -> Span:
        """Move a span found inside an embedded string to file coordinates.

        ``line_offset`` is added to every line; ``first_line_column_offset`` is
        added to columns that sit on the string's first line only (later lines
        start at column 1 of the file as well).
        """

        def move(line: int, column: int) -> tuple[int, int]:
            if line == 1:
                column += first_line_column_offset
            return line + line_offset, column

        line, column = move(self.line, self.column)
        end_line, end_column = move(self.end_line, self.end_column)
        return Span(line, column, end_line, end_column)


_SHARED_SPANS: dict[tuple[int, int, int, int], Span] = {}
_MAX_SHARED_SPANS = 1 << 20


def span_of(line: int, column: int, end_line: int, end_column: int) -> Span:
    """A :class:`Span`, the same object as an equal span made earlier in this read.

    Readers make hundreds of thousands of spans, and templates of one project
    repeat positions (the same markup at the same lines), so equal spans are
    shared: spans are immutable, and a hit also skips building one. The table
    only serves the read; :func:`forget_shared_spans` drops it afterwards.
    """
    key = (line, column, end_line, end_column)
    span = _SHARED_SPANS.get(key)
    if span is None:
        if len(_SHARED_SPANS) >= _MAX_SHARED_SPANS:
            _SHARED_SPANS.clear()
        span = _SHARED_SPANS[key] = Span(line, column, end_line, end_column)
    return span


_SHARED_VALUES: dict[object, object] = {}
_Frozen = TypeVar("_Frozen")


def shared(value: _Frozen) -> _Frozen:
    """The one instance equal to ``value`` seen earlier in this read (an immutable, hashable value).

    For small frozen records that repeat across files (a ``value: str = ""``
    parameter); like :func:`span_of`, the table lives until :func:`forget_shared_spans`.
    """
    found = _SHARED_VALUES.get(value)
    if found is None:
        if len(_SHARED_VALUES) >= _MAX_SHARED_SPANS:
            _SHARED_VALUES.clear()
        found = _SHARED_VALUES[value] = value
    return found  # type: ignore[return-value]


def forget_shared_spans() -> None:
    """Drop the tables behind :func:`span_of` and :func:`shared` (what they made stays shared)."""
    _SHARED_SPANS.clear()
    _SHARED_VALUES.clear()


class DiagnosticKind:
    """What a reader could not do (the ``kind`` of a :class:`Diagnostic`)."""

    UNREADABLE = "unreadable"
    """Undecodable or binary content, too large, an I/O error, a skipped path."""
    PYTHON_SYNTAX = "python-syntax"
    TEMPLATE_SYNTAX = "template-syntax"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem reading a file (syntax error, undecodable bytes, ...).

    ``kind`` says what went wrong (one of :class:`DiagnosticKind`); the
    diagnostics rule family decides which code reports it, so readers know
    nothing of rule codes.
    """

    kind: str
    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class SuppressionComment:
    """A suppression comment found while reading a file (see ``suppressions.py``).

    Readers record them during their single read, so applying suppressions
    never reads a file again (and the cache keeps them with the file).
    """

    span: Span
    codes: tuple[str, ...]
    """Upper-case codes; empty = every code."""
    scope: Literal["line", "next-line", "file"]
    target_line: int
    ours: bool = True
    """A djust-lint comment (reported when unused) or djust's own ``noqa``."""
    djust_ids: tuple[str, ...] = ()
    removal: Span | None = None
    """What to delete to remove the comment cleanly."""


# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Attribute:
    """One attribute of an HTML start tag, exactly as written."""

    name: str
    """Name as written (case preserved), e.g. ``dj-keydown.enter`` or ``data-id:int``."""
    value: str | None
    """Raw value text between the quotes (entities not decoded); ``None`` for a bare attribute."""
    quote: str | None
    """``'"'``, ``"'"`` or ``None`` (unquoted or bare)."""
    name_span: Span
    value_span: Span | None
    """Span of the value text itself (inside the quotes)."""
    dynamic: bool = False
    """The value (or the name) contains ``{{ }}`` or ``{% %}``."""
    conditional: bool = False
    """The attribute sits inside a ``{% if %}``/``{% for %}`` within the start tag."""


@dataclass(slots=True)
class Element:
    """An HTML start tag with its attributes."""

    tag: str
    """Tag name as written (``button``, ``Card``)."""
    span: Span
    """From ``<`` to the closing ``>`` of the start tag."""
    attributes: list[Attribute] = field(default_factory=list)
    self_closing: bool = False
    parent: int | None = None
    """Index into ``TemplateInfo.elements`` of the enclosing open element."""
    closed: bool = True
    """False when the start tag never reached its ``>`` (half-written template)."""

    @property
    def is_component(self) -> bool:
        return self.tag[:1].isupper()

    def get(self, name: str) -> Attribute | None:
        for attr in self.attributes:
            if attr.name == name:
                return attr
        return None


@dataclass(slots=True)
class TemplateTag:
    """A ``{% name args %}`` block tag."""

    name: str
    args: str
    """Everything after the tag name, stripped."""
    span: Span
    enclosing_element: int | None = None
    """Index of the innermost open element containing this tag."""


@dataclass(slots=True)
class TemplateVariable:
    """A ``{{ expression }}`` output."""

    expression: str
    span: Span


@dataclass(slots=True)
class TemplateComment:
    """A Django (``{# #}``, ``{% comment %}``) or HTML (``<!-- -->``) comment."""

    text: str
    span: Span
    kind: Literal["django", "block", "html"]


@dataclass(slots=True)
class TemplateInfo:
    """Everything the template reader learned about one template.

    For an inline template (``template = \"\"\"...\"\"\"`` in a view) ``path`` is
    the ``.py`` file and every span is already in that file's coordinates.
    """

    path: str
    """Path relative to the project root (POSIX separators)."""
    name: str | None
    """Lookup name (``app/x.html``) for files under a template dir; ``None`` for inline."""
    inline_owner: str | None = None
    """Qualified class name owning an inline template."""
    elements: list[Element] = field(default_factory=list)
    tags: list[TemplateTag] = field(default_factory=list)
    variables: list[TemplateVariable] = field(default_factory=list)
    comments: list[TemplateComment] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    suppressions: list[SuppressionComment] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    """``pushEvent("name")``/``JS.push("name")`` calls in the template's scripts."""

    @property
    def is_inline(self) -> bool:
        return self.inline_owner is not None


# ---------------------------------------------------------------------------
# Python
# ---------------------------------------------------------------------------

ParamKind = Literal[
    "positional_only", "positional_or_keyword", "var_positional", "keyword_only", "var_keyword"
]


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: ParamKind
    has_default: bool = False
    annotation: str | None = None
    default: str | None = None

    @property
    def required(self) -> bool:
        return not self.has_default and self.kind in (
            "positional_only",
            "positional_or_keyword",
            "keyword_only",
        )


@dataclass(frozen=True, slots=True)
class Decorator:
    """A decorator as written and as resolved through the module's imports."""

    written: str
    """Dotted name as written, without call arguments (``event_handler``, ``dj.event_handler``)."""
    resolved: str
    """Fully qualified target when the import is known (``djust.decorators.event_handler``), else ``written``."""
    is_call: bool
    keywords: dict[str, str]
    """Keyword arguments of a call, as source text."""
    span: Span

    @property
    def short_name(self) -> str:
        return self.resolved.rsplit(".", 1)[-1]


@dataclass(slots=True)
class Method:
    name: str
    params: list[Param]
    """Parameters after ``self``/``cls``."""
    decorators: list[Decorator]
    span: Span
    """Span of the method name in ``def name(``."""
    def_span: Span
    """From ``def`` (or first decorator) to the end of the function."""
    is_async: bool = False
    is_static: bool = False
    docstring: str | None = None
    self_assignments: list[StateAttr] = field(default_factory=list)
    called_self_methods: list[str] = field(default_factory=list)
    """Names ``self.<name>(...)``/``self.<name>`` referenced in the body (Python uses of handlers)."""
    dynamic_setattr: bool = False
    """``setattr(self, <not a literal>, ...)``: the method sets attributes whose names are unknown."""

    def has_decorator(self, *short_names: str) -> bool:
        return any(d.short_name in short_names for d in self.decorators)

    @property
    def accepts_var_keyword(self) -> bool:
        return any(p.kind == "var_keyword" for p in self.params)

    @property
    def accepts_var_positional(self) -> bool:
        return any(p.kind == "var_positional" for p in self.params)


@dataclass(frozen=True, slots=True)
class StateAttr:
    name: str
    origin: Literal["class", "state", "computed", "property", "self"]
    span: Span
    method: str | None = None
    """Method containing a ``self.x = ...`` assignment."""
    value_source: str | None = None
    """Source text of the assigned value (for security rules)."""


@dataclass(slots=True)
class TemplateSource:
    """A ``template_name``/``template`` class attribute, or what ``get_template()``/``get_template_names()`` return."""

    attr: Literal["template_name", "template", "get_template", "get_template_names"]
    value: str | None
    """The literal string (concatenations folded); ``None`` when dynamic."""
    dynamic: bool
    span: Span
    """Span of the assigned expression."""
    content_line: int = 0
    """For a literal string: file line where the string's *content* starts."""
    content_column: int = 0
    """For a literal string: 1-based file column where the content starts."""
    exact_positions: bool = True
    """False when escapes or concatenation make in-string positions approximate."""
    defers: bool = False
    """A ``get_template*()`` override that calls ``super()``: the attributes still decide."""
    via: str | None = None
    """A ``get_template*()`` override returning ``self.<via>``, an attribute of another class."""
    expression: str = ""
    """What a ``get_template*()`` override returns, as written (for "why dynamic" reasons)."""


@dataclass(slots=True)
class ClassInfo:
    name: str
    qualname: str
    """``module.Class`` (``module.Outer.Inner`` for nested classes)."""
    module: str
    path: str
    span: Span
    """Span of the class name."""
    bases: list[str]
    """Base expressions resolved through the module's imports to dotted names."""
    base_spans: list[Span] = field(default_factory=list)
    methods: dict[str, Method] = field(default_factory=dict)
    state: dict[str, StateAttr] = field(default_factory=dict)
    """Public and private state set on the class or instances."""
    class_attrs: dict[str, str] = field(default_factory=dict)
    """Simple class attribute name -> source text of the value."""
    template_name: TemplateSource | None = None
    template: TemplateSource | None = None
    template_methods: dict[str, TemplateSource] = field(default_factory=dict)
    """``get_template``/``get_template_names`` overrides read statically (see ``readers/template_methods.py``)."""
    nested: bool = False
    decorators: list[Decorator] = field(default_factory=list)
    end_line: int = 0
    context_keys: dict[str, Span] = field(default_factory=dict)
    """Keys ``get_context_data`` adds (literal ``return {...}``, ``ctx["k"] = ...``, ``ctx.update(k=...)``)."""
    context_dynamic: bool = False
    """``get_context_data`` adds keys that cannot be read statically (``ctx[name] = ...``, ``return other``)."""
    inline_reads: dict[str, TemplateInfo] = field(default_factory=dict)
    """The inline templates this class writes itself (``template``, a literal ``get_template()``), read
    with the module so they are cached with it: source attribute -> reader output
    (``readers/inline_templates.py``)."""

    @property
    def abstract(self) -> bool:
        return self.class_attrs.get("abstract", "").strip() == "True"


@dataclass(frozen=True, slots=True)
class Route:
    kind: Literal["path", "re_path", "include", "live_session", "url"]
    pattern: str | None
    target: str | None
    """Dotted view class (``app.views.Home``) or included module."""
    name: str | None
    span: Span
    prefix: str | None = None
    """Enclosing ``live_session`` prefix, if any."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A by-name reference to a view or handler from Python or a template."""

    kind: Literal["live_render", "dj-view", "push_event", "js_push", "component_kwarg", "python"]
    target: str
    path: str
    span: Span
    dynamic: bool = False


@dataclass(frozen=True, slots=True)
class CallSite:
    """A call to a function of interest to the security rules (``mark_safe``...)."""

    function: str
    """Resolved dotted name (``django.utils.safestring.mark_safe``)."""
    span: Span
    interpolated: bool
    """The first argument builds a string from non-literal parts (f-string, ``%``, ``.format``, ``+``)."""
    in_class: str | None = None


@dataclass(frozen=True, slots=True)
class CodeFact:
    """A syntactic fact the security/quality rules judge (``print`` call, ``except: pass``...).

    Collected during the reader's single walk so rules never re-parse files.
    ``kind`` names the fact (see ``python_reader._FactCollector``), ``detail``
    carries a short payload (a function name, the called method, param names).
    """

    kind: str
    span: Span
    detail: str = ""


@dataclass(slots=True)
class ModuleInfo:
    name: str
    """Dotted module name relative to the project root (``shop.views``)."""
    path: str
    is_package: bool = False
    imports: dict[str, str] = field(default_factory=dict)
    """Local name -> fully qualified dotted target (relative imports made absolute)."""
    star_imports: list[str] = field(default_factory=list)
    classes: list[ClassInfo] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    suppressions: list[SuppressionComment] = field(default_factory=list)
    """Suppression comments of the file, inline templates' included."""
    calls: list[CallSite] = field(default_factory=list)
    """Calls to ``mark_safe``/``SafeString``/``format_html`` (filled by the Python reader)."""
    string_constants: set[str] = field(default_factory=set)
    """Every short identifier-like string literal, and event names in ``{"event": "x"}`` payloads
    (for Python references to handlers)."""
    facts: list[CodeFact] = field(default_factory=list)
    """Security/quality facts in source order (filled by the Python reader's single walk)."""
    markup: list[TemplateInfo] = field(default_factory=list)
    """HTML with ``dj-*`` attributes built in string literals, read as templates (``readers/python_markup.py``)."""
