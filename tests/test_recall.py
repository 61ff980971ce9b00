"""Blind spots on real code (issue 11, "Recall"): each shape that used to turn checks off silently.

Every test writes a small real project (or uses the installed djust) and lints
it through the public API or the real CLI; none of them imports project code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from project_files import write_project

from djust_lint import build_graph, lint_project

EXE = Path(sys.executable).with_name("djust-lint")

IMPORTS = "from djust import LiveView\nfrom djust.decorators import event_handler\n"


def pending(item: int) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"issue 11 item {item}: not fixed yet")


def _findings(root: Path, *codes: str) -> list[tuple[str, str, int, int]]:
    result = lint_project(root, select=list(codes))
    assert not result.internal_errors, result.internal_errors
    return sorted((f.code, f.path, f.line, f.column) for f in result.findings)


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *args, "--no-cache"], capture_output=True, text=True, cwd=cwd, timeout=120)


def _djust_root() -> Path:
    try:
        dist = metadata.distribution("djust")
    except metadata.PackageNotFoundError:
        pytest.skip("djust is not installed (it is a test dependency)")
    return Path(str(dist.locate_file("djust"))).resolve()


# ---------------------------------------------------------------------------
# 1. A falsy template in a base class is unset
# ---------------------------------------------------------------------------

_BASE_VIEWS = IMPORTS + '''from typing import Optional


class BaseView(LiveView):
    template{annotation} = {value}


class Page(BaseView):
    template_name = "app/page.html"

    @event_handler
    def save(self, **kwargs):
        pass
'''
_PAGE = '<div dj-root>\n  <button dj-click="sav">Save</button>\n</div>\n'


@pytest.mark.parametrize(
    ("annotation", "value"),
    [(": Optional[str]", "None"), ("", "None"), ("", '""'), (": str", "''")],
    ids=["annotated-none", "none", "empty", "annotated-empty"],
)
def test_falsy_template_in_a_base_leaves_template_name_in_charge(project, annotation, value):
    root = project(
        {
            "app/views.py": _BASE_VIEWS.format(annotation=annotation, value=value),
            "app/templates/app/page.html": _PAGE,
        }
    )
    graph = build_graph(root)
    page = graph.views["app.views.Page"]
    assert (page.template_kind, page.template) == ("file", "app/page.html")
    assert _findings(root, "DJ101") == [("DJ101", "app/templates/app/page.html", 2, 21)]


def test_falsy_template_nearer_than_an_inherited_template_name(project):
    views = IMPORTS + '''

class Base(LiveView):
    template_name = "app/page.html"


class Page(Base):
    template = None

    @event_handler
    def save(self, **kwargs):
        pass
'''
    root = project({"app/views.py": views, "app/templates/app/page.html": _PAGE})
    assert _findings(root, "DJ101") == [("DJ101", "app/templates/app/page.html", 2, 21)]


def test_a_view_whose_only_template_is_falsy_has_no_template(project):
    views = IMPORTS + "\n\nclass Page(LiveView):\n    template = None\n"
    root = project({"app/views.py": views})
    assert build_graph(root).views["app.views.Page"].template_kind is None
    assert _findings(root, "DJ305") == [("DJ305", "app/views.py", 5, 7)]


def test_linting_djust_itself_resolves_its_liveviews_templates():
    """djust's own LiveView declares ``template: Optional[str] = None``; its views must stay checkable."""
    graph = build_graph(_djust_root())
    expected = {
        "djust.admin_ext.views.AdminIndexView": "djust_admin/index.html",
        "djust.admin_ext.views.ModelListView": "djust_admin/model_list.html",
        "djust.admin_ext.views.ModelDetailView": "djust_admin/model_detail.html",
    }
    for qualname, name in expected.items():
        view = graph.views[qualname]
        assert (view.template_kind, view.template) == ("file", name), qualname
    assert graph.bindings_for("djust.admin_ext.views.ModelListView")
    # Only djust's own test modules build templates at run time (f-strings, helpers).
    dynamic = [v.qualname for v in graph.views.values() if v.template_kind == "dynamic"]
    assert dynamic and [q for q in dynamic if not q.startswith("djust.tests.")] == []


# ---------------------------------------------------------------------------
# 2. Never lose a view silently
# ---------------------------------------------------------------------------

_DYNAMIC_VIEWS = IMPORTS + '''

def pick():
    return "app/page.html"


class Computed(LiveView):
    template_name = pick()


class Fine(LiveView):
    template_name = "app/page.html"
'''


def test_graph_lists_the_reason_a_view_has_no_static_template(project):
    root = project({"app/views.py": _DYNAMIC_VIEWS, "app/templates/app/page.html": "<div dj-root></div>\n"})
    data = build_graph(root).to_json()
    views = {v["qualname"]: v for v in data["views"]}
    assert views["app.views.Computed"]["template"]["kind"] == "dynamic"
    assert "pick()" in views["app.views.Computed"]["template"]["reason"]
    assert views["app.views.Fine"]["template"]["reason"] is None
    text = _cli("graph", str(root)).stdout
    assert "template: dynamic" in text and "pick()" in text


def test_check_summary_counts_views_whose_bindings_were_not_checked(project):
    root = project({"app/views.py": _DYNAMIC_VIEWS, "app/templates/app/page.html": "<div dj-root></div>\n"})
    proc = _cli("check", "--select", "DJ101", str(root))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 view not checked" in proc.stdout
    stats = _cli("check", "--statistics", "--select", "DJ101", str(root)).stdout
    assert "app.views.Computed" in stats and "pick()" in stats
    verbose = _cli("check", "--verbose", "--select", "DJ101", str(root))
    assert "app.views.Computed" in verbose.stdout + verbose.stderr
    clean = project({"app/views.py": IMPORTS, "app/templates/app/page.html": "<div></div>\n"})
    assert "not checked" not in _cli("check", str(clean)).stdout


def test_machine_formats_stay_parseable_with_unchecked_views(project):
    root = project({"app/views.py": _DYNAMIC_VIEWS, "app/templates/app/page.html": "<div dj-root></div>\n"})
    proc = _cli("check", "--format", "json", "--select", "DJ101", str(root))
    assert json.loads(proc.stdout) == []


# ---------------------------------------------------------------------------
# 3. get_template() / get_template_names()
# ---------------------------------------------------------------------------


def test_inline_template_returned_by_get_template(project):
    views = IMPORTS + '''

class Page(LiveView):
    def get_template(self):
        return '<div dj-root><button dj-click="sav">S</button></div>'

    @event_handler
    def save(self, **kwargs):
        pass
'''
    root = project({"app/views.py": views})
    assert build_graph(root).views["app.views.Page"].template_kind == "inline"
    assert _findings(root, "DJ101") == [("DJ101", "app/views.py", 7, 48)]


def test_get_template_returning_a_class_attribute(project):
    views = IMPORTS + '''

class Page(LiveView):
    body = """<div dj-root>
  <button dj-click="sav">S</button>
</div>"""

    def get_template(self):
        return self.body

    @event_handler
    def save(self, **kwargs):
        pass
'''
    root = project({"app/views.py": views})
    assert _findings(root, "DJ101") == [("DJ101", "app/views.py", 7, 21)]


def test_get_template_returning_an_inherited_template_reads_it_where_it_is_written(project):
    """``return self.template`` with the literal in a base class in another module: the template is
    the base's, so its bindings are positioned in the base's file (they used to be reported in the
    file holding ``get_template()``, at the base's line and column)."""
    base = IMPORTS + """

class BasePage(LiveView):
    template = '<div dj-root><button dj-click="nope">x</button></div>'
"""
    views = "from .base import BasePage\n\n\nclass Page(BasePage):\n    def get_template(self):\n        return self.template\n"
    root = project({"app/base.py": base, "app/views.py": views})
    assert _findings(root, "DJ101") == [("DJ101", "app/base.py", 6, 48)]
    graph = build_graph(root)
    page, base_page = graph.view_by_name("Page"), graph.view_by_name("BasePage")
    assert page.template == base_page.template == "inline:app.base.BasePage"


@pytest.mark.parametrize(
    "body",
    [
        'return ["app/page.html"]',
        'return "app/page.html"',
        "return [self.page_template]",
        'return ("app/page.html", "app/fallback.html")',
    ],
)
def test_get_template_names_names_the_template(project, body):
    views = IMPORTS + f'''

class Page(LiveView):
    page_template = "app/page.html"

    def get_template_names(self):
        {body}

    @event_handler
    def save(self, **kwargs):
        pass
'''
    root = project({"app/views.py": views, "app/templates/app/page.html": _PAGE})
    view = build_graph(root).views["app.views.Page"]
    assert (view.template_kind, view.template) == ("file", "app/page.html")
    assert _findings(root, "DJ101") == [("DJ101", "app/templates/app/page.html", 2, 21)]


def test_get_template_computed_at_run_time_is_dynamic_with_a_reason(project):
    views = IMPORTS + '''

class Page(LiveView):
    template_name = "app/page.html"

    def get_template(self):
        return load_somehow(self.request)
'''
    root = project({"app/views.py": views, "app/templates/app/page.html": _PAGE})
    view = build_graph(root).to_json()["views"][0]
    assert view["template"]["kind"] == "dynamic"
    assert "get_template" in view["template"]["reason"]


def test_get_template_that_defers_to_super_keeps_the_attribute(project):
    views = IMPORTS + '''

class Page(LiveView):
    template_name = "app/page.html"

    def get_template(self):
        self.prepare()
        return super().get_template()

    @event_handler
    def save(self, **kwargs):
        pass
'''
    root = project({"app/views.py": views, "app/templates/app/page.html": _PAGE})
    assert _findings(root, "DJ101") == [("DJ101", "app/templates/app/page.html", 2, 21)]


# ---------------------------------------------------------------------------
# 4. Decorator-only handlers
# ---------------------------------------------------------------------------

_DECORATED = '''from djust import LiveView
from djust.decorators import action, debounce, event_handler, optimistic, throttle


class Page(LiveView):
    template_name = "app/page.html"

{methods}
'''


@pytest.mark.parametrize("decorator", ["@debounce(0.3)", "@throttle(1)", "@optimistic"])
def test_a_method_with_only_a_modifier_decorator_is_refused(project, decorator):
    methods = f"    {decorator}\n    def save_item(self, **kwargs):\n        pass\n"
    root = project(
        {
            "app/views.py": _DECORATED.format(methods=methods),
            "app/templates/app/page.html": '<div dj-root><b dj-click="save_item">s</b></div>\n',
        }
    )
    assert _findings(root, "DJ102") == [("DJ102", "app/templates/app/page.html", 1, 27)]


def test_handler_like_method_with_only_a_modifier_decorator_is_reported(project):
    methods = "    @debounce(0.3)\n    def toggle_item(self, **kwargs):\n        pass\n"
    root = project({"app/views.py": _DECORATED.format(methods=methods), "app/templates/app/page.html": "<div dj-root></div>\n"})
    assert _findings(root, "DJ303") == [("DJ303", "app/views.py", 9, 9)]


@pytest.mark.parametrize(
    "decorators",
    ["@action", "@event_handler", "@debounce(0.3)\n    @event_handler", "@optimistic\n    @event_handler()"],
)
def test_handler_marking_decorators_are_accepted(project, decorators):
    methods = f"    {decorators}\n    def save_item(self, **kwargs):\n        pass\n"
    root = project(
        {
            "app/views.py": _DECORATED.format(methods=methods),
            "app/templates/app/page.html": '<div dj-root><b dj-click="save_item">s</b></div>\n',
        }
    )
    assert _findings(root, "DJ102", "DJ303", "DJ111") == []


def test_the_vocabulary_says_which_decorators_mark_a_handler():
    from djust_lint import build_graph as _  # noqa: F401 - the public API loads the vocabulary lazily

    graph = build_graph(Path(__file__).parent / "fixtures" / "shop")
    assert graph.vocabulary.handler_decorators == {
        "djust.decorators.action",
        "djust.decorators.event",
        "djust.decorators.event_handler",
    }


def test_handler_decorator_names_are_not_copied_around_the_source():
    """One vocabulary fact decides "is this a handler"; no module keeps its own list of names."""
    import re

    src = Path(__file__).resolve().parent.parent / "src" / "djust_lint"
    pattern = re.compile(r"""["']event_handler["']\s*,\s*["']event["']|["']event["']\s*,\s*["']event_handler["']""")
    offenders = [
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# ---------------------------------------------------------------------------
# 5. An override that drops @event_handler
# ---------------------------------------------------------------------------


def test_override_dropping_event_handler_of_a_project_base(project):
    views = IMPORTS + '''

class SaveMixin:
    @event_handler
    def save(self, **kwargs):
        pass


class Page(SaveMixin, LiveView):
    template_name = "app/page.html"

    def save(self, **kwargs):
        super().save(**kwargs)
'''
    root = project({"app/views.py": views, "app/templates/app/page.html": "<div dj-root></div>\n"})
    assert _findings(root, "DJ308") == [("DJ308", "app/views.py", 14, 9)]


def test_override_dropping_event_handler_of_a_djust_base(project):
    views = IMPORTS + '''from djust.forms import FormMixin


class Contact(FormMixin, LiveView):
    template_name = "app/page.html"

    def validate_field(self, field="", value=None, **kwargs):
        return super().validate_field(field=field, value=value, **kwargs)
'''
    root = project({"app/views.py": views, "app/templates/app/page.html": "<div dj-root></div>\n"})
    assert _findings(root, "DJ308") == [("DJ308", "app/views.py", 9, 9)]


@pytest.mark.parametrize("decorator", ["    @event_handler\n", "    @event_handler()\n", "    @my_decorator\n"])
def test_override_keeping_a_handler_decorator_is_fine(project, decorator):
    views = IMPORTS + f'''from djust.forms import FormMixin
from app.util import my_decorator


class Contact(FormMixin, LiveView):
    template_name = "app/page.html"

{decorator}    def validate_field(self, field="", value=None, **kwargs):
        pass
'''
    root = project(
        {"app/views.py": views, "app/util.py": "def my_decorator(f):\n    return f\n", "app/templates/app/page.html": "<div></div>\n"}
    )
    assert _findings(root, "DJ308") == []


def test_override_with_only_a_modifier_decorator_is_reported(project):
    views = '''from djust import LiveView
from djust.decorators import debounce
from djust.forms import FormMixin


class Contact(FormMixin, LiveView):
    template_name = "app/page.html"

    @debounce(0.5)
    def validate_field(self, field="", value=None, **kwargs):
        pass
'''
    root = project({"app/views.py": views, "app/templates/app/page.html": "<div></div>\n"})
    assert _findings(root, "DJ308") == [("DJ308", "app/views.py", 10, 9)]


# ---------------------------------------------------------------------------
# 6. Bindings built in Python strings; JavaScript in arguments
# ---------------------------------------------------------------------------



def test_binding_in_a_components_html_string_is_checked(project):
    views = '''from djust import LiveComponent
from djust.decorators import event_handler


class Picker(LiveComponent):
    def render(self):
        return f'<button dj-click="pik(1)" data-component-id="{self.component_id}">x</button>'

    @event_handler
    def pick(self, item: int, **kwargs):
        pass
'''
    root = project({"app/components.py": views})
    assert _findings(root, "DJ101") == [("DJ101", "app/components.py", 7, 36)]



def test_arguments_of_a_python_string_binding_are_checked(project):
    views = '''from djust import LiveComponent
from djust.decorators import event_handler


class Picker(LiveComponent):
    def render(self):
        html = '<div data-component-id="' + self.component_id + '">'
        html += '<button dj-click="pick(1, 2)">x</button>'
        return html + "</div>"

    @event_handler
    def pick(self, item: int, **kwargs):
        pass
'''
    root = project({"app/components.py": views})
    assert _findings(root, "DJ105") == [("DJ105", "app/components.py", 8, 36)]



def test_javascript_argument_in_a_python_string_is_reported(project):
    adapters = '''def checkbox(field_name):
    html = "<input type='checkbox' "
    html += f"dj-change=\\"validate_field('{field_name}', this.checked)\\""
    return html + ">"
'''
    root = project({"app/adapters.py": adapters})
    assert _findings(root, "DJ112") == [("DJ112", "app/adapters.py", 3, 58)]


@pytest.mark.parametrize(
    ("value", "column"),
    [
        ("toggle(this.checked)", 28),
        ("pick(Array.from(this.selectedOptions))", 26),
        ("validate_field('email', value)", 45),
        ("pick(event.target.value)", 26),
    ],
)
def test_javascript_argument_in_a_template_is_reported(project, value, column):
    views = IMPORTS + '''

class Page(LiveView):
    template_name = "app/page.html"

    @event_handler
    def toggle(self, value=None, **kwargs):
        pass
'''
    template = f'<div dj-root>\n  <input dj-change="{value}">\n</div>\n'
    root = project({"app/views.py": views, "app/templates/app/page.html": template})
    assert _findings(root, "DJ112") == [("DJ112", "app/templates/app/page.html", 2, column)]


@pytest.mark.parametrize(
    "value", ["pick(3)", "pick('a', 2.5, true, null)", "pick({{ item.id }})", "set_mode(dark)", "pick(-1)"]
)
def test_literal_and_template_arguments_are_not_javascript(project, value):
    template = f'<div dj-root>\n  <button dj-click="{value}">x</button>\n</div>\n'
    root = project({"app/templates/app/page.html": template})
    assert _findings(root, "DJ112") == []


def test_docstrings_with_markup_examples_are_not_bindings(project):
    module = '''"""Usage: <button dj-click="sav(this.value)">Save</button>."""

from djust import LiveComponent


class Picker(LiveComponent):
    """Render as ``<b dj-click="nope">``."""

    template = '<div></div>'
'''
    root = project({"app/components.py": module})
    assert _findings(root, "DJ101", "DJ112") == []


# ---------------------------------------------------------------------------
# 7. Templates shipped by installed packages
# ---------------------------------------------------------------------------

_SETTINGS = 'INSTALLED_APPS = ["django.contrib.staticfiles", "djust", "djust.admin_ext", "fakeapp"]\n'


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A third-party app on sys.path whose import would leave a trace (it must never be imported)."""
    site = tmp_path / "site"
    write_project(
        site,
        {
            "fakeapp/__init__.py": f"open({str(tmp_path / 'IMPORTED')!r}, 'w').close()\n",
            "fakeapp/templates/fakeapp/base.html": (
                "<html><body dj-root>\n"
                '<button dj-click="zzz_not_here">x</button>\n'
                "{% for section in sections %}{% block body %}{% endblock %}{% endfor %}\n"
                "{{ undefined_in_base }}\n"
                "</body></html>\n"
            ),
        },
    )
    (site / "manage.py").unlink()
    monkeypatch.syspath_prepend(str(site))
    return site


def test_extends_of_an_installed_apps_template_resolves(project, installed, tmp_path):
    views = IMPORTS + '''

class Page(LiveView):
    template_name = "app/page.html"

    def mount(self, request, **kwargs):
        self.sections = []
'''
    root = project(
        {
            "conf/settings.py": _SETTINGS,
            "app/views.py": views,
            "app/templates/app/page.html": '{% extends "fakeapp/base.html" %}\n{% block body %}{{ section }}{% endblock %}\n',
            "app/templates/app/admin.html": '{% extends "djust_admin/base.html" %}\n',
            "app/templates/app/typo.html": '{% extends "djust_admin/bsae.html" %}\n',
            "app/templates/app/typo2.html": '<div>{% include "fakeapp/bse.html" %}</div>\n',
        }
    )
    graph = build_graph(root)
    edges = {n.key: [e.resolved for e in n.edges] for n in graph.templates.values() if n.path.startswith("app/")}
    assert edges["app/page.html"] == ["fakeapp/base.html"]
    assert edges["app/admin.html"] == ["djust_admin/base.html"]
    assert edges["app/typo.html"] == [None]
    findings = _findings(root, "DJ101", "DJ202", "DJ801", "DJ612")
    assert findings == [("DJ202", "app/templates/app/typo.html", 1, 1), ("DJ202", "app/templates/app/typo2.html", 1, 6)]
    assert not (tmp_path / "IMPORTED").exists()


def test_template_name_of_an_installed_app_is_found(project, installed):
    views = IMPORTS + '\n\nclass Page(LiveView):\n    template_name = "fakeapp/base.html"\n'
    root = project({"conf/settings.py": _SETTINGS, "app/views.py": views})
    assert _findings(root, "DJ201") == []
    assert build_graph(root).views["app.views.Page"].template == "fakeapp/base.html"


def test_installed_templates_are_never_reported_on(project, installed):
    views = IMPORTS + '\n\nclass Page(LiveView):\n    template_name = "fakeapp/base.html"\n'
    root = project({"conf/settings.py": _SETTINGS, "app/views.py": views})
    result = lint_project(root, select=["ALL"])
    assert [f for f in result.findings if "fakeapp" in f.path] == []


def test_fix_restores_event_handler_on_the_override(project):
    views = IMPORTS + '''from djust.forms import FormMixin


class Contact(FormMixin, LiveView):
    template_name = "app/page.html"

    def validate_field(self, field="", value=None, **kwargs):
        pass
'''
    root = project({"app/views.py": views, "app/templates/app/page.html": "<div dj-root></div>\n"})
    proc = _cli("check", "--select", "DJ308", "--fix", str(root))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "    @event_handler\n    def validate_field(" in (root / "app" / "views.py").read_text()
    assert _findings(root, "DJ308") == []


def test_event_names_passed_to_template_tags_are_handler_references(project):
    """Exposed by item 1: djust's gallery binds handlers through tag kwargs (``{% toggle_group event="x" %}``)."""
    views = IMPORTS + '''

class Page(LiveView):
    template_name = "app/page.html"

    @event_handler
    def set_category(self, value="", **kwargs):
        pass

    @event_handler
    def toggle_category(self, value="", **kwargs):
        pass
'''
    template = (
        '<div dj-root>{% toggle_group name="c" event="set_category" %}'
        "{% nav_group g toggle_event='toggle_category' %}</div>\n"
    )
    root = project({"app/views.py": views, "app/templates/app/page.html": template})
    assert _findings(root, "DJ111") == []


def test_no_edit_is_aimed_at_a_python_string_binding(project):
    """f-string fields and escapes shift positions inside Python strings: fixes never edit them."""
    views = '''from djust import LiveComponent
from djust.decorators import event_handler


class Picker(LiveComponent):
    def render(self):
        return f'<b data-id="{self.pk}" dj-click="pik">x</b>'

    @event_handler
    def pick(self, **kwargs):
        pass
'''
    root = project({"app/components.py": views})
    result = lint_project(root, select=["DJ101"])
    assert [(f.code, f.line) for f in result.findings] == [("DJ101", 7)]
    assert all(f.fix is None or not f.fix.edits for f in result.findings)


def test_unchecked_views_follow_the_paths_asked_for(project):
    root = project(
        {
            "app/views.py": _DYNAMIC_VIEWS,
            "app/templates/app/page.html": "<div dj-root></div>\n",
            "other/views.py": IMPORTS + "\n\nclass Other(LiveView):\n    template_name = 'app/page.html'\n",
        }
    )
    assert "1 view not checked" in _cli("check", "--select", "DJ101", str(root / "app")).stdout
    assert "not checked" not in _cli("check", "--select", "DJ101", str(root / "other")).stdout


def test_an_appconfig_path_in_installed_apps_names_its_package(project, installed):
    views = IMPORTS + '\n\nclass Page(LiveView):\n    template_name = "fakeapp/base.html"\n'
    settings = 'INSTALLED_APPS = ["djust", "fakeapp.apps.FakeAppConfig"]\n'
    root = project({"conf/settings.py": settings, "app/views.py": views})
    assert _findings(root, "DJ201") == []
    missing = project({"conf/settings.py": 'INSTALLED_APPS = ["djust"]\n', "app/views.py": views})
    assert _findings(missing, "DJ201") == [("DJ201", "app/views.py", 6, 21)]


@pytest.mark.parametrize(
    "literal",
    [
        "f'dj-click=\"{x!r:>{width}}\" {y}'",
        "'dj-click=\"a\\\nb\"'",
        "r'dj-click=\"\\d(\"'",
        "'dj-click=\"%(name)s\" %s' % {}",
        "'''<b\n dj-click=\"x(\\'a\\', this.value)\">'''",
        "f'''{{dj-click=\"{a['k']}\"}}'''",
        "'dj-click=' + '\"x\"'",
        "'\\N{BULLET} dj-click=\"x(\\x41)\"'",
    ],
)
def test_odd_python_string_literals_never_crash_the_reader(project, literal):
    root = project({"app/mod.py": f"def f(x, y, a, width):\n    return {literal}\n"})
    result = lint_project(root, select=["ALL"])
    assert result.internal_errors == []
    assert not [f for f in result.findings if f.code in ("DJ900", "DJ901", "DJ999")]


def test_get_template_loading_what_get_template_names_names(project):
    views = IMPORTS + '''from django.template import loader


class Base(LiveView):
    def get_template(self):
        return loader.get_template(self.get_template_names()[0]).template.source


class Page(Base):
    def get_template_names(self):
        return ["app/page.html"]

    @event_handler
    def save(self, **kwargs):
        pass
'''
    root = project({"app/views.py": views, "app/templates/app/page.html": _PAGE})
    assert build_graph(root).views["app.views.Page"].template == "app/page.html"
    assert _findings(root, "DJ101") == [("DJ101", "app/templates/app/page.html", 2, 21)]
