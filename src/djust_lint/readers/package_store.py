"""What astroid found in installed packages, kept across runs and across projects.

Reading a base class that lives in an installed package (djust's test helpers,
``channels``, a third-party mixin library) means astroid parses that package
and infers through its imports: a tenth of a second to seconds per class, paid
again on every cold run although the installed files did not change.  This
store keeps each answer once per *installed distribution version*, outside any
project (the same djust serves every project of a virtualenv):

* an entry is the dotted name asked for, the distribution that owns its
  top-level package with that distribution's version, and every source file
  astroid read to answer (path, size, ``mtime_ns`` and a BLAKE2 hash of the
  bytes).  It is used only while the distribution's version is the same and
  every file still has the same content (size and ``mtime_ns`` unchanged is
  the fast path; otherwise the file is hashed again), so an editable install
  edited in place, or an upgrade, is read again;
* the whole file is keyed by the store format, djust-lint's version and its
  own source fingerprint, the Python version and environment (``sys.prefix``),
  the installed djust version and the resolver's settings; any difference and
  the file is simply not used;
* it is JSON, never pickle, decoded into the same dataclasses the shipped
  vocabulary uses, and every entry is type-checked before use: a damaged or
  hostile file can only make the run slower, never wrong and never crash;
* it is written atomically (temp file + rename); concurrent runs can lose each
  other's new entries, never corrupt the file.

Where: ``$DJUST_LINT_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/djust-lint``,
else ``~/.cache/djust-lint``.  Answers that depend on files astroid could not
name are not stored, with one exception: a name whose top-level package is not
importable at all (a base from an optional dependency that is not installed)
is remembered as absent, and the answer holds while nothing of that name can
be found on the search path, so such a base does not cost an astroid import
on every cold run.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .._version import __version__
from ..core.vocabulary import ExternalClass, Vocabulary, class_from_dict, class_to_dict

FORMAT_VERSION = 1
_DIGEST_SIZE = 16
MISS = object()
"""What :meth:`PackageStore.get` returns when it has no current answer."""


@dataclass
class StoreStats:
    """What one store did: tests assert on it instead of timing."""

    status: str = "new"
    """``new`` (no file yet), ``loaded`` or ``ignored: <reason>``."""
    hits: int = 0
    misses: int = 0
    stored: int = 0
    saved: bool = False
    save_error: str | None = None


def store_directory() -> Path:
    """The per-user cache directory (``DJUST_LINT_CACHE_DIR`` wins; XDG layout otherwise)."""
    explicit = os.environ.get("DJUST_LINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "djust-lint"


@functools.lru_cache(maxsize=256)
def distribution_of(top_level: str, search_path: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """``(distribution name, version)`` owning an importable top-level package, if installed.

    ``search_path`` (the project's own ``site-packages``, see ``project_env``) is
    searched before ``sys.path``, as the resolver searches it. The common case
    (``djust`` is the ``djust`` distribution) costs one metadata look-up;
    otherwise the full map of installed distributions is built once per path.
    """
    own = _version_of(top_level, search_path)
    if own is not None:
        return top_level, own
    names = _packages_distributions(search_path).get(top_level)
    if not names:
        return None
    version = _version_of(names[0], search_path)
    return (names[0], version) if version is not None else None


def _version_of(distribution: str, search_path: tuple[str, ...]) -> str | None:
    from importlib import metadata

    try:
        if not search_path:
            return metadata.version(distribution)
        found = next(iter(metadata.distributions(name=distribution, path=[*search_path, *sys.path])), None)
        return found.version if found is not None else None
    except (metadata.PackageNotFoundError, ValueError, OSError):
        return None


@functools.lru_cache(maxsize=8)
def _packages_distributions(search_path: tuple[str, ...] = ()) -> dict[str, list[str]]:
    from importlib import metadata

    try:
        if not search_path:
            return dict(metadata.packages_distributions())
        owners: dict[str, list[str]] = {}
        for dist in metadata.distributions(path=[*search_path, *sys.path]):
            name = dist.metadata["Name"]
            for top in (dist.read_text("top_level.txt") or "").split():
                owners.setdefault(top, []).append(name)
        return owners
    except Exception:  # noqa: BLE001 - broken metadata of some package: nothing is stored
        return {}


def _file_record(path: str) -> list[Any] | None:
    """``[path, size, mtime_ns, digest]`` of one file, ``None`` when it cannot be read."""
    try:
        st = os.stat(path)
        digest = _digest(path)
    except OSError:
        return None
    return [path, st.st_size, st.st_mtime_ns, digest]


def _digest(path: str) -> str:
    hasher = hashlib.blake2b(digest_size=_DIGEST_SIZE)
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            hasher.update(chunk)
    return hasher.hexdigest()


def _is_record(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 4
        and isinstance(value[0], str)
        and type(value[1]) is int
        and type(value[2]) is int
        and isinstance(value[3], str)
    )


class PackageStore:
    """External classes of installed distributions, loaded once and saved when something was added."""

    def __init__(
        self, key_parts: Iterable[Any], directory: Path | None = None, search_path: tuple[str, ...] = ()
    ) -> None:
        from .cache import _code_fingerprint

        # One store per environment (``sys.prefix``): two virtualenvs with the same release of a
        # package still have their own copies of its files, and only this one's are checked.
        parts = (FORMAT_VERSION, __version__, _code_fingerprint(), sys.version_info[:2], sys.prefix, search_path, *key_parts)
        self.search_path = search_path
        """The project's ``site-packages`` searched before ``sys.path`` (distributions are looked up there too)."""
        self.key = hashlib.blake2b(repr(parts).encode(), digest_size=_DIGEST_SIZE).hexdigest()
        self.directory = directory if directory is not None else store_directory()
        self.stats = StoreStats()
        self._entries: dict[str, dict[str, Any]] = {}
        self._checked: dict[str, bool] = {}
        """File path -> unchanged since recorded (each file is checked once per run)."""
        self._dirty = False
        self._load()

    @property
    def path(self) -> Path:
        return self.directory / f"packages-{self.key}.json"

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return
        except (OSError, ValueError, RecursionError) as exc:
            self.stats.status = f"ignored: {type(exc).__name__}"
            return
        if not (isinstance(data, dict) and data.get("format") == FORMAT_VERSION and data.get("key") == self.key):
            self.stats.status = "ignored: written by another djust-lint, Python or djust"
            return
        entries = data.get("entries")
        if not isinstance(entries, dict):
            self.stats.status = "ignored: unexpected content"
            return
        self._entries = {name: entry for name, entry in entries.items() if _valid_entry(entry)}
        self.stats.status = "loaded"

    # ------------------------------------------------------------------ use
    def get(self, dotted: str) -> Any:
        """The stored answer for ``dotted`` (an :class:`ExternalClass` or ``None``), else ``MISS``."""
        entry = self._entries.get(dotted)
        if entry is None or not self._current(entry):
            self.stats.misses += 1
            return MISS
        self.stats.hits += 1
        if entry.get("absent") or entry["class"] is None:
            return None
        return replace(class_from_dict(entry["qualname"], entry["class"]), source=entry["source"])

    def put(self, dotted: str, found: ExternalClass | None, files: Iterable[str]) -> None:
        """Remember an answer astroid gave after reading ``files``; ignored when not from a distribution."""
        top = dotted.split(".", 1)[0]
        owner = distribution_of(top, self.search_path)
        paths = sorted(set(files))
        if owner is None and not paths and found is None and _absent(top, self.search_path):
            self._entries[dotted] = {"top": top, "absent": True}
            self.stats.stored += 1
            self._dirty = True
            return
        if owner is None or not paths:
            return
        records = [_file_record(path) for path in paths]
        if any(record is None for record in records):
            return
        self._entries[dotted] = {
            "top": dotted.split(".", 1)[0],
            "dist": owner[0],
            "version": owner[1],
            "files": records,
            "qualname": found.qualname if found is not None else None,
            "source": found.source if found is not None else None,
            "class": class_to_dict(found) if found is not None else None,
        }
        for path in paths:
            self._checked[path] = True
        self.stats.stored += 1
        self._dirty = True

    def _current(self, entry: dict[str, Any]) -> bool:
        if entry.get("absent"):
            return _absent(entry["top"], self.search_path)
        if distribution_of(entry["top"], self.search_path) != (entry["dist"], entry["version"]):
            return False
        return all(self._unchanged(record) for record in entry["files"])

    def _unchanged(self, record: list[Any]) -> bool:
        path, size, mtime_ns, digest = record
        known = self._checked.get(path)
        if known is not None:
            return known
        try:
            st = os.stat(path)
            same = (st.st_size, st.st_mtime_ns) == (size, mtime_ns) or (st.st_size == size and _digest(path) == digest)
        except OSError:
            same = False
        self._checked[path] = same
        return same

    # ----------------------------------------------------------------- save
    def save(self) -> None:
        """Write the store (atomically) if anything was added; a read-only home only means no store."""
        if not self._dirty:
            return
        from ..core.fileio import write_bytes_atomic

        document = {"format": FORMAT_VERSION, "key": self.key, "entries": self._entries}
        try:
            write_bytes_atomic(self.path, json.dumps(document, sort_keys=True).encode("utf-8"))
        except OSError as exc:
            self.stats.save_error = str(exc)
            return
        self._dirty = False
        self.stats.saved = True


def _absent(top_level: str, search_path: tuple[str, ...]) -> bool:
    """Nothing importable is called ``top_level``: no module, package or namespace package on the path.

    Found the way Python's import system would find it (without importing
    anything); a built-in module or any doubt counts as present.
    """
    if not top_level.isidentifier() or top_level in sys.builtin_module_names:
        return False
    from importlib.machinery import PathFinder

    try:
        return PathFinder.find_spec(top_level, [*search_path, *sys.path]) is None
    except (ImportError, ValueError, OSError):
        return False


def _valid_entry(entry: Any) -> bool:
    if not isinstance(entry, dict):
        return False
    if "absent" in entry:
        return entry.keys() == {"top", "absent"} and entry["absent"] is True and isinstance(entry["top"], str)
    fields = ("dist", "version", "top")
    if not all(isinstance(entry.get(name), str) for name in fields):
        return False
    files = entry.get("files")
    if not (isinstance(files, list) and files and all(_is_record(r) for r in files)):
        return False
    cls = entry.get("class")
    if cls is None:
        return True
    return isinstance(entry.get("qualname"), str) and isinstance(entry.get("source"), str) and _valid_class(cls)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _valid_class(cls: Any) -> bool:
    """The JSON form of an :class:`ExternalClass`, every field of the expected type."""
    if not isinstance(cls, dict) or not isinstance(cls.get("kind"), str):
        return False
    if not all(_strings(cls.get(name, [])) for name in ("bases", "state", "methods")):
        return False
    if not (cls.get("template_name") is None or isinstance(cls.get("template_name"), str)):
        return False
    handlers = cls.get("handlers", {})
    if not (isinstance(handlers, dict) and all(isinstance(p, list) for p in handlers.values())):
        return False
    try:
        class_from_dict("x", cls)
    except (TypeError, ValueError, AttributeError):
        return False
    return True


def resolver_key(vocabulary: Vocabulary, search_path: tuple[str, ...] = ()) -> tuple[Any, ...]:
    """What, besides the files, shapes astroid's answers: djust's versions and the handler decorators.

    The installed djust decides the *kind* of every class built on it, even
    in another distribution, so its version is part of every answer's key.
    """
    installed = distribution_of("djust", search_path)
    return (vocabulary.djust_version, installed[1] if installed else None, tuple(sorted(vocabulary.handler_decorators)))


_open_stores: dict[tuple[Any, ...], PackageStore] = {}
"""Keyed by (directory, search path, resolver key)."""


@atexit.register
def _save_open_stores() -> None:
    """Answers found after the graph was built (rules can ask for classes too) are kept as well."""
    for store in _open_stores.values():
        store.save()


def open_store(key_parts: Iterable[Any], search_path: tuple[str, ...] = ()) -> PackageStore:
    """The store for these resolver settings, one per process, cache directory and project environment.

    A long-lived process (language server, MCP) builds many graphs: they share
    one store, so it also serves as the in-memory memo between builds (and an
    installed package is seen as it was when first looked at).
    """
    parts = tuple(key_parts)
    directory = store_directory()
    store = _open_stores.get((directory, search_path, parts))
    if store is None:
        store = _open_stores[(directory, search_path, parts)] = PackageStore(parts, directory, search_path)
    return store
