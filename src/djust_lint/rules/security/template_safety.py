"""Template rules: |safe on client_name and on view variables, autoescape off, inline scripts without CSP.

djust scans template text with regexes line by line, so a ``{{ x|safe }}`` in a
comment or ``{% verbatim %}`` counts and a tag split over lines does not; these
rules read the template reader's variables, tags and element tree instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import in_selection
from ._common import settings_values

if TYPE_CHECKING:
    from ...core.model import Element, TemplateInfo, TemplateVariable
    from ...graph.model import ProjectGraph

_T = "app/templates/app/page.html"
_DATA_SCRIPT_TYPES = frozenset(
    {
        "application/json", "application/ld+json", "text/template", "text/html", "text/x-template",
        "text/x-handlebars-template", "text/markdown", "importmap", "speculationrules",
    }
)  # fmt: skip
_ROOT_ATTRS = ("dj-root", "dj-view")


def _safe_variables(graph: ProjectGraph) -> Iterator[tuple[str, TemplateVariable, str]]:
    """(path, variable, variable name) for every ``{{ name|...|safe }}``."""
    for node in graph.templates.values():
        if not in_selection(graph, node.path):
            continue  # this run discards findings in that file
        for variable in node.info.variables:
            parts = [p.strip() for p in variable.expression.split("|")]
            if len(parts) > 1 and any(p.split(":", 1)[0].strip() == "safe" for p in parts[1:]):
                yield node.path, variable, parts[0]


def _is_client_name(name: str) -> bool:
    return name.rsplit(".", 1)[-1] == "client_name"


class ClientNameMarkedSafe(Rule):
    """## What it does
    Reports `{{ <expr>.client_name|safe }}`.

    ## Why is this bad?
    An upload's `client_name` is the file name the browser sent. `|safe`
    turns escaping off, so a file called `<img src=x onerror=...>.png` is
    stored XSS for everyone who sees the upload list.

    ## Example
    ```html
    {{ entry.client_name|safe }}
    ```

    ## Use instead
    ```html
    {{ entry.client_name }}
    ```

    djust reports this as `djust.S007` (also inside comments and `{% verbatim %}`).
    """

    code = "DJ520"
    name = "client-name-marked-safe"
    severity = Severity.WARNING
    summary = "Upload client_name rendered with |safe (stored XSS)"
    djust_equivalent = "djust.S007 (client_name|safe)"
    djust_ids = ("djust.S007",)
    VALID = [Example({_T: "<p>{{ entry.client_name }}</p>\n{# {{ entry.client_name|safe }} #}\n"})]
    INVALID = [
        Example(
            {_T: "<p>\n  {{ entry.client_name|safe }}</p>\n"},
            expect=((_T, 2, 3),),
            messages=("client_name is the browser-supplied file name; |safe makes it stored XSS",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for path, variable, name in _safe_variables(ctx.graph):
            if _is_client_name(name):
                yield self.finding(path, variable.span, "client_name is the browser-supplied file name; |safe makes it stored XSS")


class SafeFilter(Rule):
    """## What it does
    Reports `{{ variable|safe }}` (any variable except `client_name`, which
    `client-name-marked-safe` reports).

    ## Why is this bad?
    `|safe` turns off escaping: if the value ever contains user input, it is
    cross-site scripting. Each use needs a reviewer to confirm the value is
    trusted HTML.

    ## Example
    ```html
    {{ comment.body|safe }}
    ```

    ## Use instead
    ```html
    {{ comment.body }}   or build trusted HTML with format_html() in Python
    ```

    djust's AST audit reports this as `X006`; commented-out and
    `{% verbatim %}` text is not reported here.
    """

    code = "DJ521"
    name = "safe-filter"
    severity = Severity.WARNING
    summary = "Template variable rendered with |safe"
    djust_equivalent = "djust_audit --ast X006 (template uses |safe)"
    djust_ids = ("X006",)
    VALID = [Example({_T: "<p>{{ comment.body }}</p>\n{% verbatim %}{{ x|safe }}{% endverbatim %}\n"})]
    INVALID = [
        Example(
            {_T: "<p>{{ comment.body|safe }}</p>\n"},
            expect=((_T, 1, 4),),
            messages=("{{ comment.body|safe }} disables escaping; make sure the value is trusted HTML",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for path, variable, name in _safe_variables(ctx.graph):
            if not _is_client_name(name):
                yield self.finding(path, variable.span, f"{{{{ {name}|safe }}}} disables escaping; make sure the value is trusted HTML")


class AutoescapeOff(Rule):
    """## What it does
    Reports `{% autoescape off %}`.

    ## Why is this bad?
    Every variable inside the block is rendered unescaped; one user-supplied
    value is enough for cross-site scripting.

    ## Example
    ```html
    {% autoescape off %}{{ body }}{% endautoescape %}
    ```

    ## Use instead
    Escape by default and mark only trusted values (built with
    `format_html()`) as safe.

    djust's AST audit reports this as `X007`.
    """

    code = "DJ522"
    name = "autoescape-off"
    severity = Severity.WARNING
    summary = "{% autoescape off %} disables escaping for a whole block"
    djust_equivalent = "djust_audit --ast X007 (autoescape off)"
    djust_ids = ("X007",)
    VALID = [Example({_T: "{% autoescape on %}{{ body }}{% endautoescape %}\n"})]
    INVALID = [
        Example(
            {_T: "<div>\n{% autoescape off %}{{ body }}{% endautoescape %}</div>\n"},
            expect=((_T, 2, 1),),
            messages=("{% autoescape off %} renders every variable in the block unescaped",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for node in ctx.graph.templates.values():
            for tag in node.info.tags:
                if tag.name == "autoescape" and tag.args.strip() == "off":
                    yield self.finding(node.path, tag.span, "{% autoescape off %} renders every variable in the block unescaped")


class InlineScriptWithoutCsp(Rule):
    """## What it does
    Reports an inline, executable `<script>` inside a LiveView root (an
    element with `dj-root` or `dj-view`) when the settings configure no
    Content-Security-Policy (no CSP middleware, no `CONTENT_SECURITY_POLICY`,
    `CSP_*` or `SECURE_CSP*` setting). Scripts with `src`, a `nonce` or a data
    `type` (`application/json`, ...) and scripts inside `<pre>`/`<code>` are
    not reported. Only projects whose settings file was found are checked.

    ## Why is this bad?
    djust morphs the root's HTML after the WebSocket mount and does not run
    scripts it inserts, so handlers the script registers silently never
    fire; a strict CSP would block it anyway.

    ## Example
    ```html
    <div dj-root><script>init()</script></div>
    ```

    ## Use instead
    Move the code to a static JS file (or a hook), or put the script after
    the root element, or give it a CSP nonce.

    djust reports this as `djust.S011`. The element tree is used, so
    `dj-view-transitions` is not a root and commented-out scripts do not count.
    """

    code = "DJ523"
    name = "inline-script-without-csp"
    severity = Severity.WARNING
    summary = "Inline <script> inside a LiveView root and no CSP"
    djust_equivalent = "djust.S011 (inline <script> in a LiveView template without CSP)"
    djust_ids = ("djust.S011",)
    _SETTINGS = {"proj/settings.py": "INSTALLED_APPS = ['app']\nTEMPLATES = [{'DIRS': [], 'APP_DIRS': True}]\n"}
    VALID = [
        Example({**_SETTINGS, _T: "<div dj-root>\n  <script src='/static/x.js'></script>\n</div>\n<script>init()</script>\n"}),
        Example({**_SETTINGS, "proj/settings.py": _SETTINGS["proj/settings.py"] + "CSP_SCRIPT_SRC = ['self']\n", _T: "<div dj-root><script>init()</script></div>\n"}),
    ]
    INVALID = [
        Example(
            {**_SETTINGS, _T: "<div dj-root>\n  <script>init()</script>\n</div>\n"},
            expect=((_T, 2, 3),),
            messages=("inline <script> inside the LiveView root: djust does not run it after morphing, and no CSP is configured; move it to a static file or after the root, or add a nonce",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if graph.settings is None or not graph.settings.paths:
            return
        if _csp_configured(settings_values(graph)):
            return
        for node in graph.templates.values():
            if not in_selection(graph, node.path):
                continue
            for element in _scripts_in_roots(node.info):
                yield self.finding(
                    node.path,
                    element.span,
                    "inline <script> inside the LiveView root: djust does not run it after morphing, and no CSP is "
                    "configured; move it to a static file or after the root, or add a nonce",
                )


def _csp_configured(values: dict[str, object]) -> bool:
    middleware = values.get("MIDDLEWARE")
    if isinstance(middleware, (list, tuple)) and any("csp" in str(m).lower() for m in middleware):
        return True
    if middleware is ...:
        return True  # built dynamically: cannot tell, assume the author has a CSP story
    return any(
        (name == "CONTENT_SECURITY_POLICY" or name.startswith(("CSP_", "SECURE_CSP"))) and value
        for name, value in values.items()
    )


def _scripts_in_roots(info: TemplateInfo) -> Iterator[Element]:
    """Executable inline ``<script>`` elements with a ``dj-root``/``dj-view`` ancestor (not in pre/code)."""
    elements = info.elements
    for element in elements:
        if element.tag.lower() != "script" or not _executable(element):
            continue
        parent, inside_root = element.parent, False
        while parent is not None:
            ancestor = elements[parent]
            if ancestor.tag.lower() in ("pre", "code"):
                inside_root = False
                break
            if any(ancestor.get(name) is not None for name in _ROOT_ATTRS):
                inside_root = True
            parent = ancestor.parent
        if inside_root:
            yield element


def _executable(element: Element) -> bool:
    names = {a.name.lower(): a for a in element.attributes}
    if "src" in names or "nonce" in names:
        return False
    kind = names.get("type")
    return kind is None or (kind.value or "").strip().lower() not in _DATA_SCRIPT_TYPES


RULES = (ClientNameMarkedSafe, SafeFilter, AutoescapeOff, InlineScriptWithoutCsp)
