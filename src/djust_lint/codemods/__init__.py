"""Codemods: scaffolding, add-handler, fixes and renames, as reviewable edit plans.

Every codemod returns an :class:`~djust_lint.codemods.plan.EditPlan` (what would
change, with a hash of each file as it was read); applying a plan refuses when a
file changed since, and writes atomically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .add_handler import plan_add_handler
    from .fixes import plan_fixes
    from .plan import EditPlan, FileEdit, PlanConflict, PlanError, plan_file
    from .rename import plan_rename_handler

__all__ = [
    "EditPlan",
    "FileEdit",
    "PlanConflict",
    "PlanError",
    "apply",
    "plan_add_handler",
    "plan_file",
    "plan_fixes",
    "plan_rename_handler",
]

#: Loaded on first use: the planners import libcst (slow to import), and the CLI's parser imports
#: ``codemods.features`` (the scaffold's choices) on every run, a replayed one included.
_LAZY = {
    "EditPlan": "plan",
    "FileEdit": "plan",
    "PlanConflict": "plan",
    "PlanError": "plan",
    "plan_file": "plan",
    "plan_add_handler": "add_handler",
    "plan_fixes": "fixes",
    "plan_rename_handler": "rename",
}


def apply(plan: EditPlan) -> list[str]:  # noqa: F821 - EditPlan is imported lazily
    """Write a plan atomically; :class:`PlanConflict` if any file changed since it was made."""
    return plan.apply()


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
