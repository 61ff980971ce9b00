"""The one engine API: overlays, report scope, a Workspace that re-reads only what changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from project_files import write_project

from djust_lint.engine import Scope, Workspace, lint

VIEW = '''from djust import LiveView
from djust.decorators import event_handler


class CartView(LiveView):
    template_name = "shop/cart.html"

    @event_handler
    def save(self, **kwargs):
        pass
'''
TEMPLATE = '<div dj-root dj-view="shop.views.CartView"><button dj-click="save">Save</button></div>\n'


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return write_project(
        tmp_path / "site",
        {"manage.py": "", "shop/__init__.py": "", "shop/views.py": VIEW, "shop/templates/shop/cart.html": TEMPLATE},
    )


def codes(result) -> list[tuple[str, str]]:
    return sorted((f.code, f.path) for f in result.findings)


def test_overlay_replaces_a_file_in_memory_and_writes_nothing(shop: Path) -> None:
    assert codes(lint(shop, select=["DJ101"])) == []
    broken = TEMPLATE.replace('dj-click="save"', 'dj-click="sav"')
    result = lint(shop, select=["DJ101"], overlays={"shop/templates/shop/cart.html": broken})
    assert codes(result) == [("DJ101", "shop/templates/shop/cart.html")]
    assert (shop / "shop/templates/shop/cart.html").read_text() == TEMPLATE


def test_overlay_adds_a_file_that_does_not_exist(shop: Path) -> None:
    new_view = VIEW.replace("CartView", "OrderView").replace("shop/cart.html", "shop/order.html")
    overlays = {
        "shop/orders.py": new_view,
        "shop/templates/shop/order.html": '<div dj-root><a dj-click="pay">Pay</a></div>\n',
    }
    result = lint(shop, select=["DJ101"], overlays=overlays)
    assert codes(result) == [("DJ101", "shop/templates/shop/order.html")]
    assert "shop.orders.OrderView" in result.graph.views
    assert not (shop / "shop/orders.py").exists()


def test_overlay_outside_the_root_is_refused(shop: Path) -> None:
    with pytest.raises(ValueError, match="outside"):
        lint(shop, overlays={"../elsewhere.py": "x = 1\n"})


def test_root_none_lints_only_the_overlays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decoy.py").write_text("class Decoy(:\n")  # a project file that must not be read
    result = lint(None, select=["DJ1", "DJ901"], overlays={"views.py": VIEW.replace("shop/cart.html", "x.html")})
    assert result.graph.files == ["views.py"]
    assert all(f.path == "views.py" for f in result.findings)


def test_scope_paths_related_and_all(shop: Path) -> None:
    renamed = VIEW.replace("def save(", "def store(")
    (shop / "shop/views.py").write_text(renamed)
    views = shop / "shop/views.py"
    only = lint(shop, paths=[views], select=["DJ101", "DJ111"])
    assert codes(only) == [("DJ111", "shop/views.py")]
    related = lint(shop, paths=[views], scope=Scope.RELATED, select=["DJ101", "DJ111"])
    assert codes(related) == [("DJ101", "shop/templates/shop/cart.html"), ("DJ111", "shop/views.py")]
    template = shop / "shop/templates/shop/cart.html"
    everything = lint(shop, paths=[template], scope="all", select=["DJ101", "DJ111"])
    assert codes(everything) == codes(related)


def test_workspace_rereads_only_changed_files(shop: Path) -> None:
    workspace = Workspace(shop)
    for path in shop.rglob("*"):  # outside the racy window: trusted by their stat from now on
        if path.is_file():
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    first = workspace.lint(select=["DJ101"])
    read_first = workspace.reads
    assert read_first >= 2 and codes(first) == []
    workspace.lint(select=["DJ101"])
    assert workspace.reads == read_first  # nothing changed: nothing read again
    template = shop / "shop/templates/shop/cart.html"
    template.write_text(TEMPLATE.replace('dj-click="save"', 'dj-click="sav"'))
    os.utime(template, ns=(2_000_000_000, 2_000_000_000))
    third = workspace.lint(select=["DJ101"])
    assert workspace.reads == read_first + 1
    assert codes(third) == [("DJ101", "shop/templates/shop/cart.html")]


def test_workspace_overlay_does_not_stick_to_the_next_run(shop: Path) -> None:
    workspace = Workspace(shop)
    broken = TEMPLATE.replace('dj-click="save"', 'dj-click="sav"')
    assert codes(workspace.lint(select=["DJ101"], overlays={"shop/templates/shop/cart.html": broken}))
    assert codes(workspace.lint(select=["DJ101"])) == []


def test_djust_silencing_applies_once_for_every_rule(shop: Path) -> None:
    (shop / "shop/views.py").write_text(VIEW.replace("def save(self, **kwargs):", "def save(self):"))
    assert [c for c, _ in codes(lint(shop, select=["DJ304"]))] == ["DJ304"]
    (shop / "settings.py").write_text("INSTALLED_APPS = ['djust', 'shop']\nSILENCED_SYSTEM_CHECKS = ['djust.V007']\n")
    result = lint(shop, select=["DJ304"])
    assert codes(result) == [] and result.silenced_rules == ["DJ304"]


def test_check_paths_skips_work_it_would_discard_but_related_does_not(shop: Path) -> None:
    """``report_only`` lets rules skip classes elsewhere for ``paths``; ``related`` must still see them."""
    (shop / "shop/views.py").write_text(VIEW.replace("def save(", "def store("))
    template = shop / "shop/templates/shop/cart.html"
    only = lint(shop, paths=[template], select=["DJ101", "DJ111"])
    assert only.graph.report_only == frozenset({"shop/templates/shop/cart.html"})
    assert codes(only) == [("DJ101", "shop/templates/shop/cart.html")]
    related = lint(shop, paths=[template], scope=Scope.RELATED, select=["DJ101", "DJ111"])
    assert related.graph.report_only is None
    assert codes(related) == [("DJ101", "shop/templates/shop/cart.html"), ("DJ111", "shop/views.py")]
