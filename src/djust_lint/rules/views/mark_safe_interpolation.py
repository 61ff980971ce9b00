"""DJ306 mark-safe-interpolation."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext


class MarkSafeInterpolation(Rule):
    """## What it does
    Reports `mark_safe(...)` (or `SafeString(...)`) called on a string built
    (f-string, `%` or `.format()` formatting, `+` concatenation, `"".join()`)
    from a part known to carry an unescaped value: a parameter, an attribute,
    or what is read from them, that reaches the string without passing
    through `escape`, `conditional_escape`, `format_html`, `int`/`float`/`len`,
    a numeric format (`{x:.2f}`), an allow-list check (`x in SIZES`),
    rendered template output (`nodelist.render()`, `render_to_string`) or a
    function of the same module whose every return is safe. Lists built with
    `append`/`extend` and joined are judged by what was put in them.

    ## Why is this bad?
    Whatever is interpolated is sent to the browser unescaped: a cross-site
    scripting hole as soon as a value comes from a user.

    ## Use instead
    `django.utils.html.format_html("<b>{}</b>", name)` escapes the arguments.

    Detected on the call itself, not by searching the text, so comments and
    strings that mention `mark_safe(f"` are not reported. Results of calls
    the rule cannot see into (helpers of other modules) are given the benefit
    of the doubt.
    """

    code = "DJ306"
    name = "mark-safe-interpolation"
    severity = Severity.WARNING
    summary = "mark_safe() on an interpolated string (XSS)"
    djust_equivalent = "validate_view: \"SECURITY: mark_safe() with f-string\"; djust.S001; djust_audit X005"
    djust_ids = ("djust.S001", "X005")
    VALID = [
        Example(
            {
                "app/widgets.py": 'from django.utils.html import format_html\nfrom django.utils.safestring import mark_safe\n\nICON = mark_safe("<i></i>")\n\n\ndef badge(name):\n    return format_html("<b>{}</b>", name)  # not mark_safe(f"...")\n'
            }
        )
    ]
    INVALID = [
        Example(
            {"app/widgets.py": 'from django.utils.safestring import mark_safe\n\n\ndef badge(name):\n    return mark_safe(f"<b>{name}</b>")\n'},
            expect=(("app/widgets.py", 5, 12),),
            messages=("mark_safe() on an interpolated string disables escaping of the interpolated values (XSS); use format_html()",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for module in ctx.graph.index.modules.values():
            for call in module.calls:
                if call.interpolated and call.function.rsplit(".", 1)[-1] in ("mark_safe", "SafeString"):
                    yield self.finding(
                        module.path,
                        call.span,
                        f"{call.function.rsplit('.', 1)[-1]}() on an interpolated string disables escaping of the "
                        "interpolated values (XSS); use format_html()",
                    )
