"""The ``djust-lint`` command line.

Start-up is kept lazy on purpose: ``djust-lint --version`` imports nothing but
this module (no django, astroid, libcst or mcp), and each sub-command imports
what it needs only when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .._version import __version__

if TYPE_CHECKING:
    from ..engine.api import LintResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

#: Modules that add sub-commands: each has ``register(subparsers) -> None`` and sets
#: ``handler=<callable(args) -> int>`` on its parsers. They must import nothing heavy at
#: module level (``--version`` and ``--help`` stay fast).
SUBCOMMAND_MODULES = (
    "djust_lint.cli.codemods",
    "djust_lint.cli.mcp",
    "djust_lint.cli.maintenance",
)


def _split_codes(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="djust-lint",
        description="Static analysis for djust projects. Never imports or runs your code.",
    )
    parser.add_argument("--version", action="version", version=f"djust-lint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="lint a project (default command)")
    check.add_argument("paths", nargs="*", type=Path, help="files or directories to report on (default: the project)")
    _add_project_options(check)
    from ..output import EMITTERS

    check.add_argument(
        "--format", choices=sorted(EMITTERS), default=None,
        help="output format (default: text, or github when GITHUB_ACTIONS=true)",
    )
    check.add_argument("--select", action="append", metavar="CODES", help="comma-separated codes, prefixes or names to enable (replaces the configured set)")
    check.add_argument("--extend-select", action="append", metavar="CODES", help="enable these in addition")
    check.add_argument("--ignore", action="append", metavar="CODES", help="comma-separated codes, prefixes or names to disable")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings are reported")
    check.add_argument("--show-fixes", action="store_true", help="print the suggested fix under each finding")
    check.add_argument("--output-file", "-o", type=Path, help="write the report to a file instead of stdout")
    check.add_argument("--baseline", type=Path, metavar="FILE", help="report only findings not recorded in FILE")
    check.add_argument("--write-baseline", type=Path, metavar="FILE", help="record today's findings in FILE and exit 0")
    check.add_argument("--fix", action="store_true", help="apply safe fixes")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix, also apply unsafe fixes")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    check.add_argument("--statistics", action="store_true", help="print a count per rule instead of each finding")

    graph = sub.add_parser("graph", help="print the project graph")
    graph.add_argument("paths", nargs="*", type=Path)
    _add_project_options(graph)
    graph.add_argument("--format", choices=["text", "json", "mermaid", "dot"], default="text")
    graph.add_argument("--view", help="focus on one view (qualified or class name)")

    rule = sub.add_parser("rule", help="explain a rule, or list them all")
    rule.add_argument("code", nargs="?", help="rule code or name, e.g. DJ101 or dead-binding")
    rule.add_argument("--all", action="store_true", help="list every rule")
    rule.add_argument("--format", choices=["text", "json"], default="text")

    import importlib

    for module_name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # that capability is not installed in this build
        module.register(sub)
    return parser


def _add_project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, help="project root (default: nearest dir with pyproject.toml, manage.py or .git)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="configuration file (default: [tool.djust-lint] in the root's pyproject.toml)")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="exclude files matching GLOB")
    parser.add_argument("--include", action="append", default=[], metavar="GLOB", help="only read files matching GLOB")
    parser.add_argument("--template-dir", action="append", default=[], metavar="DIR", help="extra template directory")
    parser.add_argument("--no-gitignore", action="store_true", help="do not honour .gitignore files")
    parser.add_argument("--no-astroid", action="store_true", help="use only the shipped djust vocabulary for bases outside the project")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the .djust_lint_cache/ read cache")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices) if parser._subparsers else set()  # type: ignore[union-attr]
    if args_list and args_list[0] not in commands | {"-h", "--help", "--version"}:
        args_list.insert(0, "check")
    if not args_list:
        args_list = ["check"]
    args = parser.parse_args(args_list)
    try:
        if getattr(args, "handler", None) is not None:
            return int(args.handler(args))
        if args.command == "rule":
            return _cmd_rule(args)
        if args.command == "graph":
            return _cmd_graph(args)
        return _cmd_check(args)
    except KeyboardInterrupt:
        return EXIT_ERROR
    except _UsageError as exc:
        print(f"djust-lint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # configuration and baseline problems are user errors, not crashes
        from ..engine.baseline import BaselineError
        from ..engine.config import ConfigError

        if isinstance(exc, (ConfigError, BaselineError)):
            print(f"djust-lint: error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        raise


class _UsageError(Exception):
    pass


def _resolve_root(args: argparse.Namespace) -> tuple[Path, list[Path] | None]:
    from ..readers.discovery import find_root

    paths = [p.resolve() for p in args.paths] if args.paths else None
    for path in paths or []:
        if not path.exists():
            raise _UsageError(f"path does not exist: {path}")
    if args.root is not None:
        root = args.root.resolve()
        if not root.is_dir():
            raise _UsageError(f"--root is not a directory: {args.root}")
    else:
        root = find_root(paths[0] if paths else Path.cwd())
    if paths and all(p == root for p in paths):
        paths = None
    return root, paths


def _build_options(args: argparse.Namespace, paths: list[Path] | None):
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
    )


def _cmd_check(args: argparse.Namespace) -> int:
    from ..engine.api import lint_project
    from ..rules import unknown_selectors

    select, ignore = _split_codes(args.select), _split_codes(args.ignore)
    extend = _split_codes(args.extend_select)
    bad = unknown_selectors((select or []) + (ignore or []) + (extend or []))
    if bad:
        raise _UsageError(f"unknown rule selector(s): {', '.join(bad)} (see `djust-lint rule --all`)")
    root, paths = _resolve_root(args)

    def lint() -> LintResult:
        return lint_project(
            root,
            select=select,
            ignore=ignore,
            extend_select=extend,
            options=_build_options(args, paths),
            config_file=args.config.resolve() if args.config else None,
            baseline=None if args.write_baseline else (args.baseline.resolve() if args.baseline else None),
        )

    if args.fix or args.unsafe_fixes or args.diff:
        from .fix import run_fix

        return run_fix(args, root=root, lint=lint)
    result = lint()
    if args.write_baseline:
        from ..engine.baseline import write_baseline

        write_baseline(args.write_baseline, result.findings, root)
        print(f"djust-lint: recorded {len(result.findings)} finding(s) in {args.write_baseline}", file=sys.stderr)
        return EXIT_ERROR if result.internal_errors else EXIT_CLEAN
    if paths is not None:
        from ..engine.api import selected_rules
        from ..engine.scope import widen_to_related

        rules = selected_rules(result.config, select, ignore, extend)
        result.findings = widen_to_related(result, rules, args.baseline.resolve() if args.baseline else None)
    return write_report(args, root, result)


def write_report(args: argparse.Namespace, root: Path, result: LintResult) -> int:
    """Emit a check result as ``args`` asks (format, statistics, file) and return the exit code.

    Shared by ``check`` and ``check --fix`` so both report the same way.
    """
    from ..output import EMITTERS

    fmt = _output_format(args)
    emitter = EMITTERS[fmt]
    if args.statistics:
        from ..output import STATISTICS_EMITTERS, emit_statistics

        emitter = STATISTICS_EMITTERS.get(fmt, emit_statistics)
    report = emitter(result.findings, **_report_options(args, root, len(result.graph.files)))
    if args.output_file:
        from ..core.fileio import write_text_atomic

        write_text_atomic(args.output_file, report)
    else:
        sys.stdout.write(report)
    for error in result.internal_errors:
        print(f"djust-lint: internal error: {error}", file=sys.stderr)
    if result.internal_errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if result.findings else EXIT_CLEAN


def _output_format(args: argparse.Namespace) -> str:
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
    }


def _ci_workspace() -> Path | None:
    """The CI checkout (GitHub Actions, GitLab CI): CI formats make paths relative to it."""
    import os

    for variable in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        value = os.environ.get(variable)
        if value and Path(value).is_dir():
            return Path(value).resolve()
    return None


def _cmd_graph(args: argparse.Namespace) -> int:
    from ..engine.api import build_configured_graph
    from ..engine.config import load_config
    from ..output.graph import render_graph

    root, paths = _resolve_root(args)
    config = load_config(root, args.config.resolve() if args.config else None)
    graph = build_configured_graph(root, _build_options(args, paths), config)
    if args.view and graph.view_by_name(args.view) is None:
        raise _UsageError(f"no view named {args.view!r} (try `djust-lint graph` to list them)")
    sys.stdout.write(render_graph(graph, args.format, view=args.view))
    return EXIT_CLEAN


def _cmd_rule(args: argparse.Namespace) -> int:
    import json

    from ..rules import ALL_RULES, get_rule
    from ..rules.docs import rule_markdown

    if args.all or not args.code:
        rows = [
            {"code": r.code, "name": r.name, "severity": r.severity.value, "fixable": r.fixable, "summary": r.summary}
            for r in ALL_RULES
        ]
        if args.format == "json":
            print(json.dumps(rows, indent=2))
        else:
            for row in rows:
                fix = "fix" if row["fixable"] else "   "
                print(f"{row['code']}  {row['name']:<30} {row['severity']:<8} {fix}  {row['summary']}")
        return EXIT_CLEAN
    rule = get_rule(args.code)
    if rule is None:
        raise _UsageError(f"unknown rule: {args.code}")
    if args.format == "json":
        print(json.dumps({"code": rule.code, "name": rule.name, "severity": rule.severity.value, "fixable": rule.fixable,
                          "summary": rule.summary, "explanation": rule_markdown(rule)}, indent=2))
    else:
        sys.stdout.write(rule_markdown(rule))
    return EXIT_CLEAN


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
