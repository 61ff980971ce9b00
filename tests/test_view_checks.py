"""Subtle cases of the view-check and template-context rules (beyond their examples)."""

from __future__ import annotations

from project_files import write_project

from djust_lint.engine.api import lint_project

VIEW = '''from djust import LiveView


class Page(LiveView):
    template_name = "app/page.html"

    def mount(self, request, **kwargs):
        self.items = []
{extra}'''


def _found(tmp_path, files, code):
    root = write_project(tmp_path / "p", files)
    result = lint_project(root, select=[code])
    assert not result.internal_errors, result.internal_errors
    return sorted((f.path, f.line, f.column) for f in result.findings)


def test_include_sees_loop_variables_and_with_arguments(tmp_path):
    files = {
        "app/views.py": VIEW.format(extra=""),
        "app/templates/app/page.html": '{% for item in items %}{% include "app/row.html" with n=forloop.counter %}{% endfor %}\n',
        "app/templates/app/row.html": "{{ n }} {{ item.name }} {{ items_count }} {{ missing }}\n",
    }
    assert _found(tmp_path, files, "DJ801") == [("app/templates/app/row.html", 1, 43)]


def test_include_only_hides_the_view_context(tmp_path):
    files = {
        "app/views.py": VIEW.format(extra=""),
        "app/templates/app/page.html": '{% include "app/row.html" with x=items only %}\n',
        "app/templates/app/row.html": "{{ x }} {{ items }} {{ user }}\n",
    }
    assert _found(tmp_path, files, "DJ801") == [("app/templates/app/row.html", 1, 9)]


def test_extends_block_sees_names_bound_around_it_in_the_parent(tmp_path):
    files = {
        "app/views.py": VIEW.format(extra=""),
        "app/templates/base.html": "{% for section in items %}{% block body %}{% endblock %}{% endfor %}\n",
        "app/templates/app/page.html": '{% extends "base.html" %}{% block body %}{{ section }}{{ nope }}{% endblock %}\n',
    }
    assert _found(tmp_path, files, "DJ801") == [("app/templates/app/page.html", 1, 55)]


def test_dynamic_get_context_data_silences_the_view(tmp_path):
    extra = "\n    def get_context_data(self, **kwargs):\n        return build_context(self)\n"
    files = {"app/views.py": VIEW.format(extra=extra), "app/templates/app/page.html": "{{ anything }}\n"}
    assert _found(tmp_path, files, "DJ801") == []


def test_context_update_and_setdefault_keys_are_provided(tmp_path):
    extra = (
        "\n    def get_context_data(self, **kwargs):\n        ctx = super().get_context_data(**kwargs)\n"
        "        ctx.update(a=1, **{'b': 2})\n        ctx.setdefault('c', 3)\n        return ctx\n"
    )
    files = {"app/views.py": VIEW.format(extra=extra), "app/templates/app/page.html": "{{ a }}{{ b }}{{ c }}{{ d }}\n"}
    assert _found(tmp_path, files, "DJ801") == [("app/templates/app/page.html", 1, 22)]


def test_a_template_shared_by_two_views_is_reported_only_if_both_miss_it(tmp_path):
    views = VIEW.format(extra="") + '''

class Other(LiveView):
    template_name = "app/page.html"

    def mount(self, request, **kwargs):
        self.title = ""
'''
    files = {"app/views.py": views, "app/templates/app/page.html": "{{ title }}{{ zzz }}\n"}
    assert _found(tmp_path, files, "DJ801") == [("app/templates/app/page.html", 1, 12)]


def test_custom_context_processor_turns_the_rule_off(tmp_path):
    settings = (
        "INSTALLED_APPS = ['app']\nTEMPLATES = [{'BACKEND': 'x', 'OPTIONS': "
        "{'context_processors': ['app.context.site']}}]\n"
    )
    files = {
        "proj/settings.py": settings,
        "app/views.py": VIEW.format(extra=""),
        "app/templates/app/page.html": "{{ site_name }}\n",
    }
    assert _found(tmp_path, files, "DJ801") == []


def test_djust_config_suppress_checks_is_honoured(tmp_path):
    files = {
        "proj/settings.py": "INSTALLED_APPS = ['app']\nDJUST_CONFIG = {'suppress_checks': ['T018']}\n",
        "app/views.py": VIEW.format(extra=""),
        "app/templates/app/page.html": "{{ nope }}\n",
    }
    assert _found(tmp_path, files, "DJ801") == []


def test_view_allowlist_matches_on_segment_boundaries(tmp_path):
    files = {
        "proj/settings.py": "INSTALLED_APPS = ['app']\nLIVEVIEW_ALLOWED_MODULES = ['app.']\n",
        "app/views.py": VIEW.format(extra=""),
        "app/templates/app/page.html": "<div></div>\n",
    }
    assert _found(tmp_path, files, "DJ702") == []


def test_http_only_override_reported_once_per_mixin(tmp_path):
    views = '''from djust import LiveView


class Gate:
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class A(Gate, LiveView):
    template = "<div></div>"


class B(Gate, LiveView):
    template = "<div></div>"
'''
    assert _found(tmp_path, {"app/views.py": views}, "DJ709") == [("app/views.py", 5, 9)]
