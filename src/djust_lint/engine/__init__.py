"""Layer 4: the one API every face calls to lint a project.

``engine.api`` builds the graph (with optional in-memory overlays), runs the selected rules,
applies configuration, suppressions, scope and baseline, and returns a ``LintResult``.
"""
