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
    from ..engine.config import Config
    from ..engine.results_cache import RunRecorder

from .common import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    UsageError,
    build_options,
    open_check_results,
    output_format,
    progress_of,
    resolve_root,
    run_summary,
    split_codes,
    write_report,
)

#: Modules that add sub-commands: each has ``register(subparsers) -> None`` and sets
#: ``handler=<callable(args) -> int>`` on its parsers. They must import nothing heavy at
#: module level (``--version`` and ``--help`` stay fast).
SUBCOMMAND_MODULES = (
    "djust_lint.cli.codemods",
    "djust_lint.cli.mcp",
    "djust_lint.cli.lsp",
    "djust_lint.cli.maintenance",
)


OUTPUT_FORMATS = ("concise", "github", "gitlab", "json", "json-lines", "junit", "sarif", "text")
"""The names of ``output.EMITTERS`` (a test keeps them equal): building the parser must not import
every emitter, since a replayed run (the results cache) needs none of them."""
FORMATS_WITH_EDITS = frozenset({"json", "json-lines", "sarif"})
"""The formats that print fix edits (a test checks every emitter): other reports only say that a fix
exists, so the edits libcst would compute for them are never computed."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="djust-lint",
        description="Static analysis for djust projects. Never imports or runs your code.",
    )
    parser.add_argument("--version", action="version", version=f"djust-lint {__version__}")
    parser.add_argument("--verbose", action="store_true", help="on an internal error, also print the traceback (any position)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="lint a project (default command)")
    check.add_argument("paths", nargs="*", type=Path, help="files or directories to report on (default: the project)")
    _add_project_options(check)
    check.add_argument(
        "--format", choices=OUTPUT_FORMATS, default=None,
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
    check.add_argument(
        "--related", action="store_true",
        help="with PATHS, also report findings the named files cause elsewhere "
        "(a handler renamed in a view leaves dead bindings in unchanged templates); the pre-commit hook sets it",
    )
    check.add_argument(
        "--verbose", "-v", action="store_true",
        help="also list the views whose bindings were not checked, and why; say on stderr what each stage did and how long it took",
    )

    graph = sub.add_parser("graph", help="print the project graph")
    graph.add_argument("paths", nargs="*", type=Path)
    _add_project_options(graph)
    graph.add_argument("--verbose", "-v", action="store_true", help="say on stderr what each stage did and how long it took")
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
    parser.add_argument(
        "--no-package-cache", action="store_true",
        help="infer classes of installed packages again instead of reusing the per-user store (see docs/performance.md)",
    )
    parser.add_argument(
        "--jobs", "-j", type=_positive_int, default=None, metavar="N",
        help="processes for a cold read of a large project (default: one per idle CPU; 1 reads in this process only)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress line on stderr")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value



def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    verbose = "--verbose" in args_list  # global: accepted anywhere on the line, by every sub-command
    args_list = [a for a in args_list if a != "--verbose"]
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices) if parser._subparsers else set()  # type: ignore[union-attr]
    if args_list and args_list[0] not in commands | {"-h", "--help", "--version"}:
        args_list.insert(0, "check")
    if not args_list:
        args_list = ["check"]
    args = parser.parse_args(args_list)
    args.verbose = verbose or getattr(args, "verbose", False)  # `-v` of check and graph too
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
    except BrokenPipeError:  # `djust-lint check | head`: the reader left; not a crash, nothing to say
        _silence_stdout()
        return EXIT_FINDINGS
    except UsageError as exc:
        print(f"djust-lint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # configuration and baseline problems are user errors, not crashes
        from ..engine.baseline import BaselineError
        from ..engine.config import ConfigError

        if isinstance(exc, (ConfigError, BaselineError)):
            print(f"djust-lint: error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        return _crashed(exc, verbose)


def _crashed(exc: BaseException, verbose: bool) -> int:
    """An unexpected exception is a djust-lint bug: one line (traceback with --verbose), exit 2.

    Exit 1 means "findings found"; CI must be able to tell a crash from that.
    """
    from ..core.crash import crash_line

    if verbose:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    print(crash_line(exc), file=sys.stderr)
    return EXIT_ERROR


def _cmd_check(args: argparse.Namespace) -> int:
    from ..engine.api import Scope, lint

    select, ignore = split_codes(args.select), split_codes(args.ignore)
    extend = split_codes(args.extend_select)
    selectors = (select or []) + (ignore or []) + (extend or [])
    bad: list[str] = []
    if selectors:  # the rule registry imports every rule (libcst, Django's template engine): only when asked
        from ..rules import unknown_selectors

        bad = unknown_selectors(selectors)
    if bad:
        raise UsageError(f"unknown rule selector(s): {', '.join(bad)} (see `djust-lint rule --all`)")
    root, paths = resolve_root(args)

    def run(recorder: RunRecorder | None = None, config: Config | None = None) -> LintResult:
        return lint(
            root,
            scope=Scope.RELATED if args.related else Scope.PATHS,
            select=select,
            ignore=ignore,
            extend_select=extend,
            options=build_options(args, paths),
            config=config,
            config_file=args.config.resolve() if args.config else None,
            baseline=args.baseline.resolve() if args.baseline else None,
            use_baseline=not args.write_baseline,
            recorder=recorder,
        )

    if args.fix or args.unsafe_fixes or args.diff:
        from .fix import run_fix

        return run_fix(args, root=root, lint=run)
    if paths is not None and len(paths) == 1 and args.root is None:
        from ..engine.validate import is_lone_file, validate

        if is_lone_file(paths[0]):  # pasted code saved alone: snippet mode, as validate_view
            snippet = validate(paths[0].read_bytes(), path=paths[0].name, select=select, ignore=ignore, extend_select=extend)
            return write_report(args, root, snippet)
    progress_of(args)  # the clock of --verbose's summary starts here, replayed or not
    results = None if args.write_baseline else open_check_results(args, root, paths)
    if results is None:
        result = run()
    else:
        needs_edits = output_format(args) in FORMATS_WITH_EDITS
        result = results.replay(needs_edits=needs_edits)  # type: ignore[assignment]
        if result is None:
            recorder = results.recorder()
            result = run(recorder, results.config)
            if recorder is not None:
                results.store(recorder, result, with_edits=needs_edits)
    if result.graph is not None:
        progress_of(args).finish(run_summary(result.graph, result.rule_seconds))
    else:
        progress_of(args).finish(result.summary)  # type: ignore[attr-defined]
    if args.write_baseline:
        from ..engine.baseline import write_baseline

        write_baseline(args.write_baseline, result.findings, root)
        print(f"djust-lint: recorded {len(result.findings)} finding(s) in {args.write_baseline}", file=sys.stderr)
        return EXIT_ERROR if result.internal_errors else EXIT_CLEAN
    return write_report(args, root, result, results)


def _cmd_graph(args: argparse.Namespace) -> int:
    from ..engine.api import Workspace
    from ..output.graph import render_graph

    root, paths = resolve_root(args)
    workspace = Workspace(
        root, config_file=args.config.resolve() if args.config else None, options=build_options(args, paths),
        remember_reads=False,
    )
    graph = workspace.graph(paths=paths)
    progress_of(args).finish(run_summary(graph))
    if args.view and graph.view_by_name(args.view) is None:
        raise UsageError(f"no view named {args.view!r} (try `djust-lint graph` to list them)")
    sys.stdout.write(render_graph(graph, args.format, view=args.view))
    return EXIT_CLEAN


def _cmd_rule(args: argparse.Namespace) -> int:
    import json

    from ..rules import ALL_RULES, get_rule
    from ..rules.docs import rule_markdown

    if args.all or not args.code:
        rows = [
            {
                "code": r.code, "name": r.name, "severity": r.severity.value, "fixable": r.fixable,
                "summary": r.summary, "default": r.default_enabled, "default_reason": r.default_reason,
            }
            for r in ALL_RULES
        ]  # fmt: skip
        if args.format == "json":
            print(json.dumps(rows, indent=2))
        else:
            print("code   name                           severity default fix  summary")
            for row in rows:
                fix = "fix" if row["fixable"] else "   "
                default = "on " if row["default"] else "off"
                print(f"{row['code']}  {row['name']:<30} {row['severity']:<8} {default:<7} {fix}  {row['summary']}")
                print(f"{'':7}why {default.strip()}: {row['default_reason'].split(': ', 1)[-1]}")
        return EXIT_CLEAN
    rule = get_rule(args.code)
    if rule is None:
        raise UsageError(f"unknown rule: {args.code}")
    if args.format == "json":
        print(json.dumps({"code": rule.code, "name": rule.name, "severity": rule.severity.value, "fixable": rule.fixable,
                          "summary": rule.summary, "default": rule.default_enabled,
                          "default_reason": rule.default_reason, "explanation": rule_markdown(rule)}, indent=2))
    else:
        sys.stdout.write(rule_markdown(rule))
    return EXIT_CLEAN




def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot raise again (Python's SIGPIPE advice)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind stdout: nothing to flush
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
