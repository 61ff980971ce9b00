"""``djust-lint lsp`` end to end: a real LSP client (pytest-lsp) drives the real command over stdio.

The fixture project (tests/fixtures/lsp_site) is copied to a temporary
directory so saves and caches never touch the repository. Diagnostics are
awaited as notifications (the server lints after a debounce), never timed.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SITE = Path(__file__).parent / "fixtures" / "lsp_site"
EXE = Path(sys.executable).with_name("djust-lint")
CONFIG = ClientServerConfig(server_command=[str(EXE), "lsp"])

BOARD = "board/templates/board/board.html"
TOOLBAR = "board/templates/board/_toolbar.html"
VIEWS = "board/views.py"
SCRIPT = "board/static/board/board.js"


def _copy_site(target: Path) -> Path:
    shutil.copytree(SITE, target)
    return target.resolve()


async def _start(client: LanguageClient, root: Path) -> None:
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(root.as_uri(), "site")],
        )
    )


# One server for the read-only tests (definition, references, hover, completion) ...
@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_site(tmp_path_factory.mktemp("lsp") / "site")


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def reader(lsp_client: LanguageClient, site: Path):
    await _start(lsp_client, site)
    yield
    await lsp_client.shutdown_session()


# ... and a fresh server (and project copy) for every test that edits.
@pytest.fixture
def edited_site(tmp_path: Path) -> Path:
    return _copy_site(tmp_path / "site")


@pytest_lsp.fixture(config=CONFIG)
async def editor(lsp_client: LanguageClient, edited_site: Path):
    await _start(lsp_client, edited_site)
    yield
    await lsp_client.shutdown_session()


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def uri(root: Path, rel: str) -> str:
    return (root / rel).as_uri()


def position_of(root: Path, rel: str, needle: str, offset: int = 0, text: str | None = None) -> types.Position:
    """The position of ``needle`` (plus ``offset`` characters) in a file, 0-based as LSP counts."""
    text = text if text is not None else (root / rel).read_text()
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return types.Position(line, index - (text.rfind("\n", 0, index) + 1))


def open_doc(client: LanguageClient, root: Path, rel: str, text: str | None = None, language: str = "html") -> str:
    doc_uri = uri(root, rel)
    body = text if text is not None else (root / rel).read_text()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(doc_uri, language, 1, body)))
    return doc_uri


def replace_all(client: LanguageClient, doc_uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=doc_uri),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics_until(
    client: LanguageClient, doc_uri: str, done: Callable[[Sequence[types.Diagnostic]], bool], limit: float = 60.0
) -> Sequence[types.Diagnostic]:
    """Wait for the published diagnostics of ``doc_uri`` to satisfy ``done``."""

    async def wait() -> Sequence[types.Diagnostic]:
        while True:
            current = client.diagnostics.get(doc_uri)
            if current is not None and done(current):
                return current
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), limit)


def codes(diagnostics: Sequence[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)


def spot(locations: Sequence[types.Location] | None, root: Path) -> set[tuple[str, int]]:
    """(root-relative path, 1-based line) of each location."""
    return {(Path(types_uri_path(loc.uri)).relative_to(root).as_posix(), loc.range.start.line + 1) for loc in locations or []}


def types_uri_path(value: str) -> str:
    from pygls.uris import to_fs_path

    return str(Path(to_fs_path(value)).resolve())


def line_of(root: Path, rel: str, needle: str) -> int:
    return position_of(root, rel, needle).line + 1


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """Apply LSP text edits (ASCII text: columns are characters) the way an editor does."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def offset(pos: types.Position) -> int:
        return starts[pos.line] + pos.character

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


# ---------------------------------------------------------------------------
# Diagnostics
# ---------------------------------------------------------------------------


@pytest.mark.asyncio(loop_scope="function")
async def test_unsaved_edit_changes_diagnostics_and_fixing_clears_them(editor: LanguageClient, edited_site):
    original = (edited_site / BOARD).read_text()
    doc = open_doc(editor, edited_site, BOARD)
    broken = original.replace('dj-click="add_card"', 'dj-click="ad_card"')
    replace_all(editor, doc, broken, 2)
    found = await diagnostics_until(editor, doc, lambda d: "DJ101" in codes(d))
    dead = next(d for d in found if d.code == "DJ101")
    assert "ad_card" in dead.message and dead.source == "djust-lint"
    assert dead.range.start == position_of(edited_site, BOARD, "ad_card", text=broken)
    assert (edited_site / BOARD).read_text() == original  # nothing written: the buffer was an overlay
    replace_all(editor, doc, original, 3)
    assert not await diagnostics_until(editor, doc, lambda d: not d)


@pytest.mark.asyncio(loop_scope="function")
async def test_suppressions_and_configuration_are_those_of_check(editor: LanguageClient, edited_site):
    # The fixture suppresses a dead binding with a comment and ignores DJ503 in pyproject.toml.
    doc = open_doc(editor, edited_site, BOARD)
    text = (edited_site / BOARD).read_text().replace('dj-click="archive"', 'dj-click="archve"')
    replace_all(editor, doc, text, 2)
    found = await diagnostics_until(editor, doc, lambda d: bool(d))
    assert codes(found) == ["DJ101"]
    assert "archve" in found[0].message  # the suppressed legacy_handler binding is not reported
    views = uri(edited_site, VIEWS)
    assert views not in editor.diagnostics  # the print() in ArchiveView.mount: DJ503 is ignored by config
    # Removing the suppression comment reports the binding it hid.
    replace_all(editor, doc, text.replace("{# djust-lint: ignore DJ101 #}\n", ""), 3)
    found = await diagnostics_until(editor, doc, lambda d: len(d) == 2)
    assert any("legacy_handler" in d.message for d in found)


@pytest.mark.asyncio(loop_scope="function")
async def test_python_edit_moves_diagnostics_to_the_template(editor: LanguageClient, edited_site):
    views_text = (edited_site / VIEWS).read_text()
    doc = open_doc(editor, edited_site, VIEWS, language="python")
    replace_all(editor, doc, views_text.replace("def archive(", "def archive_card("), 2)
    board = uri(edited_site, BOARD)
    found = await diagnostics_until(editor, board, lambda d: "DJ101" in codes(d))
    assert any("'archive'" in d.message for d in found)


@pytest.mark.asyncio(loop_scope="function")
async def test_save_relints_from_disk(editor: LanguageClient, edited_site):
    doc = open_doc(editor, edited_site, TOOLBAR)
    text = (edited_site / TOOLBAR).read_text().replace('dj-click="refresh"', 'dj-click="refrsh"')
    (edited_site / TOOLBAR).write_text(text)
    editor.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(doc), text))
    found = await diagnostics_until(editor, doc, lambda d: "DJ101" in codes(d))
    assert all("refrsh" in d.message for d in found)


# ---------------------------------------------------------------------------
# Definition
# ---------------------------------------------------------------------------


@pytest.mark.asyncio(loop_scope="module")
async def test_definition_from_binding_to_handler(reader: LanguageClient, site):
    open_doc(reader, site, BOARD)
    result = await reader.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(uri(site, BOARD)), position_of(site, BOARD, "archive", 2))
    )
    assert spot(result, site) == {(VIEWS, line_of(site, VIEWS, "def archive("))}
    assert result[0].range.start.character == position_of(site, VIEWS, "archive(").character


@pytest.mark.asyncio(loop_scope="module")
async def test_definition_through_the_mro_and_for_every_rendering_view(reader: LanguageClient, site):
    toolbar = uri(site, TOOLBAR)
    inherited = await reader.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(toolbar), position_of(site, TOOLBAR, "refresh", 1))
    )
    assert spot(inherited, site) == {(VIEWS, line_of(site, VIEWS, "def refresh("))}  # BaseBoardView, once
    both = await reader.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(toolbar), position_of(site, TOOLBAR, "add_card", 3))
    )
    views = (site / VIEWS).read_text()
    lines = {views[: m].count("\n") + 1 for m in _all(views, "def add_card(")}
    assert spot(both, site) == {(VIEWS, n) for n in lines} and len(lines) == 2


def _all(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start != -1:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


@pytest.mark.asyncio(loop_scope="module")
async def test_definition_of_extends_include_and_template_name(reader: LanguageClient, site):
    board = uri(site, BOARD)
    extends = await reader.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(board), position_of(site, BOARD, "board/base.html", 3))
    )
    assert spot(extends, site) == {("board/templates/board/base.html", 1)}
    include = await reader.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(board), position_of(site, BOARD, "_toolbar", 2))
    )
    assert spot(include, site) == {(TOOLBAR, 1)}
    named = await reader.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(uri(site, VIEWS)), position_of(site, VIEWS, '"board/archive.html"', 4))
    )
    assert spot(named, site) == {("board/templates/board/archive.html", 1)}


# ---------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------


@pytest.mark.asyncio(loop_scope="module")
async def test_references_of_a_handler(reader: LanguageClient, site):
    result = await reader.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri(site, VIEWS)),
            position=position_of(site, VIEWS, "def archive(", 5),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert spot(result, site) == {
        (VIEWS, line_of(site, VIEWS, "def archive(")),
        (BOARD, line_of(site, BOARD, 'dj-click="archive"')),
        (SCRIPT, line_of(site, SCRIPT, 'pushEvent("archive"')),
    }


@pytest.mark.asyncio(loop_scope="module")
async def test_references_include_python_uses_and_every_template(reader: LanguageClient, site):
    result = await reader.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri(site, VIEWS)),
            position=position_of(site, VIEWS, "def refresh(", 5),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert spot(result, site) == {
        (TOOLBAR, line_of(site, TOOLBAR, 'dj-click="refresh"')),
        (VIEWS, line_of(site, VIEWS, "self.refresh()")),
    }
    python_use = next(loc for loc in result if loc.uri.endswith("views.py"))
    assert python_use.range.start.character == position_of(site, VIEWS, "self.refresh()", 5).character


# ---------------------------------------------------------------------------
# Completion
# ---------------------------------------------------------------------------


async def _complete(client: LanguageClient, site: Path, rel: str, text: str, marker: str = "|") -> list[types.CompletionItem]:
    """Open ``rel`` with ``text`` (``marker`` = the cursor) and ask for completions there."""
    body = text.replace(marker, "")
    doc = uri(site, rel)
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(doc, "html", 1, body)))
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(doc), position_of(site, rel, marker, text=text))
    )
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(doc)))
    items = result.items if isinstance(result, types.CompletionList) else result or []
    return list(items)


@pytest.mark.asyncio(loop_scope="module")
async def test_completion_of_handler_names_for_the_rendering_views(reader: LanguageClient, site):
    board = (site / BOARD).read_text().replace('dj-click="archive"', 'dj-click="ar|"')
    labels = {i.label for i in await _complete(reader, site, BOARD, board)}
    assert {"add_card", "archive", "refresh"} <= labels
    toolbar = (site / TOOLBAR).read_text().replace('dj-click="refresh"', 'dj-submit="|"')
    labels = {i.label for i in await _complete(reader, site, TOOLBAR, toolbar)}
    assert {"add_card", "refresh", "archive"} <= labels  # rendered by BoardView and ArchiveView


@pytest.mark.asyncio(loop_scope="module")
async def test_completion_of_directives(reader: LanguageClient, site):
    text = (site / TOOLBAR).read_text().replace("<nav>", "<nav dj-cl|>")
    items = await _complete(reader, site, TOOLBAR, text)
    labels = {i.label for i in items}
    assert {"dj-click", "dj-click-away"} <= labels and "dj-submit" not in labels
    edit = next(i for i in items if i.label == "dj-click").text_edit
    assert isinstance(edit, types.TextEdit) and edit.range.end.character - edit.range.start.character == len("dj-cl")


@pytest.mark.asyncio(loop_scope="module")
async def test_completion_of_dj_value_params_from_the_signature(reader: LanguageClient, site):
    text = (site / BOARD).read_text().replace('dj-value-title="New"', 'dj-value-|')
    labels = {i.label for i in await _complete(reader, site, BOARD, text)}
    assert labels == {"dj-value-title", "dj-value-column"}
    supplied = (site / BOARD).read_text().replace('dj-value-title="New"', 'dj-value-title="New" dj-value-|')
    assert {i.label for i in await _complete(reader, site, BOARD, supplied)} == {"dj-value-column"}


@pytest.mark.asyncio(loop_scope="module")
async def test_completion_of_context_variables(reader: LanguageClient, site):
    text = (site / BOARD).read_text().replace("{{ title }}", "{{ |")
    labels = {i.label for i in await _complete(reader, site, BOARD, text)}
    assert {"title", "cards", "column_names"} <= labels
    assert "login_required" not in labels  # framework attributes are not the page's context
    model = (site / BOARD).read_text().replace("<h1>{{ title }}</h1>", '<input dj-model="ti|">')
    assert {i.label for i in await _complete(reader, site, BOARD, model)} >= {"title", "cards"}


# ---------------------------------------------------------------------------
# Hover
# ---------------------------------------------------------------------------


@pytest.mark.asyncio(loop_scope="module")
async def test_hover_on_a_binding(reader: LanguageClient, site):
    open_doc(reader, site, BOARD)
    result = await reader.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri(site, BOARD)), position_of(site, BOARD, "add_card", 1))
    )
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    text = result.contents.value
    assert "def add_card(self, title: str = '', column: int = 0, **kwargs)" in text.replace('""', "''")
    assert "@event_handler" in text and "Add a card to a column." in text
    assert "board.views.BoardView" in text


# ---------------------------------------------------------------------------
# Code actions and rename
# ---------------------------------------------------------------------------


async def _actions_at(client: LanguageClient, doc: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(types.TextDocumentIdentifier(doc), diagnostic.range, types.CodeActionContext([diagnostic]))
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


@pytest.mark.asyncio(loop_scope="function")
async def test_code_actions_for_a_dead_binding(editor: LanguageClient, edited_site):
    doc = open_doc(editor, edited_site, BOARD)
    text = (edited_site / BOARD).read_text().replace('dj-click="archive" dj-value-card-id="1"', 'dj-click="archiv" dj-value-card-id="1"')
    replace_all(editor, doc, text, 2)
    found = await diagnostics_until(editor, doc, lambda d: "DJ101" in codes(d))
    actions = await _actions_at(editor, doc, next(d for d in found if d.code == "DJ101"))
    titles = [a.title for a in actions]
    assert "Replace 'archiv' with 'archive'" in titles
    replace = next(a for a in actions if a.title.startswith("Replace"))
    assert apply_edits(text, replace.edit.changes[doc]) == (edited_site / BOARD).read_text()
    add = next(a for a in actions if a.title == "Add handler 'archiv' to BoardView")
    views_uri = uri(edited_site, VIEWS)
    new_views = apply_edits((edited_site / VIEWS).read_text(), add.edit.changes[views_uri])
    assert "    @event_handler\n    def archiv(self, card_id, **kwargs):" in new_views
    compile(new_views, VIEWS, "exec")


@pytest.mark.asyncio(loop_scope="function")
async def test_add_handler_action_edits_an_unsaved_view_buffer(editor: LanguageClient, edited_site):
    """The view has unsaved changes (lines shifted): "Add handler" is still offered, its edit
    applies to the buffer, and nothing is written."""
    views_disk = (edited_site / VIEWS).read_text()
    views_buffer = "# unsaved\n# notes\n" + views_disk
    views_doc = open_doc(editor, edited_site, VIEWS, language="python")
    replace_all(editor, views_doc, views_buffer, 2)
    doc = open_doc(editor, edited_site, BOARD)
    text = (edited_site / BOARD).read_text().replace('dj-click="archive" dj-value-card-id="1"', 'dj-click="archiv" dj-value-card-id="1"')
    replace_all(editor, doc, text, 2)
    found = await diagnostics_until(editor, doc, lambda d: "DJ101" in codes(d))
    actions = await _actions_at(editor, doc, next(d for d in found if d.code == "DJ101"))
    add = next(a for a in actions if a.title == "Add handler 'archiv' to BoardView")
    new_views = apply_edits(views_buffer, add.edit.changes[views_doc])
    assert new_views.startswith("# unsaved\n# notes\n")
    assert "    @event_handler\n    def archiv(self, card_id, **kwargs):" in new_views
    compile(new_views, VIEWS, "exec")
    assert (edited_site / VIEWS).read_text() == views_disk


@pytest.mark.asyncio(loop_scope="function")
async def test_code_action_for_a_method_fix(editor: LanguageClient, edited_site):
    views_text = (edited_site / VIEWS).read_text()
    edited = views_text.replace("def archive(self, card_id: int = 0, **kwargs):", "def archive(self, card_id: int = 0):")
    doc = open_doc(editor, edited_site, VIEWS, language="python")
    replace_all(editor, doc, edited, 2)
    found = await diagnostics_until(editor, doc, lambda d: "DJ304" in codes(d))
    actions = await _actions_at(editor, doc, next(d for d in found if d.code == "DJ304"))
    assert actions, "the DJ304 fix is offered"
    assert apply_edits(edited, actions[0].edit.changes[doc]) == views_text


@pytest.mark.asyncio(loop_scope="function")
async def test_rename_a_handler_across_python_and_templates(editor: LanguageClient, edited_site):
    board = uri(edited_site, BOARD)
    open_doc(editor, edited_site, BOARD)
    position = position_of(edited_site, BOARD, "archive", 3)
    prepared = await editor.text_document_prepare_rename_async(
        types.PrepareRenameParams(types.TextDocumentIdentifier(board), position)
    )
    assert prepared is not None
    result = await editor.text_document_rename_async(
        types.RenameParams(types.TextDocumentIdentifier(board), position, "archive_card")
    )
    assert result is not None and result.changes is not None
    changed = {}
    for doc_uri, edits in result.changes.items():
        rel = Path(types_uri_path(doc_uri)).relative_to(edited_site).as_posix()
        changed[rel] = apply_edits((edited_site / rel).read_text(), edits)
    assert set(changed) == {VIEWS, BOARD, SCRIPT}
    assert "def archive_card(" in changed[VIEWS] and 'dj-click="archive_card"' in changed[BOARD]
    assert 'pushEvent("archive_card"' in changed[SCRIPT]
    assert (edited_site / VIEWS).read_text().count("def archive(") == 1  # the server wrote nothing


@pytest.mark.asyncio(loop_scope="function")
async def test_rename_with_unsaved_buffers_edits_the_buffers(editor: LanguageClient, edited_site):
    """Editors rename in unsaved files all the time: the edits are computed on the buffers
    (lines shifted by the unsaved text), and nothing is written to disk."""
    views_disk, board_disk = (edited_site / VIEWS).read_text(), (edited_site / BOARD).read_text()
    views_buffer = "# unsaved note\n# another\n" + views_disk
    board_buffer = "{# unsaved #}\n" + board_disk
    views_doc = open_doc(editor, edited_site, VIEWS, language="python")
    board_doc = open_doc(editor, edited_site, BOARD)
    replace_all(editor, views_doc, views_buffer, 2)
    replace_all(editor, board_doc, board_buffer, 2)
    position = position_of(edited_site, BOARD, "archive", 3, text=board_buffer)
    result = await editor.text_document_rename_async(
        types.RenameParams(types.TextDocumentIdentifier(board_doc), position, "archive_card")
    )
    assert result is not None and result.changes is not None
    new_views = apply_edits(views_buffer, result.changes[views_doc])
    new_board = apply_edits(board_buffer, result.changes[board_doc])
    assert new_views.startswith("# unsaved note\n# another\n") and "def archive_card(" in new_views
    assert "def archive(" not in new_views
    assert new_board.startswith("{# unsaved #}\n") and 'dj-click="archive_card"' in new_board
    compile(new_views, VIEWS, "exec")
    assert (edited_site / VIEWS).read_text() == views_disk and (edited_site / BOARD).read_text() == board_disk


@pytest.mark.asyncio(loop_scope="function")
async def test_rename_refused_when_unsafe(editor: LanguageClient, edited_site):
    views = uri(edited_site, VIEWS)
    open_doc(editor, edited_site, VIEWS, language="python")
    with pytest.raises(Exception, match="already has 'archive'"):
        await editor.text_document_rename_async(
            types.RenameParams(types.TextDocumentIdentifier(views), position_of(edited_site, VIEWS, "def add_card(", 5), "archive")
        )


# ---------------------------------------------------------------------------
# Robustness and lifecycle
# ---------------------------------------------------------------------------


MALFORMED = [
    "<button dj-click=\"add_card\0\">\0\0</button>",
    "<div><button dj-click=\"add_card\" <span>{% if cards",
    "{% if %}{% for %}<<<>>>{{ {{ }} }}<button dj-click='(((('>",
    '<button dj-click="add_card(" dj-value-="">{% include %}{% extends "x" ',
    "\ufeff\U0001f600<p dj-click=\"\U0001f600\">{# unclosed",
]


@pytest.mark.asyncio(loop_scope="function")
async def test_malformed_documents_never_kill_the_server(editor: LanguageClient, edited_site):
    doc = open_doc(editor, edited_site, BOARD)
    for version, text in enumerate(MALFORMED, start=2):
        replace_all(editor, doc, text, version)
        end = types.Position(0, 10)
        await editor.text_document_completion_async(types.CompletionParams(types.TextDocumentIdentifier(doc), end))
        await editor.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(doc), end))
        await editor.text_document_definition_async(types.DefinitionParams(types.TextDocumentIdentifier(doc), end))
    views = open_doc(editor, edited_site, VIEWS, language="python")
    replace_all(editor, views, "class Broken(\n    def x(:\n\0", 2)
    await editor.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(views), types.Position(1, 5)))
    # Still alive and still right once the documents are sane again.
    replace_all(editor, views, (edited_site / VIEWS).read_text(), 3)
    replace_all(editor, doc, (edited_site / BOARD).read_text().replace('"archive"', '"archiv"'), 99)
    found = await diagnostics_until(editor, doc, lambda d: codes(d) == ["DJ101"])
    assert "archiv" in found[0].message


@pytest.mark.asyncio(loop_scope="function")
async def test_shutdown_and_exit_are_clean(edited_site):
    client = pytest_lsp.make_test_lsp_client()
    await client.start_io(str(EXE), "lsp")
    try:
        await _start(client, edited_site)
        open_doc(client, edited_site, BOARD)
        await client.shutdown_session()  # shutdown, then exit, then waits for the process
        assert client._server is not None and client._server.returncode == 0
    finally:
        await client.stop()


@pytest.mark.asyncio(loop_scope="function")
async def test_a_template_edit_is_checked_without_relinting_the_project(edited_site):
    """With the full lint held off, diagnostics for an edited template come from the quick re-lint."""
    client = pytest_lsp.make_test_lsp_client()
    await client.start_io(str(EXE), "lsp", "--full-delay-ms", "600000")
    try:
        await _start(client, edited_site)
        doc = open_doc(client, edited_site, TOOLBAR)
        text = (edited_site / TOOLBAR).read_text()
        replace_all(client, doc, text.replace('dj-click="refresh"', 'dj-click="refrsh"'), 2)
        found = await diagnostics_until(client, doc, lambda d: "DJ101" in codes(d))
        assert all("refrsh" in d.message for d in found)
        replace_all(client, doc, text, 3)
        assert not await diagnostics_until(client, doc, lambda d: not d)
        status = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="djust-lint.status"))
        assert status["full_runs"] == 1 and status["quick_runs"] >= 2, status
        assert status["unsaved"] == [TOOLBAR]
        await client.shutdown_session()
    finally:
        await client.stop()


@pytest.mark.asyncio(loop_scope="module")
async def test_definition_in_dj_view_children_and_components(reader: LanguageClient, site):
    dashboard = "board/templates/board/dashboard.html"
    widgets = "board/widgets.py"
    doc = open_doc(reader, site, dashboard)
    own = await reader.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(doc), position_of(site, dashboard, '"add_card">Dashboard', 2))
    )
    assert spot(own, site) == {(widgets, line_of(site, widgets, "def add_card("))}
    child = await reader.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(doc), position_of(site, dashboard, '"add_card">Archive', 2))
    )
    views = (site / VIEWS).read_text()
    archive_add = views[: views.rindex("def add_card(")].count("\n") + 1  # ArchiveView's, not BoardView's
    assert spot(child, site) == {(VIEWS, archive_add)}
    view_class = await reader.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(doc), position_of(site, dashboard, "ArchiveView", 2))
    )
    assert spot(view_class, site) == {(VIEWS, line_of(site, VIEWS, "class ArchiveView"))}
    component = await reader.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(uri(site, widgets)), position_of(site, widgets, '"flip"', 2))
    )
    assert spot(component, site) == {(widgets, line_of(site, widgets, "def flip("))}


@pytest.mark.asyncio(loop_scope="module")
async def test_completion_inside_an_inline_component_template(reader: LanguageClient, site):
    widgets = "board/widgets.py"
    text = (site / widgets).read_text().replace('dj-click="flip"', 'dj-click="|"')
    body = text.replace("|", "")
    doc = uri(site, widgets)
    reader.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(doc, "python", 1, body)))
    result = await reader.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(doc), position_of(site, widgets, "|", text=text))
    )
    reader.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(doc)))
    assert {i.label for i in result.items} == {"flip"}  # the component's handlers, not DashboardView's


def test_lsp_help_describes_the_server():
    import subprocess

    proc = subprocess.run([str(EXE), "lsp", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert "language server" in proc.stdout and "docs/editors.md" in proc.stdout
    assert "--root" in proc.stdout and "--debounce-ms" in proc.stdout
    listed = subprocess.run([str(EXE), "--help"], capture_output=True, text=True, timeout=60).stdout
    assert "lsp" in listed


@pytest.mark.asyncio(loop_scope="function")
async def test_definition_from_unsaved_model_and_shortcut_bindings(editor: LanguageClient, edited_site):
    """Navigation answers from the buffer as typed: new bindings work before any save."""
    text = (edited_site / BOARD).read_text().replace(
        "<h1>{{ title }}</h1>", '<h1>{{ title }}</h1>\n<input dj-model="title">\n<div dj-shortcut="ctrl+k:archive, escape:refresh"></div>'
    )
    doc = open_doc(editor, edited_site, BOARD, text=text)
    model = await editor.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(doc), position_of(edited_site, BOARD, '"title"', 2, text=text))
    )
    assert spot(model, edited_site) == {(VIEWS, line_of(edited_site, VIEWS, 'self.title = ""'))}
    shortcut = await editor.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(doc), position_of(edited_site, BOARD, "refresh\"></div>", 2, text=text))
    )
    assert spot(shortcut, edited_site) == {(VIEWS, line_of(edited_site, VIEWS, "def refresh("))}


@pytest.mark.asyncio(loop_scope="function")
async def test_a_folder_that_is_no_project_is_not_linted(tmp_path):
    (tmp_path / "notes.html").write_text('<button dj-click="nothing">x</button>\n')
    client = pytest_lsp.make_test_lsp_client()
    await client.start_io(str(EXE), "lsp")
    try:
        await _start(client, tmp_path.resolve())
        status = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="djust-lint.status"))
        assert status == {"root": None}
        doc = open_doc(client, tmp_path.resolve(), "notes.html")
        hover = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(doc), types.Position(0, 20)))
        assert hover is None and client.diagnostics == {}
        await client.shutdown_session()
    finally:
        await client.stop()


@pytest.mark.asyncio(loop_scope="function")
async def test_every_workspace_folder_is_a_project(tmp_path):
    """A multi-root workspace (VS Code, Zed): each folder is linted and answered as its own project,
    and a folder added later joins."""
    first, second, third = (_copy_site(tmp_path / name) for name in ("first", "second", "third"))
    client = pytest_lsp.make_test_lsp_client()
    await client.start_io(str(EXE), "lsp")
    try:
        await client.initialize_session(
            types.InitializeParams(
                capabilities=client_capabilities("visual-studio-code"),
                root_uri=first.as_uri(),
                workspace_folders=[types.WorkspaceFolder(first.as_uri(), "first"), types.WorkspaceFolder(second.as_uri(), "second")],
            )
        )
        for root, version in ((first, 2), (second, 2)):
            doc = open_doc(client, root, BOARD)
            broken = (root / BOARD).read_text().replace('dj-click="add_card"', 'dj-click="ad_card"')
            replace_all(client, doc, broken, version)
            found = await diagnostics_until(client, doc, lambda d: "DJ101" in codes(d))
            assert any("ad_card" in d.message for d in found)
        # navigation answers from the folder's own project
        doc = uri(second, BOARD)
        found = await client.text_document_definition_async(
            types.DefinitionParams(types.TextDocumentIdentifier(doc), position_of(second, BOARD, "archive", 3))
        )
        assert found and all(Path(types_uri_path(loc.uri)).is_relative_to(second) for loc in found)
        # a folder added later joins
        client.workspace_did_change_workspace_folders(
            types.DidChangeWorkspaceFoldersParams(
                types.WorkspaceFoldersChangeEvent(added=[types.WorkspaceFolder(third.as_uri(), "third")], removed=[])
            )
        )
        doc = open_doc(client, third, BOARD)
        replace_all(client, doc, (third / BOARD).read_text().replace('dj-click="add_card"', 'dj-click="ad_card"'), 2)
        assert any("ad_card" in d.message for d in await diagnostics_until(client, doc, lambda d: "DJ101" in codes(d)))
        status = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="djust-lint.status"))
        assert [p["root"] for p in status["projects"]] == [str(first), str(second), str(third)]
        await client.shutdown_session()
    finally:
        await client.stop()
