"""The app config: registers the djust-lint system check when Django starts."""

from __future__ import annotations

from django.apps import AppConfig


class DjustLintConfig(AppConfig):
    """``djust_lint.django`` in ``INSTALLED_APPS`` (label ``djust_lint``)."""

    name = "djust_lint.django"
    label = "djust_lint"
    verbose_name = "djust-lint"

    def ready(self) -> None:
        from django.core import checks

        from .checks import djust_lint_check

        checks.register(djust_lint_check, "djust_lint")
