"""The project's own Python environment, found without running it.

djust-lint often runs from another environment than the project's: pre-commit
builds each hook its own virtualenv, and a ``pipx`` install has its own too.
The project's third-party mixins (whose handlers its templates bind) and its
installed apps' templates then live in the *project's* ``site-packages``, which
is not on djust-lint's ``sys.path``. This module names those directories so the
external-class resolver and the installed-template lookup can read them (as
source, never importing anything).

Where the environment is, in order:

1. ``venv = "path"`` in ``[tool.djust-lint]`` (relative to the project root);
2. ``$VIRTUAL_ENV``, when it is not the interpreter djust-lint runs in (an
   activated project virtualenv, djust-lint installed with pipx);
3. ``.venv``, ``venv`` or ``env`` at the project root (a directory holding
   ``pyvenv.cfg``).

Directories already on ``sys.path`` are left out: they are searched anyway.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

#: Virtualenv folder names looked for at the project root (what ``python -m venv``, uv, poetry
#: with ``in-project = true`` and virtualenvwrapper-less setups use).
_ROOT_VENV_NAMES = (".venv", "venv", "env")


def project_site_packages(
    root: Path, configured: str | None = None, *, environ: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """``site-packages`` directories of the project's environment that are not on ``sys.path``."""
    environ = os.environ if environ is None else environ
    for env in _candidates(root, configured, environ):
        found = _site_packages_of(env)
        if found:
            searched = {_real(p) for p in sys.path if p}
            return tuple(p for p in found if p not in searched)
    return ()


def _candidates(root: Path, configured: str | None, environ: Mapping[str, str]) -> list[Path]:
    if configured:
        return [root / configured]
    candidates = []
    active = environ.get("VIRTUAL_ENV")
    if active and _real(active) != _real(sys.prefix):
        candidates.append(Path(active))
    candidates.extend(root / name for name in _ROOT_VENV_NAMES if (root / name / "pyvenv.cfg").is_file())
    return candidates


def _site_packages_of(env: Path) -> list[str]:
    """``lib/pythonX.Y/site-packages`` (POSIX, newest Python first) or ``Lib/site-packages`` (Windows)."""
    found = []
    for lib in ("lib", "lib64"):
        try:
            versions = sorted((env / lib).glob("python3*/site-packages"), key=_version_key, reverse=True)
        except OSError:
            continue
        found.extend(str(p.resolve()) for p in versions if p.is_dir())
    windows = env / "Lib" / "site-packages"
    if windows.is_dir():
        found.append(str(windows.resolve()))
    return list(dict.fromkeys(found))


def _version_key(site: Path) -> tuple[int, ...]:
    digits = site.parent.name.removeprefix("python").split(".")
    return tuple(int(d) for d in digits if d.isdigit())


def _real(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return path
