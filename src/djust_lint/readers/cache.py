"""Warm cache of the readers' outputs, in ``.djust_lint_cache/`` under the project root.

Reading (``ast`` parse, template scan) is most of a cold run, and a pre-commit
run on a large project touches only a handful of files, so the per-file reader
outputs (``ModuleInfo``, ``TemplateInfo``, the script text the graph scans for
``pushEvent``) are kept between runs.  Linking and the rules always run again:
a change in one file can break a binding in another.

Why the cache can be trusted, and when it is not:

* The whole cache file is keyed by the cache format, djust-lint's version, a
  fingerprint of djust-lint's own source files (an editable install changes
  behaviour without a version bump), the Python and Django versions (the
  readers use ``ast`` and Django's template lexer) and the configuration that
  shapes the read (``max_bytes``, excludes, includes, template dirs,
  gitignore).  Any difference and the whole file is ignored and rebuilt.
* Each entry is keyed by the file's root-relative path, the reader inputs that
  are not file content (module name, package flag, template name) and a
  BLAKE2 hash of the file's bytes.  ``(size, mtime_ns, inode, ctime_ns)`` is
  a fast path that skips hashing.  ``ctime`` is in it because ``touch -r`` or
  an archive extraction can restore size, mtime and inode after an edit, but
  no unprivileged program can set ``ctime`` back (it changes with every write
  and every ``utime``).  The fast path is not recorded for files modified in
  the last two seconds (a second edit within the file system's timestamp
  granularity would otherwise go unnoticed), so such files are hashed on the
  next run.  What is trusted, then: that a file whose size, mtime, inode and
  ctime are all unchanged still has the bytes it had (a tool that rewrites a
  file and resets the clock, or a clock set back, defeats this; run
  ``djust-lint clean`` or ``--no-cache`` after such a thing).
* The file carries a checksum of its payload: a truncated or corrupted file is
  ignored.  Everything is unpickled with an allow-list that admits only the
  dataclasses of :mod:`djust_lint.model`, so a foreign or hostile file can
  never run code, and its structure is validated before any entry is used;
  every reader output is then type-checked field by field against the model's
  annotations (:mod:`.cache_schema`) before it is used, so a well-formed file
  with wrongly typed fields is a cache miss, never a crash -- unless the file
  carries a MAC keyed with this user's secret (:mod:`.cache_trust`): then this
  user's djust-lint wrote it, with the same code, and the values are reader
  outputs by construction (the check would cost as much as unpickling them).
* The cache directory must be a real directory inside the project root: a
  ``.djust_lint_cache`` that is a symlink (or whose real path leads outside
  the root) is neither read nor written, so the cache can never be used to
  write files elsewhere.
  Whatever goes wrong, the run continues uncached; a cache is never a crash.
* Each reader output stays pickled on its own inside the file and is only
  unpickled (and type-checked) when its file is unchanged; saving after an
  edit re-pickles only the files that were read again.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import os
import pickle
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .._version import __version__
from ..core import model
from ..core.racy import RACY_WINDOW_NS as _RACY_WINDOW_NS

CACHE_DIR_NAME = ".djust_lint_cache"
CACHE_FILE_NAME = "reads.pickle"
FORMAT_VERSION = 3
"""Bump when the layout of the file or of its entries changes."""

_MAGIC = b"djust-lint read cache\n"
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by djust-lint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
_DIGEST_SIZE = 16
KINDS = ("module", "template", "script")

T = TypeVar("T")
_Stat = tuple[int, int, int, int]
"""(size, mtime_ns, inode, ctime_ns)."""
_Entry = tuple[str, tuple[Any, ...], "_Stat | None", bytes, bytes]
"""(kind, reader params, trusted stat or None, content digest, pickled reader output)."""


class CacheInvalid(Exception):
    """The cache file cannot be used; the message says why (shown in statistics)."""


@dataclass
class CacheStats:
    """What one run did with the cache: tests assert on it instead of timing."""

    enabled: bool = False
    status: str = "disabled"
    """``disabled``, ``missing``, ``loaded`` or ``ignored: <reason>``."""
    hits: int = 0
    hashed: list[str] = field(default_factory=list)
    """Files whose bytes were read only to compare their content hash."""
    parsed: list[str] = field(default_factory=list)
    """Files handed to a reader (cache misses, or every file without a cache)."""
    saved: bool = False
    save_error: str | None = None
    trusted: bool = False
    """The loaded file carried this user's MAC (:mod:`.cache_trust`): values were not deep-checked."""


_last_stats = CacheStats()


def last_stats() -> CacheStats:
    """Statistics of the most recent :class:`ReadCache` opened in this process."""
    return _last_stats


# ---------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Names, sizes and mtimes of the modules that shape a reader output (cheap: stats only)."""
    rows = [f"{rel}:{size}:{mtime}" for rel, size, mtime in reader_sources()]
    return hashlib.blake2b("\n".join(rows).encode(), digest_size=_DIGEST_SIZE).hexdigest()


def reader_sources() -> list[tuple[str, int, int]]:
    """The readers and the core they build on (the model classes pickled here, the vocabulary data):
    an edit to any of them (an editable install) makes the stored outputs stale."""
    return source_rows(("readers", "core"), (".py", ".json"))


def source_rows(subpackages: Sequence[str] | None, suffixes: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """``(package-relative path, size, mtime_ns)`` of djust-lint's own files with these suffixes, in
    these subpackages (``None``: the whole package): what a cache key holds so that an editable
    install's edit invalidates it without a version bump."""
    package = Path(__file__).resolve().parent.parent
    rows = []
    for top in [package / sub for sub in subpackages] if subpackages is not None else [package]:
        for directory, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith(suffixes):
                    path = os.path.join(directory, name)
                    st = os.stat(path)
                    rows.append((os.path.relpath(path, package), st.st_size, st.st_mtime_ns))
    return rows


@functools.lru_cache(maxsize=1)
def _django_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("django")
    except metadata.PackageNotFoundError:  # pragma: no cover - django is a dependency
        return "none"


def cache_key(settings: Sequence[Any]) -> str:
    """The key of a whole cache file: tool, interpreter and the read-shaping ``settings``."""
    parts = (FORMAT_VERSION, __version__, _code_fingerprint(), sys.version_info[:2], _django_version(), tuple(settings))
    return hashlib.blake2b(repr(parts).encode(), digest_size=_DIGEST_SIZE).hexdigest()


# ---------------------------------------------------------------------------
# Encoding values, and decoding a cache file without trusting it
# ---------------------------------------------------------------------------

_ALLOWED_CLASSES = {
    name: obj
    for name, obj in vars(model).items()
    if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == model.__name__
}
_FROZEN_FIELDS = {
    cls: tuple(f.name for f in dataclasses.fields(cls))
    for cls in _ALLOWED_CLASSES.values()
    if cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
}


class _ValuePickler(pickle.Pickler):
    """Pickles frozen dataclasses as constructor calls.

    Their default pickling restores state through a pure-Python
    ``__setstate__`` that looks up the fields again for every object; there
    are hundreds of thousands of ``Span`` objects in a large project, and the
    constructor halves the load time.
    """

    def reducer_override(self, obj: Any) -> Any:
        names = _FROZEN_FIELDS.get(type(obj))
        if names is None:
            return NotImplemented
        if type(obj) is model.Span:  # loaded through the read's table of shared spans (memory)
            return model.span_of, (obj.line, obj.column, obj.end_line, obj.end_column)
        return type(obj), tuple(getattr(obj, name) for name in names)


class _ModelOnlyUnpickler(pickle.Unpickler):
    """Refuses every global but the reader dataclasses: unpickling cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        if module == model.__name__ and name in _ALLOWED_CLASSES:
            return _ALLOWED_CLASSES[name]
        if module == model.__name__ and name == "span_of":  # builds a Span, nothing else
            return model.span_of
        raise pickle.UnpicklingError(f"forbidden global {module}.{name}")


def dump_value(value: Any) -> bytes:
    buffer = io.BytesIO()
    _ValuePickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def load_value(kind: str, rel: str, blob: bytes, *, deep: bool = True) -> tuple[bool, Any]:
    """``(True, value)`` for a blob that unpickles to a valid reader output, else ``(False, None)``.

    ``deep=False`` (a file this user's djust-lint wrote, see :mod:`.cache_trust`)
    keeps the identity checks and skips the field-by-field type check.
    """
    try:
        value = _ModelOnlyUnpickler(io.BytesIO(blob)).load()
    except Exception:  # noqa: BLE001 - untrusted bytes can fail in any way; never a crash
        return False, None
    return _valid_value(kind, rel, value, deep=deep), value


def encode(entries: dict[tuple[str, str], _Entry], key: str, secret: bytes | None = None) -> bytes:
    """Serialise entries behind a header: the format, the key, a checksum and, with this user's
    ``secret``, a MAC (``-`` without one) that lets this user's next run skip the deep checks."""
    from .cache_trust import mac

    payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
    checksum = hashlib.blake2b(payload, digest_size=_DIGEST_SIZE).hexdigest()
    signature = mac(payload, secret) if secret is not None else "-"
    return _MAGIC + f"{FORMAT_VERSION} {key} {checksum} {signature}\n".encode("ascii") + payload


def decode(data: bytes, key: str) -> dict[tuple[str, str], _Entry]:
    """Inverse of :func:`encode`; raises :class:`CacheInvalid` for anything but a perfect match.

    The values stay pickled: each is unpickled (and validated) by
    :func:`load_value` only when its file turns out to be unchanged.
    """
    return decode_trusted(data, key, None)[0]


def decode_trusted(data: bytes, key: str, secret: bytes | None) -> tuple[dict[tuple[str, str], _Entry], bool]:
    """:func:`decode`, and whether this user's djust-lint wrote the file (its MAC matches ``secret``)."""
    from .cache_trust import written_here

    if not data.startswith(_MAGIC):
        raise CacheInvalid("not a djust-lint cache file")
    end = data.find(b"\n", len(_MAGIC))
    fields = data[len(_MAGIC) : end].split(b" ") if end >= 0 else []
    if len(fields) != 4:
        raise CacheInvalid("damaged header")
    if fields[0] != str(FORMAT_VERSION).encode():
        raise CacheInvalid("written in another cache format")
    if fields[1] != key.encode():
        raise CacheInvalid("written by another djust-lint version, Python, Django or configuration")
    payload = data[end + 1 :]
    if hashlib.blake2b(payload, digest_size=_DIGEST_SIZE).hexdigest().encode() != fields[2]:
        raise CacheInvalid("checksum mismatch (truncated or corrupted)")
    try:
        entries = _ModelOnlyUnpickler(io.BytesIO(payload)).load()
    except Exception as exc:  # noqa: BLE001 - untrusted bytes can fail in any way; never a crash
        raise CacheInvalid(f"cannot unpickle: {type(exc).__name__}") from None
    return _validated(entries), written_here(payload, fields[3].decode("ascii", "replace"), secret)


def _valid_value(kind: str, rel: str, value: Any, *, deep: bool = True) -> bool:
    """The value is the reader output of ``rel``; with ``deep``, every field at every depth is typed right."""
    annotation: Any
    if kind == "module":
        annotation, is_output = model.ModuleInfo, isinstance(value, model.ModuleInfo) and value.path == rel
    elif kind == "template":
        annotation, is_output = model.TemplateInfo, isinstance(value, model.TemplateInfo) and value.path == rel
    elif value is None:  # a script without references
        return True
    else:
        annotation = list[model.Reference]
        is_output = isinstance(value, list) and all(isinstance(r, model.Reference) and r.path == rel for r in value)
    return is_output and (not deep or _valid(value, annotation))


def _valid(value: Any, annotation: Any) -> bool:
    from .cache_schema import valid

    return valid(value, annotation)


def _valid_entry(key: Any, entry: Any) -> bool:
    if not (isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) for k in key)):
        return False
    if not (isinstance(entry, tuple) and len(entry) == 5):
        return False
    kind, params, stat, digest, blob = entry
    stat_ok = stat is None or (isinstance(stat, tuple) and len(stat) == 4 and all(type(n) is int for n in stat))
    return (
        kind == key[0]
        and kind in KINDS
        and isinstance(params, tuple)
        and stat_ok
        and isinstance(digest, bytes)
        and len(digest) == _DIGEST_SIZE
        and isinstance(blob, bytes)
    )


def _validated(entries: Any) -> dict[tuple[str, str], _Entry]:
    if not isinstance(entries, dict):
        raise CacheInvalid("unexpected content")
    for key, entry in entries.items():
        if not _valid_entry(key, entry):
            raise CacheInvalid(f"invalid entry for {key!r}")
    return entries


# ---------------------------------------------------------------------------
# The cache used by one graph build
# ---------------------------------------------------------------------------


class ReadCache:
    """Reader outputs of one project, loaded once, saved once (only if something changed).

    With ``enabled=False`` every :meth:`fetch` simply reads; the statistics are
    still kept, so "how many files were parsed" means the same with and
    without a cache.
    """

    def __init__(self, root: Path, key: str, *, enabled: bool = True) -> None:
        global _last_stats
        self.directory = Path(root) / CACHE_DIR_NAME
        self.key = key
        self.stats = CacheStats(enabled=enabled)
        _last_stats = self.stats
        self._old: dict[tuple[str, str], _Entry] = {}
        self._new: dict[tuple[str, str], _Entry] = {}
        self._dirty = False
        self._secret: bytes | None = None
        self.trusted = False
        """The file was written by this user's djust-lint: values skip the deep type check."""
        if enabled:
            from .cache_trust import local_secret

            self._secret = local_secret()
            self._old, self.stats.status = self._load()
            self.stats.trusted = self.trusted

    @property
    def path(self) -> Path:
        return self.directory / CACHE_FILE_NAME

    def _load(self) -> tuple[dict[tuple[str, str], _Entry], str]:
        refused = self._refused_location()
        if refused:
            return {}, f"ignored: {refused}"
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return {}, "missing"
        except OSError as exc:
            return {}, f"ignored: cannot read ({exc.strerror or exc})"
        try:
            entries, self.trusted = decode_trusted(data, self.key, self._secret)
        except CacheInvalid as exc:
            return {}, f"ignored: {exc}"
        return entries, "loaded"

    def fetch(self, kind: str, abs_path: Path, rel: str, params: tuple[Any, ...], read: Callable[[], T]) -> T:
        """The reader output for one file: from the cache when still valid, else ``read()``."""
        if not self.stats.enabled:
            return self._read(rel, read)
        try:
            st = os.stat(abs_path)
        except OSError:
            return self._read(rel, read)  # the reader reports why; nothing worth caching
        stat: _Stat = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
        old = self._old.get((kind, rel))
        if old is not None and old[1] != params:
            old = None
        if old is not None and old[2] == stat:
            return self._reuse(old, old, rel, read)
        digest = self._content_digest(abs_path, rel)
        if digest is None:
            return self._read(rel, read)
        if old is not None and old[3] == digest:
            return self._reuse(old, (kind, params, _trusted(stat), digest, old[4]), rel, read)
        return self._store((kind, params, _trusted(stat), digest, b""), rel, read)

    def _reuse(self, old: _Entry, entry: _Entry, rel: str, read: Callable[[], T]) -> T:
        ok, value = load_value(entry[0], rel, entry[4], deep=not self.trusted)
        if not ok:
            return self._store(entry, rel, read)
        self.stats.hits += 1
        self._new[(entry[0], rel)] = entry
        self._dirty = self._dirty or old[:4] != entry[:4]
        return value

    def _store(self, entry: _Entry, rel: str, read: Callable[[], T]) -> T:
        value = self._read(rel, read)
        try:
            blob = dump_value(value)
        except (pickle.PicklingError, RecursionError, TypeError):  # pragma: no cover - model is plain data
            return value
        self._new[(entry[0], rel)] = (*entry[:4], blob)  # type: ignore[assignment]
        self._dirty = True
        return value

    def _read(self, rel: str, read: Callable[[], T]) -> T:
        self.stats.parsed.append(rel)
        return read()

    def _content_digest(self, abs_path: Path, rel: str) -> bytes | None:
        """Hash of the whole file, read in chunks (memory stays flat for huge files)."""
        hasher = hashlib.blake2b(digest_size=_DIGEST_SIZE)
        try:
            with open(abs_path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    hasher.update(chunk)
        except OSError:
            return None
        self.stats.hashed.append(rel)
        return hasher.digest()

    def save(self) -> None:
        """Write the entries used by this run (atomically), when anything changed."""
        if not self.stats.enabled or (not self._dirty and self._new.keys() == self._old.keys()):
            return
        from ..core.fileio import write_bytes_atomic

        try:
            self._ensure_directory()
            write_bytes_atomic(self.path, encode(self._new, self.key, self._secret))
        except OSError as exc:  # a read-only tree: the run simply stays uncached
            self.stats.save_error = str(exc)
            return
        self.stats.saved = True

    def _refused_location(self) -> str | None:
        return refused_location(self.directory)

    def _ensure_directory(self) -> None:
        ensure_directory(self.directory)

    def stored_value(self, kind: str, rel: str, params: tuple[Any, ...]) -> tuple[bool, Any]:
        """``(True, output)`` the cache file holds for a file read with ``params`` (whatever its bytes are now)."""
        old = self._old.get((kind, rel))
        if old is None or old[1] != params:
            return False, None
        return load_value(kind, rel, old[4], deep=not self.trusted)


def refused_location(directory: Path) -> str | None:
    """Why a cache directory may not be used (a symlink, or outside the root), else ``None``."""
    if directory.is_symlink():
        return f"{CACHE_DIR_NAME} is a symlink; refusing to read or write through it"
    if not os.path.lexists(directory):
        return None
    real_root = os.path.realpath(directory.parent)
    if os.path.dirname(os.path.realpath(directory)) != real_root:
        return f"{CACHE_DIR_NAME} resolves outside the project root; refusing to use it"
    return None


def ensure_directory(directory: Path) -> None:
    """Create the cache directory with its markers; ``OSError`` when it may not be written."""
    directory.mkdir(exist_ok=True)
    refused = refused_location(directory)
    if refused:
        raise OSError(refused)
    for name, text in (("CACHEDIR.TAG", _CACHEDIR_TAG), (".gitignore", "# created by djust-lint\n*\n")):
        marker = directory / name
        if marker.is_symlink():
            raise OSError(f"{CACHE_DIR_NAME}/{name} is a symlink; refusing to write through it")
        if not marker.exists():
            marker.write_text(text, encoding="utf-8")


def _trusted(stat: _Stat) -> _Stat | None:
    """The stat for the fast path, unless the file changed too recently to rule out a same-tick edit."""
    return None if time.time_ns() - stat[1] < _RACY_WINDOW_NS else stat


def open_cache(root: Path, settings: Sequence[Any], *, enabled: bool) -> ReadCache:
    """The cache of the project at ``root`` for a build shaped by ``settings``."""
    return ReadCache(root, cache_key(settings) if enabled else "", enabled=enabled)


def clean(root: Path) -> bool:
    """Remove ``root``'s cache directory; ``True`` if there was one.

    A symlink named like the cache is unlinked, never followed, so ``clean``
    cannot delete anything outside the project.
    """
    directory = Path(root) / CACHE_DIR_NAME
    if directory.is_symlink() or directory.is_file():
        directory.unlink()
        return True
    if not directory.is_dir():
        return False
    shutil.rmtree(directory)
    return True
