"""djust's vocabulary (directives, hooks, decorators, built-in classes) as shipped data.

djust-lint must work where djust is not installed, so everything it needs to
know about the framework is generated from an installed djust by
``scripts/generate_vocabulary.py`` into ``data/djust_vocabulary.json`` and read
back here.  A test regenerates the file and compares, so a djust upgrade that
changes the vocabulary fails CI instead of silently drifting.

Loading must stay cheap (one ``json.loads``, no astroid, no Django): it happens
on every run.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Method, Param

DATA_PACKAGE = "djust_lint.core"

EVENT_NAME = re.compile(r"^[a-z][a-z0-9_]*\Z")
"""djust's server-side guard on event names: what a handler a browser may call must look like."""
DATA_FILE = "data/djust_vocabulary.json"


_STDLIB_DECORATORS = frozenset(
    {
        "property",
        "staticmethod",
        "classmethod",
        "functools.cached_property",
        "functools.cache",
        "functools.lru_cache",
        "abc.abstractmethod",
        "typing.override",
        "typing_extensions.override",
    }
)
"""Decorators (as the reader resolves them) that never mark a method as an event handler."""


@dataclass(frozen=True)
class ExternalHandler:
    """An event handler defined by a class outside the project."""

    name: str
    params: tuple[Param, ...]
    """Parameters after ``self``."""


@dataclass(frozen=True)
class ExternalClass:
    """A class outside the project (djust's own or a third-party package's)."""

    qualname: str
    """Defining module + class name (``djust.live_view.LiveView``)."""
    kind: str
    """``live_view`` | ``live_component`` | ``component`` | ``mixin``."""
    bases: tuple[str, ...]
    """Qualified names of the direct bases (``object`` left out)."""
    handlers: dict[str, ExternalHandler]
    """Handlers defined by this class itself; inherited ones come from the MRO."""
    state: frozenset[str]
    """Public attribute names this class itself provides."""
    template_name: str | None
    source: str
    """``astroid`` (read from installed source) or ``vocabulary`` (shipped data)."""
    methods: frozenset[str] = frozenset()
    """Public methods this class defines that are *not* handlers (overridable framework API)."""


@dataclass(frozen=True)
class KeyFilter:
    """How the targeted djust reads key modifiers such as ``dj-keydown.enter``."""

    source: str
    """``attribute_name`` in 1.2.x: the key comes from the attribute NAME, not the value."""
    directives: frozenset[str]
    """Directives whose first dotted modifier is a key name."""
    key_names: dict[str, str]
    """Lower-case modifier -> ``KeyboardEvent.key``; other names pass through unchanged."""
    note: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """Everything djust-lint knows about the framework, independent of its installation."""

    djust_version: str
    directives: frozenset[str]
    """Exact directive names from djust's schema (``dj-click``, ``dj-loading.for`` ...)."""
    directive_families: tuple[str, ...]
    """Prefixes of the ``*`` schema entries (``dj-value-``, ``dj-window-``, ``dj-document-``)."""
    handler_directives: frozenset[str]
    """Exact directives whose value names a handler (families excluded)."""
    window_document_events: frozenset[str]
    """Events allowed after ``dj-window-``/``dj-document-`` (union of both families)."""
    event_reference_directives: frozenset[str]
    """Directives whose value names an event without sending it (``dj-loading.for``)."""
    lifecycle_methods: frozenset[str]
    """Framework-called methods a view/component may define; never handlers."""
    class_attributes: frozenset[str]
    """Class attributes with framework meaning (``template_name``, ``tick_interval`` ...)."""
    handler_decorators: frozenset[str]
    """Qualified decorators that make a method browser-callable."""
    known_decorators: frozenset[str]
    """Qualified names of every djust method decorator."""
    classes: dict[str, ExternalClass]
    aliases: dict[str, str]
    """Public import path -> defining qualname (``djust.LiveView`` -> ``djust.live_view.LiveView``)."""
    directive_categories: dict[str, str] = field(default_factory=dict)
    handler_families: tuple[str, ...] = ()
    """Prefixes whose ``<prefix><event>`` attributes name handlers (``dj-window-``)."""
    handler_syntax: dict[str, str] = field(default_factory=dict)
    """Directive or family -> ``call`` (``name(args)`` parsed), ``name`` (sent verbatim) or ``shortcut``."""
    scoped_events: dict[str, frozenset[str]] = field(default_factory=dict)
    """Family prefix -> events the client really listens to (``dj-document-scroll`` is not)."""
    related_attributes: frozenset[str] = frozenset()
    """Helper attributes documented next to directives (``dj-copy-event``, ``dj-hook-target``)."""
    related_families: tuple[str, ...] = ()
    client_attributes: frozenset[str] = frozenset()
    """Every ``dj-*`` attribute the client JS reads (``dj-view``, ``dj-root`` ...)."""
    shipped_attributes: frozenset[str] = frozenset()
    """Further ``dj-*`` attributes djust's own shipped templates use (``dj-offline``, a styling hook)."""
    key_filter: KeyFilter | None = None
    internal_attributes: frozenset[str] = frozenset()
    """Attributes djust sets that are neither state nor context (``request``, ``kwargs``), from its
    ``_FRAMEWORK_INTERNAL_ATTRS``/``_COMPONENT_INTERNAL_ATTRS``."""

    def canonical(self, dotted: str) -> str:
        """Resolve a public import path to its defining qualname (identity when unknown)."""
        seen: set[str] = set()
        while dotted in self.aliases and dotted not in seen:
            seen.add(dotted)
            dotted = self.aliases[dotted]
        return dotted

    def is_known_directive(self, attr_name: str) -> bool:
        """True for a ``dj-*`` name djust understands: exact, family prefix, or base before ``.``."""
        name = attr_name.lower()
        base = name.split(".", 1)[0]
        known = self.directives | self.related_attributes | self.client_attributes | self.shipped_attributes
        if name in known or base in known:
            return True
        return any(
            base.startswith(prefix) and len(base) > len(prefix)
            for prefix in self.directive_families + self.related_families
        )

    def is_handler_directive(self, attr_name: str) -> bool:
        """True when the attribute's value names a handler (modifiers after ``.`` ignored)."""
        return self.handler_base(attr_name) is not None

    def handler_base(self, attr_name: str) -> str | None:
        """The handler directive (``dj-keydown``) or family (``dj-window-``) an attribute uses."""
        base = attr_name.lower().split(".", 1)[0]
        if base in self.handler_directives:
            return base
        for prefix in self.handler_families:
            if base.startswith(prefix) and base[len(prefix) :] in self.scoped_events.get(prefix, frozenset()):
                return prefix
        return None

    def is_handler_decorator(self, resolved: str) -> bool:
        return self.canonical(resolved) in self.handler_decorators

    @functools.cached_property
    def handler_decorator_names(self) -> frozenset[str]:
        """Short names of the decorators that mark a handler (``event_handler``, ``event``, ``action``)."""
        return frozenset(q.rsplit(".", 1)[-1] for q in self.handler_decorators)

    def is_known_decorator(self, resolved: str) -> bool:
        """A djust decorator (handler-marking or not), through its public aliases."""
        return self.canonical(resolved) in self.known_decorators

    def marks_handler(self, resolved: str) -> bool:
        """Does a decorator (qualified name as resolved through imports) make a method an event handler?

        djust accepts an event only when ``_djust_decorators["event_handler"]``
        is set, which only the decorators flagged ``handler`` in the data do
        (``@debounce`` or ``@cache`` alone do not). A known djust decorator
        answers from the data; any other name (an unresolved ``@event_handler``,
        a project module re-exporting it) by its last segment.
        """
        canonical = self.canonical(resolved)
        if canonical in self.known_decorators:
            return canonical in self.handler_decorators
        return canonical.rsplit(".", 1)[-1] in self.handler_decorator_names

    def is_handler_method(self, method: Method) -> bool:
        """The one answer to "is this method an event handler" for project code."""
        return any(self.marks_handler(d.resolved) for d in method.decorators)

    def surely_not_handler(self, method: Method) -> bool:
        """djust refuses events to this method: no decorator marks it, and every one is djust's own.

        A decorator we do not know (a project's own) might apply
        ``@event_handler`` itself, so it leaves the question open; so does a
        standard-library one here (``@property`` says "not meant as a handler",
        which is what the callers of this ask).
        """
        return all(self.is_known_decorator(d.resolved) and not self.marks_handler(d.resolved) for d in method.decorators)

    def may_mark_handler(self, method: Method) -> bool:
        """Could a decorator we cannot read (a project's own wrapper) have applied ``@event_handler``?

        djust's decorators answer from the data, standard-library ones
        (``@property``, ``@staticmethod``) never mark; anything else might.
        """
        return any(
            d.resolved not in _STDLIB_DECORATORS and not self.is_known_decorator(d.resolved) for d in method.decorators
        )


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


@functools.cache
def load_vocabulary() -> Vocabulary:
    """The vocabulary shipped inside the package (cached: parsed once per process)."""
    return vocabulary_from_dict(json.loads(_shipped_text()))


def _shipped_text() -> str:
    """The shipped JSON; a plain file read when installed on disk (importing
    ``importlib.resources`` alone costs ~10 ms), resources API for zipped installs."""
    on_disk = Path(__file__).resolve().parent / DATA_FILE
    if on_disk.is_file():
        return on_disk.read_text(encoding="utf-8")
    from importlib import resources

    return resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")


def load_vocabulary_file(path: str | Path) -> Vocabulary:
    """A vocabulary from an explicit JSON file (e.g. one generated for another djust version)."""
    return vocabulary_from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def vocabulary_from_dict(data: dict[str, Any]) -> Vocabulary:
    """Build a :class:`Vocabulary` from the JSON structure the generator writes."""
    handler_dirs: dict[str, dict[str, Any]] = data.get("handler_directives", {})
    families: dict[str, dict[str, Any]] = data.get("handler_families", {})
    scoped = {prefix: frozenset(info.get("events", ())) for prefix, info in families.items()}
    syntax = {name: info.get("syntax", "call") for name, info in {**handler_dirs, **families}.items()}
    decorators: dict[str, dict[str, Any]] = data.get("decorators", {})
    return Vocabulary(
        djust_version=data.get("djust_version", "unknown"),
        directives=frozenset(data.get("directives", {})),
        directive_families=tuple(data.get("directive_families", {})),
        handler_directives=frozenset(handler_dirs),
        window_document_events=frozenset().union(*scoped.values()),
        event_reference_directives=frozenset(data.get("event_reference_directives", ())),
        lifecycle_methods=frozenset(data.get("lifecycle_methods", ())),
        class_attributes=frozenset(data.get("class_attributes", ())),
        handler_decorators=frozenset(q for q, info in decorators.items() if info.get("handler")),
        known_decorators=frozenset(decorators),
        classes={q: _class_from_dict(q, info) for q, info in data.get("classes", {}).items()},
        aliases=dict(data.get("aliases", {})),
        directive_categories=dict(data.get("directives", {})),
        handler_families=tuple(families),
        handler_syntax=syntax,
        scoped_events=scoped,
        related_attributes=frozenset(data.get("related_attributes", ())),
        related_families=tuple(data.get("related_families", ())),
        client_attributes=frozenset(data.get("client_attributes", ())),
        shipped_attributes=frozenset(data.get("shipped_attributes", ())),
        key_filter=_key_filter_from_dict(data.get("key_filter")),
        internal_attributes=frozenset(data.get("internal_attributes", ())),
    )


def class_from_dict(qualname: str, info: dict[str, Any]) -> ExternalClass:
    """A class from its JSON form (the shipped vocabulary, the installed-package store)."""
    return _class_from_dict(qualname, info)


def _class_from_dict(qualname: str, info: dict[str, Any]) -> ExternalClass:
    handlers = {
        name: ExternalHandler(name, tuple(Param(**p) for p in params))
        for name, params in info.get("handlers", {}).items()
    }
    return ExternalClass(
        qualname=qualname,
        kind=info.get("kind", "mixin"),
        bases=tuple(info.get("bases", ())),
        handlers=handlers,
        state=frozenset(info.get("state", ())),
        template_name=info.get("template_name"),
        source="vocabulary",
        methods=frozenset(info.get("methods", ())),
    )


def _key_filter_from_dict(info: dict[str, Any] | None) -> KeyFilter | None:
    if not info:
        return None
    return KeyFilter(
        source=info.get("source", "attribute_name"),
        directives=frozenset(info.get("directives", ())),
        key_names=dict(info.get("key_names", {})),
        note=info.get("note", ""),
    )


def class_to_dict(cls: ExternalClass) -> dict[str, Any]:
    """The JSON form of a class (inverse of ``_class_from_dict``), used by the generator."""
    return {
        "kind": cls.kind,
        "bases": list(cls.bases),
        "handlers": {
            name: [_param_to_dict(p) for p in handler.params] for name, handler in sorted(cls.handlers.items())
        },
        "state": sorted(cls.state),
        "template_name": cls.template_name,
        "methods": sorted(cls.methods),
    }


def _param_to_dict(param: Param) -> dict[str, Any]:
    return {
        "name": param.name,
        "kind": param.kind,
        "has_default": param.has_default,
        "annotation": param.annotation,
        "default": param.default,
    }


#: djust check ids whose check honours ``DJUST_CONFIG['suppress_checks']`` (djust 1.2: the checks
#: that call its ``_is_check_suppressed()`` helper); the others only listen to ``SILENCED_SYSTEM_CHECKS``.
#: Hand-kept from the installed ``djust/checks/*.py``; ``tests/test_vocabulary.py`` fails on drift.
SUPPRESSIBLE_DJUST_CHECKS = frozenset(
    {
        "A075", "A090", "C003", "C013", "C014", "C015", "C016", "C018", "C019", "C303", "D001", "Q007",
        "S006", "S007", "S008", "S009", "S011", "S012", "T002", "T004", "T012", "T015", "T016", "T017",
        "T018", "U001", "V001", "V002", "V003", "V004", "V005", "V007", "V008", "V010", "V011", "V012",
        "V013", "V014", "V015", "Y001", "Y002", "Y003", "Y004",
    }
)  # fmt: skip


# ---------------------------------------------------------------------------
# Security vocabulary: the sinks, sources and guards the Python reader's facts name
# (rules judge the facts; hand-kept from Django's and djust's APIs)
# ---------------------------------------------------------------------------

LOG_LEVELS = frozenset({"debug", "info", "warning", "error", "critical", "exception"})
LOGGER_NAMES = frozenset({"logger", "log", "logging", "_logger", "_log", "LOGGER", "LOG"})
SQL_SINKS = frozenset({"raw", "extra", "execute", "executemany"})
SAFE_METHOD_ONLY = frozenset({"require_GET", "require_safe"})
REDIRECTS = frozenset({"HttpResponseRedirect", "HttpResponsePermanentRedirect", "redirect"})
REDIRECT_GUARDS = frozenset({"url_has_allowed_host_and_scheme", "is_safe_url"})
REQUEST_DATA = frozenset({"GET", "POST", "FILES", "COOKIES", "headers", "META", "body", "data", "query_params"})
QUERYSET_WRITES = frozenset(
    {"create", "update", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
)
INSTANCE_WRITES = frozenset({"save", "delete"})
#: Receivers whose ``save()``/``delete()`` is not a model write (``request.session.save()``).
NOT_MODELS = ("session", "cache", "caches", "log", "logger", "storage", "file", "cookies")
SCOPE_KEYWORDS = frozenset(
    {
        "user", "user_id", "owner", "owner_id", "created_by", "author", "tenant", "tenant_id",
        "organization", "organization_id", "team", "team_id", "workspace",
    }
)  # fmt: skip
LOOKUP_NAMES = frozenset({"pk", "id", "object_id"})
AUTH_SCOPE_CALLS = frozenset({"permission_required", "login_required"})
NAME_FACTS: dict[str, str] = {
    **dict.fromkeys(
        (
            "PermissionDenied", "is_authenticated", "is_staff", "is_superuser", "has_perm", "has_perms",
            "HttpResponseForbidden", "redirect_to_login", "login_required", "permission_required",
            "check_permissions",
        ),
        "auth_ref",
    ),
    **dict.fromkeys(
        (
            "handle_no_permission", "HttpResponseRedirect", "HttpResponsePermanentRedirect", "redirect",
            "Http404", "HttpResponseNotFound",
        ),
        "deny",
    ),
}  # fmt: skip
"""Names a ``dispatch()`` override uses to check the user (``auth_ref``) or refuse (``deny``)."""
