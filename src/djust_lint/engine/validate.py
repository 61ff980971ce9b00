"""``validate_view``: check one view's source in isolation.

Built for AI editors that just generated a view: it runs the same engine as
``djust-lint check`` on a one-module project (plus, when ``root`` is given,
the rest of the project with this source overlaid on the file at ``path``),
and reports only what concerns this source and the templates it renders.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..core.findings import Finding

#: Rules that need the rest of the project to avoid false positives.
_NEEDS_PROJECT = frozenset({"DJ201", "DJ202", "DJ203"})


def validate_view(source: str | bytes, *, path: str | None = None, root: str | Path | None = None) -> list[Finding]:
    """Findings for one view source, sorted by position.

    ``path`` is where the source lives (relative to ``root``, or absolute
    inside it); ``root`` enables template files, includes and cross-module
    bases. Never imports or executes the source.
    """
    from ..rules import ALL_RULES
    from .api import Scope, Workspace
    from .pipeline import internal_error_finding

    root_path = Path(root).resolve() if root is not None else None
    rel = _relative(path or "view.py", root_path)
    rules = [r for r in ALL_RULES if r.in_validate_view and (root_path is not None or r.code not in _NEEDS_PROJECT)]
    workspace = Workspace(root_path, remember_reads=False)
    result = workspace.lint(overlays={rel: source}, rules=rules, scope=Scope.ALL, use_baseline=False)
    graph = result.graph
    relevant = {rel}
    for cls in graph.index.classes.values():
        view = graph.views.get(cls.qualname) if cls.path == rel else None
        if view is not None:
            relevant.update(graph.templates[key].path for key in view.renders)
    crashed = [internal_error_finding(error, rel) for error in result.internal_errors]
    return [f for f in result.findings if f.path in relevant] + crashed


def _relative(path: str, root: Path | None) -> str:
    candidate = Path(path)
    if candidate.is_absolute() and root is not None:
        try:
            return candidate.resolve().relative_to(root).as_posix()
        except ValueError:
            return candidate.name
    return PurePosixPath(path).as_posix()
