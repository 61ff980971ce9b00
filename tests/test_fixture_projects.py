"""The realistic fixture projects: every expected finding, exactly, and nothing else.

Each expected entry was reviewed by hand; the comment says why it is real.
Files not named here must stay clean.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from djust_lint.engine.api import lint_project
from djust_lint.graph.builder import BuildOptions, build_graph

FIXTURES = Path(__file__).parent / "fixtures"

SHOP = [
    ("DJ201", "accounts/views.py", 17, 21),  # "preferences.htm": no such template (typo of .html)
    ("DJ101", "catalog/components.py", 11, 21),  # inline component template calls reset_rating: not defined
    ("DJ106", "catalog/templates/catalog/_product_row.html", 4, 25),  # remove_from_cart needs product_id
    ("DJ112", "catalog/templates/catalog/product_detail.html", 6, 33),  # add_to_cart(product.id): the string "product.id"
    ("DJ104", "catalog/templates/catalog/product_list.html", 5, 22),  # dj-keydown="search.enter" (1.1 style)
    ("DJ106", "catalog/templates/catalog/product_list.html", 6, 22),  # dj-change sends value/field, not category_id
    # {% if disabled %} (line 6) is a test: a missing name is false, idiomatic Django (issue 11)
    ("DJ801", "catalog/templates/catalog/product_list.html", 13, 21),  # {{ dynamic_action }}: never set either
    ("DJ107", "catalog/templates/catalog/product_list.html", 10, 21),  # data-bs-toggle reaches sort_by (no **kwargs)
    ("DJ102", "catalog/templates/catalog/product_list.html", 11, 21),  # clear_filters lacks @event_handler
    ("DJ110", "catalog/templates/catalog/product_list.html", 12, 11),  # dj-clik typo
    ("DJ101", "catalog/templates/catalog/product_list.html", 14, 16),  # nxt_page -> next_page
    ("DJ108", "catalog/templates/catalog/product_list.html", 15, 10),  # sort_order is never set
    ("DJ202", "catalog/templates/catalog/product_list.html", 23, 3),  # include of a missing partial
    ("DJ304", "catalog/views/products.py", 32, 9),  # sort_by has no **kwargs
    ("DJ101", "catalog/views/products.py", 54, 21),  # MiniCartView inline template: checkout undefined
    ("DJ101", "templates/partials/nav.html", 2, 21),  # nav included via base.html into ProfileView, no NavMixin
]

HELPDESK = [
    ("DJ101", "src/helpdesk/templates/helpdesk/page.html", 2, 59),  # Dashboard is not a HelpdeskView
    ("DJ901", "src/helpdesk/tickets/legacy.py", 7, 29),  # missing comma in mount signature
    ("DJ902", "src/helpdesk/tickets/templates/tickets/broken.html", 2, 35),  # unclosed quote
    ("DJ101", "src/helpdesk/tickets/templates/tickets/dashboard.html", 5, 67),  # JS chain pushes archive_al
    ("DJ101", "src/helpdesk/tickets/templates/tickets/dashboard.html", 8, 23),  # inside dj-view TicketBoard
    ("DJ103", "src/helpdesk/tickets/templates/tickets/dashboard.html", 11, 20),  # dj-submit sends "save(1)"
    ("DJ900", "src/helpdesk/tickets/templates/tickets/latin1.html", 1, 7),  # Latin-1 byte
    ("DJ102", "src/helpdesk/tickets/templates/tickets/list.html", 11, 23),  # toggle_star undecorated
    ("DJ106", "src/helpdesk/tickets/templates/tickets/list.html", 12, 23),  # assign needs agent
    ("DJ101", "src/helpdesk/tickets/templates/tickets/list.html", 17, 26),  # dj-shortcut open_search
    ("DJ900", "src/helpdesk/tickets/templates/tickets/logo.html", 1, 1),  # PNG bytes named .html
    ("DJ101", "src/helpdesk/tickets/templates/tickets/stats_panel.html", 4, 21),  # component: recount_all
    ("DJ307", "src/helpdesk/tickets/views.py", 15, 14),  # boto3 client in public state
    ("DJ306", "src/helpdesk/tickets/views.py", 29, 16),  # mark_safe(f"...")
]


def _found(name: str, **options) -> list[tuple[str, str, int, int]]:
    result = lint_project(FIXTURES / name, options=BuildOptions(**options))
    assert result.internal_errors == []
    return [(f.code, f.path, f.line, f.column) for f in result.findings]


@pytest.mark.parametrize(("name", "expected"), [("shop", SHOP), ("helpdesk", HELPDESK)])
def test_expected_findings_exactly(name, expected):
    assert _found(name) == sorted(expected, key=lambda e: (e[1], e[2], e[3], e[0]))


@pytest.mark.parametrize(("name", "expected"), [("shop", SHOP), ("helpdesk", HELPDESK)])
def test_same_findings_without_astroid(name, expected):
    """The shipped vocabulary gives the same answers as reading installed djust."""
    assert sorted(_found(name, use_astroid=False)) == sorted(expected)


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("shop", ["catalog/mixins.py", "catalog/views/detail.py",
                  "accounts/templates/accounts/profile.html", "shop_project/urls.py", "templates/base.html"]),
        ("helpdesk", ["src/helpdesk/core/base.py", "src/helpdesk/tickets/dashboard.py",
                      "src/helpdesk/tickets/templates/tickets/empty.html"]),
    ],
)
def test_clean_files_stay_clean(name, clean):
    paths = {path for _, path, _, _ in _found(name)}
    assert not paths & set(clean)


def test_shop_graph_links_everything():
    graph = build_graph(FIXTURES / "shop")
    product_list = graph.views["catalog.views.products.ProductListView"]
    # Handlers from a mixin in another module, through an aliased decorator import.
    assert product_list.handlers["add_to_cart"].owner == "catalog.mixins.CartMixin"
    assert product_list.handlers["toggle_menu"].owner == "catalog.mixins.NavMixin"
    # djust's own built-in handler, from the framework base.
    assert "update_model" in product_list.handlers
    # state(), @computed and self.x all count as state.
    assert {"query", "page", "total_pages", "products", "cart_count"} <= set(product_list.state)
    # Template chain: own template, its base, the nav include and the row include.
    assert set(product_list.renders) == {
        "catalog/product_list.html", "base.html", "partials/nav.html", "catalog/_product_row.html",
    }
    assert graph.templates["partials/nav.html"].rendered_by.count("accounts.views.ProfileView") == 1
    # The abstract base is a view but renders nothing.
    assert graph.views["catalog.mixins.BaseCatalogView"].template_kind is None
    # Routes through live_session keep their prefix; views resolved through package re-exports.
    routes = {r.name: r for _, r in graph.routes if r.name}
    assert routes["product-list"].prefix == "/shop"
    assert graph.index.resolve(routes["product-list"].target) == "catalog.views.products.ProductListView"
    # live_render reference from the template and pushEvent from the hook script.
    kinds = {(r.kind, r.target) for r in graph.references}
    assert ("live_render", "catalog.views.MiniCartView") in kinds
    assert ("push_event", "refresh_stock") in kinds
    assert ("component_kwarg", "save_note") in kinds


def test_commented_markup_is_not_live():
    graph = build_graph(FIXTURES / "shop")
    nav = [b for b in graph.bindings if b.path == "templates/partials/nav.html"]
    assert [c.name for b in nav for c in b.calls] == ["toggle_menu"]


def test_inline_template_positions_are_python_file_positions():
    graph = build_graph(FIXTURES / "shop")
    binding = next(b for b in graph.bindings if b.calls and b.calls[0].name == "checkout")
    assert binding.path == "catalog/views/products.py"
    source = (FIXTURES / "shop" / binding.path).read_text().splitlines()
    line = source[binding.calls[0].span.line - 1]
    col = binding.calls[0].span.column - 1
    assert line[col : col + len("checkout")] == "checkout"


def test_graph_json_is_stable():
    first = build_graph(FIXTURES / "helpdesk").to_json()
    second = build_graph(FIXTURES / "helpdesk").to_json()
    assert first == second
    assert [v["qualname"] for v in first["views"]] == sorted(v["qualname"] for v in first["views"])


def test_attribute_spread_makes_params_open(tmp_path):
    from project_files import write_project

    view = (
        "from djust import LiveView\nfrom djust.decorators import event_handler\n\n\n"
        "class V(LiveView):\n    template_name = 'a/v.html'\n\n    @event_handler\n"
        "    def go(self, item_id, **kwargs):\n        pass\n"
    )
    template = '<b dj-click="go" {{ attrs }}>x</b>\n<b dj-click="go" title="{{ t }}">y</b>\n'
    root = write_project(tmp_path / "p", {"a/views.py": view, "a/templates/a/v.html": template})
    # DJ801 (attrs/t are never set) is real but beside the point here.
    found = [(f.code, f.line) for f in lint_project(root, ignore=["DJ801"]).findings]
    assert found == [("DJ106", 2)]  # the spread may supply item_id; a value expression cannot


def test_script_references_in_templates_and_inline_templates(tmp_path):
    """pushEvent/JS.push inside a template's <script> (file or inline) counts as a use, at its position."""
    from project_files import write_project

    view = (
        "from djust import LiveView\nfrom djust.decorators import event_handler\n\n\n"
        "class V(LiveView):\n    template_name = 'a/v.html'\n\n    @event_handler\n"
        "    def save(self, **kwargs):\n        pass\n\n\n"
        "class W(LiveView):\n"
        '    template = """<div dj-root><script>hook.pushEvent("ping")</script></div>"""\n\n'
        "    @event_handler\n    def ping(self, **kwargs):\n        pass\n"
    )
    template = '<div dj-root>\n<script>\n  this.pushEvent("save", {});\n</script>\n</div>\n'
    root = write_project(tmp_path / "p", {"a/views.py": view, "a/templates/a/v.html": template})
    result = lint_project(root, select=["DJ111"])
    assert result.findings == []
    refs = {(r.target, r.path, r.span.line, r.span.column) for r in result.graph.references if r.kind == "push_event"}
    assert ("save", "a/templates/a/v.html", 3, 19) in refs
    assert ("ping", "a/views.py", 14, 56) in refs
