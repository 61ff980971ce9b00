"""Queries shared by the settings rules: which settings modules to check, DEBUG, suppression.

djust runs its checks inside one configured process, so it knows the one
settings module in use.  djust-lint sees every settings module Django *could*
load (``settings/dev.py`` and ``settings/prod.py`` both star-importing
``base.py``) and checks each of them; a finding about a value points at the
line that assigned it, so the same bad line is reported once even when
several modules inherit it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...core.findings import Finding
from ...core.model import Span
from ...core.vocabulary import SUPPRESSIBLE_DJUST_CHECKS
from ...readers.settings import Dynamic, SettingsModule, SettingValue
from ..base import Rule, RuleContext

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph

TOP_OF_FILE = Span(1, 1, 1, 2)

SETTINGS_PATH = "proj/settings.py"

#: A settings file that passes every rule of this family; examples append to it.
HEALTHY_SETTINGS = """\
DEBUG = False
SECRET_KEY = "k3y-from-the-environment"
ALLOWED_HOSTS = ["example.com"]
INSTALLED_APPS = ["daphne", "django.contrib.staticfiles", "djust"]
ASGI_APPLICATION = "proj.asgi.application"
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
"""
HEALTHY_LINES = HEALTHY_SETTINGS.count("\n")
#: Settings rules speak only to projects that use djust: every example has one LiveView.
EXAMPLE_VIEW_PATH = "app/views.py"
EXAMPLE_VIEW = 'from djust import LiveView\n\n\nclass Home(LiveView):\n    template = "<div dj-root></div>"\n'


def settings_files(extra: str = "", *, without: tuple[str, ...] = (), **others: str) -> dict[str, str | bytes]:
    """Example project: the healthy settings minus ``without`` names plus ``extra`` lines."""
    lines = [line for line in HEALTHY_SETTINGS.splitlines(keepends=True) if line.split(" ", 1)[0] not in without]
    files: dict[str, str | bytes] = {SETTINGS_PATH: "".join(lines) + extra, EXAMPLE_VIEW_PATH: EXAMPLE_VIEW}
    files.update({path.replace("__", "/").replace("_DOT_", "."): text for path, text in others.items()})
    return files


def settings_modules(graph: ProjectGraph) -> list[SettingsModule]:
    """Project settings modules to check: none when the project has no settings file, and never
    the settings a test suite runs with (their shortcuts are deliberate)."""
    if graph.settings is None:
        return []
    return [module for module in graph.settings.django_modules() if not is_test_settings(module.path)]


def is_test_settings(path: str) -> bool:
    """``tests/settings.py``, ``test_settings.py``, ``settings/test*.py``, ``settings_test.py``."""
    parts = path.split("/")
    stem = parts[-1].removesuffix(".py")
    if any(part in ("tests", "test", "testing") for part in parts[:-1]):
        return True
    if stem in ("test_settings", "settings_test", "testsettings", "conftest"):
        return True
    in_settings_package = len(parts) > 1 and parts[-2] == "settings"
    return in_settings_package and stem.startswith("test")


def has_live_views(graph: ProjectGraph) -> bool:
    """The project defines a LiveView or LiveComponent: djust's settings matter to it."""
    return any(view.kind in ("live_view", "live_component") for view in graph.views.values())


def value_of(module: SettingsModule, name: str, default: Any = None) -> Any:
    """The plain value of a setting (``default`` when absent)."""
    setting = module.get(name)
    return default if setting is None else setting.value


def dict_setting(module: SettingsModule, name: str) -> dict[Any, Any]:
    value = value_of(module, name)
    return value if isinstance(value, dict) else {}


def debug(module: SettingsModule) -> bool | None:
    """``DEBUG`` when statically certain; Django's default (False) when unset; None when unknown."""
    setting = module.get("DEBUG")
    if setting is None:
        return False if module.complete else None
    if not setting.known or isinstance(setting.value, Dynamic):
        return None
    return bool(setting.value)


def is_dynamic(value: Any) -> bool:
    """True when a value or any part of it is not statically known."""
    if isinstance(value, Dynamic):
        return True
    if isinstance(value, list):
        return any(is_dynamic(item) for item in value)
    if isinstance(value, dict):
        return any(is_dynamic(item) for item in value.values())
    return False


def strings(value: Any) -> list[str]:
    """The string items of a list setting (non-strings skipped)."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _normalised(ids: Any) -> set[str]:
    names: set[str] = set()
    for item in ids if isinstance(ids, list) else []:
        if isinstance(item, str):
            lower = item.lower()
            names.update({lower, lower.removeprefix("djust."), "djust." + lower.removeprefix("djust.")})
    return names


def suppressed(module: SettingsModule, djust_id: str) -> bool:
    """Silenced in this settings module by ``SILENCED_SYSTEM_CHECKS`` or, where djust reads it, ``suppress_checks``.

    The engine already skips rules silenced in the merged settings; this is the
    per-module refinement (a check silenced in ``settings/dev.py`` only).
    """
    if djust_id.lower() in _normalised(value_of(module, "SILENCED_SYSTEM_CHECKS")):
        return True
    if djust_id.upper().removeprefix("DJUST.") not in SUPPRESSIBLE_DJUST_CHECKS:
        return False
    listed = dict_setting(module, "DJUST_CONFIG").get("suppress_checks") or dict_setting(
        module, "LIVEVIEW_CONFIG"
    ).get("suppress_checks")
    return djust_id.lower() in _normalised(listed)


class SettingsRule(Rule):
    """A rule evaluated once per settings module, with djust's suppression and de-duplication."""

    in_validate_view = False

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if not has_live_views(ctx.graph):
            return  # a Django project that does not use djust (yet) owes djust nothing
        seen: set[tuple[str, int, int, str]] = set()
        for module in settings_modules(ctx.graph):
            if all(suppressed(module, i) for i in self.djust_ids):
                continue
            for finding in self.check_module(ctx.graph, module):
                key = (finding.path, finding.span.line, finding.span.column, finding.message)
                if key not in seen:
                    seen.add(key)
                    yield finding

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:  # pragma: no cover
        raise NotImplementedError

    def at(self, setting: SettingValue, message: str) -> Finding:
        """A finding on the assignment of a setting."""
        return self.finding(setting.path, setting.span, message, setting=setting.name)

    def at_top(self, module: SettingsModule, message: str) -> Finding:
        """A finding about something missing from a settings module: its first line."""
        return self.finding(module.path, TOP_OF_FILE, message)

    def missing(self, module: SettingsModule, name: str) -> bool:
        """Absent (or set to an empty literal) and the module has no unread star import."""
        setting = module.get(name)
        if setting is None:
            return module.complete
        return setting.known and not setting.value
