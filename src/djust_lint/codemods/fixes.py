"""Apply the fixes rules declare, until the project is stable.

Every fix carries its :class:`~djust_lint.core.findings.Edit` spans, computed
by the rule when it reports (libcst ones too: see
:mod:`djust_lint.rules.python_fixes`); they are applied here by offset.

The loop lints the project *as edited so far* (the edited files overlaid on
the ones on disk, nothing written), applies every fix whose edits do not
overlap an edit already taken in this pass, and starts again — at most
:data:`MAX_PASSES` times — so fixes that enable other fixes (a handler given
``@event_handler`` then needs ``**kwargs``) and fixes deferred because they
overlapped all land. The result is one :class:`EditPlan`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import libcst as cst

from ..core.textedit import LineIndex, apply_edits, overlaps
from .common import file_edit, read_text
from .plan import EditPlan, PlanError

if TYPE_CHECKING:
    from ..core.findings import Finding
    from ..engine.api import LintResult, Workspace
    from ..graph.builder import BuildOptions

MAX_PASSES = 10

# ---------------------------------------------------------------------------
# Linting the project as edited so far
# ---------------------------------------------------------------------------


@dataclass
class LintSettings:
    """What ``djust-lint check`` was asked for, so every pass lints the same way."""

    select: list[str] | None = None
    ignore: list[str] | None = None
    extend_select: list[str] | None = None
    config_file: Path | None = None
    baseline: Path | None = None
    options: BuildOptions | None = None
    related: bool = False
    """Also fix and report what the named paths cause elsewhere (``check --related``)."""


class OverlayLinter:
    """Lint the project as edited so far: the engine's workspace with the edits as overlays.

    The workspace remembers every file it read, so a pass re-reads only the
    files the previous pass edited (held in memory, never written).
    """

    def __init__(self, root: Path, settings: LintSettings, workspace: Workspace | None = None) -> None:
        from ..engine.api import Workspace

        self.root = root
        self.settings = settings
        options = settings.options
        if options is not None:
            options.freeze_gc = False  # several passes: let the collector reclaim old graphs
        # A long-lived caller (the MCP server) lends its workspace: files it already read are not read again.
        self.workspace = workspace or Workspace(root, config_file=settings.config_file, options=options)

    def lint(self, overlay: dict[str, str]) -> LintResult:
        from ..engine.api import Scope

        s = self.settings
        paths = s.options.paths if s.options is not None else None
        return self.workspace.lint(
            overlays=overlay,
            paths=paths,
            scope=Scope.RELATED if s.related else Scope.PATHS,
            select=s.select,
            ignore=s.ignore,
            extend_select=s.extend_select,
            baseline=s.baseline,
        )


# ---------------------------------------------------------------------------
# The fix loop
# ---------------------------------------------------------------------------


@dataclass
class FixSession:
    """Accumulated state of a fix run: the edited texts and what was done."""

    root: Path
    unsafe: bool
    overlay: dict[str, str] = field(default_factory=dict)
    originals: dict[str, str] = field(default_factory=dict)
    applied: list[str] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    passes: int = 0

    def text(self, path: str) -> str:
        if path not in self.overlay:
            self.originals[path] = read_text(self.root, path)
            self.overlay[path] = self.originals[path]
        return self.overlay[path]

    def wants(self, finding: Finding) -> bool:
        fix = finding.fix
        return fix is not None and (fix.applicability == "safe" or self.unsafe)

    def run_pass(self, result: LintResult) -> bool:
        """Apply one pass of non-overlapping fixes; True when any file changed."""
        candidates = [f for f in result.findings if self.wants(f)]
        return self._apply_span_fixes([f for f in candidates if f.fix and f.fix.edits])

    def _apply_span_fixes(self, findings: list[Finding]) -> bool:
        taken: dict[str, list[tuple[int, int]]] = {}
        chosen: dict[str, list] = {}
        indexes: dict[str, LineIndex] = {}
        for finding in findings:
            assert finding.fix is not None
            ranges = self._ranges(finding, indexes)
            if ranges is None or any(overlaps(r, t) for path, r in ranges for t in taken.get(path, ())):
                continue  # overlapping: left for the next pass
            if any(overlaps(a[1], b[1]) for i, a in enumerate(ranges) for b in ranges[i + 1 :] if a[0] == b[0]):
                continue
            for (path, r), edit in zip(ranges, finding.fix.edits, strict=True):
                taken.setdefault(path, []).append(r)
                chosen.setdefault(path, []).append(edit)
            self.applied.append(_describe(finding))
        changed = False
        for path, edits in chosen.items():
            new = apply_edits(self.text(path), edits)
            if path.endswith(".py") and not _parses(new):
                self.applied.append(f"{path}: fixes skipped, the result would not parse")
                continue
            changed |= new != self.overlay[path]
            self.overlay[path] = new
        return changed

    def _ranges(self, finding: Finding, indexes: dict[str, LineIndex]) -> list[tuple[str, tuple[int, int]]] | None:
        """Offsets of a fix's edits in the current texts; ``None`` when a span is outside its file."""
        assert finding.fix is not None
        try:
            for edit in finding.fix.edits:
                if edit.path not in indexes:
                    indexes[edit.path] = LineIndex(self.text(edit.path))
            return [(e.path, indexes[e.path].range(e.span)) for e in finding.fix.edits]
        except (ValueError, PlanError):
            return None

    def plan(self, description: str) -> EditPlan:
        plan = EditPlan(self.root, description)
        for path in sorted(self.overlay):
            if self.overlay[path] != self.originals[path]:
                plan.edits.append(file_edit(self.root, path, self.originals[path], self.overlay[path]))
        plan.messages.extend(self.applied)
        return plan


def _parses(text: str) -> bool:
    try:
        cst.parse_module(text)
    except cst.ParserSyntaxError:
        return False
    return True


def _describe(finding: Finding) -> str:
    assert finding.fix is not None
    return f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.fix.message}"


def run_fix_loop(
    root: Path, linter: OverlayLinter, *, unsafe: bool, first: LintResult | None = None
) -> tuple[EditPlan, FixSession]:
    """Lint, fix, re-lint the edited state, until nothing changes (or :data:`MAX_PASSES`)."""
    session = FixSession(root, unsafe)
    result = first if first is not None else linter.lint({})
    while session.passes < MAX_PASSES:
        session.passes += 1
        if not session.run_pass(result):
            break
        result = linter.lint({p: t for p, t in session.overlay.items() if t != session.originals[p]})
    else:
        session.applied.append(f"stopped after {MAX_PASSES} passes; run again to continue")
    session.remaining = result.findings
    return session.plan("apply fixes" + (" (including unsafe)" if unsafe else "")), session


def plan_fixes(
    root: Path | str,
    paths: Sequence[Path | str] | None = None,
    unsafe: bool = False,
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    workspace: Workspace | None = None,
) -> EditPlan:
    """Plan every fix the rules offer (safe ones, plus unsafe ones when asked).

    ``paths`` limits which files' findings are fixed (an edit may still touch
    another file, e.g. a binding fix in a template); ``workspace`` reuses an
    open project's reads. Nothing is written: call ``plan.apply()``.
    """
    from ..graph.builder import BuildOptions

    root = Path(root).resolve()
    selected = [Path(p) if Path(p).is_absolute() else root / p for p in paths] if paths else None
    settings = LintSettings(select=select, ignore=ignore, options=BuildOptions(paths=selected))
    plan, _session = run_fix_loop(root, OverlayLinter(root, settings, workspace), unsafe=unsafe)
    return plan
