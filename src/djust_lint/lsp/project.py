"""The project as the editor sees it: files on disk with the unsaved buffers laid over them.

One engine workspace lives as long as the server, so each run re-reads only
the files that changed (and the overlaid buffers). The latest lint result —
graph and findings together — is kept so every request answers from the same
picture the diagnostics came from. Nothing here knows about LSP messages.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.paths import within

if TYPE_CHECKING:
    from ..core.findings import Finding
    from ..engine.api import LintResult, Workspace
    from ..graph.model import ProjectGraph


_gc_lock = threading.Lock()
_gc_holders = 0


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector while a lint runs (re-entrant across threads).

    A graph is hundreds of thousands of long-lived objects; with the collector
    on, the allocations of a run trigger full collections that re-scan all of
    them (seconds on a 1,000-view project). A run creates no cycles worth
    collecting, so collection simply waits until no run is active.
    """
    global _gc_holders
    with _gc_lock:
        _gc_holders += 1
        if _gc_holders == 1:
            gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holders -= 1
            if _gc_holders == 0:
                gc.enable()


FULL_COLLECTION_EVERY = 20
"""Full lints between two real collections of the frozen objects (see :func:`settle_collector`)."""


def settle_collector(runs: int) -> None:
    """After a full lint: move everything alive out of the collector's sight instead of collecting.

    The new graph's objects (800,000 on 1,000 views) make a full collection
    due, which used to run here: 0.2-1 s holding the GIL, during which an edit
    that arrived waited. A full lint leaves no cyclic garbage (a test counts
    it), and the previous graph is freed by reference counting as the new one
    replaces it, so freezing (constant time) loses nothing. Every
    :data:`FULL_COLLECTION_EVERY` full lints the frozen objects are collected
    once, so the garbage a rare path may leave (a crashing rule's traceback)
    cannot pile up in a server that runs for days.
    """
    if runs % FULL_COLLECTION_EVERY == 0:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def open_engine(root: Path) -> Workspace:
    """The engine's long-lived workspace for ``root`` (configuration loaded once, as ``check`` loads it)."""
    from ..engine import Workspace
    from ..graph.builder import BuildOptions

    return Workspace(root, options=BuildOptions(cache=True))


@dataclass
class Buffer:
    """An open document: its text, and whether it differs from the file on disk."""

    text: str
    dirty: bool


@dataclass
class Project:
    """A project root, its open buffers and the latest lint of (disk + buffers)."""

    root: Path
    buffers: dict[str, Buffer] = field(default_factory=dict)
    result: LintResult | None = None
    runs: int = 0
    """Full lint runs so far (tests assert work done instead of timing)."""
    quick_runs: int = 0
    """Single-template re-lints so far."""
    patched: ProjectGraph | None = None
    quick_findings: dict[str, list[Finding]] = field(default_factory=dict)
    """Findings of templates re-linted since the last full lint (they replace its findings for those files)."""
    _engine: Workspace | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.root = Path(os.path.realpath(self.root))

    @property
    def engine(self) -> Workspace:
        if self._engine is None:
            self._engine = open_engine(self.root)
        return self._engine

    # -- paths ---------------------------------------------------------------

    def relative(self, fs_path: str | Path) -> str | None:
        """Root-relative POSIX path of a file inside the project, else ``None``."""
        real = Path(os.path.realpath(fs_path))
        if not within(real, self.root):
            return None
        return real.relative_to(self.root).as_posix()

    def absolute(self, rel: str) -> Path:
        return self.root / rel

    # -- buffers -------------------------------------------------------------

    def open(self, rel: str, text: str) -> None:
        self.buffers[rel] = Buffer(text, dirty=text != self.disk_text(rel))

    def change(self, rel: str, text: str) -> None:
        self.buffers[rel] = Buffer(text, dirty=True)

    def is_template(self, rel: str) -> bool:
        """A file template of the last graph (edits to it can take the quick path)."""
        graph = self.graph
        return graph is not None and any(n.path == rel and not n.inline for n in graph.templates.values())

    def save(self, rel: str, text: str | None) -> None:
        buffer = self.buffers.get(rel)
        if buffer is not None:
            buffer.text = text if text is not None else buffer.text
            buffer.dirty = buffer.text != self.disk_text(rel)

    def close(self, rel: str) -> None:
        self.buffers.pop(rel, None)

    def disk_text(self, rel: str) -> str | None:
        try:
            return self.absolute(rel).read_bytes().decode("utf-8", "replace")
        except OSError:
            return None

    def text(self, rel: str) -> str | None:
        """The text as the editor has it (open buffer), else as on disk."""
        buffer = self.buffers.get(rel)
        return buffer.text if buffer is not None else self.disk_text(rel)

    def overlays(self) -> dict[str, str]:
        return {rel: b.text for rel, b in self.buffers.items() if b.dirty}

    def dirty(self, rel: str) -> bool:
        buffer = self.buffers.get(rel)
        return buffer is not None and buffer.dirty

    # -- lint ----------------------------------------------------------------

    def lint(self, overlays: dict[str, str] | None = None) -> LintResult:
        """Lint the whole project as the editor has it (``overlays``: the unsaved buffers; one run at a time)."""
        with self._lock:
            with gc_paused():
                result = self.engine.lint(overlays=self.overlays() if overlays is None else overlays)
                self.result = result
                self.patched = None
                self.quick_findings = {}
            self.runs += 1
            settle_collector(self.runs)
            return result

    def quick(self, rel: str, text: str) -> bool:
        """Re-lint one edited template on top of the last full lint; ``False`` when it needs a full lint.

        Safe to run beside a full lint: it reads the last graph and builds new objects only.
        """
        from . import incremental

        base, graph = self.result, self.graph
        if base is None or graph is None:
            return False
        with gc_paused():
            patched = incremental.patch_template(graph, rel, text)
            if patched is None:
                return False
            new_graph, key = patched
            config = self.engine.config
            findings = incremental.lint_template(new_graph, key, self._rules(), config, self.root)
        if self.result is not base or self.graph is not graph:
            return False  # a full lint (or another re-lint) landed meanwhile; the caller asks again
        self.patched = new_graph
        self.quick_findings = {**self.quick_findings, rel: findings}
        self.quick_runs += 1
        return True

    def _rules(self) -> list:
        from ..engine.pipeline import selected_rules

        return selected_rules(self.engine.config)

    @property
    def graph(self) -> ProjectGraph | None:
        """The latest graph: the last full lint's, with any quickly re-linked template patched in."""
        if self.patched is not None:
            return self.patched
        return self.result.graph if self.result is not None else None

    def findings_by_path(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {}
        for finding in self.result.findings if self.result is not None else []:
            grouped.setdefault(finding.path, []).append(finding)
        grouped.update(self.quick_findings)
        return {path: findings for path, findings in grouped.items() if findings}
