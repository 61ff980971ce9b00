"""DJ401-DJ402, DJ404: settings djust cannot run without (djust.C001, C002, C004)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ..base import Example
from ._common import SETTINGS_PATH, SettingsRule, settings_files, strings

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph
    from ...readers.settings import SettingsModule


class _RequiredSetting(SettingsRule):
    """Reports a settings module (with ``INSTALLED_APPS``) that never sets ``required``."""

    required: str
    hint: str
    """Opt-in (``--select DJ401,DJ402``): a source checkout often keeps the ASGI/channel
    settings in an environment-specific file the linter is not pointed at."""

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        if not self.missing(module, self.required):
            return
        setting = module.get(self.required)
        message = f"{self.required} is not set; {self.hint}"
        yield self.at(setting, message) if setting is not None else self.at_top(module, message)


class AsgiApplicationMissing(_RequiredSetting):
    """## What it does
    Reports a Django settings module that does not set `ASGI_APPLICATION`
    (or sets it to an empty value).

    ## Why is this bad?
    djust's live updates travel over WebSockets, which need the ASGI
    application; without it every LiveView page stays static.

    ## Example
    A settings file with `INSTALLED_APPS` but no `ASGI_APPLICATION`.

    ## Use instead
    `ASGI_APPLICATION = "myproject.asgi.application"`.

    djust reports this as `djust.C001`. Settings files that star-import a file
    djust-lint cannot read are not reported (the name may come from there).
    """

    code = "DJ401"
    name = "asgi-application-missing"
    severity = Severity.ERROR
    summary = "ASGI_APPLICATION is not set"
    djust_equivalent = "djust.C001 ASGI_APPLICATION is not set"
    djust_ids = ("djust.C001",)
    required = "ASGI_APPLICATION"
    hint = "add ASGI_APPLICATION = 'myproject.asgi.application' so WebSockets can reach djust"
    VALID = [
        Example(settings_files()),
        Example({"app/views.py": "x = 1\n"}, note="no settings file: nothing to check"),
        Example(settings_files("from .local import *\n", without=("ASGI_APPLICATION",)), note="unread star import"),
    ]
    INVALID = [
        Example(
            settings_files(without=("ASGI_APPLICATION",)),
            expect=((SETTINGS_PATH, 1, 1),),
            messages=("ASGI_APPLICATION is not set; add ASGI_APPLICATION = 'myproject.asgi.application' so WebSockets can reach djust",),
        ),
    ]


class ChannelLayersMissing(_RequiredSetting):
    """## What it does
    Reports a Django settings module without a `CHANNEL_LAYERS` setting.

    ## Why is this bad?
    djust's WebSocket consumers, presence and `push_to_view` broadcast through
    the channel layer; without one they fail at run time.

    ## Example
    A settings file with no `CHANNEL_LAYERS`.

    ## Use instead
    `CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", ...}}`
    (or `InMemoryChannelLayer` for development).

    djust reports this as `djust.C002`.
    """

    code = "DJ402"
    name = "channel-layers-missing"
    severity = Severity.ERROR
    summary = "CHANNEL_LAYERS is not configured"
    djust_equivalent = "djust.C002 CHANNEL_LAYERS not configured"
    djust_ids = ("djust.C002",)
    required = "CHANNEL_LAYERS"
    hint = "djust's WebSocket layer needs a channel layer (channels_redis in production)"
    VALID = [Example(settings_files())]
    INVALID = [
        Example(
            settings_files(without=("CHANNEL_LAYERS",)),
            expect=((SETTINGS_PATH, 1, 1),),
            messages=("CHANNEL_LAYERS is not set; djust's WebSocket layer needs a channel layer (channels_redis in production)",),
        ),
        Example(
            settings_files("CHANNEL_LAYERS = {}\n"),
            expect=((SETTINGS_PATH, 7, 1),),
            note="empty",
            messages=("CHANNEL_LAYERS is not set; djust's WebSocket layer needs a channel layer (channels_redis in production)",),
        ),
    ]


class DjustNotInstalled(SettingsRule):
    """## What it does
    Reports an `INSTALLED_APPS` that does not contain `"djust"`.

    ## Why is this bad?
    Without the app, djust's templates, template tags, static client and
    system checks are not found; LiveView pages fail to render.

    ## Example
    ```python
    INSTALLED_APPS = ["django.contrib.staticfiles", "shop"]
    ```

    ## Use instead
    ```python
    INSTALLED_APPS = ["django.contrib.staticfiles", "djust", "shop"]
    ```

    djust reports this as `djust.C004`. An `INSTALLED_APPS` with parts that
    cannot be read statically is not reported.
    """

    code = "DJ404"
    name = "djust-not-in-installed-apps"
    severity = Severity.ERROR
    summary = "'djust' is missing from INSTALLED_APPS"
    djust_equivalent = "djust.C004 'djust' not in INSTALLED_APPS"
    djust_ids = ("djust.C004",)
    VALID = [
        Example(settings_files()),
        Example(settings_files("INSTALLED_APPS += EXTRA_APPS\n"), note="dynamic part"),
    ]
    INVALID = [
        Example(
            settings_files('INSTALLED_APPS = ["shop"]\n'),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("'djust' is not in INSTALLED_APPS; add it so djust's templates, tags and static files load",),
        ),
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        setting = module.get("INSTALLED_APPS")
        if setting is None or not setting.known or not isinstance(setting.value, list):
            return
        apps = strings(setting.value)
        if len(apps) == len(setting.value) and "djust" not in apps:
            yield self.at(setting, "'djust' is not in INSTALLED_APPS; add it so djust's templates, tags and static files load")
