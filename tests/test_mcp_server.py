"""The MCP server end to end: a real subprocess over stdio, driven by the ``mcp`` SDK's client.

Each test copies a fixture project to ``tmp_path`` (the fixtures are never
edited in place) and starts ``python -m djust_lint.mcp`` (or ``djust-lint mcp
serve``) the way an editor would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp.client.stdio import StdioServerParameters
from mcp_client import Session, connect

FIXTURES = Path(__file__).parent / "fixtures"
READ_ONLY_TOOLS = {
    "get_framework_schema", "get_template_directives", "get_decorators", "get_best_practices", "validate_view",
    "detect_common_issues", "explain_rule", "list_views", "list_components", "list_routes", "get_view_schema",
    "find_handlers_for_template", "find_references", "get_template_context", "check", "run_system_checks", "run_audit",
}  # fmt: skip
WRITING_TOOLS = {"scaffold_view", "scaffold_component", "add_event_handler", "plan_rename_handler", "plan_fix"}
FRAMEWORK_ONLY = {
    "get_framework_schema", "get_template_directives", "get_decorators", "get_best_practices", "validate_view",
    "detect_common_issues", "explain_rule", "scaffold_view", "scaffold_component", "add_event_handler",
}  # fmt: skip
#: djust's server tools answerable from source: every one must exist with djust's parameter names.
DJUST_SIGNATURES = {
    "get_framework_schema": set(), "get_template_directives": set(), "get_decorators": set(),
    "get_best_practices": set(), "list_views": set(), "list_components": set(), "list_routes": set(),
    "get_view_schema": {"view_name"}, "run_system_checks": {"category"}, "run_audit": {"app_label"},
    "validate_view": {"code"}, "detect_common_issues": {"code"}, "scaffold_view": {"name", "features"},
    "scaffold_component": {"name", "props"}, "add_event_handler": {"handler_name", "params", "decorators"},
    "find_handlers_for_template": {"template_path"},
}  # fmt: skip
BAD_VIEW = "from djust import LiveView\n\nclass Broken(LiveView):\n    template = '<div dj-click=\"nope\"></div>'\n\n    def mount(self):\n        pass\n"


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    shutil.copytree(FIXTURES / "shop", root)
    return root


def _params(args: list[str], cwd: Path) -> StdioServerParameters:
    # A home of its own beside the project: the per-user cache (installed-package store, the read
    # cache's secret) lives there, not in the project the tests compare byte for byte.
    home = cwd.parent / f"{cwd.name}-home"
    home.mkdir(exist_ok=True)
    env = {"PYTHONPATH": os.pathsep.join(sys.path), "HOME": str(home)}
    return StdioServerParameters(command=sys.executable, args=args, cwd=cwd, env=env)


def run_session(args: list[str], cwd: Path, body: Callable[[Session], Awaitable[Any]]) -> Any:
    """Start the server as a subprocess and run ``body`` against it over stdio."""

    async def main() -> Any:
        with anyio.fail_after(120):
            async with connect(_params(args, cwd)) as client:
                return await body(client)

    return anyio.run(main)


async def call(client: Session, name: str, /, **arguments: Any) -> dict[str, Any]:
    result = await client.call(name, arguments)
    assert not result.is_error, f"{name}: {result.text}"
    assert result.structured is not None
    return result.structured


async def error(client: Session, name: str, /, **arguments: Any) -> str:
    result = await client.call(name, arguments)
    assert result.is_error, f"{name} should have failed: {result.structured}"
    return result.text


def test_tools_publish_input_and_output_schemas_and_annotations(shop: Path) -> None:
    async def body(client: Session) -> list[Any]:
        return await client.list_tools()

    tools = {t["name"]: t for t in run_session(["-m", "djust_lint.mcp", "--root", str(shop)], shop, body)}
    assert set(tools) == READ_ONLY_TOOLS | WRITING_TOOLS
    for name, tool in tools.items():
        assert tool["inputSchema"]["type"] == "object", name
        assert tool.get("outputSchema") and tool["outputSchema"]["type"] == "object", name
        assert tool["description"], name
        assert tool["annotations"]["readOnlyHint"] is (name in READ_ONLY_TOOLS), name
    for name, params in DJUST_SIGNATURES.items():
        assert params <= set(tools[name]["inputSchema"].get("properties", {})), name
    assert tools["validate_view"]["inputSchema"]["properties"]["code"]["maxLength"] == 1_000_000
    assert "apply" in tools["plan_fix"]["inputSchema"]["properties"]


def test_every_tool_on_the_shop_fixture(shop: Path) -> None:
    async def body(client: Session) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("get_framework_schema", "get_template_directives", "get_decorators", "get_best_practices",
                     "list_views", "list_components", "list_routes", "run_system_checks", "run_audit", "check"):  # fmt: skip
            out[name] = await call(client, name)
        out["schema"] = await call(client, "get_view_schema", view_name="ProductListView")
        out["unknown_view"] = await error(client, "get_view_schema", view_name="ProductLstView")
        out["config_checks"] = await call(client, "run_system_checks", category="config")
        out["bad_category"] = await error(client, "run_system_checks", category="nonsense")
        out["audit_catalog"] = await call(client, "run_audit", app_label="catalog")
        out["validate"] = await call(client, "validate_view", code=BAD_VIEW)
        out["detect"] = await call(client, "detect_common_issues", code=BAD_VIEW)
        out["check_paths"] = await call(client, "check", paths=["accounts"])
        out["explain"] = await call(client, "explain_rule", code="dead-binding")
        out["template"] = await call(client, "find_handlers_for_template", template_path="catalog/product_list.html")
        out["template_by_path"] = await call(client, "find_handlers_for_template", template_path="catalog/templates/catalog/product_list.html")
        out["refs_handler"] = await call(client, "find_references", name="add_to_cart")
        out["refs_view"] = await call(client, "find_references", name="ProductListView")
        out["refs_template"] = await call(client, "find_references", name="base.html")
        out["context"] = await call(client, "get_template_context", template="catalog/product_list.html")
        out["snippet"] = await call(client, "add_event_handler", handler_name="archive", params="item_id: int = 0", decorators="debounce(wait=0.3)")
        out["add_plan"] = await call(client, "add_event_handler", handler_name="archive", params="item_id:int=0", view_name="ProductListView")
        out["fix_plan"] = await call(client, "plan_fix", paths=["catalog"])
        out["scaffold"] = await call(client, "scaffold_view", name="OrderListView", features="search,pagination", app="catalog")
        out["component"] = await call(client, "scaffold_component", name="UserCard", props="user,show_avatar", app="catalog")
        out["rename"] = await call(client, "plan_rename_handler", view_name="MiniCartView", old_name="empty_cart", new_name="clear_cart")
        out["rename_refused"] = await error(client, "plan_rename_handler", view_name="ProductListView", old_name="next_page", new_name="go_next")
        out["graph"] = await client.read_resource("djust-lint://graph")
        return out

    def project_files() -> dict[Path, bytes]:
        # The read cache (.djust_lint_cache/) is djust-lint's own, not the project's.
        skip = {"__pycache__", ".djust_lint_cache"}
        return {p: p.read_bytes() for p in shop.rglob("*") if p.is_file() and not skip & set(p.parts)}

    before = project_files()
    out = run_session(["-m", "djust_lint.mcp", "--root", str(shop)], shop, body)
    assert project_files() == before, "no tool may write without apply=true"

    assert out["get_framework_schema"]["source"] == "installed-djust"
    assert out["get_template_directives"]["index"]["dj-click"] == "event"
    assert any(d["name"] == "@event_handler" for d in out["get_decorators"]["decorators"])
    assert out["get_best_practices"]["index"] and "DJ101" in out["get_best_practices"]["checked_by_djust_lint"]

    views = {v["qualname"]: v for v in out["list_views"]["views"]}
    plv = views["catalog.views.products.ProductListView"]
    assert plv["template"] == "catalog/product_list.html" and "search" in plv["handlers"] and "add_to_cart" in plv["handlers"]
    assert "template_name" not in plv["state"] and "products" in plv["state"]
    assert [c["qualname"] for c in out["list_components"]["views"]] == ["catalog.components.RatingWidget"]
    routes = {r["name"]: r for r in out["list_routes"]["routes"]}
    assert routes["profile"]["target"] == "accounts.views.ProfileView" and routes["profile"]["is_live_view"]

    schema = out["schema"]
    handlers = {h["name"]: h for h in schema["handlers"]}
    assert handlers["add_to_cart"]["owner"] == "catalog.mixins.CartMixin"
    assert [p["name"] for p in handlers["select_category"]["params"]][:1] == ["category_id"]
    assert handlers["sort_by"]["accepts_kwargs"] is False
    assert "catalog/_product_row.html" in schema["renders"] and schema["bindings"]
    assert "did you mean" in out["unknown_view"] and "ProductListView" in out["unknown_view"]

    codes = set(out["check"]["summary"]["by_rule"])
    assert {"DJ101", "DJ104", "DJ201", "DJ304"} <= codes
    assert out["check"]["summary"]["total"] == out["check"]["total"] >= len(out["check"]["findings"])
    assert {f["path"].split("/")[0] for f in out["check_paths"]["findings"]} == {"accounts"}
    assert out["run_system_checks"]["summary"]["total"] >= out["config_checks"]["summary"]["total"]
    assert "'config'" in out["bad_category"]
    assert {v["qualname"].split(".")[0] for v in out["audit_catalog"]["views"]} == {"catalog"}

    validate_codes = {i["code"] for i in out["validate"]["issues"]}
    assert {"DJ101", "DJ301", "DJ302"} <= validate_codes
    assert out["detect"]["summary"]["total"] == len(out["detect"]["issues"]) > 0
    assert out["explain"]["code"] == "DJ101" and "dead-binding" in out["explain"]["explanation"]

    template = out["template"]
    assert template["resolved_path"] == "catalog/templates/catalog/product_list.html"
    assert out["template_by_path"]["template_key"] == "catalog/product_list.html"
    dead = {d["handler"] for d in template["dead"]}
    assert "nxt_page" in dead and "search" not in dead
    assert template["views"][0]["class"] == "catalog.views.products.ProductListView"
    assert "nxt_page" in template["views"][0]["handlers_in_template_not_in_view"]

    kinds = {r["kind"] for r in out["refs_handler"]["references"]}
    assert {"definition", "binding"} <= kinds
    assert {"definition", "route"} <= {r["kind"] for r in out["refs_view"]["references"]}
    assert {"extends"} <= {r["kind"] for r in out["refs_template"]["references"]}

    context = out["context"]
    assert context["views"] == ["catalog.views.products.ProductListView"]
    names = {c["name"]: c for c in context["available"]}
    assert names["query"]["origin"] == "state" and names["user"]["origin"] == "builtin"
    assert "disabled" in context["missing"]["catalog.views.products.ProductListView"]

    assert "def archive(self, item_id: int = 0, **kwargs):" in out["snippet"]["code"]
    assert out["add_plan"]["diff"].startswith("--- a/catalog/views/products.py") and not out["add_plan"]["applied"]
    assert "**kwargs" in out["fix_plan"]["diff"] and out["fix_plan"]["written"] == []
    assert "class OrderListView" in out["scaffold"]["code"] and out["scaffold"]["edits"]
    assert "class UserCard" in out["component"]["code"]
    assert '+  <button dj-click="clear_cart">' in out["rename"]["diff"] and "+    def clear_cart(" in out["rename"]["diff"]
    assert "dynamic binding" in out["rename_refused"]
    assert {v["qualname"] for v in out["graph"]["views"]} >= set(views)


def test_answers_follow_edits_between_calls(shop: Path) -> None:
    view = shop / "catalog" / "views" / "products.py"

    async def body(client: Session) -> tuple[Any, ...]:
        first = await call(client, "find_handlers_for_template", template_path="catalog/product_list.html")
        text = view.read_text(encoding="utf-8")
        view.write_text(text.replace("    def next_page(self, **kwargs):", "    def nxt_page(self, **kwargs):\n        pass\n\n    @event_handler\n    def next_page(self, **kwargs):"), encoding="utf-8")
        second = await call(client, "find_handlers_for_template", template_path="catalog/product_list.html")
        (shop / "catalog" / "templates" / "catalog" / "extra.html").write_text('<p dj-click="ghost"></p>\n', encoding="utf-8")
        refs = await error(client, "find_references", name="ghost_handler")
        applied = await call(client, "add_event_handler", handler_name="archive", view_name="ProductListView", apply=True)
        schema = await call(client, "get_view_schema", view_name="ProductListView")
        return first, second, refs, applied, schema

    first, second, refs, applied, schema = run_session(["-m", "djust_lint.mcp", "--root", str(shop)], shop, body)
    assert "nxt_page" in {d["handler"] for d in first["dead"]}
    assert "nxt_page" not in {d["handler"] for d in second["dead"]}
    assert "ghost_handler" in refs
    assert applied["applied"] and applied["written"] == ["catalog/views/products.py"]
    assert "def archive(self, **kwargs):" in view.read_text(encoding="utf-8")
    assert "archive" in {h["name"] for h in schema["handlers"]}


def test_framework_only_mode_from_a_directory_without_project(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()

    async def body(client: Session) -> tuple[Any, ...]:
        names = {t["name"] for t in await client.list_tools()}
        schema = await call(client, "get_framework_schema")
        issues = await call(client, "validate_view", code=BAD_VIEW)
        scaffold = await call(client, "scaffold_view", name="CounterView", features="search")
        component = await call(client, "scaffold_component", name="UserCard", props="user", live=True)
        refused = await error(client, "scaffold_view", name="CounterView", apply=True)
        return names, schema, issues, scaffold, component, refused, client.instructions

    names, schema, issues, scaffold, component, refused, instructions = run_session(
        ["-m", "djust_lint", "mcp", "serve"], empty, body
    )
    assert names == FRAMEWORK_ONLY
    assert schema["index"] and "framework-only" in (instructions or "")
    assert {"DJ101", "DJ301"} <= {i["code"] for i in issues["issues"]}
    assert "class CounterView" in scaffold["code"] and scaffold["edits"] == [] and not scaffold["applied"]
    assert "class UserCard" in component["code"]
    assert "framework-only" in refused
    assert list(empty.iterdir()) == []


def test_paths_outside_the_root_are_refused(shop: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "x.html").write_text('<p dj-click="x"></p>', encoding="utf-8")
    (shop / "templates" / "link").symlink_to(outside, target_is_directory=True)

    async def body(client: Session) -> list[str]:
        return [
            await error(client, "check", paths=["../secret"]),
            await error(client, "check", paths=[str(outside)]),
            await error(client, "find_handlers_for_template", template_path="templates/link/x.html"),
            await error(client, "plan_fix", paths=["../../etc"]),
            await error(client, "validate_view", code="x = 1", path="../outside.py"),
            await error(client, "add_event_handler", handler_name="not an identifier"),
            await error(client, "get_view_schema", view_name="x" * 500),
        ]

    messages = run_session(["-m", "djust_lint.mcp", "--root", str(shop)], shop, body)
    assert all("outside the project root" in m for m in messages[:5]), messages
    assert "identifier" in messages[5]
    assert "300" in messages[6] or "at most" in messages[6]


def test_graph_is_reused_until_a_file_changes(shop: Path) -> None:
    from djust_lint.mcp.project import ProjectState

    state = ProjectState(shop)
    first = state.result()
    assert state.result() is first and state.builds == 1
    target = shop / "catalog" / "mixins.py"
    target.write_text(target.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    assert state.result() is not first and state.builds == 2
    (shop / "catalog" / "new_module.py").write_text("X = 1\n", encoding="utf-8")
    state.result()
    assert state.builds == 3


@pytest.mark.skipif(shutil.which("npx") is None, reason="npx (Node.js) is not installed: the MCP Inspector cannot run")
def test_mcp_inspector_cli_lists_tools_and_validates(shop: Path) -> None:
    base = ["npx", "-y", "@modelcontextprotocol/inspector", "--cli", sys.executable, "-m", "djust_lint.mcp", "--root", str(shop)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    try:
        listed = subprocess.run([*base, "--method", "tools/list"], capture_output=True, text=True, timeout=300, env=env, cwd=shop)
    except subprocess.TimeoutExpired:
        pytest.skip("the MCP Inspector could not be installed from the npm registry in time")
    if listed.returncode != 0 and ("ENOTFOUND" in listed.stderr or "network" in listed.stderr.lower() or "EAI_AGAIN" in listed.stderr):
        pytest.skip(f"the npm registry is unreachable: {listed.stderr.strip()[:200]}")
    assert listed.returncode == 0, listed.stderr
    tools = {t["name"] for t in json.loads(listed.stdout)["tools"]}
    assert READ_ONLY_TOOLS | WRITING_TOOLS <= tools
    called = subprocess.run(
        [*base, "--method", "tools/call", "--tool-name", "validate_view", "--tool-arg", f"code={BAD_VIEW}"],
        capture_output=True, text=True, timeout=300, env=env, cwd=shop,
    )  # fmt: skip
    assert called.returncode == 0, called.stderr
    result = json.loads(called.stdout)
    assert "DJ101" in {i["code"] for i in result["structuredContent"]["issues"]}
