"""djust-lint findings as Django system-check messages.

Why a check and not only a command: teams already watch ``manage.py check``
(CI, ``runserver`` start-up), and Django gives them ``SILENCED_SYSTEM_CHECKS``
for free.  The project root is ``settings.BASE_DIR`` when the settings define
it, else the directory of ``manage.py``; the configuration, suppression
comments and baseline of ``[tool.djust-lint]`` apply exactly as on the
command line, and the warm cache keeps repeated runs (``runserver`` reloads)
cheap.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.core import checks

ID_PREFIX = "djust_lint."
_LEVELS = {"error": checks.Error, "warning": checks.Warning, "info": checks.Info}


def project_root() -> Path:
    """``settings.BASE_DIR`` if set, else the directory of the running ``manage.py``, else the cwd."""
    from django.conf import settings

    base_dir = getattr(settings, "BASE_DIR", None)
    if base_dir:
        return Path(base_dir).resolve()
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "manage.py":
        return script.resolve().parent
    return Path(os.getcwd()).resolve()


def djust_lint_check(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Lint the project; with ``check APP ...`` only findings inside those apps are kept."""
    from ..engine.api import lint_project
    from ..graph.builder import BuildOptions

    root = project_root()
    try:
        result = lint_project(root, options=BuildOptions(cache=True))
    except Exception as exc:  # a bad [tool.djust-lint] table must not hide Django's own checks
        return [checks.Error(f"djust-lint could not run: {exc}", obj=str(root), id=f"{ID_PREFIX}DJ999")]
    messages = [to_message(finding) for finding in _in_apps(result.findings, root, app_configs)]
    messages += [
        checks.Error("djust-lint internal error", hint=error.strip().splitlines()[-1], id=f"{ID_PREFIX}DJ999")
        for error in result.internal_errors
    ]
    return messages


def to_message(finding: Any) -> checks.CheckMessage:
    """One finding as a check message: ``obj`` is ``path:line:col`` so the location is printed."""
    level = _LEVELS[finding.severity.value]
    hint = finding.fix.message if finding.fix else finding.suggestion
    location = f"{finding.path}:{finding.span.line}:{finding.span.column}"
    return level(finding.message, hint=hint, obj=location, id=f"{ID_PREFIX}{finding.code}")


def _in_apps(findings: Iterable[Any], root: Path, app_configs: Sequence[Any] | None) -> list[Any]:
    if app_configs is None:
        return list(findings)
    prefixes = []
    for config in app_configs:
        try:
            prefixes.append(Path(config.path).resolve().relative_to(root).as_posix() + "/")
        except ValueError:
            continue  # an app outside the project (installed package): nothing of ours in it
    return [f for f in findings if any(f.path.startswith(prefix) for prefix in prefixes)]
