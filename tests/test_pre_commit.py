"""The pre-commit hook, run by the real ``pre-commit`` executable against this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bookshop"


def _git(*args: str, cwd: Path) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def pre_commit() -> str:
    exe = Path(sys.executable).with_name("pre-commit")
    if not exe.exists():
        pytest.skip("pre-commit is not installed (it is a test dependency)")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: pre-commit installs hooks from a repository")
    return str(exe)


def test_hook_reports_the_example_findings(pre_commit, tmp_path):
    head = _git("rev-parse", "HEAD", cwd=ROOT).strip()
    # Hooks are installed from the committed tree, so the hook file must be committed.
    assert _git("ls-tree", "HEAD", ".pre-commit-hooks.yaml", cwd=ROOT).strip(), "commit .pre-commit-hooks.yaml"
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n      - id: djust-lint\n"
    )
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)
    _git("commit", "-qm", "example", cwd=project)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"))
    proc = subprocess.run(
        [pre_commit, "run", "--all-files"], cwd=project, env=env, capture_output=True, text=True, timeout=900
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "djust-lint" in proc.stdout and "Failed" in proc.stdout
    assert "DJ101" in proc.stdout and "add_to_baskt" in proc.stdout

    # Fixing the bugs makes the hook pass.
    page = project / "books/templates/books/list.html"
    page.write_text(page.read_text().replace("add_to_baskt", "add_to_basket").replace('dj-keydown="search.enter"', 'dj-keydown.enter="search"'))
    views = project / "books/views.py"
    views.write_text(
        views.read_text().replace("def sort(self, column: str):", "def sort(self, column: str, **kwargs):").replace(
            '<button dj-click="add_review">Review</button>', ""
        )
    )
    _git("commit", "-qam", "fix", cwd=project)
    fixed = subprocess.run(
        [pre_commit, "run", "--all-files"], cwd=project, env=env, capture_output=True, text=True, timeout=900
    )
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Passed" in fixed.stdout
