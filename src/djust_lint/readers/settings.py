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

from .asgi import AsgiInfo, read_asgi
from .settings_model import MAX_SETTINGS_BYTES, Dynamic, SettingsInfo, SettingsModule, SettingValue
from .settings_read import read_settings

__all__ = [
    "MAX_SETTINGS_BYTES",
    "AsgiInfo",
    "Dynamic",
    "SettingValue",
    "SettingsInfo",
    "SettingsModule",
    "read_asgi",
    "read_settings",
]

