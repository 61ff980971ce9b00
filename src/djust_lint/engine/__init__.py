"""Layer 4: the one API every face calls to lint a project.

``lint()`` checks a project once; a :class:`Workspace` keeps one open across
runs (editors, the MCP server, the fix loop) and re-reads only what changed.
Both take in-memory overlays (``{path: text}`` for unsaved or planned edits)
and a report :class:`Scope`. ``validate_view`` checks one pasted source.
Faces import from here, or from :mod:`djust_lint.engine.api`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import LintResult, Scope, Workspace, lint, lint_project
    from .validate import validate_view

_LAZY = {
    "LintResult": "api",
    "Scope": "api",
    "Workspace": "api",
    "lint": "api",
    "lint_project": "api",
    "validate_view": "validate",
}

__all__ = ["LintResult", "Scope", "Workspace", "lint", "lint_project", "validate_view"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
