"""The language server: LSP messages in, graph answers out (pygls over stdio).

Only wiring lives here: each workspace folder that is a project gets a
:class:`~.session.Session` (its buffers, debounced lint runs and published
diagnostics); document sync and requests go to the session of the document's
project, convert positions and call the feature modules. Every handler is guarded: a
document the readers cannot make sense of yields no answer, never a dead
server.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .._version import __version__
from . import actions, completion, navigation
from .session import Session, diagnostic, in_thread

log = logging.getLogger("djust_lint.lsp")

DEBOUNCE_SECONDS = 0.15
"""Quiet time after the last keystroke before the edited template is re-linted."""
FULL_DELAY_SECONDS = 1.0
"""Quiet time after the last keystroke before the whole project is linted again."""

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
    """Holds one :class:`~.session.Session` per workspace folder that is a project.

    A document belongs to the project of the deepest folder holding it; a
    document outside every project gets no answers and no diagnostics.
    """

    def __init__(self, root: Path | None = None, debounce: float = DEBOUNCE_SECONDS, full_delay: float = FULL_DELAY_SECONDS) -> None:
        super().__init__("djust-lint", __version__)
        self.fixed_root = root
        self.debounce = debounce
        self.full_delay = full_delay
        self.sessions: dict[Path, Session] = {}
        """Project root -> its session, in the order the folders were opened."""

    # -- projects ------------------------------------------------------------

    def open_projects(self, params: types.InitializeParams) -> None:
        if self.fixed_root is not None:
            self.add_folder(self.fixed_root, check_markers=False)
            return
        folders = [f.uri for f in params.workspace_folders or []]
        if not folders and params.root_uri:
            folders = [params.root_uri]
        paths = [to_fs_path(uri) for uri in folders] if folders else [params.root_path]
        for path in paths:
            if path:
                self.add_folder(Path(path))

    def add_folder(self, path: Path, *, check_markers: bool = True) -> Session | None:
        """Open the project around a workspace folder (once per root)."""
        from ..readers.discovery import find_root

        root = find_root(path)
        if check_markers and not any((root / marker).exists() for marker in _ROOT_MARKERS):
            log.warning("no project around %s (no pyproject.toml, manage.py or .git); use --root", path)
            return None  # a home directory opened by accident is not linted
        key = Path(root).resolve()
        if key not in self.sessions:
            self.sessions[key] = Session(self, key, self.debounce, self.full_delay)
        return self.sessions[key]

    def remove_folder(self, path: Path) -> None:
        from ..readers.discovery import find_root

        session = self.sessions.pop(Path(find_root(path)).resolve(), None)
        if session is not None:
            session.withdraw()

    def session_for(self, uri: str) -> tuple[Session, str] | None:
        """The project a document belongs to (the deepest root holding it) and its root-relative path."""
        path = to_fs_path(uri)
        if not path:
            return None
        best: tuple[Session, str] | None = None
        for root, session in self.sessions.items():
            rel = session.project.relative(path)
            if rel is not None and (best is None or len(root.parts) > len(best[0].root.parts)):
                best = (session, rel)
        return best


def create_server(
    root: Path | None = None, debounce: float = DEBOUNCE_SECONDS, full_delay: float = FULL_DELAY_SECONDS
) -> DjustLanguageServer:
    """A server with every feature registered (``djust-lint lsp`` runs it over stdio)."""
    server = DjustLanguageServer(root, debounce, full_delay)

    @server.feature(types.INITIALIZE)
    def initialize(ls: DjustLanguageServer, params: types.InitializeParams) -> None:
        ls.open_projects(params)

    @server.feature(types.INITIALIZED)
    def initialized(ls: DjustLanguageServer, params: types.InitializedParams) -> None:
        for session in ls.sessions.values():
            session.schedule_full(0)

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_folders(ls: DjustLanguageServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        if ls.fixed_root is not None:
            return  # --root: one project, whatever the editor shows
        for folder in params.event.removed:
            path = to_fs_path(folder.uri)
            if path:
                ls.remove_folder(Path(path))
        for folder in params.event.added:
            path = to_fs_path(folder.uri)
            session = ls.add_folder(Path(path)) if path else None
            if session is not None and session.project.result is None:
                session.schedule_full(0)

    # -- document sync ---------------------------------------------------------

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: DjustLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        found = ls.session_for(params.text_document.uri)
        if found is not None:
            session, rel = found
            session.project.open(rel, params.text_document.text)
            if session.project.dirty(rel):
                session.changed(rel)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: DjustLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        found = ls.session_for(params.text_document.uri)
        if found is not None:
            session, rel = found
            session.project.change(rel, ls.workspace.get_text_document(params.text_document.uri).source)
            session.changed(rel)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=True))
    def did_save(ls: DjustLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        found = ls.session_for(params.text_document.uri)
        if found is not None:
            session, rel = found
            session.project.save(rel, params.text)
            session.schedule_full(0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: DjustLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        found = ls.session_for(params.text_document.uri)
        if found is not None:
            session, rel = found
            was_dirty = session.project.dirty(rel)
            session.project.close(rel)
            if was_dirty:
                session.closed_dirty()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: DjustLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        touched = {found[0].root for change in params.changes if (found := ls.session_for(change.uri)) is not None}
        for root in touched:
            ls.sessions[root].schedule_full(ls.debounce)

    # -- requests ----------------------------------------------------------------

    async def _where(ls: DjustLanguageServer, uri: str, position: types.Position) -> tuple[Session, str, int, int] | None:
        found = ls.session_for(uri)
        if found is None:
            return None
        session, rel = found
        await session.fresh()
        if session.project.graph is None:
            return None
        line, column = session.converter().from_client(rel, position)
        return session, rel, line, column

    def _locations(session: Session, targets: list[navigation.Target]) -> list[types.Location]:
        conv = session.converter()
        return [conv.location(session.uri(t.path), t.path, t.span) for t in targets]

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(ls: DjustLanguageServer, params: types.DefinitionParams) -> list[types.Location] | None:
        where = await _where(ls, params.text_document.uri, params.position)
        if where is None:
            return None
        session, *at = where
        return _locations(session, navigation.definition(session.project.graph, *at)) or None  # type: ignore[arg-type]

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def references(ls: DjustLanguageServer, params: types.ReferenceParams) -> list[types.Location] | None:
        where = await _where(ls, params.text_document.uri, params.position)
        if where is None:
            return None
        session, *at = where
        project = session.project
        assert project.graph is not None
        targets = navigation.references(project.graph, *at, project.text, params.context.include_declaration)  # type: ignore[arg-type]
        return _locations(session, targets) or None

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: DjustLanguageServer, params: types.HoverParams) -> types.Hover | None:
        where = await _where(ls, params.text_document.uri, params.position)
        if where is None:
            return None
        session, *at = where
        found = navigation.hover(session.project.graph, *at)  # type: ignore[arg-type]
        if found is None:
            return None
        text, span = found
        content = types.MarkupContent(types.MarkupKind.Markdown, text)
        return types.Hover(content, session.converter().range(at[0], span))  # type: ignore[arg-type]

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=["-", '"', "'", "{", ",", ":"]),
    )
    async def complete(ls: DjustLanguageServer, params: types.CompletionParams) -> types.CompletionList | None:
        found = ls.session_for(params.text_document.uri)
        if found is None:
            return None
        session, rel = found
        project = session.project
        if project.result is None:
            await session.fresh()  # the first build; afterwards completion never waits for a lint
        text = project.text(rel) or ""
        conv = session.converter()
        line, column = conv.from_client(rel, params.position)
        offset = conv.offset(rel, line, column)
        items = completion.complete(project.graph, rel, text, offset)
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
        found = ls.session_for(params.text_document.uri)
        if found is None:
            return None
        session, rel = found
        await session.fresh()
        conv = session.converter()
        start = conv.from_client(rel, params.range.start)
        end = conv.from_client(rel, params.range.end)
        from .edits import workspace_edit

        result = []
        for action in actions.code_actions(session.project, conv, rel, start, end):
            diagnostics = [diagnostic(conv, action.finding)] if action.finding is not None else None
            result.append(
                types.CodeAction(
                    title=action.title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=diagnostics,
                    edit=workspace_edit(session.root, action.changes),
                    is_preferred=action.preferred or None,
                )
            )
        return result or None

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare_rename(ls: DjustLanguageServer, params: types.PrepareRenameParams) -> types.Range | None:
        where = await _where(ls, params.text_document.uri, params.position)
        if where is None:
            return None
        session, *at = where
        try:
            target = actions.rename_target(session.project, *at)  # type: ignore[arg-type]
        except actions.ActionRefused as exc:
            raise RequestFailed(str(exc)) from None
        return session.converter().range(at[0], target.span)  # type: ignore[arg-type]

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    async def rename(ls: DjustLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        where = await _where(ls, params.text_document.uri, params.position)
        if where is None:
            return None
        from .edits import workspace_edit

        session, *at = where
        conv = session.converter()
        try:
            changes = await in_thread(lambda: actions.rename(session.project, conv, *at, params.new_name))  # type: ignore[arg-type]
        except actions.ActionRefused as exc:
            raise RequestFailed(str(exc)) from None
        return workspace_edit(session.root, changes)

    @server.command(STATUS_COMMAND)
    def status(ls: DjustLanguageServer, *args: Any) -> dict[str, Any]:
        """What the server holds and how much work it did (for people debugging a setup, and tests).

        The first project's figures at the top level (a single-folder workspace), every project's
        under ``projects``.
        """
        if not ls.sessions:
            return {"root": None}
        projects = [session.status() for session in ls.sessions.values()]
        return {**projects[0], "projects": projects}

    return server


def serve(root: Path | None = None, debounce: float = DEBOUNCE_SECONDS, full_delay: float = FULL_DELAY_SECONDS) -> int:
    """Run the server over stdin/stdout until the client says ``exit``."""
    logging.basicConfig(level=logging.WARNING, format="djust-lint lsp: %(levelname)s %(message)s")
    create_server(root, debounce, full_delay).start_io()
    return 0
