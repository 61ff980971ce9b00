"""MCP answers sized for a context window, listings that page, and no dead ends (issue 12).

The server runs in-process (the SDK's in-memory transport) on projects made
by the benchmark generator: every answer is measured as the text the model
reads. Runs under mcp 1.x and 2.x alike (``tests/mcp_client.py``).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp_client import Session, connect

from djust_lint.engine.api import lint_project

BUDGET = 20_000
FIXTURES = Path(__file__).parent / "fixtures"
_GENERATOR = Path(__file__).resolve().parents[1] / "bench" / "generate_project.py"
#: listing tool -> (arguments, key of the items in the answer)
LISTINGS: dict[str, tuple[dict[str, Any], str]] = {
    "list_views": ({}, "views"),
    "list_components": ({}, "views"),
    "list_routes": ({}, "routes"),
    "check": ({}, "findings"),
    "run_system_checks": ({}, "checks"),
    "run_audit": ({}, "views"),
    "find_references": ({"name": "search"}, "references"),
    "plan_fix": ({"unsafe": True}, "edits"),
}


def _generate(out: Path, views: int) -> Path:
    spec = importlib.util.spec_from_file_location("bench_generate_project_answers", _GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.generate(out, views=views, seed=0)
    return out


@pytest.fixture(scope="module")
def bench_1k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(tmp_path_factory.mktemp("bench") / "p1000", 1000)


@pytest.fixture(scope="module")
def bench_small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(tmp_path_factory.mktemp("bench") / "p60", 60)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    shutil.copytree(FIXTURES / "shop", root)
    return root


def session(root: Path | None, body: Callable[[Session], Awaitable[Any]]) -> Any:
    from djust_lint.mcp.server import create_server

    async def main() -> Any:
        with anyio.fail_after(300):
            async with connect(create_server(root)) as client:
                return await body(client)

    return anyio.run(main)


async def ok(client: Session, tool: str, /, **arguments: Any) -> dict[str, Any]:
    result = await client.call(tool, arguments)
    assert not result.is_error, f"{tool}: {result.text[:500]}"
    assert result.structured is not None
    return result.structured


# ---------------------------------------------------------------------------
# Sizes
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def answers_1k(bench_1k: Path) -> dict[str, Any]:
    """Every tool called once with default arguments on the 1,000-view project (one server, one build)."""
    result = lint_project(bench_1k)
    graph = result.graph
    view = next(
        v for _, v in sorted(graph.views.items())
        if v.kind == "live_view" and not v.abstract and v.template_kind == "file" and v.handlers
    )  # fmt: skip
    template = graph.templates[view.template].path
    source = (bench_1k / view.path).read_text(encoding="utf-8")
    handler = next(h for _, h in sorted(view.handlers.items()) if h.source == "project")
    app = view.module.split(".")[0]
    calls: dict[str, dict[str, Any]] = {
        "get_framework_schema": {}, "get_template_directives": {}, "get_decorators": {}, "get_best_practices": {},
        "list_views": {}, "list_components": {}, "list_routes": {}, "check": {}, "run_system_checks": {},
        "run_audit": {}, "get_view_schema": {"view_name": view.qualname},
        "find_handlers_for_template": {"template_path": template}, "find_references": {"name": handler.name},
        "get_template_context": {"template": template}, "validate_view": {"code": source, "path": view.path},
        "detect_common_issues": {"code": source}, "explain_rule": {"code": "DJ101"},
        "scaffold_view": {"name": "ReportView", "features": "search,pagination", "app": app},
        "scaffold_component": {"name": "UserCard", "props": "user", "app": app},
        "add_event_handler": {"handler_name": "archive", "view_name": view.qualname},
        "plan_rename_handler": {"view_name": handler.owner, "old_name": handler.name, "new_name": handler.name + "_renamed"},
        "plan_fix": {},
    }  # fmt: skip

    async def body(client: Session) -> dict[str, Any]:
        tools = await client.list_tools()
        return {"tools": tools, "answers": {name: await client.call(name, arguments) for name, arguments in calls.items()}}

    return {**session(bench_1k, body), "calls": calls, "findings": len(result.findings)}


def test_every_default_answer_fits_the_budget_on_the_1000_view_project(answers_1k: dict[str, Any]) -> None:
    tools, answers = answers_1k["tools"], answers_1k["answers"]
    assert {t["name"] for t in tools} == set(answers_1k["calls"]), "every tool is measured"
    listed = len(json.dumps(tools, separators=(",", ":")))
    assert listed <= BUDGET, f"tools/list is {listed} characters"
    assert not {n: r.text[:300] for n, r in answers.items() if r.is_error}
    over = {n: r.size for n, r in answers.items() if r.size > BUDGET}
    assert not over, over


def test_findings_default_to_a_summary_and_the_first_page(answers_1k: dict[str, Any]) -> None:
    answer = answers_1k["answers"]["check"].structured
    total = answers_1k["findings"]
    assert answer["total"] == total
    assert sum(answer["summary"]["by_rule"].values()) == total
    assert len(answer["findings"]) < total and answer["next_offset"] == len(answer["findings"])


def test_text_content_is_compact_json_of_the_structured_answer(shop: Path) -> None:
    async def body(client: Session) -> list[Any]:
        return [await client.call("list_views"), await client.call("check"), await client.call("explain_rule", {"code": "DJ101"})]

    for result in session(shop, body):
        assert json.loads(result.text) == result.structured
        assert "\n " not in result.text and ": " not in result.text[:200]


# ---------------------------------------------------------------------------
# Paging and filters
# ---------------------------------------------------------------------------


def _identity(item: dict[str, Any]) -> str:
    return json.dumps(item, sort_keys=True)


def test_paging_through_every_listing_collects_exactly_the_full_set(bench_small: Path) -> None:
    result = lint_project(bench_small)
    graph = result.graph
    handlers = "".join(f"    @event_handler\n    def save_{i}(self):\n        pass\n\n" for i in range(12))
    snippet = f"class Many(LiveView):\n    template = '<div dj-root></div>'\n\n{handlers}"  # 12 handlers without **kwargs
    listings = {**LISTINGS, "validate_view": ({"code": snippet}, "issues")}

    async def body(client: Session) -> dict[str, tuple[list[str], list[str], int]]:
        out = {}
        for name, (arguments, key) in listings.items():
            everything = await ok(client, name, **arguments, limit=100_000)
            collected: list[str] = []
            offset: int | None = 0
            pages = 0
            while offset is not None:
                page = await ok(client, name, **arguments, limit=7, offset=offset)
                assert len(page[key]) <= 7
                collected += [_identity(i) for i in page[key]]
                assert page["total"] == everything["total"]
                offset = page["next_offset"]
                if offset is not None:
                    assert str(offset) in page["next"], page["next"]
                pages += 1
                assert pages < 10_000
            out[name] = (collected, [_identity(i) for i in everything[key]], everything["total"])
        return out

    out = session(bench_small, body)
    for name, (collected, everything, total) in out.items():
        assert collected == everything, name
        assert len(everything) == total > 0, name
    # the totals are the engine's, not the tool's own idea
    assert out["check"][2] == len(result.findings)
    assert out["list_views"][2] == sum(v.kind == "live_view" for v in graph.views.values())
    assert out["list_routes"][2] == len(graph.routes)
    assert out["validate_view"][2] >= 8  # several pages of 7


def test_filters(bench_small: Path) -> None:
    result = lint_project(bench_small)
    app = sorted({v.module.split(".")[0] for v in result.graph.views.values() if v.kind == "live_view"})[1]

    async def body(client: Session) -> dict[str, Any]:
        return {
            "app": await ok(client, "list_views", app=app, limit=1000),
            "name": await ok(client, "list_views", name="list", limit=1000),
            "routes": await ok(client, "list_routes", app=app, limit=1000),
            "code": await ok(client, "check", code="DJ101", limit=1000),
            "severity": await ok(client, "check", severity="warning", limit=1000),
            "path": await ok(client, "check", path=app, limit=1000),
            "system": await ok(client, "run_system_checks", code="DJ101", limit=1000),
            "audit": await ok(client, "run_audit", app_label=app, limit=1000),
        }

    out = session(bench_small, body)
    assert out["app"]["views"] and all(v["qualname"].startswith(app + ".") for v in out["app"]["views"])
    assert out["name"]["views"] and all("list" in v["qualname"].lower() for v in out["name"]["views"])
    assert out["routes"]["routes"] and all(r["position"]["path"].startswith(app + "/") for r in out["routes"]["routes"])
    assert out["code"]["total"] == sum(f.code == "DJ101" for f in result.findings) > 0
    assert {f["code"] for f in out["code"]["findings"]} == {"DJ101"}
    assert {f["severity"] for f in out["severity"]["findings"]} == {"warning"}
    assert out["path"]["findings"] and all(f["path"].startswith(app + "/") for f in out["path"]["findings"])
    assert {c["code"] for c in out["system"]["checks"]} == {"DJ101"}
    assert all(v["qualname"].startswith(app + ".") for v in out["audit"]["views"])


def test_view_listings_show_project_bases_and_one_word_for_the_framework(shop: Path) -> None:
    async def body(client: Session) -> dict[str, Any]:
        return await ok(client, "list_views", limit=1000)

    views = {v["qualname"]: v for v in session(shop, body)["views"]}
    plv = views["catalog.views.products.ProductListView"]
    assert plv["framework"] == "LiveView"
    assert "catalog.mixins.CartMixin" in plv["bases"]
    assert not any(b.startswith(("djust.", "django.")) for v in views.values() for b in v["bases"])


# ---------------------------------------------------------------------------
# Reference tools: an index by default, one entry on request
# ---------------------------------------------------------------------------


def test_reference_tools_index_then_expand(tmp_path: Path) -> None:
    empty = tmp_path / "nowhere"
    empty.mkdir()

    async def body(client: Session) -> dict[str, Any]:
        return {
            "schema": await ok(client, "get_framework_schema"),
            "schema_topic": await ok(client, "get_framework_schema", topic="directives"),
            "directives": await ok(client, "get_template_directives"),
            "click": await ok(client, "get_template_directives", name="dj-click"),
            "practices": await ok(client, "get_best_practices"),
            "bad_topic": (await client.call("get_framework_schema", {"topic": "directivs"})).text,
        }

    out = session(None, body)
    topics = {t["topic"] for t in out["schema"]["index"]}
    assert "directives" in topics and "decorators" in topics
    assert len(out["schema_topic"]["entries"]) > 20
    names = set(out["directives"]["index"])
    assert "dj-click" in names and len(names) > 30
    assert out["click"]["entries"][0]["name"] == "dj-click" and out["click"]["entries"][0].get("description")
    assert out["practices"]["index"]
    assert "directives" in out["bad_topic"]


# ---------------------------------------------------------------------------
# No dead ends
# ---------------------------------------------------------------------------


MIXIN_PROJECT = {
    "shop/mixins.py": (
        "from djust.decorators import event_handler\n\n\nclass CartMixin:\n    @event_handler\n"
        "    def add_to_cart(self, product_id: int = 0, **kwargs):\n        pass\n"
    ),
    "shop/views.py": (
        "from djust import LiveView\n\nfrom shop.mixins import CartMixin\n\n\nclass ListView(CartMixin, LiveView):\n"
        "    template_name = 'shop/list.html'\n"
    ),
    "shop/templates/shop/list.html": '<div dj-root><button dj-click="add_to_cart(1)">add</button><input dj-model="q"></div>\n',
}


def test_no_dead_ends(shop: Path, tmp_path: Path) -> None:
    from project_files import write_project

    small = write_project(tmp_path / "small", MIXIN_PROJECT)

    async def body(client: Session) -> dict[str, Any]:
        return {
            "rename_mixin": await ok(client, "plan_rename_handler", view_name="CartMixin", old_name="add_to_cart", new_name="put_in_cart"),
            "lookalike": (await client.call("explain_rule", {"code": "DJ1O1"})).text,
            "template": await ok(client, "find_handlers_for_template", template_path="shop/list.html"),
        }

    out = session(small, body)
    assert "+    def put_in_cart(" in out["rename_mixin"]["diff"] and 'dj-click="put_in_cart(1)"' in out["rename_mixin"]["diff"]
    assert "did you mean: DJ101" in out["lookalike"]
    (view,) = out["template"]["views"]
    assert view["handlers_in_view_not_in_template"] == [] and "update_model" not in str(view), view

    async def shop_body(client: Session) -> dict[str, Any]:
        return await ok(client, "find_handlers_for_template", template_path="catalog/product_list.html")

    unused = {h for v in session(shop, shop_body)["views"] for h in v["handlers_in_view_not_in_template"]}
    assert unused and "update_model" not in unused, unused
