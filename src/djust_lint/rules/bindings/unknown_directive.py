"""DJ110 unknown-directive."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext, did_you_mean, suggestion_suffix


class UnknownDirective(Rule):
    """## What it does
    Reports a `dj-*` attribute that djust does not know: not one of the
    framework's directives, not a `dj-value-*`, `dj-window-<event>` or
    `dj-document-<event>` family member, not an attribute djust's client
    JavaScript or shipped CSS reads (`dj-offline-show`), nor one djust's own
    shipped templates use (`dj-offline`). The list is generated from the
    installed djust's schema, client JS and templates.

    ## Why is this bad?
    The browser ignores it, so a typo such as `dj-clik` leaves a dead button.

    ## Example
    ```html
    <button dj-clik="save">
    ```

    ## Use instead
    ```html
    <button dj-click="save">
    ```
    """

    code = "DJ110"
    name = "unknown-directive"
    severity = Severity.ERROR
    summary = "dj-* attribute is not a djust directive"
    VALID = [Example({"app/templates/app/page.html": '<div dj-loading.class="busy" dj-value-id="1" dj-window-keydown.escape="close"></div>\n'})]
    INVALID = [
        Example(
            {"app/templates/app/page.html": '<button dj-clik="save">x</button>\n'},
            expect=(("app/templates/app/page.html", 1, 9),),
            messages=("`dj-clik` is not a djust directive; did you mean 'dj-click'?",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        vocabulary = ctx.graph.vocabulary
        known = sorted(vocabulary.directives | vocabulary.client_attributes | vocabulary.shipped_attributes)
        for binding in ctx.graph.bindings:
            if binding.kind != "unknown" or "{" in binding.directive:
                continue
            suggestion = did_you_mean(binding.base, known)
            yield self.finding(
                binding.path,
                binding.span,
                f"`{binding.directive}` is not a djust directive{suggestion_suffix(suggestion)}",
                suggestion=suggestion or "",
            )
