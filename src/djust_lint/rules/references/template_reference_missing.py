"""DJ202 template-reference-missing."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext, did_you_mean_template, suggestion_suffix


class TemplateReferenceMissing(Rule):
    """## What it does
    Reports `{% extends "x" %}` and `{% include "x" %}` whose literal target
    is not a template of the project.

    ## Why is this bad?
    Rendering fails with `TemplateDoesNotExist` (or, for `include`, renders
    nothing in production).

    Templates shipped by installed apps (`INSTALLED_APPS`, found without
    importing them) resolve like the project's own: `{% extends
    "djust_admin/base.html" %}` is fine, `"djust_admin/bsae.html"` is
    reported. Targets given as variables are dynamic and not reported, nor
    are names under an app's folder that cannot be read (`admin/...` when
    Django's templates are not searched).
    """

    code = "DJ202"
    needs_project = True
    name = "template-reference-missing"
    severity = Severity.ERROR
    summary = "extends/include names a template that does not exist"
    VALID = [
        Example(
            {
                "app/templates/base.html": "<html>{% block content %}{% endblock %}</html>\n",
                "app/templates/app/page.html": '{% extends "base.html" %}\n{% block content %}{% include template_var %}{% endblock %}\n',
            }
        )
    ]
    INVALID = [
        Example(
            {
                "app/templates/base.html": "<html></html>\n",
                "app/templates/app/page.html": '{% extends "bse.html" %}\n<p>{% include "app/row.html" %}</p>\n',
            },
            expect=(("app/templates/app/page.html", 1, 1), ("app/templates/app/page.html", 2, 4)),
            messages=(
                "{% extends %} target 'bse.html' is not a template of this project; did you mean 'base.html'?",
                "{% include %} target 'app/row.html' is not a template of this project",
            ),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        external_prefixes = _external_prefixes(graph)
        for node in graph.templates.values():
            for edge in node.edges:
                if edge.target is None or edge.resolved is not None:
                    continue
                if edge.target.split("/", 1)[0] in external_prefixes and not _installed_folder(graph, edge.target):
                    continue  # an app we cannot read ships it (a folder we can read would have had it)
                suggestion = did_you_mean_template(edge.target, graph.template_names, exclude=node.name)
                yield self.finding(
                    node.path,
                    edge.span,
                    f"{{% {edge.kind} %}} target '{edge.target}' is not a template of this project"
                    f"{suggestion_suffix(suggestion)}",
                    suggestion=suggestion or "",
                )


def _installed_folder(graph, target: str) -> bool:
    """An installed app's templates folder holds the target's directory, but not the file: a typo."""
    lookup = getattr(graph, "installed_templates", None)
    return lookup is not None and lookup.has_folder(target)


def _external_prefixes(graph) -> set[str]:
    """First path segments of templates shipped by installed (non-project) apps."""
    prefixes = {"admin", "registration", "djust", "django", "rest_framework", "debug_toolbar", "allauth", "account"}
    project_modules = {name.split(".")[0] for name in graph.index.modules}
    for app in getattr(graph, "installed_apps", []) or []:
        top = app.split(".")[0]
        if top not in project_modules:
            prefixes.add(app.rsplit(".", 1)[-1])
    return prefixes
