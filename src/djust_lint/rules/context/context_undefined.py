"""DJ801 undefined-template-variable (djust.T018, djust_typecheck)."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ...graph.context import (
    BUILTINS,
    ContextIndex,
    Use,
    analysable,
    context_open,
    provided_names,
    suggestible_names,
    template_globals,
)
from ..base import Example, Rule, RuleContext, did_you_mean, suggestion_suffix
from ..common import EXAMPLE_IMPORTS


def _project(template: str, extra: str = "") -> dict[str, str]:
    return {
        "app/views.py": EXAMPLE_IMPORTS
        + f'''

class Todos(LiveView):
    template_name = "app/todos.html"

    def mount(self, request, **kwargs):
        self.items = []
        self.title = "Todo"
{extra}''',
        "app/templates/app/todos.html": template,
    }


_CONTEXT = '''
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["owner"] = self.request.user
        return context
'''


class UndefinedTemplateVariable(Rule):
    """## What it does
    Reports a variable a template reads (`{{ x }}`, `{{ x.y|f:z }}`,
    `{% for a in x %}`, `{% with a=x %}`, include arguments...)
    that no LiveView rendering the template provides: not a public
    attribute, `state()`, `@computed`/property, `get_context_data` key
    (literal dict, `context["k"] = ...`, `context.update(k=...)`), loop/with
    variable, nor a Django/djust builtin (`request`, `user`, `csrf_token`,
    `forloop`, `view`, ...).

    ## Why is this bad?
    Django renders an unknown name as an empty string, silently: a typo or
    a forgotten assignment shows up as a blank page region, never as an error.

    ## Example
    ```html
    <h1>{{ titel }}</h1>
    ```

    ## Use instead
    ```html
    <h1>{{ title }}</h1>
    ```

    djust reports this as `djust.T018` (and `djust_typecheck`), but skips
    every template that uses `{% extends %}` and every view whose
    `get_context_data` is more than a literal `return {...}`. djust-lint
    follows `extends` and `include` (with `with x=...`/`only`), inline
    templates, inheritance and `context["k"] = ...`. A template is checked
    only when every view rendering it is a LiveView whose context is known
    (bases resolved, static template, `get_context_data` readable), and no
    project context processor is configured; `DJUST_TEMPLATE_GLOBALS` and
    djust's `{# djust_typecheck: noqa [names] #}` comment are honoured.

    Reads where a missing name is idiomatic Django are not reported: a test
    (`{% if x %}`, `{% elif %}`) and reads inside the block it guards
    (`{% if x %}{{ x }}{% endif %}`), a value with a fallback
    (`{{ x|default:"-" }}`) or `{% firstof x y %}`. A class that sets attributes with a computed name
    (`setattr(self, key, value)`) makes its context unknown.
    """

    code = "DJ801"
    name = "undefined-template-variable"
    severity = Severity.WARNING
    summary = "Template reads a variable no rendering view provides"
    djust_equivalent = "djust.T018 / djust_typecheck: template references undefined variable"
    djust_ids = ("djust.T018",)
    VALID = [
        Example(
            _project(
                "<h1>{{ title|upper }}</h1>{{ owner.email }} {{ items_count }}\n"
                "{% for item in items %}{% with n=forloop.counter %}{{ n }}: {{ item.name }}{% endwith %}{% endfor %}\n",
                _CONTEXT,
            )
        ),
        Example(_project("{# djust_typecheck: noqa titel #}<h1>{{ titel }}</h1>\n")),
        Example(_project('{% if busy %}...{% endif %}<h1>{{ heading|default:"Todos" }}</h1>\n')),
    ]
    INVALID = [
        Example(
            _project("<h1>{{ titel }}</h1>\n{% for item in itmes %}{{ item }}{% endfor %}{{ item }}\n"),
            expect=(
                ("app/templates/app/todos.html", 1, 5),
                ("app/templates/app/todos.html", 2, 1),
                ("app/templates/app/todos.html", 2, 46),
            ),
            messages=(
                "'titel' is not in the context of app.views.Todos; it renders as an empty string; did you mean 'title'?",
                "'itmes' is not in the context of app.views.Todos; it renders as an empty string; did you mean 'items'?",
                "'item' is not in the context of app.views.Todos; it renders as an empty string; did you mean 'items'?",
            ),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if context_open(graph):
            return
        index = ContextIndex(graph, paths=graph.report_only)  # reads elsewhere would be reported elsewhere
        extra = BUILTINS | template_globals(graph)
        tainted: set[str] = set()
        reached: dict[tuple[str, int, int, str], set[str]] = {}
        missing: dict[tuple[str, int, int, str], tuple[Use, set[str]]] = {}
        for view in graph.views.values():
            if not analysable(graph, view):
                tainted.update(view.renders)
                continue
            provided = provided_names(graph, view)
            for use in index.uses(view.template):  # type: ignore[arg-type]
                key = (use.path, use.span.line, use.span.column, use.name)
                reached.setdefault(key, set()).add(view.qualname)
                if use.guarded or use.name in extra or (not use.only and use.name in provided):
                    continue
                missing.setdefault(key, (use, set()))[1].add(view.qualname)
        suggestions: dict[tuple[str, frozenset[str]], str | None] = {}
        for key, (use, views) in missing.items():
            if use.template in tainted or views != reached[key]:
                continue
            memo = (use.name, frozenset(views))
            if memo not in suggestions:  # only the project's own names: framework ones are noise (and slow)
                own = set().union(*(suggestible_names(graph, graph.views[q]) for q in views))
                suggestions[memo] = did_you_mean(use.name, own)
            suggestion = suggestions[memo]
            yield self.finding(
                use.path,
                use.span,
                f"'{use.name}' is not in the context of {', '.join(sorted(views))}; "
                f"it renders as an empty string{suggestion_suffix(suggestion)}",
                suggestion=suggestion or "",
            )
