"""Apply suppression comments after every rule has run (as ruff does).

The readers record each file's comments (:mod:`djust_lint.readers.suppressions`)
while they hold its text; here they become directives matched against findings,
and each directive remembers which codes it used so DJ904 can report the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..readers.suppressions import Directive

if TYPE_CHECKING:
    from ..core.findings import Finding
    from ..graph.model import ProjectGraph


def directives_of(graph: ProjectGraph) -> list[Directive]:
    """Every suppression comment the readers recorded (no file is read again)."""
    directives: list[Directive] = []
    for module in graph.index.modules.values():
        directives.extend(Directive.from_comment(module.path, c) for c in module.suppressions)
    for node in graph.templates.values():
        if not node.inline:
            directives.extend(Directive.from_comment(node.path, c) for c in node.info.suppressions)
    return directives


def apply(
    findings: list[Finding], directives: list[Directive], djust_ids: dict[str, tuple[str, ...]]
) -> list[Finding]:
    """Drop suppressed findings; mark which directive codes were used."""
    by_path: dict[str, list[Directive]] = {}
    for directive in directives:
        by_path.setdefault(directive.path, []).append(directive)
    kept: list[Finding] = []
    for finding in findings:
        suppressed = False
        for directive in by_path.get(finding.path, ()):
            if directive.matches(finding, djust_ids):
                directive.used.add(finding.code)
                suppressed = True
        if not suppressed:
            kept.append(finding)
    return kept
