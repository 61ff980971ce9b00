"""DJ305 view-without-template."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, python_reported


class ViewWithoutTemplate(Rule):
    """## What it does
    Reports a concrete LiveView or LiveComponent that has neither `template`
    nor `template_name`, not even inherited.

    ## Why is this bad?
    djust raises "Either template_name or template must be set" on render.

    Abstract bases (`abstract = True`, or any class another project class
    derives from), nested classes and views overriding `get_template` or
    `render` are not reported.
    """

    code = "DJ305"
    name = "view-without-template"
    severity = Severity.ERROR
    summary = "Concrete view has no template"
    djust_equivalent = "validate_view: \"has no template_name or template attribute\""
    djust_ids = ("djust.V001",)
    VALID = [
        Example(
            {
                "app/views.py": EXAMPLE_IMPORTS
                + '\n\nclass Base(LiveView):\n    pass\n\n\nclass Page(Base):\n    template_name = "app/page.html"\n',
                "app/templates/app/page.html": "<div></div>\n",
            }
        )
    ]
    INVALID = [
        Example(
            {"app/views.py": EXAMPLE_IMPORTS + "\n\nclass Page(LiveView):\n    pass\n"},
            expect=(("app/views.py", 5, 7),),
            messages=("Page has no template or template_name (own or inherited)",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if not python_reported(graph):
            return  # reported at Python classes only: nothing to do when the run keeps none
        used_as_base = _bases_in_use(graph)
        for view in graph.views.values():
            if view.kind == "component" or view.template_kind is not None or view.abstract or view.nested:
                continue
            if view.qualname in used_as_base or not view.complete:
                continue
            if any(m in view.methods and view.methods[m].source == "project" for m in ("get_template", "render")):
                continue
            yield self.finding(
                view.path, view.span, f"{view.name} has no template or template_name (own or inherited)", view=view.qualname
            )


def _bases_in_use(graph) -> set[str]:
    bases: set[str] = set()
    for view in graph.views.values():
        bases.update(view.mro_chain[1:])
    for cls in graph.index.classes.values():
        for base in cls.bases:
            resolved = graph.index.resolve(base)
            if resolved:
                bases.add(resolved)
    return bases
