"""DJ670/DJ671 dj_activity names, DJ675 live_render sticky+lazy, DJ690 djust_markdown notice.

All read ``{% %}`` tags from the parsed template, so commented-out tags and
tag text inside ``{% verbatim %}`` never count (djust needs a separate
verbatim-stripping pass and still reads comments).
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ._common import checked_templates

if TYPE_CHECKING:
    pass

Truth = Literal["true", "false", "unknown"]
_FALSY_LITERALS = frozenset({"False", "None", "0", '""', "''"})


def tag_tokens(args: str) -> list[str]:
    """Split tag arguments like Django's ``token.split_contents`` (quotes kept)."""
    try:
        return shlex.split(args, posix=False)
    except ValueError:
        return args.split()


def keyword_arguments(tokens: list[str]) -> dict[str, str]:
    pairs = (token.split("=", 1) for token in tokens if "=" in token and token[:1] not in "\"'")
    return {key: value for key, value in pairs}


def literal_truth(value: str | None) -> Truth:
    """Truthiness of a literal tag argument; variables are ``unknown``."""
    if value is None:
        return "false"
    if value in _FALSY_LITERALS:
        return "false"
    if value == "True" or (len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'"):
        return "true"
    if value.lstrip("-").replace(".", "", 1).isdigit():
        return "true" if float(value) else "false"
    return "unknown"


def _string_literal(token: str) -> str | None:
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "\"'":
        return token[1:-1]
    return None


def activity_name(args: str) -> tuple[Literal["literal", "variable", "missing"], str]:
    """The name of a ``{% dj_activity %}``: first positional argument or ``name=``."""
    tokens = tag_tokens(args)
    if not tokens:
        return "missing", ""
    first = tokens[0]
    if first.startswith("name="):
        first = first[len("name=") :]
    elif "=" in first and first[:1] not in "\"'":
        return "missing", ""
    literal = _string_literal(first)
    if literal is not None:
        return ("literal", literal) if literal else ("missing", "")
    return "variable", first


class ActivityWithoutName(Rule):
    """## What it does
    Reports `{% dj_activity %}` without a name (no first argument, an empty
    string, or only keyword arguments such as `visible=`).

    ## Why is this bad?
    The block renders a wrapper that never ties back to the server-side
    activity registry: its events and visibility are not tracked.

    djust reports this as `djust.A070` (warning).

    ## Example
    ```html
    {% dj_activity visible=show_panel %}...{% enddj_activity %}
    ```

    ## Use instead
    ```html
    {% dj_activity "panel" visible=show_panel %}...{% enddj_activity %}
    ```
    """

    code = "DJ670"
    name = "activity-without-name"
    severity = Severity.WARNING
    summary = "`{% dj_activity %}` without a name is never tracked"
    djust_equivalent = "djust.A070 {% dj_activity %} is missing a 'name' argument"
    djust_ids = ("djust.A070",)
    VALID = [
        Example(
            {
                "app/templates/app/a.html": (
                    '{% dj_activity "panel" %}{% enddj_activity %}\n{% dj_activity name=panel_name %}{% enddj_activity %}\n'
                    "{% verbatim %}{% dj_activity %}{% endverbatim %}\n{# {% dj_activity %} #}\n"
                )
            }
        )
    ]
    INVALID = [
        Example(
            {"app/templates/app/a.html": '<div>\n  {% dj_activity visible=x %}{% enddj_activity %}\n  {% dj_activity "" %}{% enddj_activity %}\n</div>\n'},
            expect=(("app/templates/app/a.html", 2, 3), ("app/templates/app/a.html", 3, 3)),
            messages=(
                "{% dj_activity %} has no name, so the server never tracks it",
                "{% dj_activity %} has no name, so the server never tracks it",
            ),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            for tag in node.info.tags:
                if tag.name == "dj_activity" and activity_name(tag.args)[0] == "missing":
                    yield self.finding(node.path, tag.span, "{% dj_activity %} has no name, so the server never tracks it")


class DuplicateActivityName(Rule):
    """## What it does
    Reports a second `{% dj_activity %}` with the same literal name in one
    template.

    ## Why is this bad?
    The later registration silently replaces the earlier one at render
    time: all events route to the last-declared block's state. Names given
    as variables are only known at render time and are not compared.

    djust reports this as `djust.A071` (error).

    ## Example
    ```html
    {% dj_activity "panel" %}...{% enddj_activity %}
    {% dj_activity "panel" %}...{% enddj_activity %}
    ```

    ## Use instead
    ```html
    {% dj_activity "filters" %}...{% enddj_activity %}
    {% dj_activity "results" %}...{% enddj_activity %}
    ```
    """

    code = "DJ671"
    name = "duplicate-activity-name"
    severity = Severity.ERROR
    summary = "two `{% dj_activity %}` blocks in one template share a name"
    djust_equivalent = "djust.A071 duplicate {% dj_activity %} name"
    djust_ids = ("djust.A071",)
    VALID = [
        Example({"app/templates/app/a.html": '{% dj_activity "a" %}{% enddj_activity %}\n{% dj_activity name %}{% enddj_activity %}\n{% dj_activity name %}{% enddj_activity %}\n'})
    ]
    INVALID = [
        Example(
            {"app/templates/app/a.html": "{% dj_activity 'panel' %}{% enddj_activity %}\n<p>{% dj_activity name=\"panel\" %}{% enddj_activity %}</p>\n"},
            expect=(("app/templates/app/a.html", 2, 4),),
            messages=("{% dj_activity 'panel' %} repeats the name declared on line 1; the later block replaces the earlier one",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            first_line: dict[str, int] = {}
            for tag in node.info.tags:
                if tag.name != "dj_activity":
                    continue
                kind, name = activity_name(tag.args)
                if kind != "literal":
                    continue
                if name in first_line:
                    yield self.finding(
                        node.path,
                        tag.span,
                        f"{{% dj_activity '{name}' %}} repeats the name declared on line {first_line[name]}; "
                        "the later block replaces the earlier one",
                    )
                else:
                    first_line[name] = tag.span.line


class LiveRenderStickyLazy(Rule):
    """## What it does
    Reports `{% live_render %}` with both `sticky=` and `lazy=` set to true
    literals.

    ## Why is this bad?
    The two are mutually exclusive: sticky preservation needs the slot at
    mount time, lazy rendering defers it. djust's tag raises
    `TemplateSyntaxError` when the page renders.

    djust reports this as `djust.A075` (warning) and also counts variables
    as true; only literals are judged here (a variable's value is not known
    until render time).

    ## Example
    ```html
    {% live_render "app.views.Player" sticky=True lazy=True %}
    ```

    ## Use instead
    ```html
    {% live_render "app.views.Player" sticky=True %}
    ```
    """

    code = "DJ675"
    name = "live-render-sticky-lazy"
    severity = Severity.ERROR
    summary = "`{% live_render %}` with both `sticky=True` and `lazy=True` fails to render"
    djust_equivalent = "djust.A075 {% live_render %} has both sticky=True and lazy=True"
    djust_ids = ("djust.A075",)
    VALID = [
        Example(
            {
                "app/templates/app/a.html": (
                    '{% load live_tags %}\n{% live_render "app.views.P" sticky=False lazy=True %}\n'
                    '{% live_render "app.views.P" sticky=True lazy=is_lazy %}\n'
                )
            }
        )
    ]
    INVALID = [
        Example(
            {"app/templates/app/a.html": '{% load live_tags %}\n<div>{% live_render "app.views.P" sticky=True lazy="visible" %}</div>\n'},
            expect=(("app/templates/app/a.html", 2, 6),),
            messages=("{% live_render %} with sticky and lazy both true raises TemplateSyntaxError; pick one",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            for tag in node.info.tags:
                if tag.name != "live_render":
                    continue
                kwargs = keyword_arguments(tag_tokens(tag.args))
                if literal_truth(kwargs.get("sticky")) == "true" and literal_truth(kwargs.get("lazy")) == "true":
                    yield self.finding(
                        node.path,
                        tag.span,
                        "{% live_render %} with sticky and lazy both true raises TemplateSyntaxError; pick one",
                    )


class MarkdownRendererNotice(Rule):
    """## What it does
    Notes, once per project, that `{% djust_markdown %}` is used: djust then
    renders Markdown server-side with its safe-by-default renderer (raw HTML
    escaped, `javascript:` URLs neutralised, 10 MiB input cap).

    ## Why is this bad?
    It is not; this is djust's informational confirmation, off by default.
    Select it (`--select DJ690`) to see where Markdown is rendered.

    djust reports this as `djust.A090` (info).

    ## Example
    ```html
    {% djust_markdown body %}
    ```

    ## Use instead
    ```html
    {% djust_markdown body %}  {# nothing to change #}
    ```
    """

    code = "DJ690"
    name = "markdown-renderer-notice"
    severity = Severity.INFO
    summary = "`{% djust_markdown %}` is in use (informational)"
    djust_equivalent = "djust.A090 {% djust_markdown %} is used"
    djust_ids = ("djust.A090",)
    VALID = [Example({"app/templates/app/a.html": "{# {% djust_markdown body %} #}\n<p>{{ body }}</p>\n"})]
    INVALID = [
        Example(
            {
                "app/templates/app/a.html": "<div>\n  {% djust_markdown body %}\n</div>\n",
                "app/templates/app/b.html": "{% djust_markdown intro %}\n",
            },
            expect=(("app/templates/app/a.html", 2, 3),),
            messages=("{% djust_markdown %} is used in 2 place(s); djust renders it with its safe-by-default Markdown renderer",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        uses = [
            (node.path, tag.span.line, tag.span.column, tag.span)
            for node in checked_templates(graph)
            for tag in node.info.tags
            if tag.name == "djust_markdown"
        ]
        if uses:
            path, _, _, span = min(uses, key=lambda use: use[:3])
            yield self.finding(
                path,
                span,
                f"{{% djust_markdown %}} is used in {len(uses)} place(s); djust renders it with its "
                "safe-by-default Markdown renderer",
            )
