"""DJ407-DJ409, DJ412: host and secret settings that are unsafe in production or with DEBUG on.

(djust.A010, A011, A012, A014, S004.)  djust knows the process's DEBUG; we
know it only when the settings module sets it to a literal.  The production
rules fire when DEBUG is not certainly True (a ``DEBUG = env(...)`` module is
presumed to reach production); the DEBUG rule fires only when DEBUG is
certainly True.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ..base import Example
from ._common import SETTINGS_PATH, SettingsRule, debug, settings_files, strings, value_of

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph
    from ...readers.settings import SettingsModule, SettingValue

_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "", "*", ".localhost"})


def _may_be_production(module: SettingsModule) -> bool:
    return debug(module) is not True


def _proxy_trusted(module: SettingsModule) -> bool:
    """djust's escape hatch: a declared trusted L7 proxy makes the Host wildcard redundant."""
    return bool(value_of(module, "DJUST_TRUSTED_PROXIES")) and bool(value_of(module, "SECURE_PROXY_SSL_HEADER"))


def _hosts(module: SettingsModule) -> tuple[SettingValue, list[str]] | None:
    setting = module.get("ALLOWED_HOSTS")
    if setting is None or not setting.known:
        return None
    return setting, strings(setting.value)


class AllowedHostsWildcard(SettingsRule):
    """## What it does
    Reports `"*"` in `ALLOWED_HOSTS` of a settings module that is not
    certainly a development one (`DEBUG` is not a literal `True`).

    ## Why is this bad?
    Any Host header is accepted (password-reset poisoning, cache poisoning),
    and `AllowedHostsOriginValidator` then accepts WebSockets from every
    origin. With other hosts listed beside it, `"*"` silently overrides them.

    ## Example
    ```python
    DEBUG = False
    ALLOWED_HOSTS = ["*"]
    ```

    ## Use instead
    ```python
    ALLOWED_HOSTS = ["example.com", "www.example.com"]
    ```

    djust reports this as `djust.A010` (only `"*"`) and `djust.A011` (`"*"`
    beside other hosts). Both are skipped when `DJUST_TRUSTED_PROXIES` and
    `SECURE_PROXY_SSL_HEADER` are set, as djust does.
    """

    code = "DJ407"
    name = "allowed-hosts-wildcard"
    severity = Severity.WARNING
    summary = "ALLOWED_HOSTS contains '*' outside development"
    djust_equivalent = "djust.A010/A011 ALLOWED_HOSTS wildcard in production"
    djust_ids = ("djust.A010", "djust.A011")
    VALID = [
        Example(settings_files('DEBUG = True\nALLOWED_HOSTS = ["*"]\n')),
        Example(settings_files('ALLOWED_HOSTS = ["*"]\nDJUST_TRUSTED_PROXIES = ["10.0.0.0/8"]\n'
                               'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\n')),
    ]
    INVALID = [
        Example(
            settings_files('ALLOWED_HOSTS = ["*"]\n'),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("ALLOWED_HOSTS = ['*'] accepts any Host header outside development",),
        ),
        Example(
            settings_files('ALLOWED_HOSTS = ["example.com", "*"]\n'),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("'*' in ALLOWED_HOSTS makes the other entries meaningless; any Host header is accepted",),
        ),
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        found = _hosts(module)
        if found is None or "*" not in found[1] or not _may_be_production(module) or _proxy_trusted(module):
            return
        setting, hosts = found
        alone = len(setting.value) == 1
        message = (
            "ALLOWED_HOSTS = ['*'] accepts any Host header outside development"
            if alone
            else "'*' in ALLOWED_HOSTS makes the other entries meaningless; any Host header is accepted"
        )
        yield self.at(setting, message)


class ForwardedHostWithWildcard(SettingsRule):
    """## What it does
    Reports `USE_X_FORWARDED_HOST = True` together with `"*"` in
    `ALLOWED_HOSTS` outside development.

    ## Why is this bad?
    The client controls `X-Forwarded-Host`; with a wildcard every forged host
    is accepted and ends up in absolute URLs (password-reset links).

    ## Example
    ```python
    ALLOWED_HOSTS = ["*"]
    USE_X_FORWARDED_HOST = True
    ```

    ## Use instead
    List the real host names in `ALLOWED_HOSTS`.

    djust reports this as `djust.A012`.
    """

    code = "DJ408"
    name = "forwarded-host-with-wildcard"
    severity = Severity.WARNING
    summary = "USE_X_FORWARDED_HOST with a wildcard ALLOWED_HOSTS"
    djust_equivalent = "djust.A012 USE_X_FORWARDED_HOST with wildcard ALLOWED_HOSTS"
    djust_ids = ("djust.A012",)
    VALID = [Example(settings_files("USE_X_FORWARDED_HOST = True\n"))]
    INVALID = [
        Example(
            settings_files('ALLOWED_HOSTS = ["*"]\nUSE_X_FORWARDED_HOST = True\n'),
            expect=((SETTINGS_PATH, 8, 1),),
            messages=("USE_X_FORWARDED_HOST with '*' in ALLOWED_HOSTS accepts any forged host",),
        )
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        forwarded = module.get("USE_X_FORWARDED_HOST")
        found = _hosts(module)
        if forwarded is None or forwarded.value is not True or found is None or "*" not in found[1]:
            return
        if _may_be_production(module) and not _proxy_trusted(module):
            yield self.at(forwarded, "USE_X_FORWARDED_HOST with '*' in ALLOWED_HOSTS accepts any forged host")


class InsecureSecretKey(SettingsRule):
    """## What it does
    Reports a `SECRET_KEY` that still starts with `django-insecure-` (the
    `startproject` scaffold) in a settings module that is not certainly a
    development one.

    ## Why is this bad?
    The key is committed to the repository: anyone who can read it can forge
    sessions, password-reset tokens and signed values.

    ## Example
    ```python
    SECRET_KEY = "django-insecure-abc123"
    ```

    ## Use instead
    ```python
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
    ```

    djust reports this as `djust.A014`.
    """

    code = "DJ409"
    name = "insecure-secret-key"
    severity = Severity.WARNING
    summary = "Scaffold 'django-insecure-' SECRET_KEY outside development"
    djust_equivalent = "djust.A014 SECRET_KEY uses the insecure scaffold prefix"
    djust_ids = ("djust.A014",)
    VALID = [
        Example(settings_files('DEBUG = True\nSECRET_KEY = "django-insecure-abc"\n')),
        Example(settings_files('import os\nSECRET_KEY = os.environ.get("KEY", "django-insecure-x")\n')),
    ]
    INVALID = [
        Example(
            settings_files('SECRET_KEY = "django-insecure-abc"\n'),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("SECRET_KEY is the committed 'django-insecure-' scaffold key; load it from the environment",),
        ),
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        setting = module.get("SECRET_KEY")
        if setting is None or not isinstance(setting.value, str) or not _may_be_production(module):
            return
        if setting.value.startswith("django-insecure-"):
            yield self.at(setting, "SECRET_KEY is the committed 'django-insecure-' scaffold key; load it from the environment")


class DebugWithPublicHosts(SettingsRule):
    """## What it does
    Reports `DEBUG = True` in a settings module whose `ALLOWED_HOSTS` names
    hosts other than local ones (`localhost`, `127.0.0.1`, `192.168.*`, `10.*`).

    ## Why is this bad?
    A public host with DEBUG on serves tracebacks with settings, SQL and local
    variables to anyone.

    ## Example
    ```python
    DEBUG = True
    ALLOWED_HOSTS = ["example.com"]
    ```

    ## Use instead
    Keep `DEBUG = False` wherever public hosts are allowed.

    djust reports this as `djust.S004`. `DEBUG` read from the environment is
    not reported.
    """

    code = "DJ412"
    name = "debug-with-public-hosts"
    severity = Severity.WARNING
    summary = "DEBUG = True with non-local ALLOWED_HOSTS"
    djust_equivalent = "djust.S004 DEBUG=True with non-localhost ALLOWED_HOSTS"
    djust_ids = ("djust.S004",)
    VALID = [Example(settings_files('DEBUG = True\nALLOWED_HOSTS = ["localhost", "192.168.1.5"]\n'))]
    INVALID = [
        Example(
            settings_files("DEBUG = True\n"),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("DEBUG is True while ALLOWED_HOSTS allows public hosts (example.com)",),
        ),
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        setting = module.get("DEBUG")
        found = _hosts(module)
        if setting is None or debug(module) is not True or found is None:
            return
        public = [h for h in found[1] if h not in _LOCAL_HOSTS and not h.startswith(("192.168.", "10."))]
        if public:
            yield self.at(setting, f"DEBUG is True while ALLOWED_HOSTS allows public hosts ({', '.join(public)})")
