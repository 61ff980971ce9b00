"""A progress line on stderr for runs long enough to wonder about, and ``--verbose`` stage notes.

A cold run of a large project reads thousands of files; without a sign of
life a user (or an editor integration author) cannot tell a slow run from a
hung one.  The line appears only after :data:`DELAY` seconds, only on a
terminal (``stderr.isatty()``: CI logs and pipes stay clean) and never with
``--quiet``; it is redrawn at most every :data:`REDRAW` seconds and erased
before the report is written, so nothing on stdout changes.

``--verbose`` writes one line per stage instead (files read, then rules), on
stderr, terminal or not: what a bug report or a slow CI job needs.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

DELAY = 1.0
"""Seconds of silence before the progress line is first drawn."""
REDRAW = 0.1

_LABELS = {"read": "reading files", "link": "linking", "rules": "running rules"}


class Progress:
    """Callable as ``progress(stage, done, total)`` (``BuildOptions.progress`` and the engine's rule loop)."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        quiet: bool = False,
        verbose: bool = False,
        clock: object = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.verbose = verbose and not quiet
        isatty = getattr(self.stream, "isatty", None)
        self.live = not quiet and not self.verbose and bool(isatty and isatty())
        self._clock = clock
        self._started = clock()  # type: ignore[operator]
        self._stage_started = self._started
        self._last_draw = 0.0
        self._drawn = False
        self._stage = ""
        self.updates = 0
        """Calls received (tests assert on work reported, not on time)."""

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.updates += 1
        now = self._clock()  # type: ignore[operator]
        if stage != self._stage:
            if self.verbose and self._stage:
                self._note(now)
            self._stage, self._stage_started = stage, now
        self._done, self._total = done, total
        if self.verbose and total and done >= total:
            self._note(now)
            self._stage = ""
            return
        if not self.live or now - self._started < DELAY:
            return
        if self._drawn and now - self._last_draw < REDRAW and done < total:
            return
        label = _LABELS.get(stage, stage)
        counts = f" {done}/{total}" if total else ""
        self.stream.write(f"\r\x1b[Kdjust-lint: {label}{counts} ({now - self._started:.0f} s)")
        self.stream.flush()
        self._drawn, self._last_draw = True, now

    def _note(self, now: float) -> None:
        label = _LABELS.get(self._stage, self._stage)
        counts = f" {self._done}/{self._total}" if self._total else ""
        self.stream.write(f"djust-lint: {label}{counts} in {now - self._stage_started:.2f} s\n")
        self.stream.flush()

    def finish(self, summary: str | None = None) -> None:
        """Erase the progress line (before the report is written); with ``--verbose``, say ``summary``."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
        if self.verbose and summary:
            total = self._clock() - self._started  # type: ignore[operator]
            self.stream.write(f"djust-lint: {summary} ({total:.2f} s in all)\n")
            self.stream.flush()
