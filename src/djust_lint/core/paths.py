"""The one containment test for paths: is a (real) path the project root or below it?

Every face confines what it reads or writes to the project -- discovery following
symlinks, the results cache re-reading a stored path, the MCP server's path
arguments, the language server's documents -- and each used to spell the test its
own way (``startswith`` plus a separator, ``in path.parents``). One predicate
keeps them from drifting: ``/srv/app-old`` is not inside ``/srv/app``.
"""

from __future__ import annotations

import os


def within(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """True when ``path`` is ``root`` or under it, compared as given.

    Pass real paths (``os.path.realpath`` of both) when symlinks or ``..`` must
    not lead outside: the comparison itself resolves nothing.
    """
    candidate, base = os.fspath(path), os.fspath(root)
    if candidate == base:
        return True
    prefix = base if base.endswith(os.sep) else base + os.sep
    return candidate.startswith(prefix)
