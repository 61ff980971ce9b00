"""What the static settings reader produces: values, modules, the merged view (no logic)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.model import Span

MAX_SETTINGS_BYTES = 2 * 1024 * 1024
"""Settings files larger than this are not read (same default as the readers' ``max_bytes``)."""


@dataclass(frozen=True, slots=True)
class Dynamic:
    """A settings value that cannot be computed statically (``os.environ[...]``, a call, ...)."""

    source: str
    """The expression's source text, for messages."""


@dataclass(frozen=True, slots=True)
class SettingValue:
    """One top-level settings name as the static reader sees it after every statement ran.

    ``value`` is plain Python data (``str``, ``int``, ``bool``, ``None``, ``list``,
    ``dict``), with :class:`Dynamic` wherever (a part of) it could not be
    computed.  ``path``/``span`` locate the last plain assignment of the name
    (``X = ...``), which is where a finding about its value belongs.
    """

    name: str
    value: Any
    path: str
    span: Span
    conditional: bool = False
    """Assigned inside an ``if``/``else`` branch or an ``except`` handler: it may not apply."""
    source: str = ""
    """Source text of the assigned expression."""

    @property
    def dynamic(self) -> bool:
        return isinstance(self.value, Dynamic)

    @property
    def known(self) -> bool:
        """A value that applies whatever branch runs and is fully computed at the top level."""
        return not self.conditional and not self.dynamic


@dataclass
class SettingsModule:
    """A settings module Django could be pointed at: one not imported by another settings file."""

    path: str
    values: dict[str, SettingValue] = field(default_factory=dict)
    complete: bool = True
    """False when a star import (or import of a missing settings file) could not be followed,
    so a name absent from ``values`` may still be set at run time."""

    def get(self, name: str) -> SettingValue | None:
        return self.values.get(name)

    @property
    def is_django_settings(self) -> bool:
        """Looks like a real project settings module (not an app's ``settings.py`` of defaults)."""
        return "INSTALLED_APPS" in self.values


@dataclass
class SettingsInfo:
    """What the settings files say about templates and apps."""

    path: str | None = None
    """Root-relative path of the main settings file (the first one that set a watched name)."""
    template_dirs: list[str] = field(default_factory=list)
    """``TEMPLATES[*]["DIRS"]`` relative to the project root, POSIX, ``.`` for the root."""
    app_dirs: bool = False
    """Some template backend has ``APP_DIRS`` true (or not statically known)."""
    installed_apps: list[str] = field(default_factory=list)
    dynamic_parts: list[str] = field(default_factory=list)
    """``path:line: what: expression`` for every part that could not be read statically."""
    paths: list[str] = field(default_factory=list)
    """Every settings file that was read (extra field; ``path`` is the first useful one)."""
    values: dict[str, SettingValue] = field(default_factory=dict)
    """Every top-level settings name (extra field): the main module's view, then other modules' names."""
    modules: list[SettingsModule] = field(default_factory=list)
    """Each settings module Django could load (extra field), main one first."""

    def django_modules(self) -> list[SettingsModule]:
        """The modules that look like complete project settings (rules check each of them)."""
        return [module for module in self.modules if module.is_django_settings]


