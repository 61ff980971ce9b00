"""``djust-lint check --fix / --unsafe-fixes / --diff``, as ruff does it.

``--diff`` prints what the fixes would change and writes nothing (exit 1
when something would change). ``--fix`` writes every changed file atomically
and then reports the findings that remain. The fix loop itself lives in
:mod:`djust_lint.codemods.fixes`; this module only turns CLI arguments into a
run and a run into output.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .common import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    build_options,
    print_internal_errors,
    resolve_root,
    split_codes,
    write_report,
)

if TYPE_CHECKING:
    from ..codemods.fixes import LintSettings
    from ..engine.api import LintResult


def _settings(args: argparse.Namespace) -> LintSettings:
    from ..codemods.fixes import LintSettings

    _root, paths = resolve_root(args)
    return LintSettings(
        select=split_codes(args.select),
        ignore=split_codes(args.ignore),
        extend_select=split_codes(args.extend_select),
        config_file=args.config.resolve() if args.config else None,
        baseline=args.baseline.resolve() if args.baseline else None,
        options=build_options(args, paths),
        related=args.related,
    )


def run_fix(args: argparse.Namespace, *, root: Path, lint: Callable[[], LintResult]) -> int:
    """Entry point called by ``cli._cmd_check`` when a fix flag is given."""
    from ..codemods.fixes import OverlayLinter, run_fix_loop
    from ..codemods.plan import PlanConflict, PlanError

    first = lint()
    if first.internal_errors:

        print_internal_errors(args, first.internal_errors)
        return EXIT_ERROR
    if not (args.fix or args.diff):  # --unsafe-fixes alone: report, as `check` does
        return write_report(args, root, first)
    try:
        plan, session = run_fix_loop(root, OverlayLinter(root, _settings(args)), unsafe=args.unsafe_fixes, first=first)
        if args.diff:
            sys.stdout.write(plan.diff())
            print(f"djust-lint: would fix {len(session.applied)} issue(s) in {len(plan.edits)} file(s)", file=sys.stderr)
            return EXIT_FINDINGS if plan.changed else EXIT_CLEAN
        written = plan.apply()
    except (PlanConflict, PlanError) as exc:
        print(f"djust-lint: error: {exc}; nothing was written", file=sys.stderr)
        return EXIT_ERROR
    for message in session.applied:
        print(f"fixed: {message}", file=sys.stderr)
    print(f"djust-lint: fixed {len(session.applied)} issue(s) in {len(written)} file(s)", file=sys.stderr)
    first.findings = session.remaining
    return write_report(args, root, first)

