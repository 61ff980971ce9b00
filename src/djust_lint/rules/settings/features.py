"""DJ418-DJ421: service-worker VDOM cache and time-travel settings (djust.C301-C303, C501, C502).

djust reads each of these from a top-level setting first, then from
``LIVEVIEW_CONFIG`` (``["service_worker"]`` for the VDOM cache), then its
default; :func:`_feature_value` follows the same order and also says which
assignment a finding belongs to.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...core.findings import Finding, Severity
from ..base import Example
from ._common import SETTINGS_PATH, SettingsRule, debug, dict_setting, is_dynamic, settings_files

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph
    from ...readers.settings import SettingsModule, SettingValue


def _feature_value(module: SettingsModule, top_level: str | None, *path: str) -> tuple[SettingValue, Any] | None:
    """(assignment, value) of a feature flag that is set explicitly and statically, else None."""
    if top_level is not None and (setting := module.get(top_level)) is not None:
        return (setting, setting.value) if setting.known else None
    config: Any = dict_setting(module, "LIVEVIEW_CONFIG")
    for key in path:
        if not isinstance(config, dict) or key not in config:
            return None
        config = config[key]
    setting = module.get("LIVEVIEW_CONFIG")
    if setting is None or not setting.known or is_dynamic(config):
        return None
    return setting, config


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return int(value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class InvalidVdomCacheConfig(SettingsRule):
    """## What it does
    Reports a VDOM cache TTL that is not a positive integer, or a VDOM cache
    size below 1 (`DJUST_VDOM_CACHE_TTL_SECONDS`,
    `DJUST_VDOM_CACHE_MAX_ENTRIES`, or the `LIVEVIEW_CONFIG["service_worker"]`
    keys `vdom_cache_ttl_seconds` / `vdom_cache_max_entries`).

    ## Why is this bad?
    The service worker's cached pages expire at once or cannot be stored.

    ## Example
    ```python
    DJUST_VDOM_CACHE_TTL_SECONDS = 0
    ```

    ## Use instead
    ```python
    DJUST_VDOM_CACHE_TTL_SECONDS = 1800
    ```

    djust reports these as `djust.C301` (TTL) and `djust.C302` (size).
    """

    code = "DJ418"
    name = "invalid-vdom-cache-config"
    severity = Severity.ERROR
    summary = "VDOM cache TTL or size is not positive"
    djust_equivalent = "djust.C301/C302 DJUST_VDOM_CACHE_TTL_SECONDS / MAX_ENTRIES invalid"
    djust_ids = ("djust.C301", "djust.C302")
    VALID = [Example(settings_files('LIVEVIEW_CONFIG = {"service_worker": {"vdom_cache_max_entries": 10}}\n'))]
    INVALID = [
        Example(
            settings_files("DJUST_VDOM_CACHE_TTL_SECONDS = 0\n"),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("the VDOM cache TTL must be a positive integer (got 0)",),
        ),
        Example(
            settings_files('LIVEVIEW_CONFIG = {"service_worker": {"vdom_cache_max_entries": 0}}\n'),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("the VDOM cache must hold at least 1 entry (got 0)",),
        ),
    ]

    _CHECKS = (
        ("DJUST_VDOM_CACHE_TTL_SECONDS", "vdom_cache_ttl_seconds", "the VDOM cache TTL must be a positive integer"),
        ("DJUST_VDOM_CACHE_MAX_ENTRIES", "vdom_cache_max_entries", "the VDOM cache must hold at least 1 entry"),
    )

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        for top_level, key, problem in self._CHECKS:
            found = _feature_value(module, top_level, "service_worker", key)
            if found is None:
                continue
            number = _as_int(found[1])
            if number is None or number < 1:
                yield self.at(found[0], f"{problem} (got {found[1]!r})")


class VdomCacheDisabled(SettingsRule):
    """## What it does
    Notes that the service-worker VDOM cache is switched off
    (`DJUST_VDOM_CACHE_ENABLED = False` or the `service_worker` key).

    ## Why is this bad?
    Not a bug: back/forward navigation re-renders on the server instead of
    using cached pages. Suppress with `DJUST_CONFIG["suppress_checks"]` when
    intended.

    ## Example
    ```python
    DJUST_VDOM_CACHE_ENABLED = False
    ```

    ## Use instead
    Remove the setting to use the cache.

    djust reports this as `djust.C303`.
    """

    code = "DJ419"
    name = "vdom-cache-disabled"
    severity = Severity.INFO
    summary = "Service-worker VDOM cache is disabled"
    djust_equivalent = "djust.C303 DJUST_VDOM_CACHE_ENABLED is False"
    djust_ids = ("djust.C303",)
    VALID = [Example(settings_files('DJUST_VDOM_CACHE_ENABLED = False\nDJUST_CONFIG = {"suppress_checks": ["djust.C303"]}\n'))]
    INVALID = [
        Example(
            settings_files("DJUST_VDOM_CACHE_ENABLED = False\n"),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("the service-worker VDOM cache is disabled",),
        ),
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        found = _feature_value(module, "DJUST_VDOM_CACHE_ENABLED", "service_worker", "vdom_cache_enabled")
        if found is not None and not found[1]:
            yield self.at(found[0], "the service-worker VDOM cache is disabled")


class TimeTravelEnabled(SettingsRule):
    """## What it does
    Notes `LIVEVIEW_CONFIG["time_travel_enabled"] = True` in a settings module
    that is not certainly production (`DEBUG` not a literal `False`).

    ## Why is this bad?
    Not a bug: a breadcrumb that time-travel debugging is wired; views still
    opt in with `time_travel_enabled = True`.

    ## Example
    ```python
    DEBUG = True
    LIVEVIEW_CONFIG = {"time_travel_enabled": True}
    ```

    ## Use instead
    Nothing to change; keep it out of production settings.

    djust reports this as `djust.C501` (in DEBUG only).
    """

    code = "DJ420"
    name = "time-travel-enabled"
    severity = Severity.INFO
    summary = "Time-travel debugging is enabled"
    djust_equivalent = "djust.C501 time-travel debugging enabled"
    djust_ids = ("djust.C501",)
    VALID = [Example(settings_files('LIVEVIEW_CONFIG = {"time_travel_enabled": True}\n'), note="DEBUG = False")]
    INVALID = [
        Example(
            settings_files('DEBUG = True\nLIVEVIEW_CONFIG = {"time_travel_enabled": True}\n'),
            expect=((SETTINGS_PATH, 8, 1),),
            messages=("time-travel debugging is enabled (views opt in with time_travel_enabled = True)",),
        )
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        found = _feature_value(module, None, "time_travel_enabled")
        if found is not None and found[1] and debug(module) is not False:
            yield self.at(found[0], "time-travel debugging is enabled (views opt in with time_travel_enabled = True)")


class InvalidTimeTravelMaxEvents(SettingsRule):
    """## What it does
    Reports `LIVEVIEW_CONFIG["time_travel_max_events"]` that is not a
    positive integer, in a settings module that is not certainly production.

    ## Why is this bad?
    The time-travel ring buffer raises when it is allocated.

    ## Example
    ```python
    DEBUG = True
    LIVEVIEW_CONFIG = {"time_travel_max_events": 0}
    ```

    ## Use instead
    ```python
    LIVEVIEW_CONFIG = {"time_travel_max_events": 100}
    ```

    djust reports this as `djust.C502` (in DEBUG only).
    """

    code = "DJ421"
    name = "invalid-time-travel-max-events"
    severity = Severity.ERROR
    summary = "time_travel_max_events is not a positive integer"
    djust_equivalent = "djust.C502 time_travel_max_events must be a positive integer"
    djust_ids = ("djust.C502",)
    VALID = [Example(settings_files('DEBUG = True\nLIVEVIEW_CONFIG = {"time_travel_max_events": 50}\n'))]
    INVALID = [
        Example(
            settings_files('DEBUG = True\nLIVEVIEW_CONFIG = {"time_travel_max_events": 0}\n'),
            expect=((SETTINGS_PATH, 8, 1),),
            messages=("time_travel_max_events must be a positive integer (got 0)",),
        )
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        found = _feature_value(module, None, "time_travel_max_events")
        if found is None or debug(module) is False:
            return
        value = found[1]
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            yield self.at(found[0], f"time_travel_max_events must be a positive integer (got {value!r})")
