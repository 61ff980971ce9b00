"""Find the files of a djust project: Python modules, templates, JavaScript.

The graph needs every view and every template of the project even when the
user only asked to check one file (a template's handlers live in a view
elsewhere), so discovery always walks the whole project and marks the files
the user selected in ``ProjectFiles.selected``.

The walk uses :func:`os.scandir` (file types come free with the directory
listing), decides on names with set look-ups and only runs gitignore regexes
on files whose suffix matters, so ten thousand files cost a few dozen
milliseconds.  Virtualenvs, caches, VCS metadata and migrations are pruned
before descending.  Symlinked directories are followed at most once per real
path and only after the plain walk, so a link never hides or duplicates the
real directory and a link loop ends with a recorded skip instead of a hang.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from ..core.paths import within
from .file_kinds import TEMPLATE_SUFFIXES
from .gitignore import IgnoreChain, PatternSet
from .settings import MAX_SETTINGS_BYTES, SettingsInfo, read_settings

__all__ = [
    "JavaScriptFile",
    "ProjectFiles",
    "PythonFile",
    "SettingsInfo",
    "TemplateFile",
    "discover",
    "find_root",
    "module_name_for",
]

_ROOT_MARKERS = ("pyproject.toml", "manage.py", ".git")
SKIP_DIR_NAMES = frozenset(
    {
        ".git", ".hg", ".svn", ".venv", "venv", "env", ".env", ".tox", ".nox", "node_modules",
        "__pycache__", "build", "dist", ".mypy_cache", ".pytest_cache", ".ruff_cache",
        "site-packages", "migrations", ".djust_lint_cache",
    }
)  # fmt: skip
OUTSIDE_ROOT = "symlink leads outside the project root; not read"
"""Why a link is skipped: nothing outside the root is ever read (every face inherits this)."""


@dataclass(slots=True)
class PythonFile:
    """A ``.py`` file and the module name it is imported as."""

    abs_path: Path
    path: str
    """Root-relative POSIX path."""
    module: str
    is_package: bool


@dataclass(slots=True)
class TemplateFile:
    """A template and the name views use to load it."""

    abs_path: Path
    path: str
    name: str | None
    """Lookup name relative to the deepest template dir holding it (``shop/list.html``)."""


@dataclass(slots=True)
class JavaScriptFile:
    """A ``.js`` file, scanned later for ``pushEvent("name")`` calls."""

    abs_path: Path
    path: str


@dataclass
class ProjectFiles:
    """Everything discovery found, sorted by path."""

    root: Path
    python: list[PythonFile] = field(default_factory=list)
    templates: list[TemplateFile] = field(default_factory=list)
    javascript: list[JavaScriptFile] = field(default_factory=list)
    template_dirs: list[str] = field(default_factory=list)
    """Root-relative POSIX template directories (``.`` for the root itself)."""
    settings: SettingsInfo = field(default_factory=SettingsInfo)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """``(path, reason)`` for symlink loops, unreadable directories, broken links..."""
    selected: set[str] | None = None
    """Relative paths of the files under the ``paths`` argument; None means all."""
    directories: list[str] = field(default_factory=list)
    """Real paths of every directory the walk listed (a file added or removed changes one's mtime)."""


# ---------------------------------------------------------------------------
# Root and module names
# ---------------------------------------------------------------------------


def has_root_marker(directory: Path) -> bool:
    """``directory`` holds pyproject.toml, manage.py or .git: it is a project root, not just a folder."""
    return any((directory / marker).exists() for marker in _ROOT_MARKERS)


def find_root(start: Path) -> Path:
    """Nearest ancestor (inclusive) holding pyproject.toml, manage.py or .git; else ``start``'s dir."""
    start = Path(os.path.abspath(start))
    directory = start if start.is_dir() else start.parent
    for candidate in (directory, *directory.parents):
        if any((candidate / marker).exists() for marker in _ROOT_MARKERS):
            return candidate
    return directory


def _module_from_rel(rel: str, is_package_dir: Callable[[str], bool], root_name: str) -> tuple[str, bool]:
    """Dotted module for a root-relative ``.py`` path, climbing while dirs hold ``__init__.py``.

    The module starts at the first directory without ``__init__.py``, so both
    ``src/`` layouts and root-level apps get their importable names.  The root
    itself contributes its name only when it is a package too.
    """
    directory, _, filename = rel.rpartition("/")
    stem = filename[:-3] if filename.endswith(".py") else filename
    is_package = stem == "__init__"
    parts = [] if is_package else [stem]
    while is_package_dir(directory):
        if not directory:
            parts.append(root_name)
            break
        directory, _, name = directory.rpartition("/")
        parts.append(name)
    parts.reverse()
    return ".".join(parts), is_package


def module_name_for(path: Path, root: Path) -> tuple[str, bool]:
    """(dotted module, is_package) of a Python file, from ``__init__.py`` files on disk."""
    root_abs = os.path.abspath(root)
    rel = Path(os.path.relpath(os.path.abspath(path), root_abs)).as_posix()

    def is_package_dir(directory: str) -> bool:
        return os.path.isfile(os.path.join(root_abs, directory, "__init__.py"))

    return _module_from_rel(rel, is_package_dir, os.path.basename(root_abs))


# ---------------------------------------------------------------------------
# The walk
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    """Raw walk results as (relative path, absolute path) pairs."""

    python: list[tuple[str, str]] = field(default_factory=list)
    templates: list[tuple[str, str]] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)
    javascript: list[tuple[str, str]] = field(default_factory=list)
    package_dirs: set[str] = field(default_factory=set)
    template_dirs: set[str] = field(default_factory=set)


_DirTask = tuple[str, str, str, IgnoreChain]
"""(absolute path, relative path, real path, ignore chain) of a directory to scan."""


class _Walker:
    """Walks one project tree; see the module docstring for the policy."""

    def __init__(
        self, root: str, exclude: PatternSet, include: PatternSet | None, respect_gitignore: bool
    ) -> None:
        self.root = root
        self.root_real = os.path.realpath(root)
        self.exclude = exclude
        self.include = include
        self.respect_gitignore = respect_gitignore
        self.found = _Found()
        self.skipped: list[tuple[str, str]] = []
        self.visited: set[str] = {self.root_real}
        self.links: deque[tuple[str, str, IgnoreChain]] = deque()

    def run(self) -> None:
        self._walk((self.root, "", self.root_real, self._initial_chain()))
        while self.links:  # links found inside followed links are appended as we go
            self._follow_link(*self.links.popleft())

    def _initial_chain(self) -> IgnoreChain:
        chain = IgnoreChain()
        if self.respect_gitignore:
            chain = self._push_ignore_file(chain, os.path.join(self.root, ".git", "info", "exclude"), "")
        return chain

    def _push_ignore_file(self, chain: IgnoreChain, path: str, base: str) -> IgnoreChain:
        if not os.path.isfile(path):
            return chain
        try:
            return chain.pushed(PatternSet.from_file(path, base))
        except OSError as exc:
            self.skipped.append((posixpath.join(base, os.path.basename(path)), f"unreadable: {exc.strerror}"))
            return chain

    def _follow_link(self, abs_path: str, rel: str, chain: IgnoreChain) -> None:
        real = os.path.realpath(abs_path)
        if real in self.visited:
            self.skipped.append((rel, "symlinked directory already walked (link loop or duplicate)"))
        elif self.root_real.startswith(real.rstrip("/") + "/"):
            self.skipped.append((rel, "symlink loop: target contains the project root"))
        elif not self._inside_root(real):
            self.skipped.append((rel, OUTSIDE_ROOT))
        else:
            self.visited.add(real)
            self._walk((abs_path, rel, real, chain))

    def _walk(self, start: _DirTask) -> None:
        stack = [start]
        while stack:
            subdirs = self._scan(*stack.pop())
            stack.extend(reversed(subdirs))

    def _scan(self, abs_dir: str, rel_dir: str, real_dir: str, chain: IgnoreChain) -> list[_DirTask]:
        """List one directory: record its files, return the subdirectories to walk."""
        try:
            with os.scandir(abs_dir) as iterator:
                entries = sorted(iterator, key=attrgetter("name"))
        except OSError as exc:
            self.skipped.append((rel_dir or ".", f"unreadable directory: {exc.strerror or exc}"))
            return []
        names = {entry.name for entry in entries}
        if rel_dir and "pyvenv.cfg" in names:
            return []  # a virtualenv, whatever it is called
        if "__init__.py" in names:
            self.found.package_dirs.add(rel_dir)
        if self.respect_gitignore and ".gitignore" in names:
            chain = self._push_ignore_file(chain, os.path.join(abs_dir, ".gitignore"), rel_dir)
        prefix = rel_dir + "/" if rel_dir else ""
        real_prefix = real_dir.rstrip("/") + "/"
        subdirs: list[_DirTask] = []
        for entry in entries:
            rel = prefix + entry.name
            if _is_dir(entry):
                task = self._directory(entry, rel, real_prefix + entry.name, chain)
                if task is not None:
                    subdirs.append(task)
            else:
                self._file(entry, rel, chain)
        return subdirs

    def _directory(self, entry: os.DirEntry[str], rel: str, real: str, chain: IgnoreChain) -> _DirTask | None:
        name = entry.name
        if name in SKIP_DIR_NAMES or name.endswith(".egg-info") or self._ignored(rel, True, chain):
            return None
        if entry.is_symlink():
            self.links.append((entry.path, rel, chain))
            return None
        if real in self.visited:
            self.skipped.append((rel, "directory already walked through a symlink"))
            return None
        self.visited.add(real)
        if name == "templates":
            self.found.template_dirs.add(rel)
        return entry.path, rel, real, chain

    def _file(self, entry: os.DirEntry[str], rel: str, chain: IgnoreChain) -> None:
        bucket = self._bucket(entry.name.lower())
        if bucket is None or self._ignored(rel, False, chain):
            return
        if self.include is not None and not self.include.matches_path(rel, False):
            return
        if entry.is_symlink():
            if not os.path.exists(entry.path):
                self.skipped.append((rel, "broken symlink"))
                return
            if not self._inside_root(os.path.realpath(entry.path)):
                self.skipped.append((rel, OUTSIDE_ROOT))
                return
        bucket.append((rel, entry.path))

    def _inside_root(self, real: str) -> bool:
        """Confinement: a link may only lead to a real path under the project's real root."""
        return within(real, self.root_real)

    def _bucket(self, lower_name: str) -> list[tuple[str, str]] | None:
        if lower_name.endswith(".py"):
            return self.found.python
        if lower_name.endswith(TEMPLATE_SUFFIXES):
            return self.found.templates
        if lower_name.endswith(".txt"):
            return self.found.texts
        if lower_name.endswith(".js") and not lower_name.endswith(".min.js"):
            return self.found.javascript
        return None

    def _ignored(self, rel: str, is_dir: bool, chain: IgnoreChain) -> bool:
        if self.exclude and self.exclude.match(rel, is_dir):
            return True
        return bool(chain) and chain.is_ignored(rel, is_dir)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


# ---------------------------------------------------------------------------
# Putting it together
# ---------------------------------------------------------------------------


def _relative_dir(path: str | os.PathLike[str], root: str) -> str:
    """Root-relative POSIX form of a directory given absolute or relative to the root."""
    absolute = os.path.normpath(os.path.join(root, os.fspath(path)))
    return Path(os.path.relpath(absolute, root)).as_posix()


def _template_dir_of(rel: str, template_dirs: set[str]) -> str | None:
    """Deepest template dir containing ``rel`` (``""`` for the root), else None."""
    directory = rel
    while directory:
        directory = directory.rpartition("/")[0]
        if directory in template_dirs:
            return directory
    return None


def template_name_for(rel: str, template_dirs: Sequence[str]) -> str | None:
    """Lookup name of a root-relative template path (``shop/list.html``), or None outside every template dir.

    For files that exist only in memory (an editor's unsaved buffer, a planned edit),
    named the way discovery names the files it finds.
    """
    lookup = {"" if d == "." else d for d in template_dirs}
    directory = _template_dir_of(rel, lookup)
    if directory is None:
        return None
    return rel[len(directory) + 1 :] if directory else rel


def _template_files(found: _Found, template_dirs: set[str]) -> list[TemplateFile]:
    """All html-like templates plus ``.txt`` files that live in a template dir."""
    result: list[TemplateFile] = []
    for rel, abs_path in found.templates + found.texts:
        directory = _template_dir_of(rel, template_dirs)
        if directory is None and rel.lower().endswith(".txt"):
            continue
        name = None if directory is None else (rel[len(directory) + 1 :] if directory else rel)
        result.append(TemplateFile(Path(abs_path), rel, name))
    return sorted(result, key=attrgetter("path"))


def _python_files(found: _Found, root: str) -> list[PythonFile]:
    root_name = os.path.basename(root)
    is_package_dir = found.package_dirs.__contains__
    result = []
    for rel, abs_path in found.python:
        module, is_package = _module_from_rel(rel, is_package_dir, root_name)
        result.append(PythonFile(Path(abs_path), rel, module, is_package))
    return sorted(result, key=attrgetter("path"))


def _read_sources(files: list[PythonFile]) -> list[tuple[str, str]]:
    """Settings sources; unreadable or oversized files are left to the Python reader to report."""
    sources = []
    for python_file in files:
        try:
            if python_file.abs_path.stat().st_size > MAX_SETTINGS_BYTES:
                continue
            text = python_file.abs_path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        sources.append((python_file.path, text))
    return sources


def _relative_to_root(path: Path, root: str) -> str | None:
    """Root-relative POSIX path, also when only one side went through symlinks; None if outside."""
    for candidate, base in ((os.path.abspath(path), root), (os.path.realpath(path), os.path.realpath(root))):
        rel = Path(os.path.relpath(candidate, base)).as_posix()
        if rel != ".." and not rel.startswith("../"):
            return rel
    return None


def _selection(paths: Sequence[Path] | None, root: str, all_paths: list[str]) -> set[str] | None:
    """Relative paths of discovered files at or under any of ``paths``."""
    if paths is None:
        return None
    prefixes = []
    for path in paths:
        rel = _relative_to_root(path, root)
        if rel == ".":
            return set(all_paths)
        if rel is not None:
            prefixes.append(rel)
    return {p for p in all_paths if any(p == pre or p.startswith(pre + "/") for pre in prefixes)}


def discover(
    root: Path,
    *,
    paths: Sequence[Path] | None = None,
    exclude: Sequence[str] = (),
    include: Sequence[str] = (),
    extra_template_dirs: Sequence[str] = (),
    respect_gitignore: bool = True,
) -> ProjectFiles:
    """Walk ``root`` and classify its files; never raises on unreadable parts of the tree."""
    root_abs = os.path.abspath(root)
    walker = _Walker(
        root_abs, PatternSet(exclude), PatternSet(include) if include else None, respect_gitignore
    )
    walker.run()
    found = walker.found
    python = _python_files(found, root_abs)
    settings = read_settings(_read_sources(find_settings_files(python)), Path(root_abs))
    dirs = set(found.template_dirs)
    dirs.update(_relative_dir(d, root_abs) for d in (*settings.template_dirs, *extra_template_dirs))
    lookup = {"" if d == "." else d for d in dirs}
    templates = _template_files(found, lookup)
    javascript = sorted((JavaScriptFile(Path(a), r) for r, a in found.javascript), key=attrgetter("path"))
    all_paths = [f.path for f in python] + [t.path for t in templates] + [j.path for j in javascript]
    return ProjectFiles(
        root=Path(root_abs),
        python=python,
        templates=templates,
        javascript=javascript,
        template_dirs=sorted(dirs),
        settings=settings,
        skipped=sorted(walker.skipped),
        selected=_selection(paths, root_abs, all_paths),
        directories=sorted(walker.visited),
    )


_TEMPLATES_ASSIGNMENT = re.compile(rb"^TEMPLATES\s*(?::[^=\n]*)?\+?=", re.MULTILINE)


# ---------------------------------------------------------------------------
# Finding settings files
# ---------------------------------------------------------------------------


def _named_like_settings(module: str) -> bool:
    """``pkg.settings`` itself or any module inside a ``settings`` package."""
    parts = module.split(".")
    return parts[-1] == "settings" or "settings" in parts[:-1]


def _assigns_templates(abs_path: Path) -> bool:
    """Cheap textual pre-check for a top-level ``TEMPLATES =`` assignment."""
    try:
        if abs_path.stat().st_size > MAX_SETTINGS_BYTES:
            return False
        data = abs_path.read_bytes()
    except OSError:
        return False
    return b"TEMPLATES" in data and _TEMPLATES_ASSIGNMENT.search(data) is not None


def find_settings_files(python_files: list[PythonFile]) -> list[PythonFile]:
    """Settings modules by name, plus any module assigning ``TEMPLATES`` at top level."""
    found = [pf for pf in python_files if _named_like_settings(pf.module) or _assigns_templates(pf.abs_path)]
    return sorted(found, key=lambda pf: pf.path)


