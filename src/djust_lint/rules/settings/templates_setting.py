"""DJ422: the shape of TEMPLATES when djust's template backend is used (djust.C016).

djust resolves each ``BACKEND`` with ``import_string`` and ``issubclass``; we
compare the dotted names with djust's and Django's own backends (custom
subclasses are skipped rather than guessed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...core.findings import Finding, Severity
from ..base import Example
from ._common import SETTINGS_PATH, SettingsRule, settings_files, strings

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph
    from ...readers.settings import SettingsModule

DJUST_BACKEND = "djust.template.backend.DjustTemplateBackend"
DJANGO_BACKEND = "django.template.backends.django.DjangoTemplates"
ADMIN_CONTEXT_PROCESSORS = (
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "django.template.context_processors.request",
)


def _entries(value: Any) -> list[dict[Any, Any]]:
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _templates(djust_first: bool, admin: bool = True, processors: bool = True) -> dict[str, str | bytes]:
    djust = '{"BACKEND": "djust.template.backend.DjustTemplateBackend", "APP_DIRS": True%s}' % (
        ', "OPTIONS": {"context_processors": ["django.contrib.auth.context_processors.auth", '
        '"django.contrib.messages.context_processors.messages", "django.template.context_processors.request"]}'
        if processors
        else ""
    )
    django = '{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}'
    order = f"[{djust}, {django}]" if djust_first else f"[{django}, {djust}]"
    apps = '["django.contrib.admin", "axes", "djust"]' if admin else '["djust"]'
    return settings_files(f"INSTALLED_APPS = {apps}\nTEMPLATES = {order}\n")


class TemplateBackendOrder(SettingsRule):
    """## What it does
    Checks `TEMPLATES` when it uses `DjustTemplateBackend`: a `DjangoTemplates`
    entry must not come before it; with the admin installed a `DjangoTemplates`
    entry must exist; and a djust entry listed first with `APP_DIRS` must have
    the admin's context processors (`auth`, `messages`, `request`).

    ## Why is this bad?
    Django tries engines in order, so an earlier Django engine renders every
    template djust should; the admin needs the Django engine or, when djust
    renders it, the processors that put `user` and `messages` in its context
    (the admin index fails with `KeyError: 'user'`).

    ## Example
    ```python
    TEMPLATES = [
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True},
        {"BACKEND": "djust.template.backend.DjustTemplateBackend", "APP_DIRS": True},
    ]
    ```

    ## Use instead
    List the djust entry first (with the admin's context processors) and the
    Django entry after it.

    djust reports this as `djust.C016`.
    """

    code = "DJ422"
    name = "template-backend-order"
    severity = Severity.WARNING
    summary = "TEMPLATES order/fallback wrong for DjustTemplateBackend"
    djust_equivalent = "djust.C016 TEMPLATES backend order / DjangoTemplates fallback"
    djust_ids = ("djust.C016",)
    VALID = [
        Example(_templates(djust_first=True)),
        Example(
            {SETTINGS_PATH: f"{_templates(djust_first=False)[SETTINGS_PATH]!s}DJUST_CONFIG = {{'suppress_checks': ['C016']}}\n"},
            note="suppressed",
        ),
    ]
    INVALID = [
        Example(
            _templates(djust_first=False),
            expect=((SETTINGS_PATH, 8, 1),),
            messages=("a DjangoTemplates entry comes before DjustTemplateBackend and shadows it; list djust first",),
        ),
        Example(
            _templates(djust_first=True, processors=False),
            expect=((SETTINGS_PATH, 8, 1),),
            messages=("the first (djust) TEMPLATES entry renders the admin but lacks django.contrib.auth.context_processors.auth, django.contrib.messages.context_processors.messages, django.template.context_processors.request",),
        ),
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        setting = module.get("TEMPLATES")
        if setting is None or not setting.known:
            return
        entries = _entries(setting.value)
        backends = [entry.get("BACKEND") for entry in entries]
        if DJUST_BACKEND not in backends:
            return
        first_djust = backends.index(DJUST_BACKEND)
        apps = strings(getattr(module.get("INSTALLED_APPS"), "value", []))
        admin = "django.contrib.admin" in apps or "django.contrib.admindocs" in apps
        if DJANGO_BACKEND in backends[:first_djust]:
            yield self.at(setting, "a DjangoTemplates entry comes before DjustTemplateBackend and shadows it; list djust first")
        elif DJANGO_BACKEND not in backends and admin:
            yield self.at(setting, "the admin is installed but TEMPLATES has no DjangoTemplates entry to render it")
        missing = self._missing_processors(entries[first_djust]) if admin and first_djust == 0 else []
        if missing:
            yield self.at(
                setting,
                f"the first (djust) TEMPLATES entry renders the admin but lacks {', '.join(missing)}",
            )

    @staticmethod
    def _missing_processors(entry: dict[Any, Any]) -> list[str]:
        options = entry.get("OPTIONS")
        if not entry.get("APP_DIRS") or (options is not None and not isinstance(options, dict)):
            return []
        configured = (options or {}).get("context_processors") or []
        if not isinstance(configured, list) or len(strings(configured)) != len(configured):
            return []
        return [p for p in ADMIN_CONTEXT_PROCESSORS if p not in configured]
