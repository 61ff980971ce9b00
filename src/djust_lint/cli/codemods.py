"""CLI sub-commands that edit the project: ``add-handler``, ``rename-handler``, ``scaffold``.

Loaded by :mod:`djust_lint.cli` through ``SUBCOMMAND_MODULES``. Nothing heavy
is imported here (libcst and black load only when a command runs), so
``djust-lint --version`` stays fast. Every command has ``--diff`` (print the
unified diff, write nothing); otherwise the plan is applied atomically.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..codemods.features import VIEW_FEATURES

EXIT_OK, EXIT_ERROR = 0, 2


def register(sub: Any) -> None:
    """Add the codemod sub-commands to the main parser's sub-parsers."""
    add = sub.add_parser("add-handler", help="insert an event handler into an existing view class")
    add.add_argument("view", help="view (qualified or class name)")
    add.add_argument("handler_name", metavar="HANDLER", help="handler name (^[a-z][a-z0-9_]*$)")
    add.add_argument("--params", default="", metavar="SPEC", help='parameters, e.g. a:int,b:str=""')
    add.add_argument("--decorators", default="", metavar="SPEC", help='extra decorators, e.g. "debounce(300)"')
    add.add_argument("--async", dest="is_async", action="store_true", help="generate an async handler")
    _common(add)
    add.set_defaults(handler=_run_add_handler)

    rename = sub.add_parser("rename-handler", help="rename a handler and every reference to it")
    rename.add_argument("view", help="view (qualified or class name)")
    rename.add_argument("old", help="current handler name")
    rename.add_argument("new", help="new handler name")
    _common(rename)
    rename.set_defaults(handler=_run_rename)

    scaffold = sub.add_parser("scaffold", help="generate a view or a component")
    kinds = scaffold.add_subparsers(dest="scaffold_kind", metavar="KIND", required=True)
    view = kinds.add_parser("view", help="a LiveView module, its template and its URL")
    view.add_argument("name", help="view class name, e.g. ProductList")
    view.add_argument("--app", help="Django app to write into (default: the only app, or asked)")
    view.add_argument(
        "--features", default="", metavar="LIST",
        help=f"comma-separated: {','.join(VIEW_FEATURES)}",
    )
    _common(view)
    view.set_defaults(handler=_run_scaffold)
    component = kinds.add_parser("component", help="a Component or LiveComponent and its template")
    component.add_argument("name", help="component class name, e.g. UserCard")
    component.add_argument("--props", default="", metavar="SPEC", help="props, e.g. a:str,b:int=0")
    component.add_argument("--live", action="store_true", help="a stateful LiveComponent (default: stateless)")
    component.add_argument("--app", help="Django app to write into")
    _common(component)
    component.set_defaults(handler=_run_scaffold)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, help="project root (default: nearest dir with pyproject.toml, manage.py or .git)")
    parser.add_argument("--diff", action="store_true", help="print the change as a unified diff; write nothing")


def project_root(args: argparse.Namespace) -> Path:
    """``--root`` or the project around the current directory."""
    from ..readers.discovery import find_root

    if args.root is not None:
        return Path(args.root).resolve()
    return find_root(Path.cwd())


def finish(plan: Any, args: argparse.Namespace) -> int:
    """Print the diff (``--diff``) or apply the plan; messages go to stderr."""
    if args.diff:
        sys.stdout.write(plan.diff())
    else:
        written = plan.apply()
        for path in written:
            print(f"wrote {path}", file=sys.stderr)
    for message in plan.messages:
        print(message, file=sys.stderr)
    return EXIT_OK


def guarded(run: Any, args: argparse.Namespace) -> int:
    """Run a codemod; refusals and stale plans are user errors (exit 2), never tracebacks."""
    from ..codemods.plan import PlanConflict, PlanError

    try:
        return int(run(args))
    except (PlanError, PlanConflict) as exc:
        print(f"djust-lint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _run_add_handler(args: argparse.Namespace) -> int:
    def run(args: argparse.Namespace) -> int:
        from ..codemods.add_handler import plan_add_handler

        plan = plan_add_handler(
            project_root(args), args.view, args.handler_name, args.params, args.decorators, is_async=args.is_async
        )
        return finish(plan, args)

    return guarded(run, args)


def _run_rename(args: argparse.Namespace) -> int:
    def run(args: argparse.Namespace) -> int:
        from ..codemods.rename import plan_rename_handler

        return finish(plan_rename_handler(project_root(args), args.view, args.old, args.new), args)

    return guarded(run, args)


def _run_scaffold(args: argparse.Namespace) -> int:
    from . import scaffold as scaffold_cli

    return int(scaffold_cli.run(args))
