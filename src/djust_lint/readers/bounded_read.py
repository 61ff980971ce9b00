"""Read a file's bytes, never more than a limit, without paying for the limit.

A reader must never load a huge file whole, so it asks for ``max_bytes + 1``
bytes and reports a file as too large when it gets them all. Asking a buffered
file for two million bytes allocates a two-million-byte buffer first, though,
whatever the file holds: for a 2 KB template that allocation (and giving it
back) cost more than three times the read itself. The size the file reports is
asked for instead, plus one byte that shows whether it holds more than it said
(a file growing as it is read, a device or a pipe reporting no size): then the
rest is read up to the limit, as before.
"""

from __future__ import annotations

import os
import pathlib

__all__ = ["read_at_most"]


def read_at_most(abs_path: pathlib.Path | str, max_bytes: int) -> bytes:
    """The first ``max_bytes + 1`` bytes of the file (all of it when it is smaller).

    The result is what ``open(abs_path, "rb").read(max_bytes + 1)`` returns;
    only the buffer allocated on the way is sized to the file. Raises
    ``OSError`` as ``open`` and ``read`` do.
    """
    with open(abs_path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        data = handle.read(min(size, max_bytes) + 1)
        if size < len(data) <= max_bytes:  # more than the size said: read on, within the limit
            data += handle.read(max_bytes + 1 - len(data))
        return data
