"""djust-lint: static analysis for djust (Django LiveView) projects.

Public API (imported lazily so ``import djust_lint`` stays cheap)::

    from djust_lint import lint_project, validate_view, build_graph
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .core.findings import Finding, Fix, Severity
    from .engine.api import LintResult, lint_project
    from .engine.validate import validate_view
    from .graph.builder import build_graph
    from .graph.model import ProjectGraph

_LAZY = {
    "lint_project": ("engine.api", "lint_project"),
    "LintResult": ("engine.api", "LintResult"),
    "validate_view": ("engine.validate", "validate_view"),
    "build_graph": ("graph.builder", "build_graph"),
    "ProjectGraph": ("graph.model", "ProjectGraph"),
    "Finding": ("core.findings", "Finding"),
    "Fix": ("core.findings", "Fix"),
    "Severity": ("core.findings", "Severity"),
}

__all__ = [  # noqa: F822 - resolved lazily by __getattr__
    "__version__",
    "Finding",
    "Fix",
    "LintResult",
    "ProjectGraph",
    "Severity",
    "build_graph",
    "lint_project",
    "validate_view",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module_name, attr = _LAZY[name]
        value = getattr(importlib.import_module(f".{module_name}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
