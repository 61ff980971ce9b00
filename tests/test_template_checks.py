"""Subtle cases of the template-check rules (djust T0xx/A07x/Y0xx parity) beyond their examples."""

from __future__ import annotations

from project_files import write_project

from djust_lint.engine.api import lint_project

VIEW = "from djust import LiveView\n\n\nclass Page(LiveView):\n    template_name = 'app/page.html'\n"
INLINE_VIEW = (
    "from djust import LiveView\n\n\nclass Page(LiveView):\n"
    "    template = '<div dj-root><button dj-click=\"go\"><svg></svg></button></div>'\n"
)


def _codes(root, select):
    result = lint_project(root, select=select)
    assert not result.internal_errors, result.internal_errors
    return sorted((f.code, f.path, f.line, f.column) for f in result.findings)


def test_djust_silencing_switches_apply_as_djust_applies_them(tmp_path):
    """T014's check reads SILENCED_SYSTEM_CHECKS only; T015's also reads DJUST_CONFIG['suppress_checks']."""
    files = {"app/templates/app/a.html": "<div data-dj-id='x'></div>\n"}
    assert _codes(write_project(tmp_path / "on", files), ["DJ614"]) == [("DJ614", "app/templates/app/a.html", 1, 6)]
    files["proj/settings.py"] = "INSTALLED_APPS = ['app']\nDJUST_CONFIG = {'suppress_checks': ['t014']}\n"
    assert _codes(write_project(tmp_path / "ignored", files), ["DJ614"]) == [("DJ614", "app/templates/app/a.html", 1, 6)]
    files["proj/settings.py"] = "INSTALLED_APPS = ['app']\nSILENCED_SYSTEM_CHECKS = ['djust.T014']\n"
    assert _codes(write_project(tmp_path / "off", files), ["DJ614"]) == []
    legacy = {"app/templates/app/a.html": '<div data-djust-root></div>\n'}
    found = _codes(write_project(tmp_path / "t015", legacy), ["DJ615"])
    assert found, "DJ615 flags the pre-1.0 root marker"
    legacy["proj/settings.py"] = "INSTALLED_APPS = ['app']\nDJUST_CONFIG = {'suppress_checks': ['T015']}\n"
    assert _codes(write_project(tmp_path / "t015off", legacy), ["DJ615"]) == []


def test_fragment_included_by_a_rooted_page_is_connected(tmp_path):
    files = {
        "app/views.py": VIEW,
        "app/templates/app/page.html": '<div dj-root>{% include "app/row.html" %}</div>\n',
        "app/templates/app/row.html": '<button dj-click="go">Go</button>\n',
        "app/templates/app/orphan.html": '<button dj-click="go">Go</button>\n',
    }
    assert _codes(write_project(tmp_path / "p", files), ["DJ612"]) == [("DJ612", "app/templates/app/orphan.html", 1, 9)]


def test_unresolved_extends_draws_no_conclusion(tmp_path):
    files = {
        "app/views.py": VIEW,
        "app/templates/app/page.html": '{% extends "thirdparty/base.html" %}<button dj-click="go">Go</button>\n',
    }
    assert _codes(write_project(tmp_path / "p", files), ["DJ612"]) == []


def test_navigate_with_routes_to_an_installed_app_is_not_reported(tmp_path):
    files = {
        "app/urls.py": "from django.urls import include, path\n\nurlpatterns = [path('x/', include('other.urls'))]\n",
        "app/templates/app/a.html": '<div dj-root><a dj-navigate="/x/">x</a></div>\n',
    }
    assert _codes(write_project(tmp_path / "p", files), ["DJ616"]) == []


def test_icon_only_button_in_an_inline_template_is_reported_at_python_position(tmp_path):
    root = write_project(tmp_path / "p", {"app/views.py": INLINE_VIEW})
    assert _codes(root, ["DJ641"]) == [("DJ641", "app/views.py", 5, 30)]


def test_icon_only_rule_reads_content_up_to_the_end_tag(tmp_path):
    files = {"app/templates/app/a.html": "<button><svg></svg>\n  Save\n</button>\n<button>\n</button>\n"}
    assert _codes(write_project(tmp_path / "p", files), ["DJ641"]) == [("DJ641", "app/templates/app/a.html", 4, 1)]
