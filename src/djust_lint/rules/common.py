"""Graph queries shared by several rules (so no rule re-implements them)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..core.vocabulary import EVENT_NAME
from ..graph.bindings import Binding, HandlerCall

if TYPE_CHECKING:
    from ..core.model import ClassInfo, Method
    from ..core.vocabulary import Vocabulary
    from ..graph.model import HandlerNode, ProjectGraph, ViewNode

EXAMPLE_IMPORTS = "from djust import LiveView\nfrom djust.decorators import event_handler\n"


@dataclass(frozen=True, slots=True)
class ResolvedCall:
    """A handler call from a binding, looked up on one receiving view."""

    binding: Binding
    call: HandlerCall
    view: ViewNode
    handler: HandlerNode | None


def handler_calls(graph: ProjectGraph) -> Iterator[tuple[Binding, HandlerCall, list[ViewNode]]]:
    """Every static handler call with the views that receive it."""
    for binding in graph.bindings:
        if binding.kind != "handler" or binding.dynamic or not binding.calls:
            continue
        views = [graph.views[q] for q in binding.receivers if q in graph.views]
        if not views:
            continue
        for call in binding.calls:
            yield binding, call, views


def resolved_calls(graph: ProjectGraph) -> Iterator[ResolvedCall]:
    """Calls whose name is a valid event name, paired with each receiver's method."""
    for binding, call, views in handler_calls(graph):
        if not EVENT_NAME.match(call.name):
            continue
        for view in views:
            yield ResolvedCall(binding, call, view, view.methods.get(call.name))


def supplied_params(binding: Binding, call: HandlerCall, handler: HandlerNode) -> dict[str, str]:
    """Param name -> where it comes from, for one call on one handler."""
    supplied: dict[str, str] = {}
    for name in binding.implicit_params:
        supplied[name] = f"sent automatically by {binding.base}"
    for name, attr in binding.params.items():
        supplied[name] = attr
    for name, origin in call.params.items():
        supplied[name] = origin
    positional = handler.positional_names
    for index, _ in enumerate(call.args[: len(positional)]):
        supplied[positional[index]] = f"positional argument {index + 1}"
    return supplied


def in_selection(graph: ProjectGraph, path: str) -> bool:
    """Whether findings located in ``path`` can be kept by this run (``graph.report_only``)."""
    return graph.report_only is None or path in graph.report_only


def python_reported(graph: ProjectGraph) -> bool:
    """Whether this run keeps findings in some Python module (:func:`in_selection`).

    ``False`` in an editor's re-lint of one template: a rule that reports only at
    classes or modules then has nothing to do, and returns before visiting a
    thousand views.
    """
    return graph.report_only is None or any(m.path in graph.report_only for m in graph.index.modules.values())


def view_classes(graph: ProjectGraph) -> Iterator[tuple[ClassInfo, list[ViewNode]]]:
    """Project classes that are views or are inherited by views (mixins, bases), with those views.

    Rules using it report at the class's own file, so classes whose findings the run
    would discard (:func:`in_selection`) are skipped.
    """
    for cls in graph.index.classes.values():
        if not in_selection(graph, cls.path):
            continue
        views = graph.views_inheriting(cls.qualname)
        if views:
            yield cls, views


def is_state_name(graph: ProjectGraph, name: str) -> bool:
    """A public attribute that is view state: not private and not one djust keeps out of state
    itself (``self.request``, ``self.kwargs``: its ``_FRAMEWORK_INTERNAL_ATTRS``)."""
    return not name.startswith("_") and name not in graph.vocabulary.internal_attributes


def handler_methods(cls: ClassInfo, vocabulary: Vocabulary) -> Iterator[Method]:
    """Methods of a class carrying a decorator that marks an event handler (the vocabulary says which)."""
    for method in cls.methods.values():
        if vocabulary.is_handler_method(method):
            yield method


@lru_cache(maxsize=4096)
def literal(source: str) -> Any:
    """The value of a Python literal written as ``source`` (a class attribute's text), never run;
    ``...`` when it is not a literal. Values are shared between calls: never mutate one."""
    try:
        return ast.literal_eval(source)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return ...
