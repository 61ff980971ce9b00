"""What djust-lint was doing when it failed, so a crash can say where in one line.

A crash is a bug in djust-lint, never the user's fault, and CI must tell it
apart from "findings found" (exit 1): the CLI exits 2 and prints one line
naming the file being processed and how to report the bug; the traceback
only with ``--verbose``. The readers mark each file before reading it here
(a plain module variable: one assignment per file costs nothing).
"""

from __future__ import annotations

_current: str | None = None


def working_on(what: str | None) -> None:
    """Record the root-relative path (or stage) being processed; ``None`` when between files."""
    global _current
    _current = what


def current() -> str | None:
    return _current


def crash_line(exc: BaseException) -> str:
    """The one line printed for an unexpected exception."""
    where = f" while processing {_current}" if _current else ""
    detail = str(exc).splitlines()[0] if str(exc) else ""
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return (
        f"djust-lint: internal error{where}: {what} -- this is a bug in djust-lint, not in your project; "
        "please report it with this line and the output of the same command run with --verbose (exit 2)"
    )


def summarize(error: str) -> str:
    """One line for a caught internal error (``rule X crashed:`` + traceback -> its first and last lines)."""
    lines = [line.strip() for line in error.strip().splitlines() if line.strip()]
    if not lines:
        return "internal error"
    if len(lines) == 1:
        return lines[0]
    return f"{lines[0].rstrip(':')}: {lines[-1]}"
