"""Classes that live outside the user's project: read with astroid, else from shipped data.

A project's views derive from djust's ``LiveView`` and often from mixins in
djust or in third-party packages.  Their handlers (``update_model``,
``submit_form`` ...) and state are part of the view, so the linter has to see
them.  When the package's *source* is installed we read it with astroid -- the
files are parsed, never imported, so no user or framework code runs.  When it
is not installed (djust-lint must run without djust), djust's classes come from
the vocabulary shipped in ``data/djust_vocabulary.json``.

astroid is imported lazily: a run that never meets an external base (or runs
with ``use_astroid=False``) does not pay for it.
"""

from __future__ import annotations

import ast
import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..core.model import Param
from ..core.vocabulary import ExternalClass, ExternalHandler, Vocabulary

if TYPE_CHECKING:  # pragma: no cover - typing only
    from astroid import nodes

    from .package_store import PackageStore

#: Top-level packages whose classes can never carry djust handlers or template
#: state: the standard library, builtins and Django itself. They resolve to
#: opaque classes without astroid (Django's ``View`` is in every LiveView's MRO,
#: and reading Django with astroid costs seconds and tells us nothing).
_STDLIB_MODULES = frozenset(sys.stdlib_module_names) | {"builtins", "django"}

#: Roots of the three view kinds; anything else external is a "mixin".
KIND_ROOTS: tuple[tuple[str, str], ...] = (
    ("djust.live_view.LiveView", "live_view"),
    ("djust.components.base.LiveComponent", "live_component"),
    ("djust.components.base.Component", "component"),
)

#: Decorators turning a method into a state-like (template-visible) attribute.
_STATE_DECORATORS = frozenset({"property", "cached_property", "computed", "reactive"})


class ExternalResolver:
    """Resolve dotted class names outside the project to :class:`ExternalClass`.

    Results (including misses) are cached per resolver.  ``lookup`` and ``mro``
    never raise: any astroid failure falls back to the vocabulary, then ``None``.
    """

    def __init__(
        self,
        vocabulary: Vocabulary,
        *,
        use_astroid: bool = True,
        search_path: list[str] | None = None,
        prefer_shipped_djust: bool = True,
        store: PackageStore | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self.store = store
        """Answers kept across runs per installed distribution version (see ``package_store``)."""
        self.astroid_resolutions = 0
        """Classes actually read with astroid by this resolver (tests assert on it)."""
        self._touched: list[set[str]] = []
        self.prefer_shipped_djust = prefer_shipped_djust
        self.use_astroid = use_astroid
        self.search_path = [str(p) for p in (search_path or [])]
        self._cache: dict[str, ExternalClass | None] = {}
        self._mro_cache: dict[str, list[ExternalClass]] = {}
        self._building: set[str] = set()
        self._djust_matches: bool | None = None

    # ------------------------------------------------------------------ lookup
    def lookup(self, dotted: str) -> ExternalClass | None:
        """The class a dotted name refers to, or ``None`` when it is unknown."""
        if dotted in self._cache:
            return self._cache[dotted]
        canonical = self.vocabulary.canonical(dotted)
        result = self._cache.get(canonical) if canonical in self._cache else self._resolve(canonical)
        self._cache[dotted] = self._cache[canonical] = result
        if result is not None:
            self._cache.setdefault(result.qualname, result)
        return result

    def _resolve(self, canonical: str) -> ExternalClass | None:
        top = canonical.split(".", 1)[0]
        if top in _STDLIB_MODULES:
            # Standard-library and Django bases (``abc.ABC``, ``django.views.View``)
            # never add djust handlers; resolving them with astroid would only cost
            # seconds of inference.
            return ExternalClass(canonical, "mixin", (), {}, frozenset(), None, "stdlib")
        shipped = self.vocabulary.classes.get(canonical)
        if shipped is not None and self.prefer_shipped_djust and self._installed_djust_matches():
            # The shipped data *is* astroid's reading of this exact djust release
            # (the drift test guarantees it), so re-reading it is pure cost.
            return shipped
        if self.use_astroid:
            found = self._from_store_or_astroid(canonical)
            if found is not None:
                return found
        return self.vocabulary.classes.get(canonical)

    def _from_store_or_astroid(self, canonical: str) -> ExternalClass | None:
        """The stored answer while its distribution and files are unchanged, else astroid's (then stored)."""
        if self.store is not None:
            from .package_store import MISS

            stored = self.store.get(canonical)
            if stored is not MISS:
                return stored
        self.astroid_resolutions += 1
        self._touched.append(set())
        failed = False
        try:
            found = self._from_astroid(canonical)
        except Exception:  # noqa: BLE001 - astroid may fail in many ways; never propagate
            found, failed = None, True
        finally:
            files = self._touched.pop()
            for outer in self._touched:  # an outer class's answer depends on these files too
                outer |= files
        if self.store is not None and not failed:
            self.store.put(canonical, found, files)
        return found

    def _touch(self, module: Any) -> None:
        """Record a source file astroid read for the answers being computed."""
        path = getattr(module, "file", None)
        if isinstance(path, str) and path.endswith(".py"):
            for files in self._touched:
                files.add(path)

    def _installed_djust_matches(self) -> bool:
        """Is the installed djust (if any) the release the vocabulary was generated from?"""
        if self._djust_matches is None:
            from .package_store import distribution_of

            found = distribution_of("djust", tuple(self.search_path))
            installed = found[1] if found is not None and found[0] == "djust" else None
            self._djust_matches = installed is None or installed == self.vocabulary.djust_version
        return self._djust_matches

    # --------------------------------------------------------------------- mro
    def mro(self, dotted: str) -> list[ExternalClass]:
        """The class and its resolvable external ancestors in C3 order.

        Ancestors that cannot be resolved are left out (their subtrees too);
        an inconsistent hierarchy degrades to a depth-first, de-duplicated order.
        """
        cls = self.lookup(dotted)
        if cls is None:
            return []
        try:
            return list(self._mro(cls, frozenset()))
        except RecursionError:  # absurdly deep hierarchy: the class alone is still useful
            return [cls]

    def _mro(self, cls: ExternalClass, active: frozenset[str]) -> list[ExternalClass]:
        if cls.qualname in self._mro_cache:
            return self._mro_cache[cls.qualname]
        if cls.qualname in active:  # cyclic data: stop rather than recurse forever
            return [cls]
        active = active | {cls.qualname}
        parents = [p for p in (self.lookup(b) for b in cls.bases) if p is not None]
        linear = [self._mro(p, active) for p in parents]
        result = [cls] + _c3_merge([list(seq) for seq in linear] + [list(parents)])
        self._mro_cache[cls.qualname] = result
        return result

    # ----------------------------------------------------------------- astroid
    def _from_astroid(self, dotted: str) -> ExternalClass | None:
        with self._extended_sys_path():
            node = self._find_classdef(dotted)
            if node is None:
                return None
            return self._build(node)

    @contextlib.contextmanager
    def _extended_sys_path(self) -> Iterator[None]:
        """Let astroid's own import resolution see ``search_path`` (nothing is imported)."""
        extra = [p for p in self.search_path if p not in sys.path]
        sys.path[:0] = extra
        try:
            yield
        finally:
            for entry in extra:
                with contextlib.suppress(ValueError):
                    sys.path.remove(entry)

    def _find_classdef(self, dotted: str) -> nodes.ClassDef | None:
        parts = dotted.split(".")
        for split in range(len(parts) - 1, 0, -1):
            module = _load_module(".".join(parts[:split]), self.search_path)
            if module is None:
                continue
            self._touch(module)
            return _class_in(module, parts[split:], self.search_path)
        return None

    def _build(self, node: nodes.ClassDef) -> ExternalClass:
        self._touch(node.root())
        qualname = node.qname()
        bases = tuple(_base_names(node))
        kind = _kind_of(node)
        if kind == "mixin" and qualname not in self._building:
            # astroid could not reach a view root (e.g. djust itself is not installed):
            # ask the resolver -- and so the vocabulary -- about the bases instead.
            self._building.add(qualname)
            try:
                kind = self._kind_from_bases(bases)
            finally:
                self._building.discard(qualname)
        return ExternalClass(
            qualname=qualname,
            kind=kind,
            bases=bases,
            handlers=self._handlers_of(node),
            state=_state_of(node),
            template_name=_template_name_of(node),
            source="astroid",
            methods=_public_methods_of(node),
        )

    def _kind_from_bases(self, bases: tuple[str, ...]) -> str:
        kinds = {cls.kind for cls in (self.lookup(b) for b in bases) if cls is not None}
        return next((kind for _, kind in KIND_ROOTS if kind in kinds), "mixin")

    def _handlers_of(self, node: nodes.ClassDef) -> dict[str, ExternalHandler]:
        from astroid import nodes as n

        handlers: dict[str, ExternalHandler] = {}
        for stmt in node.body:
            if isinstance(stmt, (n.FunctionDef, n.AsyncFunctionDef)) and self._is_handler(stmt):
                handlers[stmt.name] = ExternalHandler(stmt.name, params_of(stmt))
        return handlers

    def _is_handler(self, func: nodes.FunctionDef) -> bool:
        """The vocabulary decides; an uninferable decorator is judged by its written name."""
        return any(self.vocabulary.marks_handler(target) for target in _decorator_targets(func))


# --------------------------------------------------------------------------
# astroid helpers (module level so the generator script can reuse them)
# --------------------------------------------------------------------------


def _load_module(modname: str, search_path: list[str]) -> Any:
    """Parse a module by name from ``search_path`` + ``sys.path`` without importing it."""
    from astroid import MANAGER, modutils

    cached = MANAGER.astroid_cache.get(modname)
    if cached is not None:
        return cached
    try:
        path = modutils.file_from_modpath(modname.split("."), path=search_path + sys.path)
    except ImportError:
        return None
    if not path or not path.endswith(".py"):
        return None  # compiled extension or namespace package: nothing to read
    try:
        return MANAGER.ast_from_file(path, modname, source=True)
    except Exception:  # noqa: BLE001 - unreadable or syntax error: treat as absent
        return None


def _class_in(module: Any, attrs: list[str], search_path: list[str]) -> nodes.ClassDef | None:
    """Follow ``attrs`` from a module to a class, through re-exports and lazy tables."""
    from astroid import nodes as n

    current: Any = module
    for attr in attrs:
        current = _first_class(current, attr)
        if current is None and isinstance(module, n.Module) and attr == attrs[0]:
            current = _from_lazy_table(module, attr, search_path)
        if current is None:
            return None
    return current if isinstance(current, n.ClassDef) else None


def _first_class(scope: Any, attr: str) -> Any:
    from astroid import nodes as n

    try:
        for inferred in scope.igetattr(attr):
            if isinstance(inferred, n.ClassDef):
                return inferred
    except Exception:  # noqa: BLE001 - inference errors mean "not found"
        return None
    return None


def _from_lazy_table(module: nodes.Module, attr: str, search_path: list[str]) -> Any:
    """Resolve a PEP 562 ``_LAZY = {"Name": ("module", "attr")}`` export table, like djust's."""
    table = _literal_assignment(module, "_LAZY")
    if not isinstance(table, dict) or not isinstance(table.get(attr), tuple):
        return None
    target_module, target_attr = table[attr]
    if not target_attr:
        return None
    loaded = _load_module(str(target_module), search_path)
    return None if loaded is None else _first_class(loaded, str(target_attr))


def _literal_assignment(module: nodes.Module, name: str) -> object:
    from astroid import nodes as n

    for stmt in module.body:
        target = getattr(stmt, "target", None)
        targets = getattr(stmt, "targets", None) or ([target] if target is not None else [])
        if isinstance(stmt, (n.Assign, n.AnnAssign)) and any(
            isinstance(t, n.AssignName) and t.name == name for t in targets
        ):
            try:
                return ast.literal_eval(stmt.value.as_string())
            except (ValueError, SyntaxError, AttributeError):
                return None
    return None


def _kind_of(node: nodes.ClassDef) -> str:
    try:
        names = {node.qname()} | {a.qname() for a in node.ancestors()}
    except Exception:  # noqa: BLE001 - unresolvable ancestry: not a view we know of
        names = {node.qname()}
    for root, kind in KIND_ROOTS:
        if root in names:
            return kind
    return "mixin"


def _base_names(node: nodes.ClassDef) -> Iterator[str]:
    from astroid import nodes as n

    for base in node.bases:
        name = None
        try:
            for inferred in base.infer():
                if isinstance(inferred, n.ClassDef):
                    name = inferred.qname()
                    break
        except Exception:  # noqa: BLE001 - fall back to the import that bound the name
            name = None
        if name is None:
            name = _imported_name(base)
        if name not in ("builtins.object", "object"):
            yield name


def _imported_name(expr: Any) -> str:
    """``LiveView`` -> ``djust.LiveView`` through the module's imports, without inference.

    Used when astroid cannot load the imported module (not installed), so the
    vocabulary's aliases can still recognise the base.
    """
    from astroid import nodes as n

    written = expr.as_string()
    head, _, rest = written.partition(".")
    try:
        _, assignments = expr.lookup(head)
    except Exception:  # noqa: BLE001 - unusual node: keep what was written
        return written
    for assignment in assignments:
        if isinstance(assignment, n.ImportFrom):
            module = assignment.root().relative_to_absolute_name(assignment.modname, assignment.level)
            real = next((name for name, alias in assignment.names if (alias or name) == head), head)
            return ".".join(filter(None, (module, real, rest)))
        if isinstance(assignment, n.Import):
            real = next((name for name, alias in assignment.names if (alias or name) == head), head)
            return ".".join(filter(None, (real, rest)))
    return written


def _decorator_targets(func: nodes.FunctionDef) -> Iterator[str]:
    """Qualified names a method's decorators resolve to (last written name when uninferable)."""
    from astroid import nodes as n

    if func.decorators is None:
        return
    for dec in func.decorators.nodes:
        expr = dec.func if isinstance(dec, n.Call) else dec
        found = False
        try:
            for inferred in expr.infer():
                qname = getattr(inferred, "qname", None)
                if callable(qname) and isinstance(inferred, (n.FunctionDef, n.ClassDef)):
                    found = True
                    yield qname()
        except Exception:  # noqa: BLE001 - fall back to the written name
            found = False
        if not found:
            yield expr.as_string().rsplit(".", 1)[-1]


def params_of(func: nodes.FunctionDef) -> tuple[Param, ...]:
    """Parameters after ``self``/``cls`` as :class:`~djust_lint.model.Param` objects."""
    args = func.args
    if args.args is None:  # built from a C extension: signature unknown
        return ()
    positional = [*(args.posonlyargs or []), *args.args]
    annotations = [*(args.posonlyargs_annotations or []), *(args.annotations or [])]
    defaults = list(args.defaults or [])
    first_default = len(positional) - len(defaults)
    params: list[Param] = []
    skip = 0 if func.type == "staticmethod" else 1
    for index, arg in enumerate(positional):
        if index < skip:
            continue
        kind = "positional_only" if index < len(args.posonlyargs or []) else "positional_or_keyword"
        default = defaults[index - first_default] if index >= first_default else None
        params.append(_param(arg.name, kind, _get(annotations, index), default))
    if args.vararg:
        params.append(_param(args.vararg, "var_positional", args.varargannotation, None))
    for index, arg in enumerate(args.kwonlyargs or []):
        params.append(
            _param(arg.name, "keyword_only", _get(args.kwonlyargs_annotations, index), _get(args.kw_defaults, index))
        )
    if args.kwarg:
        params.append(_param(args.kwarg, "var_keyword", args.kwargannotation, None))
    return tuple(params)


def _param(name: str, kind: str, annotation: Any, default: Any) -> Param:
    return Param(
        name=name,
        kind=kind,  # type: ignore[arg-type]
        has_default=default is not None,
        annotation=annotation.as_string() if annotation is not None else None,
        default=default.as_string() if default is not None else None,
    )


def _get(items: list[Any] | None, index: int) -> Any:
    return items[index] if items is not None and index < len(items) else None


def _public_methods_of(node: nodes.ClassDef) -> frozenset[str]:
    """Public methods defined in the class body (the framework API a view may override)."""
    from astroid import nodes as n

    return frozenset(
        stmt.name
        for stmt in node.body
        if isinstance(stmt, (n.FunctionDef, n.AsyncFunctionDef)) and not stmt.name.startswith("_")
    )


def _state_of(node: nodes.ClassDef) -> frozenset[str]:
    """Public attribute names the class itself provides (class body, ``self.x =``, properties)."""
    from astroid import nodes as n

    # astroid also files ``obj.attr = ...`` made in *other* modules under
    # ``instance_attrs``; only assignments inside this class's own methods count.
    names: set[str] = {
        name
        for name, assigns in node.instance_attrs.items()
        if any(_assigned_in(assign, node) for assign in assigns)
    }
    for stmt in node.body:
        if isinstance(stmt, n.Assign):
            names.update(t.name for t in stmt.targets if isinstance(t, n.AssignName))
        elif isinstance(stmt, n.AnnAssign) and isinstance(stmt.target, n.AssignName):
            names.add(stmt.target.name)
        elif isinstance(stmt, (n.FunctionDef, n.AsyncFunctionDef)) and _is_state_method(stmt):
            names.add(stmt.name)
    return frozenset(name for name in names if not name.startswith("_"))


def _assigned_in(assign: Any, node: nodes.ClassDef) -> bool:
    try:
        scope = assign.scope()
        return scope is not node and scope.parent is node
    except Exception:  # noqa: BLE001 - odd node: do not count it
        return False


def _is_state_method(func: nodes.FunctionDef) -> bool:
    from astroid import nodes as n

    if func.decorators is None:
        return False
    for dec in func.decorators.nodes:
        expr = dec.func if isinstance(dec, n.Call) else dec
        if expr.as_string().rsplit(".", 1)[-1] in _STATE_DECORATORS:
            return True
    return False


def _template_name_of(node: nodes.ClassDef) -> str | None:
    from astroid import nodes as n

    for stmt in node.body:
        target = getattr(stmt, "target", None)
        targets = getattr(stmt, "targets", None) or ([target] if target is not None else [])
        if not isinstance(stmt, (n.Assign, n.AnnAssign)):
            continue
        if any(isinstance(t, n.AssignName) and t.name == "template_name" for t in targets):
            value = stmt.value
            if isinstance(value, n.Const) and isinstance(value.value, str):
                return value.value
    return None


def _c3_merge(sequences: list[list[ExternalClass]]) -> list[ExternalClass]:
    """Python's C3 merge; on conflict, append the rest depth-first without duplicates."""
    result: list[ExternalClass] = []
    seqs = [s for s in sequences if s]
    while seqs:
        head = _c3_head(seqs)
        if head is None:
            seen = {c.qualname for c in result}
            for seq in seqs:
                for cls in seq:
                    if cls.qualname not in seen:
                        seen.add(cls.qualname)
                        result.append(cls)
            return result
        result.append(head)
        seqs = [[c for c in s if c.qualname != head.qualname] for s in seqs]
        seqs = [s for s in seqs if s]
    return result


def _c3_head(seqs: list[list[ExternalClass]]) -> ExternalClass | None:
    tails = {c.qualname for s in seqs for c in s[1:]}
    for seq in seqs:
        if seq[0].qualname not in tails:
            return seq[0]
    return None
