"""The language server: LSP messages in, graph answers out (pygls over stdio).

Only wiring lives here: document sync feeds :class:`Project` buffers, a
debounced task lints and publishes diagnostics (only for files whose
diagnostics changed, so a fixed file is cleared), and each request converts
positions and calls the feature modules. Every handler is guarded: a
document the readers cannot make sense of yields no answer, never a dead
server.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .._version import __version__
from ..core.findings import Finding, Severity
from . import actions, completion, navigation
from .positions import Converter
from .project import Project

log = logging.getLogger("djust_lint.lsp")
T = TypeVar("T")

DEBOUNCE_SECONDS = 0.15
"""Quiet time after the last keystroke before the edited template is re-linted."""
FULL_DELAY_SECONDS = 1.0
"""Quiet time after the last keystroke before the whole project is linted again."""

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_COMPLETION_KIND = {
    "handler": types.CompletionItemKind.Method,
    "directive": types.CompletionItemKind.Property,
    "param": types.CompletionItemKind.Variable,
    "variable": types.CompletionItemKind.Variable,
    "field": types.CompletionItemKind.Field,
}


STATUS_COMMAND = "djust-lint.status"
_ROOT_MARKERS = ("pyproject.toml", "manage.py", ".git")


class RequestFailed(JsonRpcException):
    """LSP ``RequestFailed``: the request was valid but cannot be carried out (message says why)."""

    CODE = -32803


class DjustLanguageServer(LanguageServer):
    """Holds the project and the scheduling state between messages.

    Two kinds of run: a *quick* re-lint of an edited template (patched into the
    last graph, findings for that file only; see :mod:`.incremental`) soon after
    a keystroke, and a *full* lint of the project when typing pauses (or after
    a save or a Python edit), which reconciles every file.
    """

    def __init__(self, root: Path | None = None, debounce: float = DEBOUNCE_SECONDS, full_delay: float = FULL_DELAY_SECONDS) -> None:
        super().__init__("djust-lint", __version__)
        self.fixed_root = root
        self.debounce = debounce
        self.full_delay = full_delay
        self.project: Project | None = None
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

    # -- project -------------------------------------------------------------

    def open_project(self, params: types.InitializeParams) -> None:
        from ..readers.discovery import find_root

        root = self.fixed_root
        if root is None:
            folders = params.workspace_folders or []
            uri = folders[0].uri if folders else params.root_uri
            path = to_fs_path(uri) if uri else params.root_path
            root = find_root(Path(path)) if path else None
            if root is not None and not any((root / marker).exists() for marker in _ROOT_MARKERS):
                log.warning("no project around %s (no pyproject.toml, manage.py or .git); use --root", path)
                root = None  # a home directory opened by accident is not linted
        if root is not None:
            self.project = Project(Path(root))

    def converter(self) -> Converter:
        assert self.project is not None
        return Converter(str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16), self.project.text)

    def rel(self, uri: str) -> str | None:
        if self.project is None:
            return None
        path = to_fs_path(uri)
        return self.project.relative(path) if path else None

    def uri(self, rel: str) -> str:
        assert self.project is not None
        return (self.project.root / rel).as_uri()

    # -- scheduling --------------------------------------------------------------

    def changed(self, rel: str) -> None:
        """A buffer changed: re-lint the template quickly, and the project when typing pauses."""
        assert self.project is not None
        self.generation += 1
        if self.project.result is not None and self.project.is_template(rel):
            self._quick_dirty.add(rel)
            self._quick_pending = _restart(self._quick_pending, self._quick_later(self.debounce))
            self.schedule_full(self.full_delay)
        else:
            self._full_wanted_now = True
            self.schedule_full(self.debounce)

    def schedule_full(self, delay: float) -> None:
        if self.project is not None:
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
        if project is None:
            return
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
        if self.project is None:
            return
        while self._full_running is not None and not self._full_running.done():
            await asyncio.shield(self._full_running)
        self._full_running = asyncio.ensure_future(self._full())
        await asyncio.shield(self._full_running)

    async def _full(self) -> None:
        project = self.project
        assert project is not None
        generation = self.generation
        self._full_wanted_now = False
        overlays = project.overlays()  # taken here: the buffers change on this thread
        try:
            await in_thread(project.lint, overlays)
        except Exception:  # the readers never raise; a crash elsewhere must not end the session
            log.exception("lint failed")
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, "djust-lint: lint failed (see server log)"))
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
        project = self.project
        if project is None:
            return
        if project.result is None or self._full_wanted_now:
            if self._full_pending is not None:
                self._full_pending.cancel()
            await self.full_now()
        if self._quick_dirty:
            if self._quick_pending is not None:
                self._quick_pending.cancel()
            await self.quick_now()

    def publish(self) -> None:
        project = self.project
        assert project is not None
        conv = self.converter()
        current = project.findings_by_path()
        for path in sorted(set(current) | set(self.published)):
            findings = current.get(path, [])
            fingerprint = tuple((f.code, f.span, f.message, f.severity) for f in findings)
            if self.published.get(path, ()) == fingerprint:
                continue
            diagnostics = [_diagnostic(conv, f) for f in findings]
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(self.uri(path), diagnostics))
            if findings:
                self.published[path] = fingerprint
            else:
                self.published.pop(path, None)


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


def _diagnostic(conv: Converter, finding: Finding) -> types.Diagnostic:
    path = finding.path if finding.path != "." else ""
    return types.Diagnostic(
        range=conv.range(path, finding.span),
        message=finding.message,
        severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        source="djust-lint",
        data={"name": finding.name, "fixable": finding.fix is not None},
    )


def create_server(
    root: Path | None = None, debounce: float = DEBOUNCE_SECONDS, full_delay: float = FULL_DELAY_SECONDS
) -> DjustLanguageServer:
    """A server with every feature registered (``djust-lint lsp`` runs it over stdio)."""
    server = DjustLanguageServer(root, debounce, full_delay)

    @server.feature(types.INITIALIZE)
    def initialize(ls: DjustLanguageServer, params: types.InitializeParams) -> None:
        ls.open_project(params)

    @server.feature(types.INITIALIZED)
    def initialized(ls: DjustLanguageServer, params: types.InitializedParams) -> None:
        ls.schedule_full(0)

    # -- document sync ---------------------------------------------------------

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: DjustLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        rel = ls.rel(params.text_document.uri)
        if rel is not None and ls.project is not None:
            ls.project.open(rel, params.text_document.text)
            if ls.project.dirty(rel):
                ls.changed(rel)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: DjustLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        rel = ls.rel(params.text_document.uri)
        if rel is not None and ls.project is not None:
            ls.project.change(rel, ls.workspace.get_text_document(params.text_document.uri).source)
            ls.changed(rel)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=True))
    def did_save(ls: DjustLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        rel = ls.rel(params.text_document.uri)
        if rel is not None and ls.project is not None:
            ls.project.save(rel, params.text)
            ls.schedule_full(0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: DjustLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        rel = ls.rel(params.text_document.uri)
        if rel is not None and ls.project is not None:
            was_dirty = ls.project.dirty(rel)
            ls.project.close(rel)
            if was_dirty:
                ls.generation += 1
                ls.schedule_full(ls.debounce)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: DjustLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.schedule_full(ls.debounce)

    # -- requests ----------------------------------------------------------------

    async def _where(ls: DjustLanguageServer, uri: str, position: types.Position) -> tuple[str, int, int] | None:
        rel = ls.rel(uri)
        if rel is None or ls.project is None:
            return None
        await ls.fresh()
        if ls.project.graph is None:
            return None
        line, column = ls.converter().from_client(rel, position)
        return rel, line, column

    def _locations(ls: DjustLanguageServer, targets: list[navigation.Target]) -> list[types.Location]:
        conv = ls.converter()
        return [conv.location(ls.uri(t.path), t.path, t.span) for t in targets]

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(ls: DjustLanguageServer, params: types.DefinitionParams) -> list[types.Location] | None:
        where = await _where(ls, params.text_document.uri, params.position)
        if where is None:
            return None
        return _locations(ls, navigation.definition(ls.project.graph, *where)) or None  # type: ignore[union-attr, arg-type]

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def references(ls: DjustLanguageServer, params: types.ReferenceParams) -> list[types.Location] | None:
        where = await _where(ls, params.text_document.uri, params.position)
        if where is None:
            return None
        project = ls.project
        assert project is not None and project.graph is not None
        targets = navigation.references(project.graph, *where, project.text, params.context.include_declaration)
        return _locations(ls, targets) or None

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: DjustLanguageServer, params: types.HoverParams) -> types.Hover | None:
        where = await _where(ls, params.text_document.uri, params.position)
        if where is None:
            return None
        found = navigation.hover(ls.project.graph, *where)  # type: ignore[union-attr, arg-type]
        if found is None:
            return None
        text, span = found
        content = types.MarkupContent(types.MarkupKind.Markdown, text)
        return types.Hover(content, ls.converter().range(where[0], span))

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=["-", '"', "'", "{", ",", ":"]),
    )
    async def complete(ls: DjustLanguageServer, params: types.CompletionParams) -> types.CompletionList | None:
        rel = ls.rel(params.text_document.uri)
        if rel is None or ls.project is None:
            return None
        if ls.project.result is None:
            await ls.fresh()  # the first build; afterwards completion never waits for a lint
        text = ls.project.text(rel) or ""
        conv = ls.converter()
        line, column = conv.from_client(rel, params.position)
        offset = conv.offset(rel, line, column)
        items = completion.complete(ls.project.graph, rel, text, offset)
        result = []
        for item in items:
            start = conv.position(rel, line, max(column - item.replace, 1))
            edit = types.TextEdit(types.Range(start, params.position), item.label)
            result.append(
                types.CompletionItem(
                    label=item.label,
                    kind=_COMPLETION_KIND.get(item.kind),
                    detail=item.detail,
                    text_edit=edit,
                    filter_text=item.label,
                )
            )
        return types.CompletionList(is_incomplete=False, items=result)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    async def code_action(ls: DjustLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        rel = ls.rel(params.text_document.uri)
        if rel is None or ls.project is None:
            return None
        await ls.fresh()
        conv = ls.converter()
        start = conv.from_client(rel, params.range.start)
        end = conv.from_client(rel, params.range.end)
        from .edits import workspace_edit

        result = []
        for action in actions.code_actions(ls.project, conv, rel, start, end):
            diagnostics = [_diagnostic(conv, action.finding)] if action.finding is not None else None
            result.append(
                types.CodeAction(
                    title=action.title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=diagnostics,
                    edit=workspace_edit(ls.project.root, action.changes),
                    is_preferred=action.preferred or None,
                )
            )
        return result or None

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare_rename(ls: DjustLanguageServer, params: types.PrepareRenameParams) -> types.Range | None:
        where = await _where(ls, params.text_document.uri, params.position)
        if where is None:
            return None
        try:
            target = actions.rename_target(ls.project, *where)  # type: ignore[arg-type]
        except actions.ActionRefused as exc:
            raise RequestFailed(str(exc)) from None
        return ls.converter().range(where[0], target.span)

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    async def rename(ls: DjustLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        where = await _where(ls, params.text_document.uri, params.position)
        if where is None:
            return None
        from .edits import workspace_edit

        project = ls.project
        assert project is not None
        conv = ls.converter()
        try:
            changes = await in_thread(lambda: actions.rename(project, conv, *where, params.new_name))
        except actions.ActionRefused as exc:
            raise RequestFailed(str(exc)) from None
        return workspace_edit(project.root, changes)

    @server.command(STATUS_COMMAND)
    def status(ls: DjustLanguageServer, *args: Any) -> dict[str, Any]:
        """What the server holds and how much work it did (for people debugging a setup, and tests)."""
        project = ls.project
        if project is None:
            return {"root": None}
        return {
            "root": str(project.root),
            "full_runs": project.runs,
            "quick_runs": project.quick_runs,
            "open": sorted(project.buffers),
            "unsaved": sorted(r for r in project.buffers if project.dirty(r)),
            "findings": sum(len(f) for f in project.findings_by_path().values()),
        }

    return server


def serve(root: Path | None = None, debounce: float = DEBOUNCE_SECONDS, full_delay: float = FULL_DELAY_SECONDS) -> int:
    """Run the server over stdin/stdout until the client says ``exit``."""
    logging.basicConfig(level=logging.WARNING, format="djust-lint lsp: %(levelname)s %(message)s")
    create_server(root, debounce, full_delay).start_io()
    return 0
