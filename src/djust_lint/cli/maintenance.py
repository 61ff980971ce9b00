"""``djust-lint clean``: housekeeping sub-commands.

Kept apart from ``cli.py`` (loaded through ``SUBCOMMAND_MODULES``) and free of
heavy imports, so ``djust-lint --version`` stays instant.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``clean`` sub-command to the ``djust-lint`` parser."""
    clean = subparsers.add_parser("clean", help="delete the cache directory (.djust_lint_cache)")
    clean.add_argument(
        "--root", type=Path, help="project root (default: nearest dir with pyproject.toml, manage.py or .git)"
    )
    clean.set_defaults(handler=run_clean)


def run_clean(args: argparse.Namespace) -> int:
    """Remove the project's cache; a missing cache is not an error (exit 0 either way)."""
    import sys

    from ..readers.cache import CACHE_DIR_NAME, clean
    from ..readers.discovery import find_root

    root = args.root.resolve() if args.root is not None else find_root(Path.cwd())
    if not root.is_dir():
        print(f"djust-lint: error: --root is not a directory: {args.root}", file=sys.stderr)
        return 2
    try:
        removed = clean(root)
    except OSError as exc:
        print(f"djust-lint: error: cannot remove {root / CACHE_DIR_NAME}: {exc}", file=sys.stderr)
        return 2
    print(f"removed {root / CACHE_DIR_NAME}" if removed else f"no cache in {root}")
    return 0
