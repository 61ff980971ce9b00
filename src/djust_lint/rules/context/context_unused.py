"""DJ802 unused-context-variable."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ...graph.context import ContextIndex, analysable, context_open
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, in_selection, is_state_name

if TYPE_CHECKING:
    from ...core.model import ClassInfo, Span
    from ...graph.model import ProjectGraph, ViewNode


def _project(template: str) -> dict[str, str]:
    return {
        "app/views.py": EXAMPLE_IMPORTS
        + '''

class Profile(LiveView):
    template_name = "app/profile.html"

    def mount(self, request, **kwargs):
        self.name = "Ada"
        self.draft_bio = ""
''',
        "app/templates/app/profile.html": template,
    }


class UnusedContextVariable(Rule):
    """## What it does
    Reports a public attribute (or `get_context_data` key) a LiveView sets
    that no template it renders reads, directly or through `extends`/
    `include`/`dj-model`.

    ## Why is this bad?
    Every public attribute is serialised and diffed after every event; one
    the templates never read is wasted work (and data sent to the client).
    Make it private (`self._draft_bio`) if only Python uses it.

    ## Example
    ```python
    def mount(self, request, **kwargs):
        self.name = "Ada"
        self.draft_bio = ""       # never rendered
    ```

    ## Use instead
    ```python
    def mount(self, request, **kwargs):
        self.name = "Ada"
        self._draft_bio = ""
    ```

    Advice only (off by default). Views whose context is not fully known,
    or whose templates read `view.` attributes, are not reported; framework
    attributes (`template_name`, `login_required`, ...) never are.
    """

    code = "DJ802"
    name = "unused-context-variable"
    severity = Severity.INFO
    in_validate_view = False
    summary = "View provides a context variable no template reads"
    djust_equivalent = "none (djust_typecheck checks the other direction only)"
    VALID = [Example(_project('<p>{{ name }}</p><textarea dj-model="draft_bio"></textarea>\n'))]
    INVALID = [
        Example(
            _project("<p>{{ name }}</p>\n"),
            expect=(("app/views.py", 10, 14),),
            messages=("Profile provides 'draft_bio' but no template it renders reads it; make it private (_draft_bio) if only Python uses it",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if context_open(graph):
            return
        index = ContextIndex(graph)
        framework = graph.vocabulary.class_attributes
        for view in graph.views.values():
            cls = graph.index.classes.get(view.qualname)
            if cls is None or not in_selection(graph, cls.path) or not analysable(graph, view):
                continue
            read = _read_names(graph, index, view)
            if "view" in read:
                continue
            for name, span in _own_names(cls).items():
                if name in read or name in framework or name.isupper() or f"{name}_count" in read:
                    continue
                if not is_state_name(graph, name):
                    continue
                yield self.finding(
                    cls.path,
                    span,
                    f"{cls.name} provides '{name}' but no template it renders reads it; make it private "
                    f"(_{name}) if only Python uses it",
                    view=view.qualname,
                )


def _read_names(graph: ProjectGraph, index: ContextIndex, view: ViewNode) -> set[str]:
    """Names the view's templates take from its context, plus ``dj-model`` fields."""
    read = {use.name for use in index.uses(view.template) if not use.only}  # type: ignore[arg-type]
    for key in view.renders:
        for element in graph.templates[key].info.elements:
            attr = element.get("dj-model")
            if attr is not None and attr.value:
                read.add(attr.value.strip().split(".", 1)[0])
    return read


def _own_names(cls: ClassInfo) -> dict[str, Span]:
    """Public names the class itself puts in the context, at their first definition."""
    names: dict[str, Span] = {}
    for name, attr in cls.state.items():
        if not name.startswith("_") and attr.origin in ("class", "state", "computed", "property"):
            names.setdefault(name, attr.span)
    for method in cls.methods.values():
        for attr in method.self_assignments:
            if not attr.name.startswith("_") and attr.name not in cls.methods:
                names.setdefault(attr.name, attr.span)
    for name, span in cls.context_keys.items():
        names.setdefault(name, span)
    return names
