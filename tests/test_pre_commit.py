"""The pre-commit hooks, run by the real ``pre-commit`` executable against this repository.

pre-commit installs hooks from a git commit, so the tests snapshot the working
tree (the files needed to ``pip install`` djust-lint plus ``.pre-commit-hooks.yaml``)
into a throw-away repository and point a project's ``.pre-commit-config.yaml`` at it:
what is tested is the code and the hook definitions as they are now, uncommitted
changes included. One pre-commit home is shared by the module, so the hook's
environment is built once.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bookshop"
_HOOK_REPO_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src")


def _git(*args: str, cwd: Path) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def pre_commit() -> str:
    exe = Path(sys.executable).with_name("pre-commit")
    if not exe.exists():
        pytest.skip("pre-commit is not installed (it is a test dependency)")
    return str(exe)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This working tree's installable part, committed in a repository of its own."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in _HOOK_REPO_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, repo / name)
    _git("init", "-q", cwd=repo)
    _git("add", "-A", cwd=repo)
    _git("commit", "-qm", "snapshot", cwd=repo)
    return repo, _git("rev-parse", "HEAD", cwd=repo).strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _project(tmp_path: Path, hook_repo: tuple[Path, str], *, clean: bool) -> Path:
    """The example project in a fresh git repository whose pre-commit config uses the hooks."""
    repo, rev = hook_repo
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".djust_lint_cache", "__pycache__"))
    if clean:
        _fix_example(project)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: djust-lint\n      - id: djust-lint-fix\n"
    )
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)
    _git("commit", "-qm", "example", cwd=project)
    return project


def _fix_example(project: Path) -> None:
    """Repair the example's four deliberate bugs."""
    page = project / "books/templates/books/list.html"
    page.write_text(
        page.read_text()
        .replace("add_to_baskt", "add_to_basket")
        .replace('dj-keydown="search.enter"', 'dj-keydown.enter="search"')
    )
    views = project / "books/views.py"
    views.write_text(
        views.read_text()
        .replace("def sort(self, column: str):", "def sort(self, column: str, **kwargs):")
        .replace('<button dj-click="add_review">Review</button>', "")
    )


def _run(pre_commit: str, home: Path, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home))
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [pre_commit, "run", *args], cwd=project, env=env, capture_output=True, text=True, timeout=900
    )


def test_hook_reports_the_example_findings(pre_commit, hook_repo, pre_commit_home, tmp_path):
    project = _project(tmp_path, hook_repo, clean=False)
    proc = _run(pre_commit, pre_commit_home, project, "djust-lint", "--all-files")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "djust-lint" in proc.stdout and "Failed" in proc.stdout
    assert "DJ101" in proc.stdout and "add_to_baskt" in proc.stdout

    _fix_example(project)
    _git("commit", "-qam", "fix", cwd=project)
    fixed = _run(pre_commit, pre_commit_home, project, "djust-lint", "--all-files")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Passed" in fixed.stdout


def test_staged_dead_binding_fails_then_passes_once_fixed(pre_commit, hook_repo, pre_commit_home, tmp_path):
    project = _project(tmp_path, hook_repo, clean=True)
    page = project / "books/templates/books/list.html"
    page.write_text(page.read_text().replace('dj-click="clear_basket"', 'dj-click="clear_baskt"'))
    _git("add", str(page), cwd=project)
    broken = _run(pre_commit, pre_commit_home, project, "djust-lint")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "books/templates/books/list.html:15:" in broken.stdout and "clear_baskt" in broken.stdout
    assert "did you mean 'clear_basket'?" in broken.stdout

    page.write_text(page.read_text().replace("clear_baskt", "clear_basket"))
    _git("add", str(page), cwd=project)
    fixed = _run(pre_commit, pre_commit_home, project, "djust-lint")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


def test_view_staged_alone_reports_the_binding_it_broke_in_an_unchanged_template(
    pre_commit, hook_repo, pre_commit_home, tmp_path
):
    project = _project(tmp_path, hook_repo, clean=True)
    views = project / "books/views.py"
    views.write_text(views.read_text().replace("def search(", "def find("))
    _git("add", str(views), cwd=project)
    staged = _git("diff", "--cached", "--name-only", cwd=project).split()
    assert staged == ["books/views.py"]
    proc = _run(pre_commit, pre_commit_home, project, "djust-lint")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    # The finding sits in the template nobody touched, at the binding that calls the old name.
    assert "books/templates/books/list.html:3:32: DJ101 `dj-input` calls 'search'" in proc.stdout
    assert "books/views.py:16:9: DJ111" in proc.stdout  # and the renamed handler is now unused


def test_staged_unrelated_file_passes_despite_problems_elsewhere(pre_commit, hook_repo, pre_commit_home, tmp_path):
    """Pre-existing findings in files the commit does not touch or affect do not block it."""
    project = _project(tmp_path, hook_repo, clean=False)
    settings = project / "bookshop/settings.py"
    settings.write_text(settings.read_text() + "\nUSE_TZ = True\n")
    _git("add", str(settings), cwd=project)
    proc = _run(pre_commit, pre_commit_home, project, "djust-lint")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_fix_hook_applies_safe_fixes_to_staged_files(pre_commit, hook_repo, pre_commit_home, tmp_path):
    project = _project(tmp_path, hook_repo, clean=True)
    page = project / "books/templates/books/list.html"
    page.write_text(page.read_text().replace('dj-keydown.enter="search"', 'dj-keydown="search.enter"'))
    _git("add", str(page), cwd=project)
    proc = _run(pre_commit, pre_commit_home, project, "djust-lint-fix")
    # pre-commit fails a hook that modified files, so the user reviews and stages the fix.
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'dj-keydown.enter="search"' in page.read_text()
    _git("add", str(page), cwd=project)
    again = _run(pre_commit, pre_commit_home, project, "djust-lint-fix")
    assert again.returncode == 0, again.stdout + again.stderr


def _documented_local_hook() -> str:
    """The ``repo: local`` configuration exactly as docs/ci.md shows it."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in text.split("```yaml\n")[1:]]
    (block,) = [b for b in blocks if "repo: local" in b]
    return block


def test_documented_local_hook_runs_the_installed_djust_lint(pre_commit, pre_commit_home, tmp_path):
    """The install-free recipe works today: a ``repo: local`` hook using this environment's djust-lint."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".djust_lint_cache", "__pycache__"))
    (project / ".pre-commit-config.yaml").write_text(_documented_local_hook())
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)
    _git("commit", "-qm", "example", cwd=project)
    env = dict(os.environ, PRE_COMMIT_HOME=str(pre_commit_home))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # the activated virtualenv
    env.pop("GITHUB_ACTIONS", None)
    proc = subprocess.run(
        [pre_commit, "run", "djust-lint", "--all-files"], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "DJ101" in proc.stdout and "add_to_baskt" in proc.stdout


def test_install_docs_name_no_package_index_release():
    """djust-lint is not on PyPI yet: no recipe may tell users to ``pip install djust-lint``."""
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for line in path.read_text(encoding="utf-8").splitlines():
            assert not re.search(r"pip install (-U )?djust-lint(\s|$)", line.strip().strip("`")), f"{path.name}: {line}"
