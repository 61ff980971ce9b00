"""One minimal reproduction per false-positive class of issue 11 ("Precision").

Each test writes the smallest real project showing the pattern real djust code
uses (djust's own template tags, mixins, settings, test suites) and asserts the
rule is silent on it, next to the case the rule must still report, so a fix
cannot pass by switching the rule off.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from project_files import write_project

from djust_lint.engine.api import lint_project

IMPORTS = "from djust import LiveView\nfrom djust.decorators import event_handler\n"


def _found(tmp_path: Path, files: dict[str, str], code: str, **kwargs: object) -> list[tuple[str, int]]:
    root = write_project(tmp_path / "p", files)
    result = lint_project(root, select=[code], **kwargs)  # type: ignore[arg-type]
    assert not result.internal_errors, result.internal_errors
    return sorted((f.path, f.line) for f in result.findings if f.code.startswith(code))


# -- DJ306 mark_safe ---------------------------------------------------------

_TAGS = '''\
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe


class ModalNode:
    def render(self, context):
        kw = self.kw
        content = self.nodelist.render(context)
        size_class = {"sm": "dj-modal--sm", "lg": "dj-modal--lg"}.get(kw.get("size"), "dj-modal--md")
        e_title = conditional_escape(kw.get("title"))
        label = format_html("<b>{}</b>", kw.get("label"))
        count = int(kw.get("count", 0))
        width = float(kw.get("width", 1))
        n = len(kw.get("items", []))
        cid = f' data-component-id="{escape(kw.get("id"))}"' if kw.get("id") else ""
        parts = []
        for item in kw.get("items", []):
            parts.append(f"<li>{conditional_escape(item)}</li>")
        items = "".join(parts)
        rows = "".join(f"<td>{escape(c)}</td>" for c in kw.get("cells", []))
        head = "<div class=\\"" + size_class + "\\">" + e_title + "</div>"
        body = f"<section{cid}>{content}{label}{count}{width}{n}<ul>{items}</ul>{rows}</section>"
        return mark_safe(head + body)


def unsafe(name):
    return mark_safe(f"<b>{name}</b>")


def unsafe_concat(name):
    return mark_safe("<b>" + name + "</b>")
'''


def test_dj306_safe_builders_are_not_reported(tmp_path: Path) -> None:
    assert _found(tmp_path, {"app/templatetags/tags.py": _TAGS}, "DJ306") == [
        ("app/templatetags/tags.py", 27),
        ("app/templatetags/tags.py", 31),
    ]


# -- DJ111 unused handler ----------------------------------------------------

_MIXIN_VIEWS = IMPORTS + '''

class StatusMixin:
    """Reusable: projects bind these from their own templates."""

    @event_handler
    def update_status(self, **kwargs):
        pass

    @event_handler
    def clear_status(self, **kwargs):
        pass


class Board(StatusMixin, LiveView):
    template_name = "app/board.html"

    @event_handler
    def refresh(self, **kwargs):
        pass

    @event_handler
    def pushed(self, **kwargs):
        pass

    @event_handler
    def payload(self, **kwargs):
        pass

    @event_handler
    def dispatched(self, **kwargs):
        pass

    @event_handler
    def forgotten(self, **kwargs):
        pass

    def tick(self):
        self.handle_event("dispatched", {})
        return '{"event": "payload", "params": {}}'
'''


def test_dj111_library_mixins_and_string_references(tmp_path: Path) -> None:
    files = {
        "app/views.py": _MIXIN_VIEWS,
        "app/templates/app/board.html": '<div dj-root><button dj-click="refresh">r</button></div>\n',
        "app/static/app/board.js": 'export const Hook = { mounted() { this.pushEvent("pushed", {}); } };\n',
    }
    assert _found(tmp_path, files, "DJ111") == [("app/views.py", 37)]


# -- DJ110 unknown directive -------------------------------------------------


def test_dj110_attributes_djust_itself_uses_are_known(tmp_path: Path) -> None:
    files = {
        "app/templates/app/banner.html": '<div dj-offline-show dj-offline="show">offline</div>\n'
        '<button dj-clik="save">x</button>\n'
    }
    assert _found(tmp_path, files, "DJ110") == [("app/templates/app/banner.html", 2)]


# -- DJ612 events without root -----------------------------------------------

_PARTIAL_OWNERS = IMPORTS + '''
from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.inclusion_tag("app/toast.html")
def toast(message):
    return {"message": message}


def widget():
    return render_to_string("app/widget.html", {})


class Page(LiveView):
    template_name = "app/page.html"
'''


def test_dj612_partials_need_no_root(tmp_path: Path) -> None:
    files = {
        "app/views.py": _PARTIAL_OWNERS,
        "app/templates/app/toast.html": '<button dj-click="dismiss">x</button>\n',
        "app/templates/app/widget.html": '<button dj-click="open">x</button>\n',
        "app/templates/app/page.html": '<button dj-click="save">x</button>\n',
    }
    assert _found(tmp_path, files, "DJ612") == [("app/templates/app/page.html", 1)]


# -- settings rules ----------------------------------------------------------

_BAD_SETTINGS = 'DEBUG = False\nSECRET_KEY = "django-insecure-x"\nALLOWED_HOSTS = ["*"]\nINSTALLED_APPS = ["django.contrib.staticfiles"]\n'
_VIEW = IMPORTS + '\n\nclass Page(LiveView):\n    template = "<div dj-root></div>"\n'


def test_settings_rules_skip_test_settings(tmp_path: Path) -> None:
    files = {
        "app/views.py": _VIEW,
        "proj/settings.py": _BAD_SETTINGS,
        "proj/test_settings.py": _BAD_SETTINGS,
        "proj/settings/test_ci.py": _BAD_SETTINGS,
        "tests/settings.py": _BAD_SETTINGS,
    }
    found = _found(tmp_path, files, "DJ4")
    assert found and {path for path, _ in found} == {"proj/settings.py"}


def test_settings_rules_silent_without_liveviews(tmp_path: Path) -> None:
    files = {"proj/settings.py": _BAD_SETTINGS, "app/views.py": "def index(request):\n    return None\n"}
    assert _found(tmp_path, files, "DJ4") == []


# -- DJ510 / DJ802 framework attributes -------------------------------------

_REQUEST_VIEW = IMPORTS + '''

class Page(LiveView):
    template_name = "app/page.html"
    login_required = False

    def mount(self, request, **kwargs):
        self.request = request
        self._djust_decorators = {}
        self.name = "Ada"
'''


def test_dj802_self_request_is_not_context(tmp_path: Path) -> None:
    files = {"app/views.py": _REQUEST_VIEW, "app/templates/app/page.html": "<div dj-root>{{ name }}</div>\n"}
    assert _found(tmp_path, files, "DJ802") == []


def test_dj510_self_request_is_not_state(tmp_path: Path) -> None:
    view = _REQUEST_VIEW.replace("    login_required = False\n", "").replace('        self.name = "Ada"\n', "")
    files = {"app/views.py": view, "app/templates/app/page.html": "<div dj-root></div>\n"}
    assert _found(tmp_path, files, "DJ510") == []


# -- DJ801 ------------------------------------------------------------------

_CONTEXT_VIEW = IMPORTS + '''

class Page(LiveView):
    template_name = "app/page.html"

    def mount(self, request, **kwargs):
        self.items = []
'''


def test_dj801_guarded_reads_are_idiomatic(tmp_path: Path) -> None:
    template = (
        "<div dj-root>{% if busy %}busy{% endif %}{% if not can_delete %}x{% endif %}"
        "{% if subtitle %}<h2>{{ subtitle }}</h2>{% endif %}\n"
        '{{ title|default:"Untitled" }} {% firstof heading "Items" %}\n'
        "{{ missing }}</div>\n"
    )
    files = {"app/views.py": _CONTEXT_VIEW, "app/templates/app/page.html": template}
    assert _found(tmp_path, files, "DJ801") == [("app/templates/app/page.html", 3)]


def test_dj801_dynamic_setattr_opens_the_context(tmp_path: Path) -> None:
    view = _CONTEXT_VIEW + "        for key, value in kwargs.items():\n            setattr(self, key, value)\n"
    files = {"app/views.py": view, "app/templates/app/page.html": "<div dj-root>{{ anything }}</div>\n"}
    assert _found(tmp_path, files, "DJ801") == []


# -- DJ513 / DJ505 ------------------------------------------------------------

_WRITES = IMPORTS + '''
import logging

from django.core.cache import cache

from app.models import Post

log = logging.getLogger(__name__)


class Board(LiveView):
    template = "<div dj-root></div>"

    @event_handler
    def remember(self, **kwargs):
        self.request.session["seen"] = True
        self.request.session.save()
        cache.set("k", 1)
        log.info("remembered")

    @event_handler
    def delete_post(self, post_id: int = 0, **kwargs):
        Post.objects.filter(pk=post_id).delete()
'''


def test_dj513_session_cache_and_log_writes_are_not_model_writes(tmp_path: Path) -> None:
    assert _found(tmp_path, {"app/views.py": _WRITES, "app/models.py": "class Post:\n    pass\n"}, "DJ513") == [
        ("app/views.py", 24)
    ]


_SQL = '''\
from django.db import connection
from psycopg import sql


def listen(conn, channel):
    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))


def bad(table):
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM {}".format(table))
'''


def test_dj505_psycopg_composition_is_safe(tmp_path: Path) -> None:
    assert _found(tmp_path, {"app/db.py": _SQL}, "DJ505") == [("app/db.py", 11)]


# -- DJ511 -------------------------------------------------------------------

_GATED = IMPORTS + '''
from app.models import Post


class Board(LiveView):
    template = "<div dj-root></div>"
    login_required = True

    @event_handler
    def toggle_panel(self, **kwargs):
        self.open = not getattr(self, "open", False)

    @event_handler
    def delete_post(self, post_id: int = 0, **kwargs):
        Post.objects.filter(pk=post_id).delete()
'''


def test_dj511_only_handlers_that_write(tmp_path: Path) -> None:
    files = {"app/views.py": _GATED, "app/models.py": "class Post:\n    pass\n"}
    assert _found(tmp_path, files, "DJ511") == [("app/views.py", 16)]


# -- test code ------------------------------------------------------------------

_TEST_VIEW = IMPORTS + '''

class FixtureView(LiveView):
    template = """<div dj-root><button dj-click="missing">x</button></div>"""

    def mount(self, request, **kwargs):
        self.secret = 1
'''


@pytest.mark.parametrize("path", ["tests/test_views.py", "app/tests/views.py", "app/test_views.py", "conftest.py"])
def test_views_in_test_code_are_fixtures(tmp_path: Path, path: str) -> None:
    root = write_project(tmp_path / "p", {path: _TEST_VIEW})
    result = lint_project(root, select=["DJ1", "DJ5", "DJ7", "DJ8"])
    assert not result.internal_errors
    assert [f.code for f in result.findings] == []


def test_test_code_is_checked_when_configured(tmp_path: Path) -> None:
    files = {
        "tests/test_views.py": _TEST_VIEW,
        "pyproject.toml": "[tool.djust-lint]\nlint-test-code = true\n",
    }
    root = write_project(tmp_path / "p", files)
    result = lint_project(root, select=["DJ101"])
    assert [(f.code, f.path) for f in result.findings] == [("DJ101", "tests/test_views.py")]


# -- DJ102 a method whose only decorator is one we cannot read ----------------

_DJ102_VIEW = IMPORTS + '''from app.permissions import staff_handler


class Inbox(LiveView):
    template_name = "app/inbox.html"

    @staff_handler
    def archive(self, **kwargs):
        pass

    @property
    def refresh(self):
        return None

    def purge(self, **kwargs):
        pass
'''


def test_dj102_skips_a_method_whose_unknown_decorator_may_mark_it(tmp_path: Path) -> None:
    """A project decorator (``@staff_handler``) may apply ``@event_handler`` itself:
    djust accepts the event then, so the binding is not reported; a method with no
    decorator, or only a builtin one (``@property``), is still refused by djust."""
    template = (
        '<div dj-root><button dj-click="archive">a</button>'
        '<button dj-click="refresh">r</button><button dj-click="purge">p</button></div>\n'
    )
    files = {
        "app/__init__.py": "",
        "app/permissions.py": "def staff_handler(fn):\n    return fn\n",
        "app/views.py": _DJ102_VIEW,
        "app/templates/app/inbox.html": template,
    }
    found = _found(tmp_path, files, "DJ102")
    assert found == [("app/templates/app/inbox.html", 1), ("app/templates/app/inbox.html", 1)]
    root = tmp_path / "p"
    result = lint_project(root, select=["DJ102"])
    assert sorted(f.handler for f in result.findings) == ["purge", "refresh"]
