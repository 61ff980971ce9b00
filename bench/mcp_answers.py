"""Measure the MCP server as an assistant meets it: answer sizes, first build, plan_fix.

Why: an answer is read into the model's context window, so its size is the
cost that matters (budget: 20,000 characters for every tool's default
answer and for ``tools/list``); and an assistant waits on the first graph
build and on ``plan_fix``. Projects come from ``generate_project.py``
(``--views 140`` stands in for a real 140-view project, plus the
1,000-view benchmark project).

Usage::

    python bench/mcp_answers.py [--views 140,1000] [--out DIR]

Each project is measured in a fresh interpreter (``--one ROOT``), with its
read cache removed first, so "first build" includes reading every file.
Prints Markdown tables for ``docs/mcp.md``. Nothing here asserts: the size
budget is asserted by ``tests/test_mcp_answers.py``, times are for people.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

BUDGET = 20_000


def _text(result: Any) -> tuple[str, bool]:
    """Text content and error flag of a ``call_tool`` answer (2.x: CallToolResult; 1.x: content or a tuple)."""
    content = getattr(result, "content", None)
    if content is None:
        content = result[0] if isinstance(result, tuple) else result
    error = bool(getattr(result, "is_error", None) or getattr(result, "isError", None))
    return "".join(getattr(block, "text", "") for block in content), error


def measure_one(root: Path) -> dict[str, Any]:
    """Sizes and times for one project, in this (fresh) interpreter."""
    import anyio

    from djust_lint.mcp.server import create_server

    shutil.rmtree(root / ".djust_lint_cache", ignore_errors=True)
    server = create_server(root)
    out: dict[str, Any] = {"sizes": {}}

    async def main() -> None:
        tools = await server.list_tools()
        out["tools_list"] = len(json.dumps([t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in tools], separators=(",", ":")))
        start, cpu = time.perf_counter(), time.process_time()
        await server.call_tool("list_views", {})
        out["first_build"] = time.perf_counter() - start
        out["first_build_cpu"] = time.process_time() - cpu
        from djust_lint.engine.api import lint

        graph = lint(root).graph
        view = next(
            v for _, v in sorted(graph.views.items())
            if v.kind == "live_view" and not v.abstract and v.template_kind == "file" and v.handlers
        )  # fmt: skip
        handler = next(h for _, h in sorted(view.handlers.items()) if h.source == "project")
        template = graph.templates[view.template].path
        app = view.module.split(".")[0]
        calls: dict[str, dict[str, Any]] = {
            "get_framework_schema": {}, "get_template_directives": {}, "get_decorators": {}, "get_best_practices": {},
            "list_views": {}, "list_components": {}, "list_routes": {}, "check": {}, "run_system_checks": {},
            "run_audit": {}, "get_view_schema": {"view_name": view.qualname},
            "find_handlers_for_template": {"template_path": template}, "find_references": {"name": handler.name},
            "get_template_context": {"template": template},
            "validate_view": {"code": (root / view.path).read_text(encoding="utf-8"), "path": view.path},
            "detect_common_issues": {"code": (root / view.path).read_text(encoding="utf-8")},
            "explain_rule": {"code": "DJ101"}, "scaffold_view": {"name": "ReportView", "features": "search", "app": app},
            "scaffold_component": {"name": "UserCard", "props": "user", "app": app},
            "add_event_handler": {"handler_name": "archive", "view_name": view.qualname},
            "plan_rename_handler": {"view_name": handler.owner, "old_name": handler.name, "new_name": handler.name + "_x"},
            "plan_fix": {},
        }  # fmt: skip
        for name, arguments in calls.items():
            start, cpu = time.perf_counter(), time.process_time()
            text, error = _text(await server.call_tool(name, arguments))
            out["sizes"][name] = {
                "chars": len(text), "error": error, "seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
            }  # fmt: skip
        out["views"] = sum(1 for v in graph.views.values() if v.kind == "live_view")

    anyio.run(main)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--views", default="140,1000")
    parser.add_argument("--out", type=Path, default=HERE / "_generated")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(args.one)))
        return 0
    from generate_project import generate

    results = {}
    for size in [int(s) for s in args.views.split(",")]:
        root = args.out / f"mcp-{size}"
        generate(root, views=size, seed=0)
        print(f"measuring {size} views ...", file=sys.stderr)
        done = subprocess.run([sys.executable, __file__, "--one", str(root)], capture_output=True, text=True, check=True)
        results[size] = json.loads(done.stdout.strip().splitlines()[-1])
    sizes = list(results)
    print("| answer (default arguments) | " + " | ".join(f"{s} views: chars" for s in sizes) + " |")
    print("| --- |" + " ---: |" * len(sizes))
    print("| `tools/list` | " + " | ".join(f"{results[s]['tools_list']:,}" for s in sizes) + " |")
    for name in results[sizes[0]]["sizes"]:
        cells = []
        for s in sizes:
            entry = results[s]["sizes"][name]
            cells.append(f"{entry['chars']:,}" + (" (error)" if entry["error"] else "") + (" **over**" if entry["chars"] > BUDGET else ""))
        print(f"| `{name}` | " + " | ".join(cells) + " |")
    print()
    print("| seconds: wall (CPU) | " + " | ".join(f"{s} views" for s in sizes) + " |")
    print("| --- |" + " ---: |" * len(sizes))
    print("| first graph build + lint (first call, cold read cache) | "
          + " | ".join(f"{results[s]['first_build']:.2f} ({results[s]['first_build_cpu']:.2f})" for s in sizes) + " |")
    plan = [results[s]["sizes"]["plan_fix"] for s in sizes]
    print("| `plan_fix` (whole project) | " + " | ".join(f"{p['seconds']:.2f} ({p['cpu']:.2f})" for p in plan) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
