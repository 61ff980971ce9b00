"""DJ904 unused-suppression."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ...core.findings import Edit, Finding, Fix, Severity
from ...readers.suppressions import Directive
from ..base import Example, Rule, RuleContext

_VIEW = '''from djust import LiveView
from djust.decorators import event_handler


class Page(LiveView):
    template = "<b dj-click='go'>x</b>"

    @event_handler
    def go(self):  # djust-lint: noqa: DJ304
        pass

    @event_handler
    def stop(self, **kwargs):  # djust-lint: noqa: DJ304
        pass
'''


class UnusedSuppression(Rule):
    """## What it does
    Reports a `# djust-lint: noqa` or `{# djust-lint: ignore #}` comment
    that suppresses nothing: the code it names no longer fires there, or is
    not a djust-lint code at all.

    ## Why is this bad?
    Stale suppressions hide the next real problem on that line and make
    readers believe something is wrong when it is not.

    Codes that are not enabled in this run are never reported as unused
    (the run cannot know), like ruff's RUF100.

    ## Fix safety
    Removing the comment is safe.
    """

    code = "DJ904"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "Suppression comment suppresses nothing"
    fixable = True
    in_validate_view = False
    VALID = [Example({"app/views.py": _VIEW.split("\n    @event_handler\n    def stop")[0] + "\n"}, select=("ALL",))]
    INVALID = [
        Example(
            {"app/views.py": _VIEW},
            expect=(("app/views.py", 13, 32),),
            select=("ALL",),
            messages=("unused suppression: DJ304 no longer reported here",),
            fixed={"app/views.py": _VIEW.replace("def stop(self, **kwargs):  # djust-lint: noqa: DJ304", "def stop(self, **kwargs):")},
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        return iter(())  # computed by the engine after suppressions are applied: see ``unused``

    def unused(self, directives: Iterable[Directive], enabled: set[str], known: set[str]) -> Iterator[Finding]:
        for directive in directives:
            if not directive.ours:
                continue
            if not directive.codes:
                if not directive.used:
                    yield self._finding(directive, "suppression comment suppresses nothing", removable=True)
                continue
            unknown = [c for c in directive.codes if c not in known]
            stale = [c for c in directive.codes if c in known and c in enabled and c not in directive.used]
            if not unknown and not stale:
                continue
            parts = []
            if stale:
                parts.append(f"{', '.join(stale)} no longer reported here")
            if unknown:
                parts.append(f"{', '.join(unknown)} is not a djust-lint code")
            removable = len(stale) + len(unknown) == len(directive.codes)
            yield self._finding(directive, "unused suppression: " + "; ".join(parts), removable=removable)

    def _finding(self, directive: Directive, message: str, *, removable: bool) -> Finding:
        fix = None
        if removable and directive.removal is not None:
            fix = Fix("Remove the suppression comment", (Edit(directive.path, directive.removal, ""),))
        return self.finding(directive.path, directive.span, message, fix=fix)
