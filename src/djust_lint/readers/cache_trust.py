"""Which read-cache files this user wrote: a per-user secret keys a MAC over the cache payload.

Why: a cached reader output is type-checked field by field before it is used
(:mod:`.cache_schema`), so that a well-formed but hostile or foreign file is a
cache miss, never a crash. That check costs about as much as unpickling the
values (≈ 0.4 s of CPU for 1,800 files), and on every warm run it re-proves
what was already true when this same code wrote the file. A file whose MAC,
keyed with a secret only this user can read, matches was written by
djust-lint for this user -- by the same code, since the cache key covers
djust-lint's sources -- so its values are reader outputs by construction and
only cheap identity checks remain. Any other file (restored from a CI cache
on another runner, copied from a colleague, crafted) is still fully checked.

The secret is 32 random bytes in the per-user cache directory (the one of the
installed-package store), created on first use with mode 0600. Anything odd
about it -- a symlink, another owner, group or world access, the wrong size,
an unwritable directory -- means no secret: every file is then checked, as
before. Trust is an optimisation here, never a requirement.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import stat
from pathlib import Path

SECRET_NAME = "read-cache-secret"
_SECRET_SIZE = 32
MAC_SIZE = 16


@functools.lru_cache(maxsize=4)
def _secret_at(directory: str) -> bytes | None:
    path = Path(directory) / SECRET_NAME
    secret = _read_secret(path)
    if secret is None and not os.path.lexists(path):
        _create_secret(path)
        secret = _read_secret(path)
    return secret


def local_secret() -> bytes | None:
    """This user's secret, created on first use; ``None`` when there is none that can be trusted."""
    from .package_store import store_directory

    try:
        directory = store_directory()
    except (OSError, RuntimeError):  # no home directory
        return None
    return _secret_at(str(directory))


def mac(payload: bytes, secret: bytes) -> str:
    """The keyed BLAKE2 of a cache payload (hex)."""
    return hashlib.blake2b(payload, key=secret, digest_size=MAC_SIZE).hexdigest()


def written_here(payload: bytes, claimed: str, secret: bytes | None) -> bool:
    """True when ``claimed`` is this user's MAC of ``payload``."""
    return secret is not None and hmac.compare_digest(mac(payload, secret), claimed)


def _read_secret(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != _SECRET_SIZE:
            return None
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
            return None  # another user could read it, so another user could forge a file
        data = os.read(fd, _SECRET_SIZE + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) == _SECRET_SIZE else None


def _create_secret(path: Path) -> None:
    """Write a new secret atomically (temp file, then a hard link that fails if one appeared meanwhile)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    temp = path.with_name(f".{SECRET_NAME}.{os.getpid()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(fd, os.urandom(_SECRET_SIZE))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(temp, path)  # never replaces a secret another process wrote first
    except OSError:
        return
    finally:
        try:
            os.unlink(temp)
        except OSError:
            pass
