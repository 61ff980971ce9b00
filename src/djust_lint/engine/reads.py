"""Reader outputs remembered in memory by a long-lived :class:`~djust_lint.engine.api.Workspace`.

An editor or an MCP client asks again a second after each edit: re-reading
(``ast`` parse, template scan) the whole project each time would dominate.
A file is served from memory while its ``(size, mtime_ns, ctime_ns, inode)``
is unchanged; ``ctime`` moves on every write even when a tool restores the
mtime (``touch -r``). A file whose mtime is within the last two seconds is
not remembered (two writes inside the file system's timestamp granularity
could otherwise look alike), so it is simply read again next time. What is
left untrusted: two writes of the same size inside one ctime tick that also
restore the mtime.

Reader outputs are never mutated by the graph builder, so sharing them
between successive graphs is safe.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..core.racy import RACY_WINDOW_NS as _RACY_WINDOW_NS

T = TypeVar("T")
_Key = tuple[int, int, int, int]


class MemoryReads:
    """``(kind, path) -> (reader params, stat key, output)`` for the life of a workspace."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[tuple[Any, ...], _Key, Any]] = {}
        self.hits = 0
        self.misses = 0

    def over(self, disk: Any) -> _Layered:
        """A read store for one ``read_project`` call: memory first, then ``disk`` (the warm cache)."""
        return _Layered(self, disk)


class _Layered:
    def __init__(self, memory: MemoryReads, disk: Any) -> None:
        self.memory = memory
        self.disk = disk
        self.now_ns = time.time_ns()

    def fetch(self, kind: str, abs_path: Path, rel: str, params: tuple[Any, ...], read: Callable[[], T]) -> T:
        try:
            st = os.stat(abs_path)
            key: _Key | None = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        except OSError:
            key = None
        entries = self.memory._entries
        entry = entries.get((kind, rel))
        if key is not None and entry is not None and entry[0] == params and entry[1] == key:
            self.memory.hits += 1
            return entry[2]  # type: ignore[no-any-return]
        self.memory.misses += 1
        value = self.disk.fetch(kind, abs_path, rel, params, read)
        if key is not None and self.now_ns - key[1] > _RACY_WINDOW_NS:
            entries[(kind, rel)] = (params, key, value)
        else:
            entries.pop((kind, rel), None)
        return value  # type: ignore[no-any-return]

    def save(self) -> None:
        self.disk.save()
