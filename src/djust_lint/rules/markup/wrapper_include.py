"""DJ603 wrapper-includes-liveview: a wrapper template includes the LiveView instead of its content."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ...graph.builder import lookup_target
from ..base import Example, Rule, RuleContext
from ._common import checked_templates, has_marker_comment

if TYPE_CHECKING:
    from ...core.model import TemplateTag
    from ...graph.model import TemplateNode

_LIVEVIEW_PATH = re.compile(r"liveview|live_view", re.IGNORECASE)
_CONTENT_VARIABLE = re.compile(r"\s*liveview_content\s*\|\s*safe\s*\Z")
_WRAPPER_BLOCKS = frozenset({"content", "body", "main"})


class WrapperIncludesLiveview(Rule):
    """## What it does
    Reports a wrapper template (one with a `content`, `body` or `main`
    block) that `{% include %}`s a LiveView template instead of rendering
    `{{ liveview_content|safe }}`.

    ## Why is this bad?
    djust renders the view and hands the wrapper its HTML as
    `liveview_content`; including the view's template renders it a second
    time without the view's context or root, so it is static and stale.

    `{# noqa: T003 #}` (djust's own opt-out) silences it. djust reports this
    as `djust.T003` (info); commented-out includes do not count here.

    ## Example
    ```html
    {% block content %}{% include "app/liveview.html" %}{% endblock %}
    ```

    ## Use instead
    ```html
    {% block content %}{{ liveview_content|safe }}{% endblock %}
    ```
    """

    code = "DJ603"
    name = "wrapper-includes-liveview"
    severity = Severity.INFO
    summary = "wrapper template includes a LiveView template instead of `{{ liveview_content|safe }}`"
    djust_equivalent = "djust.T003 wrapper template may be using {% include %} instead of {{ liveview_content|safe }}"
    djust_ids = ("djust.T003",)
    VALID = [
        Example({"app/templates/wrap.html": "<body>{% block content %}{{ liveview_content|safe }}{% endblock %}</body>\n"}),
        Example(
            {
                "app/templates/wrap.html": (
                    "{% block content %}\n{# {% include 'app/liveview.html' %} #}\n"
                    "{% include 'app/nav.html' %}{% endblock %}\n"
                )
            }
        ),
    ]
    INVALID = [
        Example(
            {
                "app/templates/wrap.html": (
                    "<body>\n{% block body %}\n  {% include \"app/live_view_page.html\" %}\n{% endblock %}\n</body>\n"
                )
            },
            expect=(("app/templates/wrap.html", 3, 3),),
            messages=("wrapper template includes a LiveView template; render {{ liveview_content|safe }} instead",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            include = _liveview_include(node)
            if include is None or not _is_wrapper(node) or _renders_content(node) or _opted_out(node):
                continue
            yield self.finding(
                node.path,
                include.span,
                "wrapper template includes a LiveView template; render {{ liveview_content|safe }} instead",
            )


def _liveview_include(node: TemplateNode) -> TemplateTag | None:
    for tag in node.info.tags:
        if tag.name == "include":
            target = lookup_target(tag.args)
            if target and _LIVEVIEW_PATH.search(target):
                return tag
    return None


def _is_wrapper(node: TemplateNode) -> bool:
    return any(tag.name == "block" and tag.args.split()[:1] and tag.args.split()[0] in _WRAPPER_BLOCKS for tag in node.info.tags)


def _renders_content(node: TemplateNode) -> bool:
    return any(_CONTENT_VARIABLE.match(v.expression) for v in node.info.variables)


def _opted_out(node: TemplateNode) -> bool:
    return has_marker_comment(node.info, "noqa: T003") or has_marker_comment(node.info, "noqa")
