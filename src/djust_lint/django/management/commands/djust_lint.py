"""``manage.py djust_lint [ARGS]``: the ``djust-lint`` command line, inside a Django project.

Arguments go to :func:`djust_lint.cli.main` untouched (``--help`` is
djust-lint's), except that the project root defaults to ``settings.BASE_DIR``
(or the ``manage.py`` directory) instead of the current directory, so the
command works from anywhere.  The exit status is the CLI's.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run djust-lint (same arguments as the djust-lint command, e.g. `check --format json`)."
    requires_system_checks: list[str] = []  # the lint is the check; do not run it twice

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("cli_args", nargs=argparse.REMAINDER, help="arguments for djust-lint")

    def run_from_argv(self, argv: list[str]) -> None:
        """Bypass Django's parser: every argument after the command name is djust-lint's."""
        sys.exit(run_cli(argv[2:]))

    def handle(self, *args: Any, **options: Any) -> None:
        """``call_command("djust_lint", "check", ...)``: a non-zero exit becomes ``CommandError``."""
        code = run_cli(list(options.get("cli_args") or args))
        if code:
            raise CommandError(f"djust-lint exited with status {code}", returncode=code)


def run_cli(args: list[str]) -> int:
    from ....cli.main import main

    return main(with_default_root(args))


def with_default_root(args: list[str]) -> list[str]:
    """Add ``--root <project>`` when the chosen sub-command takes one and none was given."""
    from ....cli.main import build_parser
    from ...checks import project_root

    if "--root" in args or any(a.startswith("--root=") for a in args) or {"-h", "--help", "--version"} & set(args):
        return args
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    command = args[0] if args and args[0] in commands else "check"
    rest = args[1:] if args and args[0] in commands else args
    if "--root" not in commands[command]._option_string_actions:
        return args
    return [command, "--root", str(project_root()), *rest]
