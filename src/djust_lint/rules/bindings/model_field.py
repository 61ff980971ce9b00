"""DJ108 model-field-missing and DJ109 model-field-private (one query, two rules)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext, did_you_mean, suggestion_suffix
from ..common import EXAMPLE_IMPORTS

if TYPE_CHECKING:
    from ...graph.bindings import Binding
    from ...graph.model import ProjectGraph, ViewNode

_VIEW = EXAMPLE_IMPORTS + '''

class Search(LiveView):
    template_name = "app/search.html"

    def mount(self, request, **kwargs):
        self.query = ""
        self._secret = ""
'''


def model_bindings(graph: ProjectGraph) -> Iterator[tuple[Binding, str, list[ViewNode]]]:
    """Static ``dj-model`` bindings with their field and receiving views."""
    for binding in graph.bindings:
        field = binding.field
        if not field:
            continue
        views = [graph.views[q] for q in binding.receivers if q in graph.views]
        if views:
            yield binding, field, views


def _field_root(field: str) -> str:
    return field.split(".", 1)[0]


class ModelFieldMissing(Rule):
    """## What it does
    Reports `dj-model="field"` where no class receiving the binding has a
    public attribute `field` (class attribute, `state()`, `@computed`,
    property, or `self.field = ...` in any method, inherited ones included).

    ## Why is this bad?
    `update_model` refuses to set attributes the view does not have, so the
    input never updates the state.

    ## Example
    ```html
    <input dj-model="qeury">
    ```

    ## Use instead
    ```html
    <input dj-model="query">
    ```
    """

    code = "DJ108"
    name = "model-field-missing"
    severity = Severity.ERROR
    summary = "dj-model names a field the view does not have"
    VALID = [Example({"app/views.py": _VIEW, "app/templates/app/search.html": '<input dj-model="query">\n'})]
    INVALID = [
        Example(
            {"app/views.py": _VIEW, "app/templates/app/search.html": '<input dj-model="qeury">\n'},
            expect=(("app/templates/app/search.html", 1, 8),),
            messages=("`dj-model` binds 'qeury', which app.views.Search never defines; did you mean 'query'?",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for binding, field, views in model_bindings(ctx.graph):
            root = _field_root(field)
            if root.startswith("_"):
                continue
            missing = [v for v in views if root not in v.state and v.complete]
            if not missing:
                continue
            public = {n for v in missing for n in v.state if not n.startswith("_")}
            suggestion = did_you_mean(root, public)
            names = ", ".join(v.qualname for v in missing)
            yield self.finding(
                binding.path,
                binding.span,
                f"`dj-model` binds '{root}', which {names} never defines{suggestion_suffix(suggestion)}",
                view=names,
                suggestion=suggestion or "",
            )


class ModelFieldPrivate(Rule):
    """## What it does
    Reports `dj-model` bound to a private (`_underscore`) attribute.

    ## Why is this bad?
    Private attributes are not sent to the client and `update_model` refuses
    to write them, so the binding can never work.

    ## Example
    ```html
    <input dj-model="_secret">
    ```

    ## Use instead
    Bind a public attribute.
    """

    code = "DJ109"
    name = "model-field-private"
    severity = Severity.ERROR
    summary = "dj-model binds a private attribute"
    VALID = [Example({"app/views.py": _VIEW, "app/templates/app/search.html": '<input dj-model="query">\n'})]
    INVALID = [
        Example(
            {"app/views.py": _VIEW, "app/templates/app/search.html": '<input dj-model="_secret">\n'},
            expect=(("app/templates/app/search.html", 1, 8),),
            messages=("`dj-model` binds the private attribute '_secret'; djust never syncs private state",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for binding, field, _views in model_bindings(ctx.graph):
            if _field_root(field).startswith("_"):
                yield self.finding(
                    binding.path,
                    binding.span,
                    f"`dj-model` binds the private attribute '{field}'; djust never syncs private state",
                )
