"""DJ306 mark-safe-interpolation."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext


class MarkSafeInterpolation(Rule):
    """## What it does
    Reports `mark_safe(...)` (or `SafeString(...)`) called on a string built
    from non-literal parts: an f-string with placeholders, `%` or
    `.format()` formatting, or `+` concatenation.

    ## Why is this bad?
    Whatever is interpolated is sent to the browser unescaped: a cross-site
    scripting hole as soon as a value comes from a user.

    ## Use instead
    `django.utils.html.format_html("<b>{}</b>", name)` escapes the arguments.

    Detected on the call itself, not by searching the text, so comments and
    strings that mention `mark_safe(f"` are not reported.
    """

    code = "DJ306"
    name = "mark-safe-interpolation"
    severity = Severity.ERROR
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
