"""``djust-lint scaffold view|component``: plan, then print a diff or write atomically.

The parsers live in :mod:`djust_lint.cli_codemods` (imported by every
``djust-lint`` start, so it stays light); this module runs the command and is
imported only then. Kept apart from :mod:`djust_lint.codemods.scaffold` so the
command-line shape (exit codes, messages on stderr) can change without
touching the generator.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_ERROR = 0, 2


def run(args: argparse.Namespace) -> int:
    """Plan the scaffold; print the diff (``--diff``) or apply it. Exit 0 on success, 2 on refusal."""
    from ..codemods.plan import PlanConflict, PlanError
    from ..codemods.scaffold import plan_scaffold_component, plan_scaffold_view
    from ..readers.discovery import find_root

    root = Path(args.root).resolve() if getattr(args, "root", None) else find_root(Path.cwd())
    try:
        if args.scaffold_kind == "view":
            plan = plan_scaffold_view(root, args.name, app=args.app, features=args.features or "")
        else:
            plan = plan_scaffold_component(root, args.name, props=args.props or "", live=args.live, app=args.app)
        if getattr(args, "diff", False):
            sys.stdout.write(plan.diff())
            written: list[str] = []
        else:
            written = plan.apply()
    except (PlanError, PlanConflict) as exc:
        print(f"djust-lint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for message in plan.messages:
        print(f"djust-lint: {message}", file=sys.stderr)
    for path in written:
        print(f"djust-lint: wrote {path}", file=sys.stderr)
    if not plan.changed:
        print("djust-lint: nothing to do (already scaffolded)", file=sys.stderr)
    return EXIT_OK
