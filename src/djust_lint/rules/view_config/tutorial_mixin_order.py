"""DJ706 tutorial-mixin-after-view (djust.V010)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph

TUTORIAL_MIXIN = "djust.tutorials.mixin.TutorialMixin"


def _view(bases: str) -> str:
    return f'''from djust import LiveView
from djust.tutorials import TutorialMixin


class Onboarding({bases}):
    template = "<div></div>"
'''


class TutorialMixinAfterView(Rule):
    """## What it does
    Reports a view class that lists `TutorialMixin` (or a class deriving
    from it) after `LiveView` (or any view class) in its bases.

    ## Why is this bad?
    Django's `View.__init__` does not call `super().__init__()`, so a mixin
    listed after the view never has its `__init__` run: the tutorial state
    is never initialised and the tour silently does nothing.

    ## Example
    ```python
    class Onboarding(LiveView, TutorialMixin): ...
    ```

    ## Use instead
    ```python
    class Onboarding(TutorialMixin, LiveView): ...
    ```

    djust reports this as `djust.V010`. Project mixins deriving from
    `TutorialMixin` and project view bases are followed through their MROs.
    """

    code = "DJ706"
    name = "tutorial-mixin-after-view"
    severity = Severity.ERROR
    summary = "TutorialMixin listed after LiveView in the bases"
    djust_equivalent = "djust.V010: TutorialMixin must be listed before LiveView in bases"
    djust_ids = ("djust.V010",)
    VALID = [Example({"app/views.py": _view("TutorialMixin, LiveView")})]
    INVALID = [
        Example(
            {"app/views.py": _view("LiveView, TutorialMixin")},
            expect=(("app/views.py", 5, 28),),
            messages=("Onboarding lists TutorialMixin after a view base; its __init__ never runs — list it before LiveView",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for qualname, view in graph.views.items():
            cls = graph.index.classes[qualname]
            if f"ext:{TUTORIAL_MIXIN}" not in view.mro_chain and TUTORIAL_MIXIN not in view.mro_chain:
                continue
            kinds = [_base_kind(graph, base) for base in cls.bases]
            if "view" not in kinds or "tutorial" not in kinds:
                continue
            first_view = kinds.index("view")
            for index, kind in enumerate(kinds):
                if kind == "tutorial" and index > first_view and index < len(cls.base_spans):
                    yield self.finding(
                        cls.path,
                        cls.base_spans[index],
                        f"{cls.name} lists {cls.bases[index].rsplit('.', 1)[-1]} after a view base; its __init__ never "
                        "runs — list it before LiveView",
                        view=qualname,
                    )


def _base_kind(graph: ProjectGraph, base: str) -> str | None:
    """``tutorial`` for TutorialMixin (or a subclass), ``view`` for a view class, else None."""
    entry = graph.index.lookup(base)
    if entry.project is not None:
        keys = [e.key for e in graph.index.mro(entry.key)]
        if TUTORIAL_MIXIN in keys or f"ext:{TUTORIAL_MIXIN}" in keys:
            return "tutorial"
        return "view" if entry.key in graph.views else None
    if entry.external is not None:
        if entry.external.qualname == TUTORIAL_MIXIN:
            return "tutorial"
        if entry.external.kind != "mixin" or entry.external.qualname.startswith("django.views."):
            return "view"
    return None
