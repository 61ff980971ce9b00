"""``djust-lint check`` output choices as a real subprocess: colour, CI detection, statistics, scope."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bookshop"
EXE = Path(sys.executable).with_name("djust-lint")
_CI_VARIABLES = ("GITHUB_ACTIONS", "GITHUB_WORKSPACE", "CI_PROJECT_DIR", "NO_COLOR")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _CI_VARIABLES}
    env.update(extra)
    return env


def run(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, cwd=cwd, env=_env(**env), timeout=120)


def run_in_tty(*args: str, **env: str) -> str:
    """Run with stdout on a pseudo-terminal, as in an interactive shell."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([str(EXE), *args], stdout=follower, stderr=subprocess.DEVNULL, env=_env(**env))
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")


@pytest.fixture
def bookshop(tmp_path: Path) -> Path:
    project = tmp_path / "bookshop"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".djust_lint_cache", "__pycache__"))
    return project


def test_colour_only_on_a_terminal_and_never_with_no_color():
    assert "\x1b[" in run_in_tty("check", str(EXAMPLE))
    assert "\x1b[" not in run_in_tty("check", str(EXAMPLE), NO_COLOR="1")
    assert "\x1b[" not in run("check", str(EXAMPLE)).stdout


def test_github_format_is_automatic_in_github_actions_unless_a_format_is_given(bookshop):
    auto = run("check", str(bookshop), GITHUB_ACTIONS="true", GITHUB_WORKSPACE=str(bookshop.parent))
    assert auto.returncode == 1
    lines = auto.stdout.splitlines()
    assert len(lines) == 4 and all(line.startswith("::") for line in lines)
    # Paths are relative to the workspace (the repository), where GitHub resolves them.
    assert "file=bookshop/books/views.py,line=20,col=9," in auto.stdout
    explicit = run("check", "--format", "concise", str(bookshop), GITHUB_ACTIONS="true", cwd=bookshop)
    assert explicit.stdout.startswith("books/templates/books/list.html:4:20: DJ104")


def test_human_formats_print_paths_relative_to_the_current_directory(bookshop):
    """As ruff does: a printed path opens from where the command ran; machine formats stay root-relative."""
    above = run("check", "--format", "concise", str(bookshop), cwd=bookshop.parent)
    assert above.stdout.startswith("bookshop/books/templates/books/list.html:4:20: DJ104")
    below = run("check", "--format", "text", cwd=bookshop / "books")
    assert below.stdout.startswith("../books/templates/books/list.html:4:20: DJ104")
    machine = json.loads(run("check", "--format", "json", str(bookshop), cwd=bookshop.parent).stdout)
    assert machine[0]["path"] == "books/templates/books/list.html"


def test_ci_paths_are_relative_to_the_ci_workspace(bookshop):
    gitlab = run("check", "--format", "gitlab", str(bookshop), CI_PROJECT_DIR=str(bookshop.parent))
    assert {issue["location"]["path"] for issue in json.loads(gitlab.stdout)} == {
        "bookshop/books/templates/books/list.html",
        "bookshop/books/views.py",
    }
    sarif = json.loads(run("check", "--format", "sarif", str(bookshop), GITHUB_WORKSPACE=str(bookshop.parent)).stdout)
    run0 = sarif["runs"][0]
    assert run0["originalUriBaseIds"]["%SRCROOT%"]["uri"] == bookshop.parent.resolve().as_uri() + "/"
    assert run0["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("bookshop/")
    # Outside CI (or with the project outside the workspace) paths are relative to the project root.
    plain = json.loads(run("check", "--format", "sarif", str(bookshop), cwd=bookshop.parent).stdout)["runs"][0]
    assert plain["originalUriBaseIds"]["%SRCROOT%"]["uri"] == bookshop.resolve().as_uri() + "/"
    assert plain["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("books/")
    elsewhere = run("check", "--format", "github", str(bookshop), GITHUB_WORKSPACE=str(ROOT))
    assert "file=books/views.py," in elsewhere.stdout


def test_statistics_output_file_and_exit_zero(bookshop, tmp_path):
    stats = run("check", "--statistics", str(bookshop))
    assert stats.returncode == 1
    table = stats.stdout.splitlines()[:3]
    assert "1  DJ104  [*] key-filter-in-value" in table  # [*]: the rule has a safe fix for it
    assert [line.replace("[*]", "   ") for line in table] == [
        "2  DJ101      dead-binding",
        "1  DJ104      key-filter-in-value",
        "1  DJ304      handler-missing-kwargs",
    ]
    rows = json.loads(run("check", "--statistics", "--format", "json", str(bookshop)).stdout)
    assert [(row["code"], row["count"]) for row in rows] == [("DJ101", 2), ("DJ104", 1), ("DJ304", 1)]
    out = tmp_path / "reports" / "djust-lint.xml"
    proc = run("check", "--format", "junit", "--exit-zero", "-o", str(out), str(bookshop))
    assert proc.returncode == 0 and proc.stdout == ""
    assert 'failures="4"' in out.read_text(encoding="utf-8")


def test_every_format_runs_end_to_end(bookshop):
    for fmt in ("text", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit"):
        proc = run("check", "--format", fmt, str(bookshop))
        assert proc.returncode == 1, (fmt, proc.stderr)
        assert "add_to_baskt" in proc.stdout, fmt


def test_named_file_reports_only_findings_located_in_it_by_default(bookshop):
    """As ruff does: ``check PATH`` reports what is in PATH; ``--related`` widens it."""
    views = bookshop / "books" / "views.py"
    views.write_text(views.read_text().replace("def search(", "def find("))
    found = {(f["path"], f["code"]) for f in json.loads(run("check", "--format", "json", str(views)).stdout)}
    assert found and {path for path, _ in found} == {"books/views.py"}


def test_named_view_file_reports_the_binding_it_breaks_in_an_unchanged_template(bookshop):
    views = bookshop / "books" / "views.py"
    views.write_text(views.read_text().replace("def search(", "def find("))
    proc = run("check", "--related", "--format", "json", str(views))
    found = {(f["path"], f["line"], f["code"]) for f in json.loads(proc.stdout)}
    assert ("books/templates/books/list.html", 3, "DJ101") in found  # dj-input="search": broken by the rename
    assert ("books/views.py", 16, "DJ111") in found  # find() is bound nowhere
    # A finding in the template that is about no class of the named file is not reported.
    assert not any(code == "DJ104" for _, _, code in found)


def test_named_template_reports_only_its_own_findings(bookshop):
    """A template is rendered by many views (a base template by all): naming it does not widen the report."""
    base = bookshop / "templates" / "base.html"
    assert json.loads(run("check", "--format", "json", str(base)).stdout) == []
    page = bookshop / "books" / "templates" / "books" / "list.html"
    found = json.loads(run("check", "--format", "json", str(page)).stdout)
    assert {f["path"] for f in found} == {"books/templates/books/list.html"}


def test_named_template_that_unbinds_a_handler_reports_it_unused_in_the_view(bookshop):
    """Removing the last binding of a handler from a staged template breaks the unchanged view."""
    page = bookshop / "books" / "templates" / "books" / "list.html"
    header = """<tr><th dj-click="sort('title')">Title</th><th dj-click="sort" data-column="year">Year</th></tr>"""
    page.write_text(page.read_text().replace(header, "<tr><th>Title</th><th>Year</th></tr>"))
    found = {(f["path"], f["code"]) for f in json.loads(run("check", "--related", "--format", "json", str(page)).stdout)}
    # The view's own 'sort' is now bound nowhere (a mixin's handlers are library API: never DJ111).
    assert ("books/views.py", "DJ111") in found
    assert {path for path, code in found if code != "DJ111"} <= {"books/templates/books/list.html"}


def test_related_findings_still_honour_suppressions(bookshop):
    views = bookshop / "books" / "views.py"
    views.write_text(views.read_text().replace("def search(", "def find("))
    page = bookshop / "books" / "templates" / "books" / "list.html"
    page.write_text(page.read_text().replace('<input type="search"', '{# djust-lint: ignore DJ101 #}\n<input type="search"'))
    found = json.loads(run("check", "--related", "--format", "json", str(views)).stdout)
    assert not any(f["path"].endswith("list.html") and "'search'" in f["message"] for f in found)
