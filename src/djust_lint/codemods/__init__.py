"""Codemods: scaffolding, add-handler, fixes and renames, as reviewable edit plans.

Every codemod returns an :class:`~djust_lint.codemods.plan.EditPlan` (what would
change, with a hash of each file as it was read); applying a plan refuses when a
file changed since, and writes atomically.
"""
