"""Face: the language server (``djust-lint lsp``) — the project graph live in every editor.

The server keeps one long-lived engine workspace for the project, lays the
editor's unsaved buffers over it as overlays, and answers editor requests
(diagnostics, definition, references, completion, hover, code actions, rename)
from the graph. It never imports or runs project code, and it never writes a
file: every change it proposes goes back to the editor as a workspace edit.
Like the MCP face it sits above the codemods it reuses; ``pygls`` and
``lsprotocol`` are imported only when the server starts.
"""
