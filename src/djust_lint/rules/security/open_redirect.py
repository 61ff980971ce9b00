"""DJ507 open-redirect (djust_audit X004)."""

from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ._common import facts_by_function, is_test_or_migration

_HEAD = "from django.shortcuts import redirect\n\n\ndef back(request):\n"


class OpenRedirect(Rule):
    """## What it does
    Reports `redirect(...)`, `HttpResponseRedirect(...)` or
    `HttpResponsePermanentRedirect(...)` whose target is read straight from
    the request (`request.GET`, `request.POST`, headers, cookies, URL kwargs)
    in a function that never calls `url_has_allowed_host_and_scheme()` (or
    the old `is_safe_url()`).

    ## Why is this bad?
    `?next=https://evil.example` sends your users to a phishing site with
    your domain in the link.

    ## Example
    ```python
    return redirect(request.GET.get("next", "/"))
    ```

    ## Use instead
    ```python
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    return redirect(target)
    ```

    djust's AST audit reports this as `X004`; it also counts `request.path`
    as user input, which is not an open redirect.
    """

    code = "DJ507"
    name = "open-redirect"
    severity = Severity.WARNING
    summary = "Redirect to a request-supplied URL without a safety check"
    djust_equivalent = "djust_audit --ast X004 (open redirect)"
    djust_ids = ("X004",)
    VALID = [
        Example(
            {
                "app/views.py": "from django.utils.http import url_has_allowed_host_and_scheme\n"
                + _HEAD
                + '    target = request.GET.get("next")\n'
                + "    if url_has_allowed_host_and_scheme(target, None):\n        return redirect(target)\n"
                + '    return redirect(request.GET.get("next") if False else "/")\n'
            }
        )
    ]
    INVALID = [
        Example(
            {"app/views.py": _HEAD + '    return redirect(request.GET.get("next", "/"))\n'},
            expect=(("app/views.py", 5, 12),),
            messages=("redirect() to a URL taken from the request (open redirect); check it with url_has_allowed_host_and_scheme() first",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for module in ctx.graph.index.modules.values():
            if is_test_or_migration(module.path) or not any(f.kind == "redirect_input" for f in module.facts):
                continue
            for facts in facts_by_function(module).values():
                if any(f.kind == "redirect_guard" for f in facts):
                    continue
                for fact in facts:
                    if fact.kind == "redirect_input":
                        yield self.finding(
                            module.path,
                            fact.span,
                            f"{fact.detail}() to a URL taken from the request (open redirect); check it with "
                            "url_has_allowed_host_and_scheme() first",
                        )


RULES = (OpenRedirect,)
