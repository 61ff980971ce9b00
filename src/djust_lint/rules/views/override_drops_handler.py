"""DJ308 override-drops-event-handler."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, in_selection, python_reported

if TYPE_CHECKING:
    from ...core.vocabulary import Vocabulary
    from ...graph.hierarchy import MroEntry

_BASE = EXAMPLE_IMPORTS + '''from djust.forms import FormMixin


class Contact(FormMixin, LiveView):
    template_name = "app/contact.html"

'''


class OverrideDropsEventHandler(Rule):
    """## What it does
    Reports a method that overrides an event handler of a base class (the
    project's own or djust's, e.g. `FormMixin.validate_field`) without
    `@event_handler`.

    ## Why is this bad?
    djust accepts an event only when the method the view *actually has* is
    marked as a handler (`_djust_decorators["event_handler"]`); the mark is
    on the base's function, not on the override. Every event sent to the
    handler is refused, although the templates look right and the base
    class still declares it.

    ## Example
    ```python
    class Contact(FormMixin, LiveView):
        def validate_field(self, field="", value=None, **kwargs):
            ...
    ```

    ## Use instead
    ```python
    class Contact(FormMixin, LiveView):
        @event_handler
        def validate_field(self, field="", value=None, **kwargs):
            ...
    ```

    Overrides carrying a decorator djust-lint does not know (a project
    decorator may apply `@event_handler` itself) are not reported.

    ## Fix safety
    Adding `@event_handler` is safe: the base class already exposes the
    method to the browser, so the override only gets back what it dropped.
    """

    code = "DJ308"
    name = "override-drops-event-handler"
    severity = Severity.ERROR
    summary = "Override of a base class's event handler lacks @event_handler"
    fixable = True
    djust_equivalent = "runtime only (the event is refused as an undecorated handler)"
    VALID = [
        Example(
            {
                "app/views.py": _BASE
                + "    @event_handler\n    def validate_field(self, field=\"\", value=None, **kwargs):\n        pass\n"
            }
        )
    ]
    INVALID = [
        Example(
            {"app/views.py": _BASE + "    def validate_field(self, field=\"\", value=None, **kwargs):\n        pass\n"},
            expect=(("app/views.py", 9, 9),),
            messages=("'validate_field' overrides the event handler of djust.forms.FormMixin without @event_handler, so djust refuses every event sent to it",),
            fixed={
                "app/views.py": _BASE
                + "    @event_handler\n    def validate_field(self, field=\"\", value=None, **kwargs):\n        pass\n"
            },
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if not python_reported(graph):
            return  # reported at Python classes only: nothing to do when the run keeps none
        vocabulary = graph.vocabulary
        reported: set[tuple[str, str]] = set()
        for view in graph.views.values():
            mro = graph.index.mro(view.qualname)
            for position, entry in enumerate(mro):
                cls = entry.project
                if cls is None or not in_selection(graph, cls.path):
                    continue  # reported at the class's own file: skipped when this run discards it
                for name, method in cls.methods.items():
                    key = (cls.qualname, name)
                    if key in reported or not vocabulary.surely_not_handler(method):
                        continue
                    if view.methods.get(name) is None or view.methods[name].owner != cls.qualname:
                        continue  # a nearer class redefines it: this one is not what djust calls
                    base = _base_handler_owner(mro[position + 1 :], name, vocabulary)
                    if base is None:
                        continue
                    reported.add(key)
                    from ..python_fixes import handler_fix

                    yield self.finding(
                        cls.path,
                        method.span,
                        f"'{name}' overrides the event handler of {base} without @event_handler, "
                        "so djust refuses every event sent to it",
                        fix=handler_fix(graph, cls.qualname, name, f"Add @event_handler to {cls.name}.{name}()", add_decorator=True),
                        view=view.qualname,
                        handler=name,
                        owner=cls.qualname,
                        base=base,
                    )


def _base_handler_owner(rest: Sequence[MroEntry], name: str, vocabulary: Vocabulary) -> str | None:
    """The class farther in the MRO whose own ``name`` is an event handler, if the next definition is one."""
    for entry in rest:
        if entry.project is not None:
            method = entry.project.methods.get(name)
            if method is None:
                continue
            return entry.key if vocabulary.is_handler_method(method) else None
        if entry.external is not None:
            if name in entry.external.handlers:
                return entry.external.qualname
            if name in entry.external.methods:
                return None
    return None
