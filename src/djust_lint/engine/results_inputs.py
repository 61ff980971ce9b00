"""What a stored run's results depend on: its key, and the recorded state of every input.

The results cache (:mod:`.results_cache`) replays a run only when nothing that
can change its findings has changed. This module says what that is, records it
after a full run and compares it on the next one; it never reads a file's
content, only stats and directory listings (a warm run must stay cheap).

What the stored run is keyed on (any difference: the run is recomputed):

* djust-lint's version and a fingerprint of its own sources, the Python
  version, ``sys.prefix``, the mtime of every ``sys.path`` directory but the
  script's or working directory that leads it (installing, upgrading or removing
  a package changes its ``site-packages`` listing), of the installed ``djust``
  and ``django`` package directories and of the project's own virtualenv's
  ``site-packages`` (``readers.project_env``), and ``$VIRTUAL_ENV``;
* the request: paths, scope, ``--select``/``--ignore``/``--extend-select``,
  baseline use, the options that shape discovery and reading, and the loaded
  configuration (per-file ignores, severities, excludes, ...);
* every input file: each discovered file's ``(size, mtime_ns, ctime_ns, inode)``;
  every directory discovery listed (the names in it discovery can act on: the
  *set* of files is covered without walking);
  each listed directory's ``.gitignore``, ``.git/info/exclude``, the files at
  the root and under ``requirements/`` that may declare the targeted djust
  version (lock files, requirement pins), the configuration and baseline files.

A file whose mtime falls within two seconds of the run's start is not
trusted (a second write in the same timestamp tick could go unnoticed): it is
recorded as changed, so the next run looks at it again. A directory is recorded
by its stat and by the names in it that discovery can act on (at the root and in
``requirements/``, the files that may declare the targeted djust version too):
when its stat changed but those names did not (an editor's swap file came and
went, a report was written with ``-o``), the stored run still holds. What is trusted, as
for the read cache: that an input whose size, mtime, ctime and inode are all
unchanged still has its bytes, and that an installed package is not edited in
place without its ``site-packages`` listing changing (``djust-lint clean`` or
``--no-cache`` after such a thing).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.racy import RACY_WINDOW_NS
from ..readers.file_kinds import DISCOVERED_SUFFIXES

if TYPE_CHECKING:
    from .config import Config

_RACY = "racy"

Stat = list[int]
"""``[size, mtime_ns, ctime_ns, inode]``."""


def digest(text: str) -> str:
    """The hash of the results cache's keys, tokens and stored reports."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# ---------------------------------------------------------------------------
# The key: djust-lint, its environment, the request
# ---------------------------------------------------------------------------


def run_key(root: Path, request: Sequence[Any], config: Config, format_version: int) -> str:
    """The key a stored run is filed under (``format_version``: the stored form's, so a new form never reads an old file)."""
    from .._version import __version__

    environment = [*_environment(), *_project_environment(root, config)]
    parts = [format_version, __version__, _code_fingerprint(), environment, list(request), repr(config)]
    return digest(json.dumps(parts, default=repr))


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _code_fingerprint() -> list[Any]:
    """Names, sizes and mtimes of all of djust-lint's own files (an editable install changes without a version bump)."""
    from ..readers.cache import source_rows

    return source_rows(None, (".py", ".json", ".toml", ".txt"))


def _environment() -> list[Any]:
    """What outside the project can change findings: the interpreter and the installed packages."""
    rows: list[Any] = [sys.version, sys.prefix, sys.executable]
    for entry in sys.path[1:]:  # [0] is the script's directory or the working directory, not packages
        rows.append((entry, _mtime(entry or ".")))
    import importlib.util

    for name in ("djust", "django"):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        for location in (spec.submodule_search_locations or []) if spec is not None else []:
            rows.append((name, location, _mtime(location)))
    return rows


def _project_environment(root: Path, config: Config) -> list[Any]:
    """The project's own virtualenv, read for installed bases and templates (``readers.project_env``)."""
    from ..readers.project_env import project_site_packages

    rows: list[Any] = [os.environ.get("VIRTUAL_ENV")]
    rows.extend((directory, _mtime(directory)) for directory in project_site_packages(root, config.venv))
    return rows


# ---------------------------------------------------------------------------
# One input's state: a file's stat, a directory's listing
# ---------------------------------------------------------------------------


def stat_record(path: str, since_ns: int | None = None) -> Stat | str | None:
    """``[size, mtime_ns, ctime_ns, inode]``; ``None`` when absent; ``"racy"`` when modified at or
    after ``since_ns`` (too recent to trust; ``None``: any time is trusted)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if since_ns is not None and st.st_mtime_ns >= since_ns:
        return _RACY
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def unchanged(stored: Any, path: str) -> bool:
    """The input is as recorded (a racy record never is)."""
    return stored != _RACY and stored == stat_record(path)


#: Names discovery can act on: anything else appearing in a directory (an editor's swap or backup
#: file, ``.DS_Store``, a ``.pyc``) does not change the walk, so it does not invalidate a stored run.
_WALKED_SUFFIXES = DISCOVERED_SUFFIXES
_WALKED_NAMES = frozenset({".gitignore", "pyvenv.cfg"})


def _walked(name: str) -> bool:
    return name in _WALKED_NAMES or name.lower().endswith(_WALKED_SUFFIXES)


def _version_source(rel: str) -> bool:
    """A root-relative file that may declare the targeted djust version (``readers.project_version``)."""
    from fnmatch import fnmatchcase

    from ..readers.project_version import VERSION_SOURCES

    return any(fnmatchcase(rel, pattern) for pattern in VERSION_SOURCES)


def _listing(path: str, prefix: str | None) -> list[str] | None:
    """A directory's entries discovery can act on, sorted; ``None`` when unreadable.

    Subdirectories end in ``/`` and symbolic links in ``@``. ``prefix`` (the directory's
    root-relative path plus ``/``, ``""`` for the root) is given for the directories
    where version-declaring files live: those count too.
    """
    names = []
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                name = entry.name
                if entry.is_symlink():
                    names.append(name + "@")
                elif entry.is_dir(follow_symlinks=False):
                    names.append(name + "/")
                elif _walked(name) or (prefix is not None and _version_source(prefix + name)):
                    names.append(name)
    except OSError:
        return None
    return sorted(names)


def _directory_state(path: str, since_ns: int, prefix: str | None) -> dict[str, Any]:
    """A directory's stat (a fast path: unchanged means the same entries) and its listing."""
    return {"stat": stat_record(path, since_ns), "names": _listing(path, prefix), "prefix": prefix}


def _same_directory(stored: Any, path: str) -> bool:
    if not isinstance(stored, dict) or stored.get("names") is None:
        return False
    if stored.get("stat") not in (None, _RACY) and unchanged(stored["stat"], path):
        return True
    prefix = stored.get("prefix")
    return stored["names"] == _listing(path, prefix if isinstance(prefix, str) else None)


def _extra_inputs(root: Path, directories: Sequence[str], config: Config, baseline: Path | None) -> list[str]:
    """Files outside the discovered set whose content can change findings or the file set."""
    paths = [os.path.join(directory, ".gitignore") for directory in directories]
    paths.append(os.path.join(root, ".git", "info", "exclude"))
    for folder, prefix in ((str(root), ""), (os.path.join(root, "requirements"), "requirements/")):
        try:
            with os.scandir(folder) as entries:
                paths.extend(e.path for e in entries if e.is_file() and _version_source(prefix + e.name))
        except OSError:
            paths.append(folder)
    if config.source is not None:
        paths.append(str(config.source))
    if baseline is not None:
        paths.append(str(baseline))
    return sorted(set(paths))


# ---------------------------------------------------------------------------
# All of a run's inputs: recorded after a full run, compared on the next one
# ---------------------------------------------------------------------------


def record_inputs(
    root: Path,
    files: Sequence[str],
    directories: Sequence[str],
    config: Config,
    baseline: Path | None,
    since_ns: int,
) -> dict[str, Any] | None:
    """The state of every input of a run that started at ``since_ns`` (less the racy window):
    ``{"files": ..., "dirs": ..., "extra": ...}``; ``None`` when a directory disappeared during the run."""
    top = str(root)
    real_root = os.path.realpath(top)
    prefixes = {real_root: "", os.path.join(real_root, "requirements"): "requirements/"}
    inputs = {
        "files": {rel: stat_record(os.path.join(top, rel), since_ns) for rel in files},
        "dirs": {d: _directory_state(d, since_ns, prefixes.get(d)) for d in directories},
        "extra": {p: stat_record(p, since_ns) for p in _extra_inputs(root, directories, config, baseline)},
    }
    if any(v["names"] is None for v in inputs["dirs"].values()):
        return None
    return inputs


def check_inputs(inputs: dict[str, Any]) -> None:
    """Raise ``ValueError`` (or ``KeyError``, ``TypeError``) unless ``inputs`` has the recorded shape."""
    for part in ("files", "dirs", "extra"):
        table = inputs[part]
        if not isinstance(table, dict):
            raise ValueError(part)


def changed_inputs(inputs: dict[str, Any], root: Path) -> tuple[str | None, list[str]]:
    """``(why not, changed files)``: ``why not`` is set when more than file contents changed."""
    for path, stored in inputs["dirs"].items():
        if not _same_directory(stored, path):
            return "a directory's listing changed (file added, removed or renamed)", []
    for path, stored in inputs["extra"].items():
        if not unchanged(stored, path):
            return f"{os.path.relpath(path, root)} changed", []
    top = str(root)
    changed = [rel for rel, stored in inputs["files"].items() if not unchanged(stored, os.path.join(top, rel))]
    return None, changed


def record_files_again(inputs: dict[str, Any], root: Path, files: Iterable[str]) -> None:
    """Record these files' current stats (they were found to read the same as before)."""
    since = time.time_ns() - RACY_WINDOW_NS
    top = str(root)
    recorded = inputs["files"]
    for rel in files:
        recorded[rel] = stat_record(os.path.join(top, rel), since)


# ---------------------------------------------------------------------------
# The read cache the stored run was computed from
# ---------------------------------------------------------------------------


def reads_record(directory: Path) -> Stat | str | None:
    """The stat of ``reads.pickle`` when it holds exactly the reader outputs this run used, else ``None``.

    It does when the run saved it, or loaded it and changed nothing; not when saving
    failed (an older file would then answer for the edited files' previous reading).
    """
    from ..readers.cache import CACHE_FILE_NAME
    from ..readers.cache import last_stats as read_stats

    stats = read_stats()
    if stats.enabled and stats.save_error is None and (stats.saved or stats.status == "loaded"):
        return stat_record(str(directory / CACHE_FILE_NAME))
    return None


def reads_unchanged(stored: Any, directory: Path) -> bool:
    """``reads.pickle`` is still the one the stored run recorded (it can answer for the run's readings)."""
    from ..readers.cache import CACHE_FILE_NAME

    return stored is not None and unchanged(stored, str(directory / CACHE_FILE_NAME))
