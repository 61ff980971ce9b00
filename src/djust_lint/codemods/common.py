"""What every codemod needs first: the project graph and a class's module text.

The graph tells which file and class a view lives in (even in multi-class
modules, re-exports or nested classes); the codemod then edits that file's
text with libcst or span edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.vocabulary import EVENT_NAME
from .plan import PlanError

if TYPE_CHECKING:
    from ..core.model import ClassInfo, ModuleInfo
    from ..graph.model import ProjectGraph, ViewNode


def load_graph(root: Path) -> ProjectGraph:
    """Build the graph the way ``djust-lint check`` does (configuration honoured)."""
    from ..engine.api import Workspace

    return Workspace(root, remember_reads=False).graph()


@dataclass(frozen=True)
class ClassTarget:
    """A project class located through the graph."""

    info: ClassInfo
    module: ModuleInfo
    view: ViewNode | None

    @property
    def path(self) -> str:
        return self.info.path


def find_class_target(graph: ProjectGraph, name: str) -> ClassTarget:
    """Resolve a view (qualname, class name or dotted suffix) or any project class to its file."""
    view = graph.view_by_name(name)
    if view is not None:
        info = graph.index.classes.get(view.qualname)
    else:
        matches = [c for q, c in graph.index.classes.items() if q == name or c.name == name or q.endswith("." + name)]
        if len(matches) > 1:
            names = ", ".join(sorted(c.qualname for c in matches))
            raise PlanError(f"{name!r} is ambiguous: {names}; use the qualified name")
        info = matches[0] if matches else None
    if info is None:
        raise PlanError(f"no view or class named {name!r} in the project (see `djust-lint graph`)" + _unread_note(graph))
    module = graph.index.modules.get(info.module)
    if module is None:
        raise PlanError(f"module {info.module} of {info.qualname} is not in the project")
    return ClassTarget(info, module, graph.views.get(info.qualname))


def _unread_note(graph: ProjectGraph) -> str:
    """Python files the graph could not read: the class may be in one of them, so name them."""
    from ..core.model import DiagnosticKind

    unread = sorted(
        {f"{path} ({d.message})" for path, d in graph.diagnostics if d.kind == DiagnosticKind.UNREADABLE and path.endswith(".py")}
    )
    if not unread:
        return ""
    return f"; it may be in a file that could not be read: {', '.join(unread[:5])}" + (" ..." if len(unread) > 5 else "")


def check_event_name(name: str, what: str = "handler name") -> None:
    if not EVENT_NAME.match(name):
        raise PlanError(f"{what} {name!r} is not a valid djust event name (must match ^[a-z][a-z0-9_]*$)")


def read_text(root: Path, path: str) -> str:
    """A project file's text, exactly (no newline translation), without its UTF-8 BOM.

    The readers' positions do not count a BOM, so edits work on the text
    after it; :meth:`EditPlan.apply` writes it back (see ``decode_source``).
    """
    from .plan import decode_source

    try:
        data = (Path(root) / path).read_bytes()
    except OSError as exc:
        raise PlanError(f"cannot read {path}: {exc}") from None
    return decode_source(data, path)[0]


def file_edit(root: Path, path: str, based_on: str, new_text: str):  # -> FileEdit
    """A FileEdit for ``path``, refusing when the file changed since ``based_on`` was read."""
    from .plan import PlanConflict, plan_file

    edit = plan_file(Path(root), path, new_text)
    if edit.old_text != based_on:
        raise PlanConflict(f"{path} changed while the plan was being made; plan again")
    return edit


def planned_text(root: Path, path: str, graph: ProjectGraph) -> tuple[str, bool]:
    """The text a plan edits: an editor's unsaved buffer when the graph was built with one
    (``True``), else the file on disk. Edits are computed against it, so they apply where the
    graph's positions came from."""
    buffer = graph.source_text(path) if path in graph.overlays else None
    if buffer is not None:
        return buffer, True
    return read_text(root, path), False


def planned_edit(root: Path, path: str, text: str, new_text: str, from_buffer: bool):  # -> FileEdit
    """The FileEdit of a text read with :func:`planned_text`."""
    if from_buffer:
        return buffer_edit(root, path, text, new_text)
    return file_edit(root, path, text, new_text)


def buffer_edit(root: Path, path: str, buffer: str, new_text: str):  # -> FileEdit
    """A FileEdit of an editor's unsaved buffer: its texts are the buffer's (the editor applies them).

    Its hash is the buffer's, so applying the plan to disk refuses (``PlanConflict``)
    unless the file on disk holds exactly that buffer: the unsaved text is never
    written behind the editor's back.
    """
    from .plan import FileEdit, plan_file, sha256_of

    on_disk = plan_file(Path(root), path, buffer)
    return FileEdit(path, sha256_of(buffer.encode("utf-8")), buffer, new_text, on_disk.bom)


def split_top_level(text: str, separator: str = ",") -> list[str]:
    """Split on ``separator`` outside brackets and quotes (``b:tuple=(1, 2)`` stays whole)."""
    parts: list[str] = []
    depth, quote, start = 0, "", 0
    for index, char in enumerate(text):
        if quote:
            if char == quote and text[index - 1] != "\\":
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]
