"""The project the server answers about: a graph kept in step with the disk.

An AI editor writes a file and asks again a second later, so every answer
must reflect the files as they are *now*. Before each tool call we stat the
project's files (one discovery walk, no file reads beyond settings); when any
file appeared, vanished, or changed size or mtime, the graph and the findings
are rebuilt through the engine's :class:`~djust_lint.engine.api.Workspace`
(which re-reads only the changed files), otherwise the cached ones are served.
Paths coming from the client are confined to the project root here, in one place.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypeVar

from ..core.paths import within
from ..readers.discovery import find_root

T = TypeVar("T")

if TYPE_CHECKING:
    from ..engine.api import LintResult, Workspace

_ROOT_MARKERS = ("pyproject.toml", "manage.py", ".git")
#: Files outside discovery's view whose change alters the answers.
_CONFIG_FILES = ("pyproject.toml", ".gitignore")
Fingerprint = tuple[tuple[str, int, int], ...]


class PathRefused(ValueError):
    """A client-supplied path points outside the project root (message says why)."""


def project_root(start: Path) -> Path | None:
    """The project root around ``start``, or ``None`` when there is no project (framework-only mode)."""
    root = find_root(start)
    if any((root / marker).exists() for marker in _ROOT_MARKERS):
        return root.resolve()
    return None


def confine(root: Path, path: str) -> str:
    """Root-relative POSIX form of a client path that really lies inside ``root``.

    Relative paths are taken from the root; absolute ones must point inside it.
    ``..`` segments and symlinks are resolved before the check, so neither can
    lead outside.
    """
    if not path or "\0" in path:
        raise PathRefused("empty path" if not path else "path contains a NUL byte")
    if len(path) > 4096:
        raise PathRefused("path longer than 4096 characters")
    real_root = Path(os.path.realpath(root))
    candidate = Path(path) if os.path.isabs(path) else real_root / PurePosixPath(path)
    real = Path(os.path.realpath(candidate))
    if not within(real, real_root):
        raise PathRefused(f"{path!r} resolves outside the project root {real_root} (through '..', an absolute path or a symlink); refused")
    rel = real.relative_to(real_root).as_posix()
    return "" if rel == "." else rel


@dataclass
class Snapshot:
    fingerprint: Fingerprint
    result: LintResult


class ProjectState:
    """A project root with its lint result, rebuilt only when the files changed."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self._snapshot: Snapshot | None = None
        self._workspace = None
        self._lock = threading.Lock()
        self.builds = 0
        """How many times the graph was built (tests assert reuse and refresh)."""

    def fingerprint(self) -> Fingerprint:
        """``(path, mtime_ns, size)`` of every file the graph reads, plus the configuration files."""
        from ..engine.config import load_config
        from ..readers.discovery import discover

        config = load_config(self.root)
        files = discover(
            self.root,
            exclude=config.exclude,
            include=config.include,
            extra_template_dirs=config.template_dirs,
            respect_gitignore=config.respect_gitignore,
        )
        paths = [f.path for f in files.python] + [t.path for t in files.templates] + [j.path for j in files.javascript]
        entries = []
        for rel in [*paths, *_CONFIG_FILES]:
            try:
                st = os.stat(self.root / rel)
            except OSError:
                continue
            entries.append((rel, st.st_mtime_ns, st.st_size))
        return tuple(sorted(entries))

    def result(self) -> LintResult:
        """The lint result (graph + findings) for the files as they are now."""
        from ..engine.api import Workspace
        from ..graph.builder import BuildOptions

        with self._lock:
            current = self.fingerprint()
            if self._snapshot is None or self._snapshot.fingerprint != current:
                if self._workspace is None or self._config_changed(current):
                    self._workspace = Workspace(self.root, options=BuildOptions(cache=True))
                result = self._workspace.lint()
                self.builds += 1
                self._snapshot = Snapshot(current, result)
            return self._snapshot.result

    def use_workspace(self, call: Callable[[Workspace], T]) -> T:
        """Run ``call`` on the project's open workspace (validate, plan_fix): files it already read are not read again."""
        self.result()
        with self._lock:
            assert self._workspace is not None
            return call(self._workspace)

    def _config_changed(self, current: Fingerprint) -> bool:
        """The configuration files differ from the last snapshot's (the workspace holds the old config)."""
        if self._snapshot is None:
            return True
        def configs(fingerprint: Fingerprint) -> list[tuple[str, int, int]]:
            return [entry for entry in fingerprint if entry[0] in _CONFIG_FILES]

        return configs(current) != configs(self._snapshot.fingerprint)

    def confine(self, path: str) -> str:
        return confine(self.root, path)
