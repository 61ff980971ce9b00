"""Edit plans: the planned new text of each file, applied atomically or shown as a diff.

A plan records the SHA-256 of every file as it was when the plan was made, so
applying it refuses (``PlanConflict``) when any file changed in between — a
stale plan can never overwrite someone's newer edit. Writes go through
:func:`djust_lint.core.fileio.write_files_atomic` (temp files + renames, modes kept, all or none).
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..core.fileio import remove_stale_temp_files, write_files_atomic
from ..core.textedit import EditError


class PlanConflict(Exception):
    """A file changed (or appeared, or vanished) after the plan was made."""


PlanError = EditError
"""The plan cannot be made: a precondition does not hold (message says why)."""


_BOM = "\ufeff"


def decode_source(data: bytes, path: str) -> tuple[str, bool]:
    """A file's text without a UTF-8 BOM, and whether it had one; ``PlanError`` when not UTF-8.

    Every codemod edits the text after the BOM (the readers' positions do not
    count it) and :meth:`EditPlan.apply` writes the BOM back, so the bytes
    outside an edit stay identical, BOM included.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PlanError(f"{path} is not UTF-8 (byte {exc.start}); refusing to edit it") from None
    if text.startswith(_BOM):
        return text[1:], True
    return text, False


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _safe_relative(root: Path, path: str) -> Path:
    """Resolve a root-relative path, refusing anything that escapes the root."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts:
        raise PlanError(f"path outside the project root: {path}")
    target = (root / pure).resolve()
    if not target.is_relative_to(root.resolve()):
        raise PlanError(f"path outside the project root: {path}")
    return target


@dataclass(frozen=True)
class FileEdit:
    """The new content of one file, and the hash of the content it replaces."""

    path: str
    """Root-relative POSIX path."""
    old_sha256: str | None
    """Hash of the file when planned; ``None`` when the plan creates it."""
    old_text: str
    new_text: str
    bom: bool = False
    """The file starts with a UTF-8 BOM (not part of the texts); it is written back."""

    @property
    def creates(self) -> bool:
        return self.old_sha256 is None

    @property
    def changed(self) -> bool:
        return self.creates or self.old_text != self.new_text

    def diff(self) -> str:
        old_name = "/dev/null" if self.creates else f"a/{self.path}"
        lines = difflib.unified_diff(
            self.old_text.splitlines(keepends=True),
            self.new_text.splitlines(keepends=True),
            fromfile=old_name,
            tofile=f"b/{self.path}",
        )
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "old_sha256": self.old_sha256, "creates": self.creates, "diff": self.diff()}


def plan_file(root: Path, path: str, new_text: str) -> FileEdit:
    """A FileEdit replacing (or creating) ``path`` with ``new_text``, hashed as it is now."""
    target = _safe_relative(root, path)
    if target.exists():
        data = target.read_bytes()
        text, bom = decode_source(data, path)
        return FileEdit(path, sha256_of(data), text, new_text, bom)
    return FileEdit(path, None, "", new_text)


@dataclass
class EditPlan:
    """A set of file edits with a description; nothing is written until :meth:`apply`."""

    root: Path
    description: str
    edits: list[FileEdit] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    """Notes for the user (what was done, what was refused and why)."""

    @property
    def changed(self) -> bool:
        return any(edit.changed for edit in self.edits)

    def diff(self) -> str:
        return "".join(edit.diff() for edit in self.edits if edit.changed)

    def check_fresh(self) -> None:
        """Raise :class:`PlanConflict` when any file differs from when it was planned."""
        for edit in self.edits:
            target = _safe_relative(self.root, edit.path)
            if edit.creates:
                if target.exists():
                    raise PlanConflict(f"{edit.path} was created after the plan was made")
                continue
            try:
                current = sha256_of(target.read_bytes())
            except FileNotFoundError:
                raise PlanConflict(f"{edit.path} was deleted after the plan was made") from None
            if current != edit.old_sha256:
                raise PlanConflict(f"{edit.path} changed after the plan was made; plan again")

    def apply(self) -> list[str]:
        """Write every changed file, as a set (all or none; see ``core.fileio``); returns the paths written."""
        self.check_fresh()
        remove_stale_temp_files(self.root)  # left by a run killed mid-write (see core.fileio)
        changed = [edit for edit in self.edits if edit.changed]
        write_files_atomic(
            [
                (_safe_relative(self.root, edit.path), ((_BOM if edit.bom else "") + edit.new_text).encode("utf-8"))
                for edit in changed
            ]
        )
        return [edit.path for edit in changed]

    def to_json(self) -> dict[str, object]:
        return {
            "description": self.description,
            "edits": [edit.to_json() for edit in self.edits if edit.changed],
            "messages": list(self.messages),
        }
