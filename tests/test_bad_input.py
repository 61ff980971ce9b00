"""Bad input never crashes a run: each broken file gets a diagnostic, the rest is checked."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from project_files import write_project

from djust_lint.engine.api import lint_project

VIEW = '''from djust import LiveView
from djust.decorators import event_handler


class Page(LiveView):
    template_name = "app/page.html"

    @event_handler
    def save(self, **kwargs):
        pass
'''

GOOD_TEMPLATE = '<button dj-click="sav">x</button>\n'


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("app/templates/app/unclosed_tag.html", '<p>ok</p>\n<div class="a"', "DJ902"),
        ("app/templates/app/unclosed_quote.html", '<a href="x>y</a>\n', "DJ902"),
        ("app/templates/app/unclosed_block.html", "<p>{% if x </p>\n", "DJ902"),
        ("app/templates/app/unclosed_var.html", "<p>{{ x </p>\n", "DJ902"),
        ("app/templates/app/unclosed_comment.html", "<!-- never closed\n<p>x</p>\n", "DJ902"),
        ("app/templates/app/binary.html", b"GIF89a\x00\x01\x02", "DJ900"),
        ("app/templates/app/latin1.html", "<p>caf\xe9</p>".encode("latin-1"), "DJ900"),
        ("app/broken.py", "def f(:\n    pass\n", "DJ901"),
        ("app/latin1.py", b"x = '\xe9'\n", "DJ900"),
        ("app/nul.py", b"x = 1\x00\n", "DJ900"),
    ],
)
def test_broken_file_gets_one_diagnostic_and_run_continues(tmp_path, name, content, code):
    root = write_project(
        tmp_path / "p", {"app/views.py": VIEW, "app/templates/app/page.html": GOOD_TEMPLATE, name: content}
    )
    result = lint_project(root)
    assert result.internal_errors == []
    on_file = [f for f in result.findings if f.path == name]
    assert [f.code for f in on_file] == [code]
    # The healthy part of the project is still checked.
    assert ("DJ101", "app/templates/app/page.html") in {(f.code, f.path) for f in result.findings}


def test_empty_files_are_fine(tmp_path):
    root = write_project(tmp_path / "p", {"app/views.py": "", "app/templates/app/empty.html": ""})
    assert lint_project(root).findings == []


def test_huge_file_is_skipped_with_a_diagnostic(tmp_path):
    root = write_project(tmp_path / "p", {"app/templates/app/huge.html": "<p>x</p>\n" * 300_000})
    result = lint_project(root)
    assert [(f.code, f.path) for f in result.findings] == [("DJ900", "app/templates/app/huge.html")]


def test_symlink_loop_terminates(tmp_path):
    root = write_project(tmp_path / "p", {"app/views.py": VIEW, "app/templates/app/page.html": GOOD_TEMPLATE})
    os.symlink(root / "app", root / "app" / "loop")
    result = lint_project(root)
    assert result.internal_errors == []
    assert ("DJ101", "app/templates/app/page.html") in {(f.code, f.path) for f in result.findings}


def test_deeply_nested_python_does_not_crash(tmp_path):
    root = write_project(tmp_path / "p", {"app/deep.py": "x = " + "(" * 2000 + ")" * 2000 + "\n"})
    result = lint_project(root)
    assert result.internal_errors == []
    assert [f.code for f in result.findings] == ["DJ901"]


def test_cli_reports_and_exits_1_not_2(tmp_path):
    root = write_project(tmp_path / "p", {"app/templates/app/x.html": b"\x00\x00binary"})
    proc = subprocess.run(
        [sys.executable, "-m", "djust_lint", "check", str(root)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 1, proc.stderr
    assert "DJ900" in proc.stdout
