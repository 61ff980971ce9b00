"""The djust-lint MCP server: the project graph, over stdio, for AI editors.

Built on the official ``mcp`` SDK (1.x or 2.x, see ``sdk``). In *project mode* (a root
with ``manage.py``, ``pyproject.toml`` or ``.git`` was found) every tool is
offered; in *framework-only mode* only the tools that need no project
(schema, directives, decorators, best practices, validation, scaffolds as
text, rule explanations). Tools that write declare it in their annotations
and write only with ``apply=true``; all others are read-only.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .._version import __version__
from . import sdk
from .project import ProjectState, project_root
from .sdk import ToolAnnotations
from .tools import Tools

GRAPH_URI = "djust-lint://graph"

_READ = ToolAnnotations(readOnlyHint=True)
_WRITE = ToolAnnotations(readOnlyHint=False, destructiveHint=False)

#: (tool, annotations) offered in every mode.
FRAMEWORK_TOOLS: tuple[tuple[str, ToolAnnotations], ...] = (
    ("get_framework_schema", _READ),
    ("get_template_directives", _READ),
    ("get_decorators", _READ),
    ("get_best_practices", _READ),
    ("validate_view", _READ),
    ("detect_common_issues", _READ),
    ("explain_rule", _READ),
    ("scaffold_view", _WRITE),
    ("scaffold_component", _WRITE),
    ("add_event_handler", _WRITE),
)
#: Offered only when a project root was found.
PROJECT_TOOLS: tuple[tuple[str, ToolAnnotations], ...] = (
    ("list_views", _READ),
    ("list_components", _READ),
    ("list_routes", _READ),
    ("get_view_schema", _READ),
    ("find_handlers_for_template", _READ),
    ("find_references", _READ),
    ("get_template_context", _READ),
    ("check", _READ),
    ("run_system_checks", _READ),
    ("run_audit", _READ),
    ("plan_rename_handler", _WRITE),
    ("plan_fix", _WRITE),
)

_INSTRUCTIONS = """djust-lint: static analysis of a djust (Django LiveView) project, read from source — the
project is never imported, so no settings or database are needed. Call get_framework_schema first when
writing djust code; list_views / get_view_schema / find_references to learn the project; validate_view on
code you wrote before saving; check to lint. Tools that edit files return a diff and write only with
apply=true. Answers always reflect the files on disk at the time of the call."""


def _compact(method: Callable[..., Any]) -> Callable[..., Any]:
    """The tool method answering with ``sdk.result`` (compact JSON text); signature and docstring kept for the schemas."""

    @functools.wraps(method)
    def tool(*args: Any, **kwargs: Any) -> Any:
        return sdk.result(method(*args, **kwargs))

    return tool


def create_server(root: Path | None) -> sdk.Server:
    """A server for the project at ``root``; ``None`` means framework-only mode."""
    state = ProjectState(root) if root is not None else None
    tools = Tools(state)
    mode = f"project at {state.root}" if state else "framework-only (no project found)"
    server = sdk.new_server("djust-lint", f"{_INSTRUCTIONS}\nMode: {mode}.", __version__)
    for name, hints in FRAMEWORK_TOOLS + (PROJECT_TOOLS if state else ()):
        method = getattr(tools, name)
        description = " ".join((method.__doc__ or "").split())  # docstring indentation is noise in tools/list
        server.add_tool(_compact(method), name=name, description=description, annotations=hints, structured_output=True)
    sdk.slim_schemas(server)
    if state is not None:

        @server.resource(GRAPH_URI, name="project-graph", mime_type="application/json",
                         description="The project graph (views, templates, bindings, routes), as `djust-lint graph --format json`.")  # fmt: skip
        def project_graph() -> str:
            return json.dumps(state.result().graph.to_json(), indent=1, sort_keys=True)

    return server


def resolve_root(root: Path | None) -> Path | None:
    """``--root`` when given (must be a directory), else the project around the working directory."""
    if root is not None:
        if not root.is_dir():
            raise SystemExit(f"djust-lint mcp serve: --root is not a directory: {root}")
        return root.resolve()
    return project_root(Path.cwd())


def serve(root: Path | None) -> int:
    """Run over stdio until the client disconnects; logs go to stderr, never to the protocol stream."""
    server = create_server(resolve_root(root))
    server.run(transport="stdio")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m djust_lint.mcp", description="djust-lint MCP server (stdio)")
    parser.add_argument("--root", type=Path, help="project root (default: the project around the working directory)")
    args = parser.parse_args(argv)
    return serve(args.root)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
