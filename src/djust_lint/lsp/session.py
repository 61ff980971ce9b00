"""One project of the editor's workspace and the scheduling of its lint runs.

A workspace can hold several folders (VS Code, Zed, Neovim all allow it);
each is a project of its own, with its own graph, buffers and runs, so one
folder's typing never re-lints another. Two kinds of run: a *quick* re-lint
of an edited template (patched into the last graph, findings for that file
only; see :mod:`.incremental`) soon after a keystroke, and a *full* lint of
the project when typing pauses (or after a save or a Python edit), which
reconciles every file.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from lsprotocol import types

from ..core.findings import Finding, Severity
from .positions import Converter
from .project import Project

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer

log = logging.getLogger("djust_lint.lsp")
T = TypeVar("T")

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


class Session:
    """A project held open for the editor, and when to lint it."""

    def __init__(self, server: LanguageServer, root: Path, debounce: float, full_delay: float) -> None:
        self.server = server
        self.project = Project(root)
        self.debounce = debounce
        self.full_delay = full_delay
        self.published: dict[str, tuple[Any, ...]] = {}
        """Path -> fingerprint of the diagnostics last sent for it."""
        self.generation = 0
        """Bumped on every buffer change (a full lint of an older generation is followed by another)."""
        self._quick_dirty: set[str] = set()
        self._full_wanted_now = False
        self._quick_pending: asyncio.Task[None] | None = None
        self._full_pending: asyncio.Task[None] | None = None
        self._full_running: asyncio.Task[None] | None = None
        self._quick_lock: asyncio.Lock | None = None

    @property
    def root(self) -> Path:
        return self.project.root

    def converter(self) -> Converter:
        encoding = self.server.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return Converter(str(encoding), self.project.text)

    def uri(self, rel: str) -> str:
        return (self.project.root / rel).as_uri()

    # -- scheduling --------------------------------------------------------------

    def changed(self, rel: str) -> None:
        """A buffer changed: re-lint the template quickly, and the project when typing pauses."""
        self.generation += 1
        if self.project.result is not None and self.project.is_template(rel):
            self._quick_dirty.add(rel)
            self._quick_pending = _restart(self._quick_pending, self._quick_later(self.debounce))
            self.schedule_full(self.full_delay)
        else:
            self._full_wanted_now = True
            self.schedule_full(self.debounce)

    def closed_dirty(self) -> None:
        """An unsaved buffer was closed: the disk's text counts again."""
        self.generation += 1
        self.schedule_full(self.debounce)

    def schedule_full(self, delay: float) -> None:
        self._full_pending = _restart(self._full_pending, self._full_later(delay))

    async def _quick_later(self, delay: float) -> None:
        await asyncio.sleep(delay)
        await self.quick_now()

    async def _full_later(self, delay: float) -> None:
        await asyncio.sleep(delay)
        await self.full_now()

    async def quick_now(self) -> None:
        """Re-lint the templates edited since their last re-lint (off the event loop), publish."""
        project = self.project
        if self._quick_lock is None:
            self._quick_lock = asyncio.Lock()
        async with self._quick_lock:
            for rel in sorted(self._quick_dirty):
                text = project.text(rel)
                if text is None:
                    continue
                try:
                    done = await in_thread(project.quick, rel, text)
                except Exception:  # a broken re-lint falls back to the full lint
                    log.exception("quick re-lint of %s failed", rel)
                    done = False
                if done and project.text(rel) is text:
                    self._quick_dirty.discard(rel)
                elif not done:
                    self.schedule_full(0)
            self.publish()

    async def full_now(self) -> None:
        """Lint the whole project (off the event loop, one run at a time) and publish."""
        while self._full_running is not None and not self._full_running.done():
            await asyncio.shield(self._full_running)
        self._full_running = asyncio.ensure_future(self._full())
        await asyncio.shield(self._full_running)

    async def _full(self) -> None:
        project = self.project
        generation = self.generation
        self._full_wanted_now = False
        overlays = project.overlays()  # taken here: the buffers change on this thread
        try:
            await in_thread(project.lint, overlays)
        except Exception:  # the readers never raise; a crash elsewhere must not end the session
            log.exception("lint of %s failed", project.root)
            self.server.window_log_message(
                types.LogMessageParams(types.MessageType.Error, f"djust-lint: lint of {project.root} failed (see server log)")
            )
            return
        if generation != self.generation:  # typed meanwhile: patch the newer buffers in again
            self._quick_dirty.update(rel for rel in project.buffers if project.dirty(rel) and project.is_template(rel))
            await self.quick_now()
            self.schedule_full(self.debounce if self._full_wanted_now else self.full_delay)
        else:
            self._quick_dirty.clear()
            self.publish()

    async def fresh(self) -> None:
        """Before answering from the graph: make sure it reflects the latest keystrokes."""
        if self.project.result is None or self._full_wanted_now:
            if self._full_pending is not None:
                self._full_pending.cancel()
            await self.full_now()
        if self._quick_dirty:
            if self._quick_pending is not None:
                self._quick_pending.cancel()
            await self.quick_now()

    def publish(self) -> None:
        conv = self.converter()
        current = self.project.findings_by_path()
        for path in sorted(set(current) | set(self.published)):
            findings = current.get(path, [])
            fingerprint = tuple((f.code, f.span, f.message, f.severity) for f in findings)
            if self.published.get(path, ()) == fingerprint:
                continue
            diagnostics = [diagnostic(conv, f) for f in findings]
            self.server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(self.uri(path), diagnostics))
            if findings:
                self.published[path] = fingerprint
            else:
                self.published.pop(path, None)

    def withdraw(self) -> None:
        """The folder left the workspace: stop its runs and clear what was published for it."""
        for task in (self._quick_pending, self._full_pending):
            if task is not None:
                task.cancel()
        for path in sorted(self.published):
            self.server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(self.uri(path), []))
        self.published.clear()

    def status(self) -> dict[str, Any]:
        project = self.project
        return {
            "root": str(project.root),
            "full_runs": project.runs,
            "quick_runs": project.quick_runs,
            "open": sorted(project.buffers),
            "unsaved": sorted(r for r in project.buffers if project.dirty(r)),
            "findings": sum(len(f) for f in project.findings_by_path().values()),
        }


def in_thread(function: Callable[..., T], *args: Any) -> asyncio.Future[T]:
    """Run blocking work off the event loop, in a daemon thread.

    A full lint of a large project takes seconds; a daemon thread lets the
    process end at ``exit`` without waiting for one that is still running
    (an executor's worker threads would be joined first).
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not future.done():
            outcome()

    def work() -> None:
        try:
            value = function(*args)
        except BaseException as exc:  # handed to the awaiting coroutine
            error = exc
            outcome = lambda: future.set_exception(error)  # noqa: E731
        else:
            outcome = lambda: future.set_result(value)  # noqa: E731
        try:
            loop.call_soon_threadsafe(settle, outcome)
        except RuntimeError:  # the loop is gone: the server is exiting
            pass

    threading.Thread(target=work, name="djust-lint-lsp-work", daemon=True).start()
    return future


def _restart(task: asyncio.Task[None] | None, coroutine) -> asyncio.Task[None]:
    """Cancel a pending (not yet running) wait and start a new one: the debounce."""
    if task is not None and not task.done():
        task.cancel()
    return asyncio.ensure_future(coroutine)


def diagnostic(conv: Converter, finding: Finding) -> types.Diagnostic:
    path = finding.path if finding.path != "." else ""
    return types.Diagnostic(
        range=conv.range(path, finding.span),
        message=finding.message,
        severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        source="djust-lint",
        data={"name": finding.name, "fixable": finding.fix is not None},
    )
