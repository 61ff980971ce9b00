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


def _module_name(path: str) -> tuple[str, bool]:
    pure = PurePosixPath(path)
    parts = list(pure.with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(p for p in parts if p not in ("", ".")) or "view", is_package


def validate_view(source: str | bytes, *, path: str | None = None, root: str | Path | None = None) -> list[Finding]:
    """Findings for one view source, sorted by position.

    ``path`` is where the source lives (relative to ``root``, or absolute
    inside it); ``root`` enables template files, includes and cross-module
    bases. Never imports or executes the source.
    """
    from ..graph.builder import SourceSet, link, read_project
    from ..readers.discovery import module_name_for
    from ..readers.python import read_module
    from ..rules import ALL_RULES
    from .api import run_rules

    root_path = Path(root).resolve() if root is not None else None
    rel = _relative(path or "view.py", root_path)
    if root_path is not None:
        module_name, is_package = module_name_for(root_path / rel, root_path)
        sources = read_project(root_path)
        sources.modules = [m for m in sources.modules if m.path != rel]
    else:
        module_name, is_package = _module_name(rel)
        sources = SourceSet(root=Path("."))
    module = read_module(source, path=rel, module=module_name, is_package=is_package)
    sources.modules.append(module)
    sources.selected = None
    graph = link(sources)
    relevant = {rel}
    for cls in module.classes:
        view = graph.views.get(cls.qualname)
        if view is not None:
            relevant.update(graph.templates[key].path for key in view.renders)
    graph.selected = relevant
    rules = [r for r in ALL_RULES if r.in_validate_view and (root_path is not None or r.code not in _NEEDS_PROJECT)]
    findings, _errors = run_rules(graph, rules)
    return findings


def _relative(path: str, root: Path | None) -> str:
    candidate = Path(path)
    if candidate.is_absolute() and root is not None:
        try:
            return candidate.resolve().relative_to(root).as_posix()
        except ValueError:
            return candidate.name
    return PurePosixPath(path).as_posix()
