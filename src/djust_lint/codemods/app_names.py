"""Which ``--app`` / ``scaffold_view(app=...)`` names scaffold may write into.

Scaffolding creates ``<app>/__init__.py`` when the app does not exist, so a
careless name breaks the project: ``shop_project.settings`` would put a
``settings/`` package next to ``settings.py`` (the project no longer imports
its settings), and ``os`` or ``json`` would create a top-level package that
shadows the standard library for the whole project. Accepted are:

* an existing app of the project: a package with ``apps.py``, one listed in
  ``INSTALLED_APPS``, or one that already holds ``views``, ``models``,
  ``urls`` or ``templates`` (what an app is made of), or an empty package
  (an app being started); never the package that holds the settings;
* a new package whose name shadows nothing: no module of the project is
  there already, and a new top-level name is neither a standard-library
  module nor one an installed distribution provides.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .plan import PlanError

_APP_MARKERS = ("apps.py", "views.py", "views", "models.py", "urls.py", "templates")


def check_app(root: Path, rel: str, package: str, app: str) -> None:
    """Raise :class:`PlanError` (saying why, and what is accepted) unless ``app`` is safe to scaffold into."""
    directory = root / rel
    if (directory / "__init__.py").is_file():
        _check_existing(root, directory, package, app)
    else:
        _check_new(root, rel, package, app)


def _check_existing(root: Path, directory: Path, package: str, app: str) -> None:
    if (directory / "settings.py").is_file() or (directory / "wsgi.py").is_file() or (directory / "asgi.py").is_file():
        raise PlanError(
            f"{app!r} is the project's settings package, not an app; name an app (a package with apps.py or in INSTALLED_APPS)"
        )
    if any((directory / marker).exists() for marker in _APP_MARKERS):
        return
    if {p.name for p in directory.iterdir()} <= {"__init__.py", "__pycache__"}:
        return  # an empty package: an app being started
    if any(entry == package or entry.startswith(package + ".") for entry in _installed_apps(root)):
        return
    raise PlanError(
        f"{app!r} is a package of the project but not an app (no apps.py, not in INSTALLED_APPS); "
        "name an app, or a new name for one"
    )


def _check_new(root: Path, rel: str, package: str, app: str) -> None:
    parts = rel.split("/")
    for depth in range(1, len(parts) + 1):
        module_file = root.joinpath(*parts[:depth]).with_suffix(".py")
        if module_file.is_file():
            shown = module_file.relative_to(root).as_posix()
            raise PlanError(
                f"{app!r} names the existing module {shown}; a package there would shadow it. Name an app, or a new name"
            )
    top = package.split(".", 1)[0]
    if (root / top).exists() or (root / "src" / top).exists():
        return  # a new app inside an existing project package
    if top in sys.stdlib_module_names or top in sys.builtin_module_names:
        raise PlanError(
            f"{app!r}: {top!r} is a standard library module; a package of that name would shadow it. Choose another name"
        )
    if top in _installed_top_level_names():
        raise PlanError(
            f"{app!r}: {top!r} is provided by an installed distribution; a package of that name would shadow it. Choose another name"
        )


def _installed_top_level_names() -> set[str]:
    """Top-level import names of every installed distribution (read from metadata; nothing imported)."""
    from importlib import metadata

    names = set(metadata.packages_distributions())
    for distribution in metadata.distributions():
        name = (distribution.metadata.get("Name") or "").strip()
        if name:
            names.add(name.lower().replace("-", "_"))
    return names


def _installed_apps(root: Path) -> list[str]:
    from ..readers.discovery import discover

    return list(discover(root).settings.installed_apps)
