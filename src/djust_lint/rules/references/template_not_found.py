"""DJ201 template-not-found."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext, did_you_mean_template, suggestion_suffix
from ..common import EXAMPLE_IMPORTS

_VIEW = EXAMPLE_IMPORTS + '''

class Home(LiveView):
    template_name = "pages/home.html"
'''


class TemplateNotFound(Rule):
    """## What it does
    Reports a view whose `template_name` (its own or inherited) matches no
    template file in any template directory of the project (app `templates/`
    directories and `TEMPLATES[...]["DIRS"]` read from settings).

    ## Why is this bad?
    The view raises `TemplateDoesNotExist` on the first request.

    ## Example
    ```python
    template_name = "pages/hom.html"
    ```

    Dynamic names (f-strings, computed values) are not reported.
    """

    code = "DJ201"
    needs_project = True
    name = "template-not-found"
    severity = Severity.ERROR
    summary = "template_name resolves to no template file"
    djust_equivalent = "djust.T003-style runtime TemplateDoesNotExist"
    VALID = [Example({"app/views.py": _VIEW, "app/templates/pages/home.html": "<div dj-root></div>\n"})]
    INVALID = [
        Example(
            {"app/views.py": _VIEW, "app/templates/pages/other.html": "<div></div>\n"},
            expect=(("app/views.py", 6, 21),),
            messages=("template 'pages/home.html' of app.views.Home is not found in any template directory",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        reported: set[str] = set()
        for view in graph.views.values():
            source = view.template_source
            if view.template_kind != "file" or view.template is not None or source is None or not source.value:
                continue
            owner = graph.index.classes.get(view.template_owner or "")
            if owner is None or owner.qualname in reported:
                continue
            reported.add(owner.qualname)
            suggestion = did_you_mean_template(source.value, graph.template_names)
            yield self.finding(
                owner.path,
                source.span,
                f"template '{source.value}' of {owner.qualname} is not found in any template directory"
                f"{suggestion_suffix(suggestion)}",
                view=view.qualname,
                suggestion=suggestion or "",
            )
