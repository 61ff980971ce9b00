"""An edit plan touching several files is written as a set: all files or none.

A rename across a view and three templates that stops half-way leaves the
project broken in a way no single file shows, so a failure while the new
files are put in place restores the ones already replaced. The failure is
real: a target that turns out to be a directory cannot be replaced by a file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from djust_lint.codemods.plan import EditPlan, plan_file
from djust_lint.core.fileio import TEMP_MARKER, write_files_atomic


def _temp_files(root: Path) -> list[str]:
    return [name for _, _, names in os.walk(root) for name in names if TEMP_MARKER in name]


def test_every_file_is_written(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("a = 1\n")
    write_files_atomic([(tmp_path / "a.py", b"a = 2\n"), (tmp_path / "new" / "b.html", b"<p>b</p>\n")])
    assert (tmp_path / "a.py").read_text() == "a = 2\n"
    assert (tmp_path / "new" / "b.html").read_text() == "<p>b</p>\n"
    assert _temp_files(tmp_path) == []


def test_a_failure_while_replacing_restores_the_files_already_replaced(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("a = 1\n")
    (tmp_path / "c.py").write_text("c = 1\n")
    blocker = tmp_path / "b.html"
    blocker.mkdir()
    (blocker / "keep.txt").write_text("x")  # a non-empty directory: os.replace onto it fails
    with pytest.raises(OSError):
        write_files_atomic(
            [(tmp_path / "a.py", b"a = 2\n"), (tmp_path / "new.py", b"n = 1\n"), (blocker, b"b"), (tmp_path / "c.py", b"c = 2\n")]
        )
    assert (tmp_path / "a.py").read_text() == "a = 1\n"  # restored
    assert not (tmp_path / "new.py").exists()  # created by the set: removed again
    assert (tmp_path / "c.py").read_text() == "c = 1\n"  # never touched
    assert (blocker / "keep.txt").read_text() == "x"
    assert _temp_files(tmp_path) == []


def test_a_failure_while_writing_temp_files_touches_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("a = 1\n")
    (tmp_path / "file").write_text("not a directory")
    with pytest.raises(OSError):
        write_files_atomic([(tmp_path / "a.py", b"a = 2\n"), (tmp_path / "file" / "b.py", b"b")])
    assert (tmp_path / "a.py").read_text() == "a = 1\n"
    assert _temp_files(tmp_path) == []


def test_an_edit_plan_is_applied_as_a_set(tmp_path: Path) -> None:
    (tmp_path / "views.py").write_text("def save(self):\n    pass\n")
    plan = EditPlan(tmp_path, "rename save")
    plan.edits.append(plan_file(tmp_path, "views.py", "def store(self):\n    pass\n"))
    plan.edits.append(plan_file(tmp_path, "sub/zz.html", "<b>new</b>\n"))
    # after planning, "sub" appears as a *file*: the new template cannot be written,
    # so the view is not rewritten either
    (tmp_path / "sub").write_text("a file")
    with pytest.raises(OSError):
        plan.apply()
    assert (tmp_path / "views.py").read_text() == "def save(self):\n    pass\n"
    assert _temp_files(tmp_path) == []


def test_a_write_never_reaches_the_other_name_of_a_hard_link(tmp_path: Path) -> None:
    """A project file hard-linked from outside the root: the edit replaces the project's
    directory entry, and the outside name keeps the old bytes."""
    root = tmp_path / "project"
    root.mkdir()
    outside = tmp_path / "outside.py"
    outside.write_text("def save(self):\n    pass\n")
    os.link(outside, root / "views.py")
    plan = EditPlan(root, "rename save")
    plan.edits.append(plan_file(root, "views.py", "def store(self):\n    pass\n"))
    plan.apply()
    assert (root / "views.py").read_text() == "def store(self):\n    pass\n"
    assert outside.read_text() == "def save(self):\n    pass\n"
