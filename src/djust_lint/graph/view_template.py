"""Which template a view renders, decided the way djust decides it, or why it cannot be known.

djust's ``LiveView.get_template()`` uses ``template`` when it is *truthy*, else
the file named by ``template_name``; djust's own ``LiveView`` declares both as
``None``. So the nearest definition of each attribute in the MRO counts, and a
falsy one (``None``, ``""``) is "unset", never "dynamic". A ``get_template()``
override in the project comes first (unless it defers to ``super()``), and a
``get_template_names()`` override names files like ``template_name`` does.

When the template cannot be determined statically the view keeps a *reason*:
its bindings are not checked, and the graph, ``--statistics`` and the check
summary say so instead of going silent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..core.model import ClassInfo, TemplateSource
from ..readers.inline_templates import looks_like_name

if TYPE_CHECKING:
    from .hierarchy import MroEntry
    from .model import ProjectGraph, ViewNode

#: (graph, class, source) -> key of the inline template read from ``source``.
InlineReader = Callable[["ProjectGraph", ClassInfo, TemplateSource], "str | None"]
#: (graph, lookup name) -> key of the template file, reading an installed one if needed.
FileFinder = Callable[["ProjectGraph", str], "str | None"]


def choose_template(
    graph: ProjectGraph, view: ViewNode, mro: Sequence[MroEntry], inline: InlineReader, find: FileFinder
) -> None:
    """Fill ``view.template_kind``/``template``/``template_source``/``template_owner``/``template_reason``."""
    if _from_get_template(graph, view, mro, inline, find):
        return
    if _from_attribute(graph, view, mro, "template", inline, find):
        return
    _from_attribute(graph, view, mro, "template_name", inline, find)


def _from_get_template(
    graph: ProjectGraph, view: ViewNode, mro: Sequence[MroEntry], inline: InlineReader, find: FileFinder
) -> bool:
    """A project ``get_template()`` override nearer than djust's own decides alone."""
    for entry in mro:
        cls = entry.project
        if cls is None or entry.key in graph.vocabulary.classes:
            return False  # the next definition is djust's (or a third party's): attributes decide
        source = cls.template_methods.get("get_template")
        if source is None:
            continue
        if source.defers:
            return False
        source, owner = _through_attribute(source, cls, mro)
        if source.dynamic or source.value is None:
            _dynamic(view, cls, source, f"{cls.name}.get_template() {source.expression or 'computes it'}, at run time")
        elif looks_like_name(source.value):
            _file(graph, view, cls, source, find)
        else:
            _inline(graph, view, owner, source, inline)  # read where the literal is written
        return True
    return False


def _from_attribute(
    graph: ProjectGraph,
    view: ViewNode,
    mro: Sequence[MroEntry],
    attr: str,
    inline: InlineReader,
    find: FileFinder,
) -> bool:
    """The nearest definition of ``template`` (or ``template_name``/``get_template_names()``)."""
    for entry in mro:
        cls = entry.project
        if cls is None:
            ext = entry.external
            if attr == "template_name" and ext is not None and ext.template_name:
                view.template_kind = "file"
                view.template_owner = ext.qualname
                view.template = find(graph, ext.template_name)
                if view.template is None:
                    view.template_reason = f"template '{ext.template_name}' of {ext.qualname} is not found"
                return True
            continue
        if attr == "template_name":
            names = cls.template_methods.get("get_template_names")
            if names is not None and not names.defers:
                names, _owner = _through_attribute(names, cls, mro)
                if names.dynamic or names.value is None:
                    _dynamic(view, cls, names, f"{cls.name}.get_template_names() {names.expression or 'computes them'}, at run time")
                else:
                    _file(graph, view, cls, names, find)
                return True
        source: TemplateSource | None = getattr(cls, attr)
        if source is None:
            continue
        if not source.dynamic and not (source.value or "").strip():
            return False  # None or "": unset, whatever farther classes say (djust reads the nearest)
        if source.dynamic or source.value is None:
            text = cls.class_attrs.get(attr, "...")
            _dynamic(view, cls, source, f"{attr} = {_short(text)} in {cls.name} is computed at run time")
        elif attr == "template":
            _inline(graph, view, cls, source, inline)
        else:
            _file(graph, view, cls, source, find)
        return True
    return False


def _through_attribute(
    source: TemplateSource, cls: ClassInfo, mro: Sequence[MroEntry]
) -> tuple[TemplateSource, ClassInfo]:
    """``return self.template_name`` (defined in a base) -> that class's literal, and the class
    that writes it (``cls``, the method's class, when the method returns a literal itself).

    The writer matters for an inline template: its positions are in the writer's file.
    """
    if source.via is None:
        return source, cls
    for entry in mro:
        owner = entry.project
        if owner is None:
            break
        if source.via in ("template", "template_name"):
            found = getattr(owner, source.via)
            if found is not None:
                return found, owner
    source.dynamic = True
    source.expression = f"returns self.{source.via}, which is not a literal of the class"
    return source, cls


def _dynamic(view: ViewNode, cls: ClassInfo, source: TemplateSource, reason: str) -> None:
    view.template_kind = "dynamic"
    view.template_source = source
    view.template_owner = cls.qualname
    view.template_reason = reason


def _inline(graph: ProjectGraph, view: ViewNode, cls: ClassInfo, source: TemplateSource, inline: InlineReader) -> None:
    view.template_kind = "inline"
    view.template_source = source
    view.template_owner = cls.qualname
    view.template = inline(graph, cls, source)


def _file(graph: ProjectGraph, view: ViewNode, cls: ClassInfo, source: TemplateSource, find: FileFinder) -> None:
    view.template_kind = "file"
    view.template_source = source
    view.template_owner = cls.qualname
    name = (source.value or "").strip()
    view.template = find(graph, name)
    if view.template is None:
        view.template_reason = f"template '{name}' is not found"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
