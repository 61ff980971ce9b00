"""Template folders shipped by installed packages, found without importing anything.

Projects extend templates that live in installed apps (``{% extends
"djust_admin/base.html" %}`` is ``djust/admin_ext/templates/djust_admin/base.html``),
so a name missing from the project is looked up in the ``templates/`` folders of
the apps in ``INSTALLED_APPS``, in their order, the way Django's app-directories
loader does, then in every other ``templates/`` folder of the same top-level
packages (settings are read statically and may be incomplete).

Finding a package never imports it: :class:`importlib.machinery.PathFinder`
is asked about the *top-level* name only (``importlib.util.find_spec`` on a
dotted name would import the parents), and sub-packages are plain directories
below it. Templates found here are read to resolve names, blocks and context,
but never reported on: they are not the project's code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from importlib.machinery import PathFinder

#: Packages whose templates never matter to a djust project's checks.
_SKIP_TOP_LEVEL = frozenset({"django"})


def package_dirs(top: str, search_path: Sequence[str] = ()) -> list[str]:
    """Directories of an installed top-level package (several for a namespace package).

    ``search_path`` (the project's own ``site-packages``) is searched before ``sys.path``.
    """
    if not top.isidentifier():
        return []
    try:
        spec = PathFinder.find_spec(top, [*search_path, *sys.path] if search_path else None)
    except (ImportError, ValueError, OSError):  # a broken path hook must not stop the run
        return []
    if spec is None or not spec.submodule_search_locations:
        return []  # not installed, or a plain module (no templates folder)
    return [str(location) for location in spec.submodule_search_locations if os.path.isdir(location)]


def app_dir(app: str, search_path: Sequence[str] = ()) -> list[str]:
    """Directories of an ``INSTALLED_APPS`` entry (``djust.admin_ext``, ``shop.apps.ShopConfig``).

    The dotted path is followed through directories only; a segment that is
    not a directory (``apps``, ``ShopConfig``) ends it, so an AppConfig path
    names its package.
    """
    parts = [part for part in app.split(".") if part]
    if not parts:
        return []
    result = []
    for base in package_dirs(parts[0], search_path):
        current = base
        for part in parts[1:]:
            candidate = os.path.join(current, part)
            if not os.path.isdir(candidate):
                break
            current = candidate
        result.append(current)
    return result


def _templates_dirs_below(directory: str) -> list[str]:
    """Every ``templates`` folder inside a package tree, sorted (no symlinks followed)."""
    found = []
    for current, subdirs, _files in os.walk(directory):
        subdirs[:] = sorted(d for d in subdirs if d not in ("__pycache__", "tests", "node_modules"))
        if "templates" in subdirs:
            found.append(os.path.join(current, "templates"))
    return found


class InstalledTemplates:
    """Look template names up in installed apps' ``templates/`` folders (on demand, cached)."""

    def __init__(self, apps: Iterable[str], project_packages: Iterable[str], search_path: Sequence[str] = ()) -> None:
        self._apps = [app for app in apps if isinstance(app, str)]
        self._search_path = tuple(search_path)
        self._project = set(project_packages)
        self._dirs: list[str] | None = None
        self._found: dict[str, str | None] = {}

    @property
    def dirs(self) -> list[str]:
        """Template folders in lookup order: the apps' own, then the rest of their packages."""
        if self._dirs is None:
            own: list[str] = []
            tops: list[str] = []
            for app in self._apps:
                top = app.split(".", 1)[0]
                if top in self._project or top in _SKIP_TOP_LEVEL:
                    continue
                own.extend(os.path.join(d, "templates") for d in app_dir(app, self._search_path))
                if top not in tops:
                    tops.append(top)
            extra = [
                t for top in tops for base in package_dirs(top, self._search_path) for t in _templates_dirs_below(base)
            ]
            ordered: list[str] = []
            for directory in own + extra:
                if directory not in ordered and os.path.isdir(directory):
                    ordered.append(directory)
            self._dirs = ordered
        return self._dirs

    def find(self, name: str) -> str | None:
        """Absolute path of the installed template ``name``, else ``None``."""
        if name not in self._found:
            self._found[name] = self._lookup(name)
        return self._found[name]

    def _lookup(self, name: str) -> str | None:
        if not name or name.startswith(("/", "\\")) or ".." in name.split("/"):
            return None
        for directory in self.dirs:
            candidate = os.path.join(directory, *name.split("/"))
            if os.path.isfile(candidate):
                return candidate
        return None

    def has_folder(self, name: str) -> bool:
        """True when an installed templates folder holds the first segment of ``name`` (``djust_admin/``)."""
        head = name.split("/", 1)[0]
        return "/" in name and any(os.path.isdir(os.path.join(d, head)) for d in self.dirs)
