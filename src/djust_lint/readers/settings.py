"""Read Django settings statically: template directories and installed apps.

djust-lint needs ``TEMPLATES[...]["DIRS"]`` to map ``template_name`` strings
to files and ``INSTALLED_APPS`` to know which packages contribute views and
templates.  Importing the settings module would execute user code (database
URLs, secrets, environment look-ups), so the module is parsed with :mod:`ast`
and the few expressions settings files really use are evaluated
*symbolically*: ``Path(__file__).resolve().parent.parent``,
``os.path.join(BASE_DIR, "templates")``, list concatenation, ``+=`` and
``.append``.  Anything else is recorded in ``SettingsInfo.dynamic_parts`` so a
rule can say "could not read X" instead of guessing.

Several settings files (``settings/base.py`` + ``settings/dev.py``) are merged
as a union: a linter that misses one configured template directory reports
false "template not found" errors, which is worse than being generous.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .asgi import AsgiInfo, read_asgi
from .settings_model import MAX_SETTINGS_BYTES, Dynamic, SettingsInfo, SettingsModule, SettingValue
from .settings_read import read_settings

if TYPE_CHECKING:
    from .discovery import PythonFile

__all__ = [
    "MAX_SETTINGS_BYTES",
    "AsgiInfo",
    "Dynamic",
    "SettingValue",
    "SettingsInfo",
    "SettingsModule",
    "find_settings_files",
    "read_asgi",
    "read_settings",
]

_TEMPLATES_ASSIGNMENT = re.compile(rb"^TEMPLATES\s*(?::[^=\n]*)?\+?=", re.MULTILINE)


# ---------------------------------------------------------------------------
# Finding settings files
# ---------------------------------------------------------------------------


def _named_like_settings(module: str) -> bool:
    """``pkg.settings`` itself or any module inside a ``settings`` package."""
    parts = module.split(".")
    return parts[-1] == "settings" or "settings" in parts[:-1]


def _assigns_templates(abs_path: Path) -> bool:
    """Cheap textual pre-check for a top-level ``TEMPLATES =`` assignment."""
    try:
        if abs_path.stat().st_size > MAX_SETTINGS_BYTES:
            return False
        data = abs_path.read_bytes()
    except OSError:
        return False
    return b"TEMPLATES" in data and _TEMPLATES_ASSIGNMENT.search(data) is not None


def find_settings_files(python_files: list[PythonFile]) -> list[PythonFile]:
    """Settings modules by name, plus any module assigning ``TEMPLATES`` at top level."""
    found = [pf for pf in python_files if _named_like_settings(pf.module) or _assigns_templates(pf.abs_path)]
    return sorted(found, key=lambda pf: pf.path)


