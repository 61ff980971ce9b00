"""DJ413-DJ418: values inside DJUST_CONFIG / LIVEVIEW_CONFIG / DJUST_TENANTS djust ignores or rejects.

(djust.S006, C014, C015, C018, C019.)  The accepted names are djust 1.2.6's
(``djust/extensions.py``, ``backends/registry.py``, ``checks/configuration.py``);
``tests/test_settings_checks.py`` compares them with the installed djust.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ..base import Example, did_you_mean, suggestion_suffix
from ._common import SETTINGS_PATH, SettingsRule, dict_setting, is_dynamic, settings_files, strings

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph
    from ...readers.settings import SettingsModule

AVAILABLE_EXTENSIONS = ("chart",)
KNOWN_PRESENCE_BACKENDS = ("memory", "redis", "tenant_memory", "tenant_redis")
DEAD_LIVEVIEW_CONFIG_KEYS = (
    "jit_cache_backend",
    "jit_cache_dir",
    "jit_redis_url",
    "debug_components",
    "component_wrapper_class",
    "component_loading_class",
)


class _DjustConfigRule(SettingsRule):
    """djust honours ``DJUST_CONFIG['suppress_checks']`` for every check of this module."""



class TenantStrictModeDisabled(_DjustConfigRule):
    """## What it does
    Reports `DJUST_TENANTS = {"STRICT_MODE": False, ...}`.

    ## Why is this bad?
    djust's tenant-scoped managers then fail *open*: a query run with no
    tenant bound returns every tenant's rows instead of none.

    ## Example
    ```python
    DJUST_TENANTS = {"STRICT_MODE": False}
    ```

    ## Use instead
    Leave `STRICT_MODE` unset (fail closed) and bind a tenant everywhere.

    djust reports this as `djust.S006`.
    """

    code = "DJ413"
    name = "tenant-strict-mode-disabled"
    severity = Severity.WARNING
    summary = "DJUST_TENANTS['STRICT_MODE'] = False makes tenancy fail open"
    djust_equivalent = "djust.S006 DJUST_TENANTS['STRICT_MODE']=False"
    djust_ids = ("djust.S006",)
    VALID = [
        Example(settings_files('DJUST_TENANTS = {"STRICT_MODE": True}\n')),
        Example(settings_files('DJUST_TENANTS = {"STRICT_MODE": False}\nDJUST_CONFIG = {"suppress_checks": ["S006"]}\n')),
    ]
    INVALID = [
        Example(
            settings_files('DJUST_TENANTS = {"STRICT_MODE": False}\n'),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("DJUST_TENANTS['STRICT_MODE'] is False: tenant-scoped queries without a tenant return all tenants' rows",),
        ),
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        tenants = dict_setting(module, "DJUST_TENANTS")
        if "STRICT_MODE" in tenants and not is_dynamic(tenants["STRICT_MODE"]) and not tenants["STRICT_MODE"]:
            setting = module.get("DJUST_TENANTS")
            assert setting is not None
            yield self.at(setting, "DJUST_TENANTS['STRICT_MODE'] is False: tenant-scoped queries without a tenant return all tenants' rows")


class TenantsWithoutLimitSetCalls(_DjustConfigRule):
    """## What it does
    Reports django-tenants under ASGI (`django_tenants` installed or
    `TENANT_MODEL` set, and `ASGI_APPLICATION` set) without
    `TENANT_LIMIT_SET_CALLS = True`.

    ## Why is this bad?
    Every WebSocket event re-enters the tenant middleware and issues a
    `SET search_path`; LiveView polling can exhaust the Postgres pool.

    ## Example
    ```python
    INSTALLED_APPS = ["django_tenants", "djust"]
    ```

    ## Use instead
    `TENANT_LIMIT_SET_CALLS = True`, or migrate to `djust.tenants`.

    djust reports this as `djust.C014`.
    """

    code = "DJ414"
    name = "tenants-without-limit-set-calls"
    severity = Severity.WARNING
    summary = "django-tenants under ASGI without TENANT_LIMIT_SET_CALLS"
    djust_equivalent = "djust.C014 django-tenants + ASGI without TENANT_LIMIT_SET_CALLS"
    djust_ids = ("djust.C014",)
    VALID = [Example(settings_files('TENANT_MODEL = "customers.Client"\nTENANT_LIMIT_SET_CALLS = True\n'))]
    INVALID = [
        Example(
            settings_files('TENANT_MODEL = "customers.Client"\n'),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("django-tenants under ASGI without TENANT_LIMIT_SET_CALLS = True: every WebSocket event issues SET search_path",),
        ),
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        apps, model = module.get("INSTALLED_APPS"), module.get("TENANT_MODEL")
        anchor = model if model is not None and model.value is not None else None
        if anchor is None and apps is not None and "django_tenants" in strings(apps.value):
            anchor = apps
        limit = module.get("TENANT_LIMIT_SET_CALLS")
        if anchor is None or not module.get("ASGI_APPLICATION") or (limit is not None and (limit.value or limit.dynamic)):
            return
        yield self.at(anchor, "django-tenants under ASGI without TENANT_LIMIT_SET_CALLS = True: every WebSocket event issues SET search_path")


class UnknownExtension(_DjustConfigRule):
    """## What it does
    Reports a `DJUST_CONFIG["extensions"]` that is not a list, or names an
    adapter djust does not ship.

    ## Why is this bad?
    Unknown names are dropped silently: no script tag, and the hook never mounts.

    ## Example
    ```python
    DJUST_CONFIG = {"extensions": ["charts"]}
    ```

    ## Use instead
    ```python
    DJUST_CONFIG = {"extensions": ["chart"]}
    ```

    djust reports this as `djust.C015`.
    """

    code = "DJ415"
    name = "unknown-djust-extension"
    severity = Severity.ERROR
    summary = "Unknown adapter in DJUST_CONFIG['extensions']"
    djust_equivalent = "djust.C015 DJUST_CONFIG['extensions'] lists unknown adapter"
    djust_ids = ("djust.C015",)
    VALID = [Example(settings_files('DJUST_CONFIG = {"extensions": ["chart"]}\n'))]
    INVALID = [
        Example(
            settings_files('DJUST_CONFIG = {"extensions": ["charts"]}\n'),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("DJUST_CONFIG['extensions'] lists unknown adapter 'charts'; did you mean 'chart'?",),
        ),
        Example(
            settings_files('DJUST_CONFIG = {"extensions": "chart"}\n'),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("DJUST_CONFIG['extensions'] must be a list, got str",),
        ),
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        raw = dict_setting(module, "DJUST_CONFIG").get("extensions")
        setting = module.get("DJUST_CONFIG")
        if raw is None or setting is None or is_dynamic(raw) and not isinstance(raw, list):
            return
        if not isinstance(raw, list):
            yield self.at(setting, f"DJUST_CONFIG['extensions'] must be a list, got {type(raw).__name__}")
            return
        for name in strings(raw):
            if name not in AVAILABLE_EXTENSIONS:
                hint = suggestion_suffix(did_you_mean(name, list(AVAILABLE_EXTENSIONS)))
                yield self.at(setting, f"DJUST_CONFIG['extensions'] lists unknown adapter '{name}'{hint}")


class DeadConfigKey(_DjustConfigRule):
    """## What it does
    Reports `LIVEVIEW_CONFIG`/`DJUST_CONFIG` keys that djust 1.2 defines but
    never reads (`jit_cache_backend`, `debug_components`, ...).

    ## Why is this bad?
    Setting them has no effect, which misleads whoever reads the settings;
    they are removed in djust 1.3.

    ## Example
    ```python
    LIVEVIEW_CONFIG = {"jit_cache_backend": "redis"}
    ```

    ## Use instead
    Delete the key.

    djust reports this as `djust.C018`.
    """

    code = "DJ416"
    name = "dead-config-key"
    severity = Severity.WARNING
    summary = "Config key that djust never reads"
    djust_equivalent = "djust.C018 LIVEVIEW_CONFIG key is set but djust never reads it"
    djust_ids = ("djust.C018",)
    VALID = [Example(settings_files('LIVEVIEW_CONFIG = {"hot_reload": False}\n'))]
    INVALID = [
        Example(
            settings_files('LIVEVIEW_CONFIG = {"jit_cache_backend": "redis"}\n'),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("LIVEVIEW_CONFIG sets 'jit_cache_backend', which djust never reads; delete it",),
        ),
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        for name in ("LIVEVIEW_CONFIG", "DJUST_CONFIG"):
            setting = module.get(name)
            config = dict_setting(module, name)
            dead = [key for key in DEAD_LIVEVIEW_CONFIG_KEYS if key in config]
            if setting is not None and dead:
                keys = ", ".join(f"'{key}'" for key in dead)
                yield self.at(setting, f"{name} sets {keys}, which djust never reads; delete it")


class UnknownPresenceBackend(_DjustConfigRule):
    """## What it does
    Reports a `DJUST_CONFIG["PRESENCE_BACKEND"]` that is not one of
    `memory`, `redis`, `tenant_memory`, `tenant_redis`.

    ## Why is this bad?
    djust silently falls back to the per-process memory backend: presence is
    lost across processes.

    ## Example
    ```python
    DJUST_CONFIG = {"PRESENCE_BACKEND": "reddis"}
    ```

    ## Use instead
    ```python
    DJUST_CONFIG = {"PRESENCE_BACKEND": "redis"}
    ```

    djust reports this as `djust.C019`.
    """

    code = "DJ417"
    name = "unknown-presence-backend"
    severity = Severity.WARNING
    summary = "Unknown DJUST_CONFIG['PRESENCE_BACKEND']"
    djust_equivalent = "djust.C019 unknown DJUST_CONFIG['PRESENCE_BACKEND']"
    djust_ids = ("djust.C019",)
    VALID = [Example(settings_files('DJUST_CONFIG = {"PRESENCE_BACKEND": "redis"}\n'))]
    INVALID = [
        Example(
            settings_files('DJUST_CONFIG = {"PRESENCE_BACKEND": "reddis"}\n'),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("PRESENCE_BACKEND 'reddis' is unknown; djust falls back to per-process memory; did you mean 'redis'?",),
        ),
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        value = dict_setting(module, "DJUST_CONFIG").get("PRESENCE_BACKEND")
        setting = module.get("DJUST_CONFIG")
        if setting is None or value is None or is_dynamic(value) or value in KNOWN_PRESENCE_BACKENDS:
            return
        hint = suggestion_suffix(did_you_mean(str(value), list(KNOWN_PRESENCE_BACKENDS)))
        yield self.at(setting, f"PRESENCE_BACKEND {value!r} is unknown; djust falls back to per-process memory{hint}")
