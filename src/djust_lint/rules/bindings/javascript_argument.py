"""DJ112 javascript-argument."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ...graph.bindings import DYNAMIC_MARK, mask_template_code, sub_span
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS

#: Bare names a browser-side author means as JavaScript values (the client sends them as text).
_JS_NAMES = frozenset({"this", "value", "event", "checked", "undefined", "window", "document", "NaN"})
#: ``this.checked``, ``event.target.value``, ``Array.from(...)``, ``!x``, ``a && b``, ``x[0]``...
_JS_SYNTAX = re.compile(r"[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+|[()\[\]!?<>=&|]")
_NUMBER = re.compile(r"-?(\d+|\d*\.\d+|\d+\.\d*)")

_VIEW = EXAMPLE_IMPORTS + '''

class Settings(LiveView):
    template_name = "app/settings.html"

    @event_handler
    def toggle(self, enabled: bool = False, **kwargs):
        self.enabled = enabled
'''


class JavaScriptArgument(Rule):
    """## What it does
    Reports a handler argument written as JavaScript (`this.checked`,
    `event.target.value`, `Array.from(...)`, `value`) in a `dj-*` binding,
    in a template or in HTML built in a Python string.

    ## Why is this bad?
    djust's client does not evaluate handler arguments: it reads quoted
    strings, numbers, `true`/`false`/`null`, and sends anything else as its
    own text. The handler receives the string `"this.checked"` (or `"value"`)
    instead of the value the author meant, and positional arguments override
    the parameters the client sends on its own (`value`, `field`).

    ## Example
    ```html
    <input type="checkbox" dj-change="toggle(this.checked)">
    ```

    ## Use instead
    ```html
    <input type="checkbox" dj-change="toggle">
    ```
    The client already sends the element's `value` (and `checked` state for
    checkboxes); pass other data with `data-*` or `dj-value-*` attributes.

    Bare words (`set_mode(dark)`) arrive as the intended string and are not
    reported; arguments made of template code (`pick({{ item.id }})`) are
    dynamic and never reported.
    """

    code = "DJ112"
    name = "javascript-argument"
    severity = Severity.WARNING
    summary = "Handler argument written as JavaScript arrives as a junk string"
    djust_equivalent = "none (the client sends the text; the handler gets junk)"
    VALID = [
        Example(
            {
                "app/views.py": _VIEW,
                "app/templates/app/settings.html": '<div dj-root><input type="checkbox" dj-change="toggle"></div>\n',
            }
        )
    ]
    INVALID = [
        Example(
            {
                "app/views.py": _VIEW,
                "app/templates/app/settings.html": (
                    '<div dj-root>\n<input type="checkbox" dj-change="toggle(this.checked)">\n</div>\n'
                ),
            },
            expect=(("app/templates/app/settings.html", 2, 42),),
            messages=("argument `this.checked` of 'toggle' is sent as the string 'this.checked': djust does not evaluate JavaScript in handler arguments",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for binding in ctx.graph.bindings:
            if binding.kind != "handler" or binding.raw is None or binding.value_span is None:
                continue
            if not binding.calls or any(c.source != "value" for c in binding.calls):
                continue
            for token, start, end in javascript_arguments(binding.raw):
                yield self.finding(
                    binding.path,
                    sub_span(binding.value_span, binding.raw, start, end),
                    f"argument `{token}` of '{binding.calls[0].name}' is sent as the string '{token}': "
                    "djust does not evaluate JavaScript in handler arguments"
                    + (" (the element's value already arrives as the `value` parameter)" if token == "value" else ""),
                    handler=binding.calls[0].name,
                    argument=token,
                )


def javascript_arguments(value: str) -> list[tuple[str, int, int]]:
    """(token, start, end) of each argument the client would send as raw text because it is JavaScript."""
    masked = mask_template_code(value)
    paren = masked.find("(")
    close = masked.rfind(")")
    if paren == -1 or close < paren:
        return []
    found = []
    for token, start in _split(masked, paren + 1, close):
        if not token or token[0] in "\"'" or DYNAMIC_MARK in token:
            continue
        if token in ("true", "false", "null") or _NUMBER.fullmatch(token):
            continue
        if token in _JS_NAMES or _JS_SYNTAX.search(token):
            found.append((value[start : start + len(token)], start, start + len(token)))
    return found


def _split(text: str, start: int, end: int) -> Iterator[tuple[str, int]]:
    """Comma-separated arguments of ``text[start:end]`` as the client splits them (quotes respected)."""
    quote: str | None = None
    begin = start
    index = start
    while index < end:
        char = text[index]
        if quote:
            if char == "\\":
                index += 2
                continue
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == ",":
            yield _stripped(text, begin, index)
            begin = index + 1
        index += 1
    yield _stripped(text, begin, end)


def _stripped(text: str, start: int, end: int) -> tuple[str, int]:
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    return raw.strip(), start + lead
