"""Atomic file writes: a temp file in the same directory, then ``os.replace``.

A crash or a full disk mid-write leaves the old file intact, never half of
the new one. A process killed with ``kill -9`` cannot clean up, so its temp
file stays behind: temp files are named ``.<name>.djust-lint-tmp.<random>``
(recognisably ours), and :func:`remove_stale_temp_files` -- run before every
codemod writes -- removes exactly those, and only when they are older than
the current process (a concurrent run's file, still being written, is newer).
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

TEMP_MARKER = ".djust-lint-tmp."
_TEMP_NAME = re.compile(r"\A\..+\.djust-lint-tmp\.[A-Za-z0-9_]+\Z")
"""Exactly the names :func:`write_bytes_atomic` creates (``mkstemp``'s random part is ``[a-z0-9_]``)."""
_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox", "site-packages"})


def _process_start_ns() -> int:
    """When this process started (Linux: from /proc), else when this module was imported."""
    try:
        with open("/proc/self/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        with open("/proc/stat", "rb") as handle:
            boot = next(int(line.split()[1]) for line in handle if line.startswith(b"btime"))
        ticks = os.sysconf("SC_CLK_TCK")
        return (boot * ticks + int(fields[19])) * 1_000_000_000 // ticks
    except (OSError, ValueError, IndexError, StopIteration, AttributeError):
        return time.time_ns()


PROCESS_START_NS = _process_start_ns()


def is_temp_name(name: str) -> bool:
    """A name :func:`write_bytes_atomic` gives its temp files (cheap test first)."""
    return TEMP_MARKER in name and bool(_TEMP_NAME.match(name))


def remove_stale_temp_files(root: Path, *, older_than_ns: int | None = None) -> list[str]:
    """Remove temp files a killed run left under ``root``; returns their root-relative paths.

    Only names matching our exact pattern, only files older than this process
    started (``older_than_ns``), never through a symlink; unreadable
    directories and files that vanish meanwhile are skipped silently.
    """
    limit = PROCESS_START_NS if older_than_ns is None else older_than_ns
    removed: list[str] = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        for name in sorted(filenames):
            if not is_temp_name(name):
                continue
            path = os.path.join(directory, name)
            try:
                st = os.lstat(path)
                if not os.path.isfile(path) or os.path.islink(path) or st.st_mtime_ns >= limit:
                    continue
                os.unlink(path)
            except OSError:
                continue
            removed.append(Path(os.path.relpath(path, root)).as_posix())
    return removed


def write_bytes_atomic(path: Path, data: bytes) -> None:
    path = Path(path)
    tmp = _write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        _unlink_quietly(tmp)
        raise


def write_files_atomic(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write several files as a set: every one of them, or (as far as a running process can
    ensure) none.

    All new contents are first written to temp files beside their targets; a
    failure there (a full disk, a folder that is a file) removes the temp files
    and leaves every target untouched. Then each temp file replaces its target;
    a failure there puts back the targets already replaced (their old bytes
    were read first) and removes the files the set had created. Only a kill in
    the middle of the second step, which takes microseconds per file, can
    leave a mixed set.
    """
    staged: list[tuple[Path, str, bytes | None]] = []
    try:
        for path, data in files:
            path = Path(path)
            old = path.read_bytes() if path.is_file() else None
            staged.append((path, _write_temp(path, data), old))
    except BaseException:
        for _path, tmp, _old in staged:
            _unlink_quietly(tmp)
        raise
    done: list[tuple[Path, bytes | None]] = []
    try:
        for path, tmp, old in staged:
            os.replace(tmp, path)
            done.append((path, old))
    except BaseException:
        for _path, tmp, _old in staged[len(done) :]:
            _unlink_quietly(tmp)
        for path, old in reversed(done):
            if old is None:
                _unlink_quietly(str(path))
            else:
                write_bytes_atomic(path, old)
        raise


def _write_temp(path: Path, data: bytes) -> str:
    """``data`` in a recognisable temp file beside ``path`` (synced, with ``path``'s mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = None
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TEMP_MARKER}", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return tmp


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))
