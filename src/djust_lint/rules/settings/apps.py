"""DJ403, DJ410, DJ411: INSTALLED_APPS order and companions (djust.C003, A020, A030)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ..base import Example
from ._common import SETTINGS_PATH, SettingsRule, settings_files, strings

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph
    from ...readers.settings import SettingsModule, SettingValue

ROLE_PACKAGES = frozenset({"rolepermissions", "rules", "guardian", "django_guardian", "django_rules"})
BRUTE_FORCE_PACKAGES = frozenset({"axes", "defender", "brutebuster", "ratelimit", "django_ratelimit", "django_axes"})


def installed_apps(module: SettingsModule) -> tuple[SettingValue, list[str]] | None:
    """The ``INSTALLED_APPS`` assignment and its app names, when it applies unconditionally."""
    setting = module.get("INSTALLED_APPS")
    if setting is None or not setting.known:
        return None
    return setting, strings(setting.value)


class DaphneAfterStaticfiles(SettingsRule):
    """## What it does
    Reports `"daphne"` listed after `"django.contrib.staticfiles"` in
    `INSTALLED_APPS`.

    ## Why is this bad?
    Daphne replaces `runserver` with an ASGI server only when its app comes
    first; after staticfiles, `runserver` stays WSGI and djust's WebSockets
    never connect in development.

    ## Example
    ```python
    INSTALLED_APPS = ["django.contrib.staticfiles", "daphne", "djust"]
    ```

    ## Use instead
    ```python
    INSTALLED_APPS = ["daphne", "django.contrib.staticfiles", "djust"]
    ```

    djust reports this as `djust.C003`. djust's other C003 message (no ASGI
    server installed at all) depends on the environment, not the source, and
    is not reported.
    """

    code = "DJ403"
    name = "daphne-after-staticfiles"
    severity = Severity.WARNING
    summary = "'daphne' must come before 'django.contrib.staticfiles'"
    djust_equivalent = "djust.C003 daphne should be listed before django.contrib.staticfiles"
    djust_ids = ("djust.C003",)
    VALID = [Example(settings_files())]
    INVALID = [
        Example(
            settings_files('INSTALLED_APPS = ["django.contrib.staticfiles", "daphne", "djust"]\n'),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("'daphne' comes after 'django.contrib.staticfiles'; move it first so runserver serves ASGI",),
        )
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        found = installed_apps(module)
        if found is None:
            return
        setting, apps = found
        if "daphne" in apps and "django.contrib.staticfiles" in apps:
            if apps.index("daphne") > apps.index("django.contrib.staticfiles"):
                yield self.at(
                    setting, "'daphne' comes after 'django.contrib.staticfiles'; move it first so runserver serves ASGI"
                )


class LoginRedirectWithRoles(SettingsRule):
    """## What it does
    Reports a single hard-coded `LOGIN_REDIRECT_URL` in a project that installs
    a role/permission package (`rules`, `rolepermissions`, `guardian`).

    ## Why is this bad?
    Every role lands on the same page after login; users without access to it
    hit a permission error straight away.

    ## Example
    ```python
    INSTALLED_APPS = [..., "rules"]
    LOGIN_REDIRECT_URL = "/dashboard/"
    ```

    ## Use instead
    Redirect per role in a login view (or `get_success_url`).

    djust reports this as `djust.A020`; djust also counts auth `Group` rows in
    the database, which only a running project can do.
    """

    code = "DJ410"
    name = "login-redirect-ignores-roles"
    severity = Severity.WARNING
    summary = "Hard-coded LOGIN_REDIRECT_URL in a project with roles"
    djust_equivalent = "djust.A020 LOGIN_REDIRECT_URL is a single hardcoded path"
    djust_ids = ("djust.A020",)
    VALID = [Example(settings_files('LOGIN_REDIRECT_URL = "/home/"\n'))]
    INVALID = [
        Example(
            settings_files('INSTALLED_APPS = ["djust", "rules"]\nLOGIN_REDIRECT_URL = "/home/"\n'),
            expect=((SETTINGS_PATH, 8, 1),),
            messages=("LOGIN_REDIRECT_URL is one fixed path but the project installs a roles package ('rules'); redirect per role after login",),
        )
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        redirect = module.get("LOGIN_REDIRECT_URL")
        found = installed_apps(module)
        if redirect is None or not isinstance(redirect.value, str) or found is None:
            return
        roles = sorted(ROLE_PACKAGES.intersection(found[1]))
        if roles:
            yield self.at(
                redirect,
                f"LOGIN_REDIRECT_URL is one fixed path but the project installs a roles package ({', '.join(map(repr, roles))}); "
                "redirect per role after login",
            )


class AdminWithoutBruteForceProtection(SettingsRule):
    """## What it does
    Reports `django.contrib.admin` installed without a brute-force protection
    app (`axes`, `defender`, `django_ratelimit`, ...).

    ## Why is this bad?
    The admin login form accepts unlimited password guesses.

    ## Example
    ```python
    INSTALLED_APPS = ["django.contrib.admin", "djust"]
    ```

    ## Use instead
    ```python
    INSTALLED_APPS = ["django.contrib.admin", "axes", "djust"]
    ```

    djust reports this as `djust.A030`.
    """

    code = "DJ411"
    name = "admin-without-brute-force-protection"
    severity = Severity.WARNING
    summary = "Django admin without brute-force protection"
    djust_equivalent = "djust.A030 django.contrib.admin without brute-force protection"
    djust_ids = ("djust.A030",)
    VALID = [Example(settings_files('INSTALLED_APPS = ["django.contrib.admin", "axes", "djust"]\n'))]
    INVALID = [
        Example(
            settings_files('INSTALLED_APPS = ["django.contrib.admin", "djust"]\n'),
            expect=((SETTINGS_PATH, 7, 1),),
            messages=("django.contrib.admin is installed without brute-force protection (e.g. django-axes)",),
        )
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        found = installed_apps(module)
        if found is None or len(found[1]) != len(found[0].value):
            return
        setting, apps = found
        if "django.contrib.admin" in apps and not BRUTE_FORCE_PACKAGES.intersection(apps):
            yield self.at(
                setting, "django.contrib.admin is installed without brute-force protection (e.g. django-axes)"
            )
