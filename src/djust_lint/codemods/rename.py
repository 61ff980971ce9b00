"""``rename-handler``: rename an event handler and every reference the graph knows.

References: the ``def`` itself, ``dj-*`` bindings in every template that
reaches the class (through ``extends``/``include``, subclasses, inline
templates), ``dj-loading.for``-style event references, ``pushEvent`` /
``JS.push`` calls in scripts, templates and Python, and ``self.old`` in the
class and its subclasses. Every edit is a span replacement whose current
text is checked to be exactly the old name, so an approximate position can
never corrupt a file.

The rename is refused — with the list of reasons — when it cannot be proven
complete and safe: the new name exists, a subclass overrides the old one, a
dynamic binding might produce the old name, a binding also reaches a class
outside the renamed hierarchy, a script reference could mean another view's
handler of the same name, or a mixin outside the hierarchy calls it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import pycst
from ..core.model import Span
from ..core.textedit import LineIndex
from ..graph import references as refs
from ..graph.model import binding_span_exact
from .common import check_event_name, find_class_target, load_graph, planned_edit, planned_text
from .plan import EditPlan, PlanError

if TYPE_CHECKING:
    from ..core.model import ClassInfo
    from ..graph.bindings import Binding
    from ..graph.model import ProjectGraph

_TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


@dataclass(frozen=True)
class _Target:
    """A place to rename: ``old`` occurs once inside ``span`` of ``path``."""

    path: str
    span: Span
    where: str


def may_produce(raw: str, name: str) -> bool:
    """Could a dynamic binding value evaluate to (or name) ``name``?

    Template code is treated as "any text"; the static text around it must
    rule the name out, and the name must not appear literally anywhere.
    """
    if re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", raw):
        return True
    pieces = _TEMPLATE_CODE.split(raw.strip())
    pattern = ".*".join(re.escape(p) for p in pieces)
    return any(re.fullmatch(pattern, candidate, re.S) for candidate in (name, f"{name}()"))


class _Renamer:
    """Collects rename targets and the reasons a rename would be unsafe."""

    def __init__(self, graph: ProjectGraph, cls: ClassInfo, old: str, new: str) -> None:
        self.graph, self.cls, self.old, self.new = graph, cls, old, new
        self.views = graph.views_inheriting(cls.qualname)
        self.receivers = refs.receivers_of_handler(graph, cls.qualname)
        self.targets: list[_Target] = []
        self.problems: list[str] = []
        self.notes: list[str] = []

    def collect(self) -> None:
        self._check_names()
        method = self.cls.methods[self.old]
        self.targets.append(_Target(self.cls.path, method.span, f"def {self.old}"))
        for binding in self.graph.bindings:
            if self.receivers & set(binding.receivers):
                self._binding(binding)
        self._script_references()
        self._python_calls()

    def _check_names(self) -> None:
        clashes = sorted(v.qualname for v in self.views if self.new in v.methods)
        if self.new in self.cls.methods and self.cls.qualname not in clashes:
            clashes.insert(0, self.cls.qualname)
        if clashes:
            raise PlanError(f"cannot rename: {', '.join(clashes)} already has '{self.new}'")
        overrides = sorted({
            v.methods[self.old].owner for v in self.views
            if self.old in v.methods and v.methods[self.old].owner != self.cls.qualname
        })
        for owner in overrides:
            self.problems.append(f"{owner} overrides '{self.old}'; rename it there too, or rename from there")

    def _where(self, path: str, span: Span) -> str:
        return f"{path}:{span.line}:{span.column}"

    def _binding(self, binding: Binding) -> None:
        outside = sorted(r for r in binding.receivers if r not in self.receivers)
        if binding.kind == "event_ref":
            self._event_ref(binding)
            return
        if binding.kind != "handler":
            return
        if binding.dynamic:
            if binding.raw is not None and may_produce(binding.raw, self.old):
                self.problems.append(
                    f"dynamic binding {binding.directive}=\"{binding.raw}\" at {self._where(binding.path, binding.span)} "
                    f"may call '{self.old}'"
                )
            return
        for call in binding.calls:
            if call.name != self.old:
                continue
            where = self._where(binding.path, call.span)
            if outside:
                self.problems.append(f"binding at {where} also reaches {', '.join(outside)}")
            elif not binding_span_exact(self.graph, binding):
                self.problems.append(f"binding at {where} is in an inline template or a Python string whose positions are approximate")
            else:
                self.targets.append(_Target(binding.path, call.span, f"{binding.directive} at {where}"))

    def _event_ref(self, binding: Binding) -> None:
        """``dj-loading.for="save,delete"``: names separated by commas."""
        if binding.dynamic:
            if binding.raw is not None and may_produce(binding.raw, self.old):
                self.problems.append(f"dynamic {binding.directive} at {self._where(binding.path, binding.span)} may name '{self.old}'")
            return
        for name, span in refs.event_ref_names(binding):
            if name == self.old:
                self.targets.append(_Target(binding.path, span, f"{binding.directive} at {self._where(binding.path, span)}"))

    def _script_references(self) -> None:
        references = [r for r in self.graph.references if r.kind in ("push_event", "js_push") and r.target == self.old]
        if not references:
            return
        others = sorted(v.qualname for v in self.graph.views.values() if v.qualname not in self.receivers and self.old in v.methods)
        for ref in references:
            where = self._where(ref.path, ref.span)
            if others:
                self.problems.append(f"{ref.kind} '{self.old}' at {where} may target {', '.join(others)} as well")
            else:
                self.targets.append(_Target(ref.path, ref.span, f"{ref.kind} at {where}"))

    def _python_calls(self) -> None:
        """``self.old`` in the hierarchy is renamed; in an unrelated mixin it blocks the rename."""
        index = self.graph.index.classes
        hierarchy = {q for q in self.receivers if q in index}
        mixins = {q for v in self.views for q in v.mro_chain if q in index} - hierarchy
        for qualname in sorted(hierarchy | mixins):
            info = index[qualname]
            if not any(self.old in m.called_self_methods for m in info.methods.values()):
                continue
            if qualname in mixins:
                self.problems.append(f"{qualname} ({info.path}) uses self.{self.old} but is not a subclass of {self.cls.qualname}")
                continue
            for span in _self_attribute_spans(self.graph, info, self.old):
                self.targets.append(_Target(info.path, span, f"self.{self.old} at {self._where(info.path, span)}"))
        modules = {index[q].module for q in hierarchy}
        for name in sorted(modules):
            module = self.graph.index.modules.get(name)
            if module is not None and self.old in module.string_constants:
                self.notes.append(f"note: the string '{self.old}' appears in {module.path}; check it by hand")


def _self_attribute_spans(graph: ProjectGraph, info: ClassInfo, name: str) -> list[Span]:
    """Spans of ``name`` in ``self.name`` inside the class's methods (from the ast, character columns)."""
    text = graph.source_text(info.path)
    return [span for method in info.methods.values() for span in refs.self_attribute_spans(text, method.def_span, name)]


def _narrowed(index: LineIndex, target: _Target, old: str) -> tuple[int, int]:
    """Offsets of the one ``old`` inside the target span (a string literal keeps its quotes)."""
    start, end = index.range(target.span)
    found = [m.start() for m in re.finditer(rf"(?<![A-Za-z0-9_]){re.escape(old)}(?![A-Za-z0-9_])", index.text[start:end])]
    if len(found) != 1:
        raise PlanError(f"{target.where}: expected '{old}' there but found {index.text[start:end]!r}; plan again")
    return start + found[0], start + found[0] + len(old)


def plan_rename_handler(
    root: Path | str, view: str, old: str, new: str, *, graph: ProjectGraph | None = None
) -> EditPlan:
    """Plan renaming handler ``old`` of ``view`` (or any project class) to ``new``.

    Raises :class:`PlanError` listing every reason when the rename is unsafe.
    """
    root = Path(root).resolve()
    check_event_name(new, "new handler name")
    graph = graph or load_graph(root)
    target = find_class_target(graph, view)
    cls = target.info
    plan = EditPlan(root, f"rename handler {old} of {cls.qualname} to {new}")
    if old not in cls.methods:
        inherited = target.view.methods.get(old) if target.view is not None else None
        if inherited is not None and new not in target.view.methods:  # type: ignore[union-attr]
            raise PlanError(f"'{old}' is defined in {inherited.owner}; rename it there")
        if new in cls.methods:
            plan.messages.append(f"{cls.qualname} already has '{new}' and no '{old}'; nothing to do")
            return plan
        raise PlanError(f"{cls.qualname} has no method '{old}'")
    if old == new:
        return plan
    renamer = _Renamer(graph, cls, old, new)
    renamer.collect()
    if renamer.problems:
        raise PlanError("cannot rename safely:\n  - " + "\n  - ".join(renamer.problems))
    by_path: dict[str, list[_Target]] = {}
    for item in renamer.targets:
        by_path.setdefault(item.path, []).append(item)
    for path, items in sorted(by_path.items()):
        plan.edits.append(_file_rename(root, path, items, old, new, graph))
    plan.messages.extend(f"renamed {item.where}" for item in renamer.targets)
    plan.messages.extend(renamer.notes)
    return plan


def _file_rename(root: Path, path: str, items: list[_Target], old: str, new: str, graph: ProjectGraph):  # -> FileEdit
    """One file's renamed text, from the text the graph read (an editor's unsaved buffer when it has one)."""
    text, from_buffer = planned_text(root, path, graph)
    index = LineIndex(text)
    ranges = sorted({_narrowed(index, item, old) for item in items})
    out, cursor = [], 0
    for start, end in ranges:
        out.append(text[cursor:start])
        out.append(new)
        cursor = end
    out.append(text[cursor:])
    new_text = "".join(out)
    if path.endswith(".py"):
        pycst.check_parses(new_text, path)
    return planned_edit(root, path, text, new_text, from_buffer)
