"""``validate_view``: check one view's source before it is saved.

Built for AI editors that just generated a view: the source is an overlay on
the engine's :class:`~djust_lint.engine.api.Workspace` — alone (no project),
or laid over the project at ``path`` (a new file beside the others when
``path`` is omitted) — and linted with ``check``'s rules: the same defaults,
and inside a project the same configuration. Only what concerns this source
and the templates it renders is reported.

The source is a *snippet* (see ``snippet.py``): djust names it uses without
importing them are read as imported, and code with no view or component
class gets an explicit DJ905 instead of an empty answer. Without a project,
rules that need one (``needs_project``: a handler bound nowhere, a template
not found) stay quiet — the rest of the project is simply not visible.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..core.findings import Finding

if TYPE_CHECKING:
    from .api import Workspace
    from .pipeline import LintResult

#: Where pasted code lives when no ``path`` is given.
SNIPPET_PATH = "snippet.py"


def validate_view(
    source: str | bytes, *, path: str | None = None, root: str | Path | None = None, cache: bool = False
) -> list[Finding]:
    """Findings for one view source, sorted by position.

    ``path`` is where the source lives or will live (relative to ``root``, or
    absolute inside it); ``root`` makes the project's templates, mixins and
    settings visible; ``cache`` reads the project's files through the read
    cache. Never imports or executes the source.
    """
    return validate(source, path=path, root=root, cache=cache).findings


def validate(
    source: str | bytes,
    *,
    path: str | None = None,
    root: str | Path | None = None,
    cache: bool = False,
    workspace: Workspace | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
) -> LintResult:
    """:func:`validate_view` with the graph and internal errors; ``workspace`` reuses an open project;
    ``select``/``ignore``/``extend_select`` work as on the command line."""
    from ..graph.builder import BuildOptions
    from ..rules.diagnostics.no_view import NoViewInCode
    from .api import Scope, Workspace, selected_rules
    from .pipeline import internal_error_finding
    from .snippet import with_implicit_imports

    if workspace is None:
        workspace = Workspace(root, options=BuildOptions(cache=cache), remember_reads=False)
    project = workspace.root
    chosen = selected_rules(workspace.config, select, ignore, extend_select)
    if project is not None:
        rel = _relative(path, project) if path else _free_path(project)
        rules = [r for r in chosen if r.in_validate_view]
    else:
        rel = PurePosixPath(path).as_posix() if path else SNIPPET_PATH
        rules = [r for r in chosen if r.in_validate_view and not r.needs_project]
    result = workspace.lint(overlays={rel: with_implicit_imports(source)}, rules=rules, scope=Scope.ALL, use_baseline=False)
    graph = result.graph
    views = [graph.views[c.qualname] for c in graph.index.classes.values() if c.path == rel and c.qualname in graph.views]
    relevant = {rel}
    for view in views:
        relevant.update(graph.templates[key].path for key in view.renders if key in graph.templates)
    # a rule that crashed is a DJ999 on the code, never silence (and reported once: as a finding)
    crashed = [internal_error_finding(error, rel) for error in result.internal_errors]
    result.internal_errors = []
    result.findings = crashed + [f for f in result.findings if f.path in relevant]
    unparsable = any(f.path == rel and f.code in ("DJ900", "DJ901") for f in result.findings)
    if not views and not unparsable and NoViewInCode in rules:
        result.findings.append(NoViewInCode().about(rel))
        result.findings.sort(key=lambda f: f.sort_key)
    return result


def is_lone_file(path: Path) -> bool:
    """A Python file with no project around it (no pyproject.toml, manage.py or .git above): a snippet."""
    from ..readers.discovery import find_root, has_root_marker

    return path.suffix == ".py" and path.is_file() and not has_root_marker(find_root(path))


def _free_path(root: Path) -> str:
    """A root-level module name no project file uses (the snippet must not hide a real module)."""
    candidate, counter = SNIPPET_PATH, 1
    while (root / candidate).exists():
        candidate = f"snippet_{counter}.py"
        counter += 1
    return candidate


def _relative(path: str, root: Path) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.resolve().relative_to(root).as_posix()
        except ValueError:
            return candidate.name
    return PurePosixPath(path).as_posix()
