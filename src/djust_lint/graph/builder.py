"""Build the :class:`ProjectGraph` from files on disk (or from sources in memory).

The pipeline is: discover files -> read every Python module once (``ast``) ->
index classes and resolve their MROs -> read every template once (Django's
Lexer plus our tag scanner) including inline ``template = \"\"\"...\"\"\"``
strings -> link templates through ``extends``/``include`` -> decide which
class receives every ``dj-*`` binding. Nothing is imported or executed.
"""

from __future__ import annotations

import bisect
import gc
import re
import shlex
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..core.crash import working_on
from ..core.model import (
    ClassInfo,
    Diagnostic,
    DiagnosticKind,
    ModuleInfo,
    Reference,
    Span,
    TemplateInfo,
    TemplateSource,
    forget_shared_spans,
)
from ..core.vocabulary import Vocabulary, load_vocabulary
from ..readers.external import ExternalResolver
from ..readers.installed_templates import InstalledTemplates
from ..readers.scripts import script_references
from ..readers.settings import SettingsInfo
from .bindings import bindings_for_element
from .hierarchy import ClassIndex
from .model import HandlerNode, ProjectGraph, StateNode, TemplateEdge, TemplateNode, ViewNode
from .view_template import choose_template

T = TypeVar("T")
_LOOKUP_TAGS = ("extends", "include")
#: ``event="name"`` / ``toggle_event='name'`` keyword arguments of custom template tags.
_EVENT_KWARG = re.compile(r"\b[a-z_]*event\s*=\s*[\"']([a-z][a-z0-9_]*)[\"']")


@dataclass
class BuildOptions:
    """Knobs for one graph build."""

    paths: Sequence[Path] | None = None
    exclude: Sequence[str] = ()
    include: Sequence[str] = ()
    extra_template_dirs: Sequence[str] = ()
    respect_gitignore: bool = True
    use_astroid: bool = True
    max_bytes: int = 2_000_000
    freeze_gc: bool = False
    """Exclude the built graph from garbage collection (for short-lived processes)."""
    cache: bool = False
    """Reuse reader outputs from ``.djust_lint_cache/`` (the CLI turns this on; see ``cache.py``)."""
    package_cache: bool = False
    """Reuse what astroid found in installed packages (user cache; see ``readers/package_store.py``)."""
    jobs: int | None = None
    """Processes for a cold read of a large project (``None``: one per idle CPU; 1: this one only)."""
    progress: Callable[[str, int, int], None] | None = None
    """Told ``(stage, done, total)`` as files are read (the CLI draws a progress line from it)."""
    site_packages: Sequence[str] = ()
    """The project's own ``site-packages`` (``readers.project_env``), read for installed bases and templates."""


@dataclass
class SourceSet:
    """Already-read inputs, so the same builder serves disk and in-memory sources."""

    root: Path
    modules: list[ModuleInfo] = field(default_factory=list)
    templates: list[TemplateInfo] = field(default_factory=list)
    script_references: dict[str, list[Reference]] = field(default_factory=dict)
    """``pushEvent``/``JS.push`` handler references of each ``.js`` file read."""
    diagnostics: list[tuple[str, Diagnostic]] = field(default_factory=list)
    selected: set[str] | None = None
    files: list[str] = field(default_factory=list)
    installed_apps: list[str] = field(default_factory=list)
    settings: SettingsInfo | None = None
    template_dirs: list[str] = field(default_factory=list)
    """Root-relative template directories (``.`` for the root), to name templates added in memory."""
    directories: list[str] = field(default_factory=list)
    """Real paths of the directories discovery listed (the results cache watches them)."""


class ReadStore(Protocol):
    """Where ``read_project`` gets each file's reader output: the disk cache, or a memory of it."""

    def fetch(self, kind: str, abs_path: Path, rel: str, params: tuple[Any, ...], read: Callable[[], T]) -> T: ...

    def save(self) -> None: ...


def read_project(root: Path, options: BuildOptions | None = None, store: ReadStore | None = None) -> SourceSet:
    """Discover and read every file of the project once.

    Every read goes through ``store``: by default the warm disk cache (a no-op
    unless ``options.cache``), so a re-run parses only the files that changed
    since the last one; a long-lived :class:`~djust_lint.engine.Workspace`
    passes a memory of earlier reads instead.
    """
    from functools import partial

    from ..core.crash import working_on
    from ..readers.cache import open_cache
    from ..readers.discovery import discover
    from ..readers.parallel import prefetch
    from ..readers.python import read_module_file
    from ..readers.template import read_template_file

    options = options or BuildOptions()
    max_bytes = options.max_bytes
    files = discover(
        root,
        paths=options.paths,
        exclude=options.exclude,
        include=options.include,
        extra_template_dirs=options.extra_template_dirs,
        respect_gitignore=options.respect_gitignore,
    )
    sources = SourceSet(
        root=files.root,
        selected=files.selected,
        installed_apps=list(files.settings.installed_apps),
        settings=files.settings,
        template_dirs=list(files.template_dirs),
        directories=files.directories,
    )
    cache = store if store is not None else open_cache(files.root, read_shape(options), enabled=options.cache)

    reads = [
        *(("module", py.abs_path, py.path, (py.module, py.is_package), partial(read_module_file, py.abs_path, path=py.path, module=py.module, is_package=py.is_package, max_bytes=max_bytes)) for py in files.python),
        *(("template", tpl.abs_path, tpl.path, (tpl.name,), partial(read_template_file, tpl.abs_path, path=tpl.path, name=tpl.name, max_bytes=max_bytes)) for tpl in files.templates),
        *(("script", js.abs_path, js.path, (), partial(_script_file_references, js.abs_path, js.path, max_bytes)) for js in files.javascript),
    ]  # fmt: skip
    # A cold read (no usable disk cache, no memory of earlier reads) of a large project
    # is spread over worker processes.
    cold = store is None and cache.stats.status != "loaded"  # type: ignore[attr-defined]
    readers = prefetch([read[4] for read in reads], jobs=options.jobs, enabled=cold)
    for done, ((kind, abs_path, rel, params, _), read) in enumerate(zip(reads, readers, strict=True), 1):
        working_on(rel)
        value = cache.fetch(kind, abs_path, rel, params, read)
        # Readers' scratch state holds reference cycles (syntax nodes included). The build pauses
        # the collector and the CLI freezes what is left, so collect just what this read made.
        gc.collect(0)
        if kind == "module":
            sources.modules.append(value)
        elif kind == "template":
            sources.templates.append(value)
        elif value is None:
            continue  # a script that cannot be read as text is simply not a source
        else:
            sources.script_references[rel] = value
        sources.files.append(rel)
        if options.progress is not None:
            options.progress("read", done, len(reads))
    working_on(None)
    cache.save()
    for path, reason in files.skipped:
        sources.diagnostics.append((path, Diagnostic(DiagnosticKind.UNREADABLE, f"skipped: {reason}", Span(1, 1, 1, 1))))
    return sources


def read_shape(options: BuildOptions) -> tuple[Any, ...]:
    """The options that change what a reader returns for the same bytes (part of every cache key)."""
    return (options.max_bytes, sorted(options.exclude), sorted(options.include),
            sorted(options.extra_template_dirs), options.respect_gitignore)  # fmt: skip


def _script_file_references(path: Path, rel: str, max_bytes: int) -> list[Reference] | None:
    """Handler references of one ``.js`` file; ``None`` when it cannot be read as text."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) > max_bytes or b"\0" in data:
        return None
    return script_references(rel, data.decode("utf-8", errors="replace"))


def build_graph(root: Path, options: BuildOptions | None = None, vocabulary: Vocabulary | None = None) -> ProjectGraph:
    """Read the project under ``root`` and link it into a graph."""
    options = options or BuildOptions()
    return build_from(lambda: read_project(root, options), options, vocabulary)


def build_from(
    read: Callable[[], SourceSet], options: BuildOptions, vocabulary: Vocabulary | None = None
) -> ProjectGraph:
    """Read (``read()``: from disk, or with overlays) and link, with the cyclic collector paused.

    The build allocates hundreds of thousands of long-lived objects and no
    garbage cycles worth collecting, so the collector is paused while it runs
    (it otherwise spends ~45 % of a cold run re-scanning the graph). With
    ``options.freeze_gc`` (the CLI, a short-lived process) the finished graph
    is moved out of the collector's sight for the rest of the run.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        sources = read()
        if options.progress is not None:
            options.progress("link", 0, 0)
        graph = link(
            sources,
            vocabulary=vocabulary,
            use_astroid=options.use_astroid,
            package_cache=options.package_cache,
            site_packages=options.site_packages,
        )
    finally:
        if options.freeze_gc:
            gc.freeze()
        if was_enabled:
            gc.enable()
    return graph


def link(
    sources: SourceSet,
    *,
    vocabulary: Vocabulary | None = None,
    use_astroid: bool = True,
    package_cache: bool = False,
    site_packages: Sequence[str] = (),
) -> ProjectGraph:
    """Turn read files into a graph (the part shared with ``validate_view``)."""
    vocabulary = vocabulary or load_vocabulary()
    search_path = tuple(site_packages)
    external = ExternalResolver(
        vocabulary,
        use_astroid=use_astroid,
        search_path=list(search_path),
        store=_package_store(vocabulary, package_cache, search_path),
    )
    index = ClassIndex(sources.modules, external)
    graph = ProjectGraph(
        root=str(sources.root),
        djust_version=vocabulary.djust_version,
        vocabulary=vocabulary,
        index=index,
        selected=sources.selected,
        files=list(sources.files),
        installed_apps=list(sources.installed_apps),
        settings=sources.settings,
    )
    graph.installed_templates = InstalledTemplates(
        graph.installed_apps or ["djust"], {name.split(".", 1)[0] for name in index.modules}, search_path
    )
    from ..readers.project_version import detect_target_version

    target = detect_target_version(sources.root) if sources.root != Path(".") else None
    if target is not None:
        graph.target_version, graph.target_version_source = target.version, target.source
    graph.diagnostics.extend(sources.diagnostics)
    for module in sources.modules:
        for diagnostic in module.diagnostics:
            graph.diagnostics.append((module.path, diagnostic))
        for route in module.routes:
            graph.routes.append((module.path, route))
        graph.references.extend(module.references)

    _add_file_templates(graph, sources.templates)
    _add_views(graph, index)
    _link_templates(graph)
    _collect_bindings(graph)
    _collect_markup_bindings(graph, sources.modules)
    for references in sources.script_references.values():
        graph.references.extend(references)
    working_on(None)
    if external.store is not None:
        external.store.save()
    forget_shared_spans()  # inline templates were the last reads: spans stay shared, the table goes
    return graph


def _package_store(vocabulary: Vocabulary, enabled: bool, search_path: tuple[str, ...]):  # -> PackageStore | None
    if not enabled:
        return None
    from ..readers.package_store import open_store, resolver_key

    return open_store(resolver_key(vocabulary, search_path), search_path)


# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------


def _add_file_templates(graph: ProjectGraph, templates: Iterable[TemplateInfo]) -> None:
    for info in templates:
        key = info.name or info.path
        if key in graph.templates:
            key = info.path
        graph.templates[key] = TemplateNode(key=key, path=info.path, name=info.name, info=info)
        if info.name and info.name not in graph.template_names:
            graph.template_names[info.name] = key
        for diagnostic in info.diagnostics:
            graph.diagnostics.append((info.path, diagnostic))
        graph.references.extend(info.references)


def _add_inline_template(graph: ProjectGraph, cls: ClassInfo, source: TemplateSource | None = None) -> str | None:
    """The inline template of ``cls`` (its ``template``, or what ``get_template()`` returns), as the
    Python reader read it with the module, or read now (a source reached through another attribute)."""
    from ..readers.inline_templates import inline_key, own_inline_source, read_inline_template

    source = source or cls.template
    if source is None or source.value is None:
        return None
    key = inline_key(cls, source)
    if key not in graph.templates:
        info = cls.inline_reads.get(source.attr) if source is own_inline_source(cls, source.attr) else None
        if info is None:
            info = read_inline_template(cls, source)
        graph.templates[key] = TemplateNode(key=key, path=cls.path, name=None, info=info, owner=cls.qualname)
        for diagnostic in info.diagnostics:
            graph.diagnostics.append((cls.path, diagnostic))
        graph.references.extend(info.references)
    return key


def lookup_target(args: str) -> str | None:
    """The literal template/view name at the start of tag args, else ``None`` (dynamic)."""
    try:
        first = shlex.split(args, posix=False)[0] if args.strip() else ""
    except ValueError:
        return None
    if len(first) >= 2 and first[0] == first[-1] and first[0] in "\"'":
        inner = first[1:-1]
        return None if "{" in inner else inner
    return None


def _link_templates(graph: ProjectGraph) -> None:
    linked: set[str] = set()
    while len(linked) < len(graph.templates):  # installed templates join as they are resolved
        for node in [n for key, n in graph.templates.items() if key not in linked]:
            linked.add(node.key)
            working_on(f"{node.path} (linking)")  # a crash line names the file (core.crash)
            link_template(graph, node)
    for view in graph.views.values():
        if view.template:
            view.renders = _closure(graph, view.template)
            for key in view.renders:
                graph.templates[key].rendered_by.append(view.qualname)


def link_template(graph: ProjectGraph, node: TemplateNode) -> None:
    """One template's ``extends``/``include`` edges and ``live_render`` references (also used to re-link one edited template).

    A name the project lacks is looked up in installed apps' templates, which join the graph.
    """
    for tag in node.info.tags:
        if tag.name in _LOOKUP_TAGS:
            target = lookup_target(tag.args)
            resolved = _find_template(graph, target) if target else None
            node.edges.append(TemplateEdge(tag.name, target, tag.span, resolved))  # type: ignore[arg-type]
        elif tag.name == "live_render":
            target = lookup_target(tag.args)
            graph.references.append(
                Reference("live_render", target or tag.args, node.path, tag.span, dynamic=target is None)
            )
        elif "event" in tag.args:  # {% toggle_group event="set_category" %}: the tag renders the binding
            for match in _EVENT_KWARG.finditer(tag.args):
                graph.references.append(Reference("component_kwarg", match.group(1), node.path, tag.span))


def _closure(graph: ProjectGraph, start: str) -> list[str]:
    seen: list[str] = []
    stack = [start]
    while stack:
        key = stack.pop()
        if key in seen or key not in graph.templates:
            continue
        seen.append(key)
        stack.extend(e.resolved for e in reversed(graph.templates[key].edges) if e.resolved)
    return seen


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------


def _add_views(graph: ProjectGraph, index: ClassIndex) -> None:
    members: dict[str, _Members] = {}  # per build: LiveView's (and each shared mixin's) members built once
    for qualname, cls in index.classes.items():
        working_on(f"{cls.path} (linking)")  # a crash line names the file (core.crash)
        kind = index.kind(qualname)
        if kind is None:
            continue
        mro = index.mro(qualname)
        view = ViewNode(
            qualname=qualname,
            name=cls.name,
            module=cls.module,
            path=cls.path,
            span=cls.span,
            kind=kind,
            abstract=cls.abstract,
            nested=cls.nested,
            mro_chain=[e.key for e in mro],
            unresolved_bases=index.unresolved_bases(qualname),
        )
        for entry in reversed(mro):  # later entries are overridden by earlier ones
            if entry.project is None and entry.external is None:
                continue
            found = members.get(entry.key)
            if found is None:
                found = members[entry.key] = _members_of(entry, graph.vocabulary)
            methods, state = found
            view.methods.update(methods)
            if entry.project is not None:
                for name in methods:
                    view.state.pop(name, None)
            view.state.update(state)
        choose_template(graph, view, mro, _add_inline_template, _find_template)
        graph.views[qualname] = view


_Members = tuple[dict[str, HandlerNode], dict[str, StateNode]]


def _members_of(entry, vocabulary: Vocabulary) -> _Members:  # entry: MroEntry
    """The handler and state nodes one class contributes to every view that inherits it.

    Nodes are never mutated after the build, so views sharing a base share its nodes.
    """
    methods: dict[str, HandlerNode] = {}
    state: dict[str, StateNode] = {}
    cls = entry.project
    if cls is not None:
        for name, method in cls.methods.items():
            methods[name] = HandlerNode(
                name=name,
                owner=cls.qualname,
                params=method.params,  # read-only from here on, like the node
                decorated=vocabulary.is_handler_method(method),
                decorators=_decorator_names(tuple(d.short_name for d in method.decorators)),
                path=cls.path,
                span=method.span,
            )
        for name, attr in cls.state.items():
            if name in cls.methods and attr.origin not in ("computed", "property"):
                continue
            state[name] = StateNode(name, cls.qualname, attr.origin, cls.path, attr.span)
        return methods, state
    ext = entry.external
    for name in ext.methods:
        methods[name] = HandlerNode(name, ext.qualname, [], False, [], None, None, ext.source)  # type: ignore[arg-type]
    for name, handler in ext.handlers.items():
        methods[name] = HandlerNode(
            name, ext.qualname, list(handler.params), True, ["event_handler"], None, None, ext.source  # type: ignore[arg-type]
        )
    for name in ext.state:
        state[name] = StateNode(name, ext.qualname, "external", None, None)
    return methods, state


_DECORATOR_NAMES: dict[tuple[str, ...], list[str]] = {}


def _decorator_names(names: tuple[str, ...]) -> list[str]:
    """One shared list per distinct decorator combination (a handful), not one per method."""
    found = _DECORATOR_NAMES.get(names)
    if found is None:
        found = _DECORATOR_NAMES[names] = list(names)
    return found


def _find_template(graph: ProjectGraph, name: str) -> str | None:
    """Key of the template a lookup name resolves to: the project's, else an installed app's."""
    key = graph.template_names.get(name)
    if key is None and graph.installed_templates is not None:
        key = _add_installed_template(graph, name)
    return key


def _add_installed_template(graph: ProjectGraph, name: str) -> str | None:
    """Read an installed app's template (``djust_admin/base.html``) so names, blocks and context resolve."""
    from ..readers.template import read_template_file

    found = graph.installed_templates.find(name)
    if found is None:
        return None
    path = Path(found).as_posix()
    info = read_template_file(Path(found), path=path, name=name)
    graph.templates[name] = TemplateNode(key=name, path=path, name=name, info=info, installed=True)
    graph.template_names[name] = name
    graph.installed_paths.add(path)
    graph.references.extend(info.references)
    return name


# ---------------------------------------------------------------------------
# Bindings and their receivers
# ---------------------------------------------------------------------------


def _collect_bindings(graph: ProjectGraph) -> None:
    for key, node in graph.templates.items():
        working_on(f"{node.path} (linking)")
        collect_template_bindings(graph, key, node)


def collect_template_bindings(graph: ProjectGraph, key: str, node: TemplateNode) -> None:
    """Add one template's bindings (and component-kwarg references) to the graph (also used to re-link one edited template)."""
    vocabulary = graph.vocabulary
    info = node.info
    receivers = _default_receivers(graph, node)
    starts = [(v.span.line, v.span.column) for v in info.variables]
    if starts != sorted(starts):
        info.variables.sort(key=lambda v: (v.span.line, v.span.column))
        starts.sort()
    for index, element in enumerate(info.elements):
        if element.is_component:
            _component_kwarg_references(graph, node, element)
        if not any(a.name[:3].lower() == "dj-" for a in element.attributes):
            continue
        element_bindings = bindings_for_element(
            element,
            index,
            path=node.path,
            template=key,
            vocabulary=vocabulary,
            spread=_has_attribute_spread(info, index, starts),
        )
        scope, scoped = _scope_of(graph, info, index, receivers)
        for binding in element_bindings:
            if scope == "view":
                binding.receivers = receivers  # one list per template, never mutated: a partial has thousands
            else:
                binding.scope = scope
                binding.receivers = scoped
            graph.bindings.append(binding)


def _collect_markup_bindings(graph: ProjectGraph, modules: Iterable[ModuleInfo]) -> None:
    """Bindings in HTML built in Python strings (components, form adapters).

    Their events reach the class that builds the string only when that is
    unambiguous: a LiveView or LiveComponent no other view derives from.
    Otherwise they have no receiver and only receiver-free checks apply.
    """
    for module in modules:
        if module.markup:
            working_on(f"{module.path} (linking)")
        for info in module.markup:
            owner = graph.views.get(info.inline_owner or "")
            receivers: list[str] = []
            if owner is not None and owner.kind != "component" and len(graph.views_inheriting(owner.qualname)) == 1:
                receivers = [owner.qualname]
            starts = sorted((v.span.line, v.span.column) for v in info.variables)
            info.variables.sort(key=lambda v: (v.span.line, v.span.column))
            for index, element in enumerate(info.elements):
                if not any(a.name[:3].lower() == "dj-" for a in element.attributes):
                    continue
                spread = _has_attribute_spread(info, index, starts)
                found = bindings_for_element(
                    element, index, path=info.path, template=f"python:{info.path}", vocabulary=graph.vocabulary, spread=spread
                )
                scope, scoped = _scope_of(graph, info, index, receivers)
                for binding in found:
                    if binding.kind != "handler":
                        continue  # other directives in Python strings are mostly examples in messages
                    binding.receivers = receivers if scope == "view" else scoped
                    if scope != "view":
                        binding.scope = scope  # type: ignore[assignment]
                    graph.bindings.append(binding)


def _default_receivers(graph: ProjectGraph, node: TemplateNode) -> list[str]:
    if node.owner and node.owner in graph.views:
        return [node.owner]
    return sorted(set(node.rendered_by))


def _scope_of(graph: ProjectGraph, info: TemplateInfo, index: int, receivers: list[str]) -> tuple[str, list[str]]:
    """Walk up from an element: ``dj-view`` or ``data-component-id`` re-route events.

    A ``data-component-id`` root inside a template rendered only by
    LiveComponents is the component itself, so its events stay with them;
    inside a view's template it marks a component we cannot identify.
    """
    own_component = bool(receivers) and all(
        graph.views[r].kind == "live_component" for r in receivers if r in graph.views
    )
    current: int | None = index
    while current is not None:
        element = info.elements[current]
        view_attr = element.get("dj-view")
        if view_attr is not None and view_attr.value and "{" not in view_attr.value:
            target = graph.index.resolve(view_attr.value.strip())
            if target and target in graph.views:
                return "child_view", [target]
        if element.get("data-component-id") is not None and not own_component:
            return "component", []
        current = element.parent
    return "view", []


def _has_attribute_spread(info: TemplateInfo, index: int, starts: list[tuple[int, int]]) -> bool:
    """``<div {{ attrs }}>``: a template variable inside the start tag may add params.

    ``starts`` is the sorted start positions of the template's variables, so
    only the few variables inside this start tag are looked at (bisect).
    """
    element = info.elements[index]
    span = element.span
    first = bisect.bisect_right(starts, (span.line, span.column))
    last = bisect.bisect_left(starts, (span.end_line, span.end_column))
    for var in info.variables[first:last]:
        inside_value = any(
            a.value_span
            and (a.value_span.line, a.value_span.column) <= (var.span.line, var.span.column)
            and (var.span.end_line, var.span.end_column) <= (a.value_span.end_line, a.value_span.end_column)
            for a in element.attributes
        )
        if not inside_value:
            return True
    return False


def _component_kwarg_references(graph: ProjectGraph, node: TemplateNode, element) -> None:
    for attr in element.attributes:
        if attr.name.startswith("on_") and attr.value and not attr.dynamic:
            graph.references.append(Reference("component_kwarg", attr.value.strip(), node.path, attr.name_span))
