"""What the ``check``-like commands share: exit codes, root and path resolution, build options, reporting.

Kept apart from :mod:`djust_lint.cli.main` so sub-command modules (``--fix``,
codemods) use it without importing the command line's entry point back.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine.api import LintResult
    from ..engine.results_cache import ResultsCache
    from ..graph.builder import BuildOptions

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """Bad arguments: printed as one line, exit code 2."""


def split_codes(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def resolve_root(args: argparse.Namespace) -> tuple[Path, list[Path] | None]:
    from ..readers.discovery import find_root

    paths = [p.resolve() for p in args.paths] if args.paths else None
    for path in paths or []:
        if not path.exists():
            raise UsageError(f"path does not exist: {path}")
    if args.root is not None:
        root = args.root.resolve()
        if not root.is_dir():
            raise UsageError(f"--root is not a directory: {args.root}")
    else:
        root = find_root(paths[0] if paths else Path.cwd())
    if paths and all(p == root for p in paths):
        paths = None
    return root, paths


def build_options(args: argparse.Namespace, paths: list[Path] | None) -> BuildOptions:
    from ..graph.builder import BuildOptions

    return BuildOptions(
        paths=paths,
        exclude=args.exclude,
        include=args.include,
        extra_template_dirs=args.template_dir,
        respect_gitignore=not args.no_gitignore,
        use_astroid=not args.no_astroid,
        freeze_gc=True,
        cache=not getattr(args, "no_cache", False),
        package_cache=not getattr(args, "no_package_cache", False),
        jobs=getattr(args, "jobs", None),
        progress=progress_of(args),
    )


#: ``check`` options that change how a report looks, never which findings it holds: everything
#: else on the command line is part of the results cache's key (a new option is, by default).
PRESENTATION_OPTIONS = frozenset(
    {"command", "handler", "format", "exit_zero", "show_fixes", "output_file", "statistics", "verbose", "quiet", "jobs"}
)


def open_check_results(args: argparse.Namespace, root: Path, paths: list[Path] | None):  # -> ResultsCache | None
    """The results cache for this ``check`` (``None`` with ``--no-cache``); see ``engine/results_cache.py``."""
    if getattr(args, "no_cache", False):
        return None
    from ..engine.config import load_config
    from ..engine.results_cache import open_results

    config_file = args.config.resolve() if args.config else None
    config = load_config(root, config_file)
    baseline = args.baseline.resolve() if args.baseline else None
    if baseline is None and config.baseline:
        baseline = root / config.baseline
    request = sorted(
        (name, repr(value))
        for name, value in vars(args).items()
        if name not in PRESENTATION_OPTIONS and not name.startswith("_")
    )
    relative = sorted(str(p.relative_to(root)) if p.is_relative_to(root) else str(p) for p in paths or [])
    return open_results(root, [request, relative], config, baseline, enabled=True)


def print_internal_errors(args: argparse.Namespace, errors: list[str]) -> None:
    """Rules that crashed: one line each (the traceback with ``--verbose``); the run exits 2."""
    from ..core.crash import summarize

    for error in errors:
        text = error if getattr(args, "verbose", False) else summarize(error)
        print(f"djust-lint: internal error: {text}", file=sys.stderr)


def progress_of(args: argparse.Namespace):  # -> Progress
    """The run's progress reporter, made once per command (``--fix`` rebuilds the graph with it)."""
    progress = getattr(args, "_progress", None)
    if progress is None:
        from .progress import Progress

        progress = args._progress = Progress(quiet=getattr(args, "quiet", False), verbose=getattr(args, "verbose", False))
    return progress


SLOWEST_RULES = 3
"""How many of the slowest rules ``--verbose`` names."""


def run_summary(graph, rule_seconds: dict[str, float] | None = None) -> str:  # graph: ProjectGraph
    """``--verbose``'s last line: what was read and how (cache, workers, installed-package store),
    and the slowest rules (what to look at, or to ``--ignore``, when a project checks slowly)."""
    from ..readers.cache import last_stats
    from ..readers.parallel import last_stats as parallel_stats

    cache, parallel = last_stats(), parallel_stats()
    parts = [f"{len(graph.files)} files", f"{len(cache.parsed)} parsed", f"{cache.hits} from the cache ({cache.status})"]
    parts.append(f"{parallel.workers} worker processes" if parallel.workers else "read in process")
    external = graph.index.external
    parts.append(f"{external.astroid_resolutions} classes inferred with astroid")
    if external.store is not None:
        parts.append(f"{external.store.stats.hits} from the installed-package store")
    if rule_seconds:
        slowest = sorted(rule_seconds.items(), key=lambda item: (-item[1], item[0]))[:SLOWEST_RULES]
        parts.append("slowest rules " + " / ".join(f"{code} {seconds:.2f} s" for code, seconds in slowest))
    return ", ".join(parts)


def write_report(args: argparse.Namespace, root: Path, result: LintResult, results: ResultsCache | None = None) -> int:
    """Emit a check result as ``args`` asks (format, statistics, file) and return the exit code.

    Shared by ``check`` and ``check --fix`` so both report the same way. With
    ``results`` (the results cache), a run that changed nothing writes the
    stored rendering, and a new rendering is stored for the next such run.
    """
    fmt = output_format(args)
    options = _report_options(args, root, result.files_checked())
    unchecked = result.unchecked_labels()
    report_key = repr((fmt, bool(args.statistics), sorted(options.items())))
    options["unchecked_views"] = unchecked
    report = results.report(report_key) if results is not None else None
    if report is None:
        from ..output import EMITTERS

        emitter = EMITTERS[fmt]
        if args.statistics:
            from ..output import STATISTICS_EMITTERS, emit_statistics

            emitter = STATISTICS_EMITTERS.get(fmt, emit_statistics)
        report = emitter(result.findings, **options)
        if results is not None and not result.internal_errors:
            results.remember_report(report_key, report)
    if args.output_file:
        from ..core.fileio import write_text_atomic

        write_text_atomic(args.output_file, report)
    else:
        sys.stdout.write(report)
    if getattr(args, "verbose", False):
        for label, reason in unchecked:
            print(f"djust-lint: bindings not checked: {label}: {reason}", file=sys.stderr)
    print_internal_errors(args, result.internal_errors)
    if result.internal_errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if result.count else EXIT_CLEAN


def output_format(args: argparse.Namespace) -> str:
    """``--format``, else ``github`` inside GitHub Actions (annotations on the PR), else ``text``."""
    import os

    if args.format:
        return str(args.format)
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _report_options(args: argparse.Namespace, root: Path, files_checked: int) -> dict[str, object]:
    """Options for the emitter: colour only on a terminal without NO_COLOR; the CI path base."""
    import os

    color = args.output_file is None and not os.environ.get("NO_COLOR") and sys.stdout.isatty()
    base = _ci_workspace() or root
    try:
        inside = root.relative_to(base).as_posix()
    except ValueError:  # the project is not below the workspace: paths stay root-relative
        base, inside = root, "."
    return {
        "root": root,
        "files_checked": files_checked,
        "show_fixes": args.show_fixes,
        "color": color,
        "path_prefix": "" if inside == "." else inside + "/",
        "srcroot": base,
        "display_prefix": _display_prefix(root),
    }


def _display_prefix(root: Path) -> str:
    """The root as seen from the current directory (``""`` when they are the same), as ruff prints paths."""
    import os

    try:
        relative = os.path.relpath(root, Path.cwd())
    except ValueError:  # another drive (Windows): absolute paths
        return root.as_posix().rstrip("/") + "/"
    relative = Path(relative).as_posix()
    return "" if relative == "." else relative + "/"


def _ci_workspace() -> Path | None:
    """The CI checkout (GitHub Actions, GitLab CI): CI formats make paths relative to it."""
    import os

    for variable in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        value = os.environ.get(variable)
        if value and Path(value).is_dir():
            return Path(value).resolve()
    return None
