"""Generate a synthetic but realistic djust project for benchmarking djust-lint.

Why synthetic: performance targets ("1,000 views + 1,000 templates in < 5 s")
must be measured on inputs of a known size that look like real projects --
views split over apps and modules, mixins and abstract bases across files,
LiveComponents, ``live_session`` routes, templates that extend a base and
include partials, and a realistic density of ``dj-*`` bindings (call args with
``{{ }}`` values, ``dj-model``, ``dj-value-*``, ``data-*:int``, forms, key
modifiers, ``{% if %}`` inside start tags).  A small, seeded rate of
deliberate bugs gives the rules findings to report, so the benchmark also
exercises the reporting path.

Usage::

    python bench/generate_project.py OUT_DIR --views 1000 [--seed 0]

Output is deterministic for a given ``--views``/``--seed`` (only
``random.Random(seed)`` and ordered containers are used).  Nothing is written
outside ``OUT_DIR``; an existing non-empty ``OUT_DIR`` is only replaced when it
was produced by this script (it carries a ``bench_manifest.json``).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "bench_manifest.json"
VIEWS_PER_MODULE = 5
VIEWS_PER_APP = 10
INLINE_RATE = 0.10
BUG_RATE = 0.15
SETTINGS_PACKAGE = "benchsite"

APP_WORDS = (
    "catalog", "orders", "billing", "inventory", "support", "reports", "accounts", "shipping",
    "crm", "blog", "events", "payroll", "projects", "tickets", "assets", "vendors", "library",
    "booking", "surveys", "forum",
)  # fmt: skip
ENTITY_WORDS = (
    "order", "invoice", "product", "customer", "ticket", "task", "note", "report", "shipment",
    "asset", "vendor", "booking", "survey", "topic", "member", "project", "payment", "refund",
    "coupon", "article", "comment", "team", "contract", "lead",
)  # fmt: skip
KIND_WORDS = ("list", "detail", "edit", "create", "dashboard", "settings", "search", "board", "import", "review")
FIELD_WORDS = ("query", "note", "title", "status", "owner", "priority", "due_date", "category")


# ---------------------------------------------------------------------------
# Handler catalogue: the Python side and the markup that calls it
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HandlerSpec:
    """A handler a view may define, with the bindings a template uses to call it."""

    name: str
    signature: str
    """Parameters after ``self`` as written in the ``def``."""
    body: str
    snippets: tuple[str, ...]
    """Markup lines calling the handler; ``{h}`` is replaced by the handler name."""


HANDLERS: tuple[HandlerSpec, ...] = (
    HandlerSpec(
        "select_item", "item_id: int, **kwargs", "self.selected_id = item_id",
        (
            '<button type="button" dj-click="{h}({{{{ item.id }}}})" class="link">{{{{ item.name }}}}</button>',
            '<button dj-click="{h}" data-item-id:int="{{{{ item.id }}}}" dj-loading.class="is-busy">Open</button>',
        ),
    ),
    HandlerSpec(
        "delete_item", "item_id: int, confirm: bool = False, **kwargs", "self.items = [i for i in self.items if i != item_id]",
        (
            '<button dj-click="{h}({{{{ item.id }}}}, true)" dj-disable-with="Deleting" {{% if not can_delete %}}disabled{{% endif %}}>Delete</button>',
            '<a href="#" dj-click="{h}" dj-value-item-id="{{{{ item.id }}}}" dj-value-confirm="true">Remove</a>',
        ),
    ),
    HandlerSpec(
        "update_status", "value: str = \"\", **kwargs", "self.status = value",
        ('<select name="status" dj-change="{h}">{{% for choice in statuses %}}<option value="{{{{ choice }}}}" {{% if choice == status %}}selected{{% endif %}}>{{{{ choice|title }}}}</option>{{% endfor %}}</select>',),
    ),
    HandlerSpec(
        "save", "**kwargs", "self.saved = True",
        ('<form dj-submit="{h}" class="form">{{% csrf_token %}}<input name="title" value="{{{{ title|default:'' }}}}"><button type="submit" dj-disable-with="Saving">Save</button></form>',),
    ),
    HandlerSpec(
        "search_items", "value: str = \"\", **kwargs", "self.query = value",
        (
            '<input type="search" name="q" dj-keydown.enter="{h}" placeholder="Search" {{% if busy %}}disabled{{% endif %}}>',
            '<input type="text" dj-input="{h}" dj-debounce="300" value="{{{{ query }}}}">',
        ),
    ),
    HandlerSpec(
        "sort_by", "field: str, **kwargs", "self.ordering = field",
        (
            "<th><button dj-click=\"{h}('name')\">Name</button></th>",
            '<th><button dj-click="{h}" data-field="created">Created</button></th>',
        ),
    ),
    HandlerSpec(
        "toggle_panel", "panel: str = \"\", **kwargs", "self.open_panel = panel or None",
        ('<button class="tab {{% if open_panel == \'details\' %}}active{{% endif %}}" dj-click="{h}" dj-value-panel="details">Details</button>',),
    ),
    HandlerSpec(
        "rename", "item_id: int, value: str = \"\", **kwargs", "self.title = value",
        ('<input name="name" value="{{{{ item.name }}}}" dj-blur="{h}" data-item-id:int="{{{{ item.id }}}}">',),
    ),
    HandlerSpec(
        "close", "**kwargs", "self.open_panel = None",
        ('<div class="overlay" dj-window-keydown.escape="{h}" dj-click-away="{h}"></div>',),
    ),
    HandlerSpec(
        "load_more", "**kwargs", "self.page += 1",
        ('<div class="sentinel" dj-viewport-bottom="{h}"></div>',),
    ),
    HandlerSpec(
        "refresh", "**kwargs", "self.count = len(self.items)",
        ('<span class="badge" dj-poll="{h}" dj-poll-interval="5000">{{{{ count }}}}</span>',),
    ),
    HandlerSpec(
        "set_priority", "item_id: int, priority: int = 0, **kwargs", "self.priority = priority",
        ('<button dj-click="{h}({{{{ item.id }}}}, 3)" title="High">!</button>',),
    ),
)  # fmt: skip

# Mixin handlers (defined in <app>/mixins.py and core/mixins.py) with their markup.
MIXIN_SNIPPETS = {
    "SelectionMixin": (
        '<input type="checkbox" dj-click="toggle_select({{ item.id }})" {% if item.id in selected %}checked{% endif %}>',
        '<button dj-click="clear_selection" {% if not selected %}hidden{% endif %}>Clear selection</button>',
    ),
    "FilterMixin": (
        '<input type="search" dj-input="search" dj-model="query" placeholder="Filter">',
        "<button dj-click=\"set_filter('status', 'open')\">Open only</button>",
    ),
    "ModalMixin": (
        '<button dj-click="open_modal" dj-value-name="help">Help</button>',
        '<dialog {% if modal %}open{% endif %}><button dj-click="close_modal">Close</button></dialog>',
    ),
}


# ---------------------------------------------------------------------------
# The plan: what to generate, decided up front from the seed
# ---------------------------------------------------------------------------


@dataclass
class ViewPlan:
    """One concrete view and its template."""

    app: str
    module: str
    name: str
    slug: str
    mixins: list[str]
    handlers: list[HandlerSpec]
    fields: list[str]
    inline: bool
    bug: str | None = None
    component: str | None = None

    @property
    def template_name(self) -> str:
        return f"{self.app}/{self.slug}.html"

    @property
    def qualname(self) -> str:
        return f"{self.app}.views.{self.module}.{self.name}"


@dataclass
class AppPlan:
    name: str
    label: str
    mixins: list[str]
    offset: int = 0
    """Where this app starts in ``ENTITY_WORDS`` (so apps name different entities)."""
    views: list[ViewPlan] = field(default_factory=list)

    @property
    def base_view(self) -> str:
        return f"Base{self.label}View"

    @property
    def modules(self) -> list[str]:
        return list(dict.fromkeys(v.module for v in self.views))


#: The findings each seeded bug must produce (any one of them, at the bug's files).
BUG_CODES: dict[str, tuple[str, ...]] = {
    "dead_binding": ("DJ101",),
    "unknown_directive": ("DJ110",),
    "missing_field": ("DJ108",),
    "key_in_value": ("DJ104",),
    "missing_param": ("DJ106", "DJ101"),  # DJ101 when the view lacks SelectionMixin
    "undecorated": ("DJ102",),
}
#: Findings a seeded bug may cause besides its own (the misspelt binding leaves its handler unbound).
BUG_CONSEQUENCES: dict[str, tuple[str, ...]] = {"dead_binding": ("DJ111",)}

BUG_KINDS = (
    "dead_binding",  # typo in a handler name
    "unknown_directive",  # dj-clik
    "missing_field",  # dj-model on an attribute the view never sets
    "key_in_value",  # dj-keydown="name.enter" (1.1.x style)
    "missing_param",  # call without the required argument
    "undecorated",  # bound method without @event_handler
)


def plan_project(views: int, seed: int) -> list[AppPlan]:
    """Decide every app, module, view, handler and bug from the seed."""
    rng = random.Random(seed)
    app_count = max(1, round(views / VIEWS_PER_APP))
    apps = [_plan_app(rng, index) for index in range(app_count)]
    for index in range(views):
        app = apps[index % app_count]
        app.views.append(_plan_view(rng, app, len(app.views)))
    return apps


def _plan_app(rng: random.Random, index: int) -> AppPlan:
    word = APP_WORDS[index % len(APP_WORDS)]
    name = f"{word}_{index:03d}"
    mixins = ["SelectionMixin", "FilterMixin"] + (["ModalMixin"] if rng.random() < 0.5 else [])
    label = "".join(p.title() for p in name.split("_"))
    return AppPlan(name=name, label=label, mixins=mixins, offset=rng.randrange(len(ENTITY_WORDS)))


def _plan_view(rng: random.Random, app: AppPlan, position: int) -> ViewPlan:
    entity = ENTITY_WORDS[(position // len(KIND_WORDS) + app.offset) % len(ENTITY_WORDS)]
    kind = KIND_WORDS[position % len(KIND_WORDS)]
    suffix = "" if position < len(ENTITY_WORDS) * len(KIND_WORDS) else str(position)
    name = f"{entity.title()}{kind.title()}{suffix}View"
    module = f"{entity}_views_{position // VIEWS_PER_MODULE}"
    handlers = rng.sample(HANDLERS, rng.randint(5, 8))
    view = ViewPlan(
        app=app.name,
        module=module,
        name=name,
        slug=f"{entity}_{kind}{suffix}",
        mixins=rng.sample(app.mixins, rng.randint(1, len(app.mixins))),
        handlers=handlers,
        fields=rng.sample(FIELD_WORDS, 3),
        inline=rng.random() < INLINE_RATE,
    )
    if rng.random() < BUG_RATE:
        view.bug = rng.choice(BUG_KINDS)
    if not view.inline and rng.random() < 0.3:
        view.component = "StarRating"
    return view


# ---------------------------------------------------------------------------
# Writing files, never outside the output directory
# ---------------------------------------------------------------------------


class ProjectWriter:
    """Writes text files under one root; refuses any path that escapes it."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.files = 0

    def write(self, relative: str, text: str) -> None:
        target = (self.root / relative).resolve()
        if self.root not in target.parents:
            raise ValueError(f"refusing to write outside {self.root}: {relative}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.files += 1


def prepare_output(out_dir: Path) -> None:
    """Create ``out_dir``, or clear it if (and only if) this script generated it before."""
    if out_dir.exists() and any(out_dir.iterdir()):
        if not (out_dir / MANIFEST).is_file():
            raise SystemExit(f"{out_dir} is not empty and was not generated by this script; refusing to touch it")
        for child in out_dir.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)


def _dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# ---------------------------------------------------------------------------
# Project-level files
# ---------------------------------------------------------------------------


def write_project_files(writer: ProjectWriter, apps: Sequence[AppPlan]) -> None:
    """manage.py, pyproject, settings, root urls, core app, shared templates, JS hooks."""
    writer.write("manage.py", _MANAGE_PY)
    writer.write("pyproject.toml", _PYPROJECT)
    writer.write(f"{SETTINGS_PACKAGE}/__init__.py", "")
    writer.write(f"{SETTINGS_PACKAGE}/settings.py", _settings_py(apps))
    writer.write(f"{SETTINGS_PACKAGE}/urls.py", _root_urls_py(apps))
    writer.write("core/__init__.py", "")
    writer.write("core/mixins.py", _CORE_MIXINS_PY)
    writer.write("templates/base.html", _BASE_HTML)
    writer.write("templates/partials/nav.html", _NAV_HTML)
    writer.write("templates/partials/flash.html", _FLASH_HTML)
    writer.write("templates/partials/pagination.html", _PAGINATION_HTML)
    writer.write("static/js/hooks.js", _HOOKS_JS)


_MANAGE_PY = _dedent(
    f'''
    #!/usr/bin/env python
    """Django's command-line utility (generated benchmark project)."""
    import os
    import sys

    if __name__ == "__main__":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{SETTINGS_PACKAGE}.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    '''
)

_PYPROJECT = _dedent(
    """
    [project]
    name = "benchsite"
    version = "0.1.0"
    requires-python = ">=3.10"
    dependencies = ["django>=4.2", "djust==1.2.6"]
    """
)


def _settings_py(apps: Sequence[AppPlan]) -> str:
    installed = "".join(f'    "{app.name}",\n' for app in apps)
    return _SETTINGS_PY.replace("@APPS@\n", installed).replace("@PACKAGE@", SETTINGS_PACKAGE)


_SETTINGS_PY = _dedent(
    """
    \"\"\"Settings for the generated benchmark project.\"\"\"
    from pathlib import Path

    BASE_DIR = Path(__file__).resolve().parent.parent
    SECRET_KEY = "benchmark-only"
    DEBUG = True
    ALLOWED_HOSTS = ["*"]

    INSTALLED_APPS = [
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.staticfiles",
        "djust",
        "core",
    @APPS@
    ]

    TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [BASE_DIR / "templates"],
            "APP_DIRS": True,
            "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
        }
    ]

    ROOT_URLCONF = "@PACKAGE@.urls"
    STATIC_URL = "/static/"
    """
)


def _root_urls_py(apps: Sequence[AppPlan]) -> str:
    routes = "\n".join(f'    path("{app.name}/", include("{app.name}.urls")),' for app in apps)
    return f"from django.urls import include, path\n\nurlpatterns = [\n{routes}\n]\n"


_CORE_MIXINS_PY = _dedent(
    '''
    """Behaviour every page of the site shares: navigation, flash messages, paging."""
    from __future__ import annotations

    from djust.decorators import event_handler


    class NavMixin:
        """Top navigation, bound from ``partials/nav.html``."""

        menu_open = False

        @event_handler
        def toggle_menu(self, **kwargs):
            self.menu_open = not self.menu_open


    class FlashMixin:
        """Dismissable flash messages, bound from ``partials/flash.html``."""

        def _messages(self):
            return getattr(self, "_flash", [])

        @event_handler
        def dismiss_flash(self, index: int = 0, **kwargs):
            self._flash = [m for i, m in enumerate(self._messages()) if i != index]


    class PagingMixin:
        """Paging, bound from ``partials/pagination.html``."""

        page = 1

        @event_handler
        def set_page(self, page: int, **kwargs):
            self.page = max(1, page)
    '''
)

_BASE_HTML = _dedent(
    """
    {% load static %}<!DOCTYPE html>
    <html lang="en">
    <head>
      <meta charset="utf-8">
      <title>{% block title %}Bench{% endblock %}</title>
      <link rel="stylesheet" href="{% static 'css/site.css' %}">
    </head>
    <body class="{% block body_class %}{% endblock %}">
      {% include "partials/nav.html" %}
      <main dj-root>
        {% include "partials/flash.html" %}
        {% block content %}{% endblock %}
      </main>
      <script src="{% static 'js/hooks.js' %}"></script>
    </body>
    </html>
    """
)

_NAV_HTML = _dedent(
    """
    <nav class="top-nav {% if menu_open %}open{% endif %}">
      <button dj-click="toggle_menu" aria-label="Menu">&#9776;</button>
      {# <button dj-click="open_search">Search</button> returns in v2 #}
      <!-- <a dj-click="legacy_menu">old</a> -->
      <a href="/">Home</a>
    </nav>
    """
)

_FLASH_HTML = _dedent(
    """
    {% for message in messages %}
      <div class="flash flash-{{ message.level }}" role="status">
        {{ message.text }}
        <button dj-click="dismiss_flash({{ forloop.counter0 }})" aria-label="Dismiss">&times;</button>
      </div>
    {% endfor %}
    """
)

_PAGINATION_HTML = _dedent(
    """
    <nav class="pagination">
      {% if page > 1 %}<button dj-click="set_page({{ page|add:-1 }})">Previous</button>{% endif %}
      <span>Page {{ page }}</span>
      <button dj-click="set_page" data-page:int="{{ page|add:1 }}">Next</button>
    </nav>
    """
)

_HOOKS_JS = _dedent(
    """
    window.djust = window.djust || {};
    window.djust.hooks = window.djust.hooks || {};
    window.djust.hooks.AutoRefresh = {
      mounted() {
        this.timer = setInterval(() => this.pushEvent("refresh", {}), 10000);
      },
      destroyed() {
        clearInterval(this.timer);
      },
    };
    """
)


# ---------------------------------------------------------------------------
# App-level files
# ---------------------------------------------------------------------------


def write_app(writer: ProjectWriter, app: AppPlan) -> None:
    """Package, mixins with the abstract base, components, view modules, urls, templates."""
    writer.write(f"{app.name}/__init__.py", "")
    writer.write(f"{app.name}/apps.py", _apps_py(app))
    writer.write(f"{app.name}/mixins.py", _mixins_py(app))
    writer.write(f"{app.name}/components.py", _COMPONENTS_PY)
    writer.write(f"{app.name}/views/__init__.py", _views_init_py(app))
    for module in app.modules:
        views = [v for v in app.views if v.module == module]
        writer.write(f"{app.name}/views/{module}.py", _view_module_py(app, views))
    writer.write(f"{app.name}/urls.py", _app_urls_py(app))
    writer.write(f"{app.name}/templates/{app.name}/_row.html", _ROW_HTML)
    for view in app.views:
        if not view.inline:
            writer.write(f"{app.name}/templates/{view.template_name}", file_template(view))


def _apps_py(app: AppPlan) -> str:
    return _dedent(
        f"""
        from django.apps import AppConfig


        class {app.label}Config(AppConfig):
            name = "{app.name}"
            default_auto_field = "django.db.models.BigAutoField"
        """
    )


def _mixins_py(app: AppPlan) -> str:
    parts = [
        f'"""Behaviour shared by the {app.name} views, and their abstract base."""\n'
        "from __future__ import annotations\n\n"
        "from djust import LiveView\n"
        "from djust.decorators import debounce, event_handler\n\n"
        "from core.mixins import FlashMixin, NavMixin, PagingMixin\n"
    ]
    parts.extend("\n\n" + _MIXIN_SOURCES[name] for name in app.mixins)
    parts.append(
        "\n\n"
        + _dedent(
            f'''
            class {app.base_view}(NavMixin, FlashMixin, PagingMixin, LiveView):
                """Abstract base: concrete {app.name} views choose their template."""

                abstract = True
                login_required = True
                temporary_assigns = {{"items": []}}

                def mount(self, request, **kwargs):
                    self.items = []
                    self.selected = []
                    self.count = 0
                    self._user = request.user
            '''
        )
    )
    return "".join(parts)


_MIXIN_SOURCES = {
    "SelectionMixin": _dedent(
        '''
        class SelectionMixin:
            """Row selection for list pages."""

            @event_handler
            def toggle_select(self, item_id: int, **kwargs):
                ids = list(getattr(self, "selected", []))
                self.selected = [i for i in ids if i != item_id] if item_id in ids else ids + [item_id]

            @event_handler
            def clear_selection(self, **kwargs):
                self.selected = []
        '''
    ),
    "FilterMixin": _dedent(
        '''
        class FilterMixin:
            """Search box and quick filters."""

            query = ""

            @event_handler
            @debounce(wait=0.3)
            def search(self, value: str = "", **kwargs):
                self.query = value

            @event_handler
            def set_filter(self, field: str, value: str = "", **kwargs):
                self.filters = {**getattr(self, "filters", {}), field: value}
        '''
    ),
    "ModalMixin": _dedent(
        '''
        class ModalMixin:
            """One modal dialog at a time."""

            modal = None

            @event_handler
            def open_modal(self, name: str = "", **kwargs):
                self.modal = name or None

            @event_handler
            def close_modal(self, **kwargs):
                self.modal = None
        '''
    ),
}

_COMPONENTS_PY = _dedent(
    '''
    """Reusable LiveComponents."""
    from __future__ import annotations

    from djust import LiveComponent
    from djust.decorators import event_handler


    class StarRating(LiveComponent):
        """A five-star rating widget with its own state."""

        template = """
    <div class="rating" data-component-id="{{ component_id }}">
      {% for star in stars %}
        <button dj-click="rate({{ star }})" data-value:int="{{ star }}" class="{% if star <= current %}on{% endif %}">&#9733;</button>
      {% endfor %}
      <button dj-click="reset_rating">Clear</button>
    </div>
    """

        def mount(self, **kwargs):
            self.stars = [1, 2, 3, 4, 5]
            self.current = 0

        @event_handler
        def rate(self, value: int = 0, **kwargs):
            self.current = value

        @event_handler
        def reset_rating(self, **kwargs):
            self.current = 0


    class Badge(LiveComponent):
        """A counter badge."""

        template = """<span class="badge" data-component-id="{{ component_id }}" dj-click="bump">{{ n }}</span>"""

        def mount(self, **kwargs):
            self.n = 0

        @event_handler
        def bump(self, **kwargs):
            self.n += 1
    '''
)

_ROW_HTML = _dedent(
    """
    <tr id="row-{{ item.id }}" class="{% if item.id in selected %}selected{% endif %}">
      <td><input type="checkbox" dj-click="toggle_select({{ item.id }})" {% if item.id in selected %}checked{% endif %}></td>
      <td>{{ item.name|default:"(untitled)" }}</td>
      <td>{{ item.updated|date:"Y-m-d" }}</td>
    </tr>
    """
)


def _views_init_py(app: AppPlan) -> str:
    lines = [f'"""Views of the {app.name} app."""\n']
    for module in app.modules:
        names = ", ".join(v.name for v in app.views if v.module == module)
        lines.append(f"from .{module} import {names}\n")
    exported = ", ".join(f'"{v.name}"' for v in app.views)
    lines.append(f"\n__all__ = [{exported}]\n")
    return "".join(lines)


def _app_urls_py(app: AppPlan) -> str:
    session = [v for i, v in enumerate(app.views) if i % 4 != 3]
    plain = [v for i, v in enumerate(app.views) if i % 4 == 3]
    lines = [
        "from django.urls import path\n",
        "from djust.routing import live_session\n\n",
        "from . import views\n\n",
        "urlpatterns = [\n",
        f'    *live_session(\n        "/{app.name}",\n        [\n',
    ]
    lines.extend(f'            path("{v.slug}/", views.{v.name}.as_view(), name="{v.slug}"),\n' for v in session)
    lines.append("        ],\n    ),\n")
    lines.extend(f'    path("x/{v.slug}/<int:pk>/", views.{v.name}.as_view(), name="{v.slug}"),\n' for v in plain)
    lines.append("]\n")
    return "".join(lines)


# ---------------------------------------------------------------------------
# View modules
# ---------------------------------------------------------------------------


def _view_module_py(app: AppPlan, views: Sequence[ViewPlan]) -> str:
    mixins = sorted({m for v in views for m in v.mixins})
    header = [
        f'"""{app.label} views ({views[0].module})."""\n',
        "from __future__ import annotations\n\n",
        "from djust import state\n",
        "from djust.decorators import event_handler\n\n",
        f"from ..mixins import {', '.join([app.base_view, *mixins])}\n",
    ]
    if any(v.component for v in views):
        header.append("from ..components import StarRating  # noqa: F401  (used from templates)\n")
    return "".join(header) + "".join(_view_class_py(app, view) for view in views)


def _view_class_py(app: AppPlan, view: ViewPlan) -> str:
    bases = ", ".join([*view.mixins, app.base_view])
    lines = [f"\n\nclass {view.name}({bases}):\n", f'    """{view.slug.replace("_", " ").capitalize()} page."""\n\n']
    if view.inline:
        lines.append(_inline_template_py(view))
    else:
        lines.append(f'    template_name = "{view.template_name}"\n')
    lines.append("    page_size = state(25)\n\n")
    lines.append(_mount_py(view))
    lines.append(
        "\n    def get_context_data(self, **kwargs):\n"
        "        context = super().get_context_data(**kwargs)\n"
        '        context["total"] = len(self.items)\n'
        "        return context\n"
    )
    for handler in view.handlers:
        lines.append(_handler_py(handler, decorated=not (view.bug == "undecorated" and handler is view.handlers[0])))
    lines.append(
        f'\n    def _load(self):\n        return [{{"id": n, "name": f"{view.slug} {{n}}"}} for n in range(self.page_size)]\n'
    )
    return "".join(lines)


def _mount_py(view: ViewPlan) -> str:
    assigned = "".join(f'        self.{name} = ""\n' for name in view.fields)
    return (
        "    def mount(self, request, **kwargs):\n"
        "        super().mount(request, **kwargs)\n"
        "        self.items = self._load()\n"
        f"{assigned}"
        '        self.statuses = ["open", "closed"]\n'
        "        self.open_panel = None\n"
        "        self._cache = {}\n"
    )


def _handler_py(handler: HandlerSpec, *, decorated: bool) -> str:
    decorator = "    @event_handler\n" if decorated else ""
    return f"\n{decorator}    def {handler.name}(self, {handler.signature}):\n        {handler.body}\n"


def _inline_template_py(view: ViewPlan) -> str:
    return f'    template = """\n{inline_template(view)}"""\n'


# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------


def _binding_lines(view: ViewPlan, rng: random.Random) -> list[str]:
    """Markup calling the view's handlers and its mixins' handlers (10--20 ``dj-*``)."""
    lines: list[str] = []
    for handler in view.handlers:
        lines.extend(s.format(h=handler.name) for s in handler.snippets)
    for mixin in view.mixins:
        lines.append(rng.choice(MIXIN_SNIPPETS[mixin]))
    lines.extend(f'<input name="{name}" dj-model="{name}">' for name in view.fields[:2])
    lines.append('<div dj-loading.show class="spinner" hidden>Loading</div>')
    return _apply_bug(view, lines)


_BUGS: dict[str, Callable[[ViewPlan, list[str]], list[str]]] = {
    "dead_binding": lambda v, ls: [ls[0].replace(f'"{v.handlers[0].name}', f'"{v.handlers[0].name}x', 1), *ls[1:]],
    "unknown_directive": lambda v, ls: [*ls, '<button dj-clik="refresh">Reload</button>'],
    "missing_field": lambda v, ls: [*ls, '<input dj-model="nonexistent_field">'],
    "key_in_value": lambda v, ls: [*ls, f'<input dj-keydown="{v.handlers[0].name}.enter">'],
    "missing_param": lambda v, ls: [*ls, '<button dj-click="toggle_select">Select</button>'],
    "undecorated": lambda v, ls: ls,  # the Python side drops @event_handler on the first handler
}


def _apply_bug(view: ViewPlan, lines: list[str]) -> list[str]:
    return _BUGS[view.bug](view, lines) if view.bug else lines


def _view_rng(view: ViewPlan) -> random.Random:
    """Per-view randomness derived from names only, so templates are stable across runs."""
    return random.Random(f"{view.app}.{view.module}.{view.name}")


def file_template(view: ViewPlan) -> str:
    """A page template: extends the base, includes partials, binds the view's handlers."""
    rng = _view_rng(view)
    bindings = _binding_lines(view, rng)
    # Lines reading ``item`` belong inside the loop that binds it; half of the rest go in the toolbar.
    loose = [line for line in bindings if "item." not in line]
    toolbar = loose[: len(loose) // 2]
    header = "\n".join(f"    {line}" for line in toolbar)
    body = "\n".join(f"        {line}" for line in bindings if line not in toolbar)
    row_include = '\n        {% include "' + view.app + '/_row.html" %}' if "SelectionMixin" in view.mixins else ""
    component = '\n  <StarRating on_change="refresh" current="{{ rating|default:0 }}" />' if view.component else ""
    return (
        '{% extends "base.html" %}\n'
        "{% load static %}\n"
        f"{{% block title %}}{view.slug.replace('_', ' ').title()}{{% endblock %}}\n"
        f"{{% block body_class %}}page-{view.slug}{{% endblock %}}\n"
        "{% block content %}\n"
        f'<section class="{view.app} {view.slug}" id="{view.slug}">\n'
        '  <header class="toolbar">\n'
        f'    <h1>{{{{ title|default:"{view.name}" }}}}</h1>\n'
        "    {# toolbar: actions for the whole list #}\n"
        f"{header}\n"
        "  </header>\n"
        '  <table class="table">\n'
        "    <tbody>\n"
        "    {% for item in items %}\n"
        "      <tr id=\"item-{{ item.id }}\" class=\"{% cycle 'odd' 'even' %}\">\n"
        f"{body}{row_include}\n"
        "      </tr>\n"
        "    {% empty %}\n"
        '      <tr><td colspan="4">Nothing here yet.</td></tr>\n'
        "    {% endfor %}\n"
        "    </tbody>\n"
        f"  </table>{component}\n"
        '  {% include "partials/pagination.html" %}\n'
        "</section>\n"
        "{% endblock %}\n"
    )


def inline_template(view: ViewPlan) -> str:
    """A standalone template held in ``template = \"\"\"...\"\"\"`` (no extends)."""
    rng = _view_rng(view)
    bindings = "\n".join(f"    {line}" for line in _binding_lines(view, rng))
    return (
        f'<div dj-root class="{view.slug}">\n'
        f"  <h2>{{{{ title|default:\"{view.name}\" }}}}</h2>\n"
        "  {% for item in items %}\n"
        f"{bindings}\n"
        "  {% endfor %}\n"
        '  <button dj-click="set_page({{ page|add:1 }})">Next</button>\n'
        "</div>\n"
    )


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def view_file(view: ViewPlan) -> str:
    """Where the view's markup lives: its template file, or its module for an inline template."""
    if view.inline:
        return f"{view.app}/views/{view.module}.py"
    return f"{view.app}/templates/{view.template_name}"


def generate(out_dir: Path, views: int, seed: int = 0) -> dict[str, object]:
    """Write the project into ``out_dir`` and return its manifest (sizes, bugs, seed)."""
    if views < 1:
        raise ValueError("--views must be at least 1")
    prepare_output(out_dir)
    apps = plan_project(views, seed)
    writer = ProjectWriter(out_dir)
    write_project_files(writer, apps)
    for app in apps:
        write_app(writer, app)
    all_views = [v for app in apps for v in app.views]
    bugs: dict[str, int] = {}
    for view in all_views:
        if view.bug:
            bugs[view.bug] = bugs.get(view.bug, 0) + 1
    seeded = [
        {
            "kind": view.bug,
            "view": view.qualname,
            "files": sorted({view_file(view), f"{view.app}/views/{view.module}.py"}),
            "codes": list(BUG_CODES[view.bug]),
            "consequences": list(BUG_CONSEQUENCES.get(view.bug, ())),
        }
        for view in all_views
        if view.bug
    ]
    manifest = {
        "views": len(all_views),
        "apps": len(apps),
        "seed": seed,
        "file_templates": sum(not v.inline for v in all_views),
        "inline_templates": sum(v.inline for v in all_views),
        "bugs": dict(sorted(bugs.items())),
        "seeded": seeded,
        "files": writer.files + 1,
    }
    writer.write(MANIFEST, json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="directory to create (only ever written inside)")
    parser.add_argument("--views", type=int, required=True, help="number of concrete views (and templates)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    manifest = generate(args.out_dir, args.views, args.seed)
    print(json.dumps(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
