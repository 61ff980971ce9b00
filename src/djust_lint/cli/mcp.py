"""``djust-lint mcp serve|install|uninstall``.

Registered by :mod:`djust_lint.cli`; imports nothing heavy at module level so
``djust-lint --version`` stays fast: the MCP SDK loads only when ``serve`` runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

_CLIENT_CHOICES = ("claude", "cursor", "windsurf", "vscode", "all")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    mcp = sub.add_parser("mcp", help="MCP server for AI editors (serve, install, uninstall)")
    commands = mcp.add_subparsers(dest="mcp_command", metavar="SUBCOMMAND", required=True)

    serve = commands.add_parser("serve", help="run the MCP server over stdio")
    serve.add_argument("--root", type=Path, help="project root (default: the project around the working directory)")
    serve.set_defaults(handler=_serve)

    for name, handler, text in (
        ("install", _install, "add djust-lint to your editors' MCP configuration"),
        ("uninstall", _uninstall, "remove djust-lint (only it) from your editors' MCP configuration"),
    ):
        parser = commands.add_parser(name, help=text)
        parser.add_argument("--client", choices=_CLIENT_CHOICES, help="editor to configure (default: every one detected)")
        parser.add_argument("--global", dest="global_", action="store_true", help="use the user-level file instead of the project's")
        parser.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
        parser.add_argument("--root", type=Path, help="project root (default: the project around the working directory)")
        parser.set_defaults(handler=handler)


def _serve(args: argparse.Namespace) -> int:
    from ..mcp.server import serve

    return serve(args.root)


def _project(args: argparse.Namespace) -> Path:
    from ..readers.discovery import find_root

    return (args.root or find_root(Path.cwd())).resolve()


def _report(actions: list) -> int:
    for action in actions:
        stream = sys.stderr if action.status == "error" else sys.stdout
        print(action.line(), file=stream)
    return 2 if any(action.status == "error" for action in actions) else 0


def _install(args: argparse.Namespace) -> int:
    from ..mcp.install import install

    return _report(install(_project(args), args.client, global_=args.global_, dry_run=args.dry_run))


def _uninstall(args: argparse.Namespace) -> int:
    from ..mcp.install import uninstall

    return _report(uninstall(_project(args), args.client, global_=args.global_, dry_run=args.dry_run))
