"""``djust-lint lsp``: the language server over stdio.

Registered by :mod:`djust_lint.cli.main`; imports nothing heavy at module level
so ``djust-lint --version`` stays fast: pygls and lsprotocol load only when
the server runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

_DESCRIPTION = """\
Run the djust-lint language server over stdin/stdout (LSP). Editors start it
themselves: point your editor's LSP client at `djust-lint lsp` for HTML and
Python files (see docs/editors.md for VS Code, Neovim, Helix and Zed).

It reports the same findings as `djust-lint check` (same configuration,
suppressions honoured) as you type, and adds go to definition (binding ->
handler, extends/include/template_name -> template), find references,
completion (handler names, dj- directives, dj-value-* params, context
variables), hover, quick fixes ("add handler"), and rename of a handler across
Python and templates. It never imports or runs your code and never writes a
file: edits are sent to the editor to apply.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "lsp",
        help="language server for editors (stdio)",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--root", type=Path,
        help="project root (default: the workspace folder the editor opens, or the project around it)",
    )
    parser.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default and only transport)")
    parser.add_argument(
        "--debounce-ms", type=int, default=150, metavar="MS",
        help="quiet time after a keystroke before the edited template is re-checked (default: 150)",
    )
    parser.add_argument(
        "--full-delay-ms", type=int, default=1000, metavar="MS",
        help="quiet time after a keystroke before the whole project is re-checked (default: 1000)",
    )
    parser.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    from ..lsp.server import serve

    return serve(
        args.root.resolve() if args.root else None,
        debounce=max(args.debounce_ms, 0) / 1000,
        full_delay=max(args.full_delay_ms, 0) / 1000,
    )
