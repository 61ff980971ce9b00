"""Tests for project discovery and gitignore matching, on real directory trees."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from djust_lint.readers.discovery import discover, find_root, module_name_for
from djust_lint.readers.gitignore import IgnoreChain, PatternSet, is_ignored, translate_pattern


def write(root: Path, rel: str, text: str = "") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def paths_of(items: list) -> list[str]:
    return [item.path for item in items]


# ---------------------------------------------------------------------------
# gitignore patterns
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patterns", "path", "is_dir", "expected"),
    [
        (["*.log"], "a/b/x.log", False, True),
        (["*.log", "!keep.log"], "a/keep.log", False, False),
        (["/build"], "build", True, True),
        (["/build"], "src/build", True, None),
        (["out/"], "out", False, None),
        (["out/"], "deep/out", True, True),
        (["docs/**/gen"], "docs/gen", True, True),
        (["docs/**/gen"], "docs/a/b/gen", True, True),
        (["**/cache"], "x/y/cache", True, True),
        (["vendor/**"], "vendor/a/b.js", False, True),
        (["vendor/**"], "vendor", True, None),
        (["a?c"], "abc", False, True),
        (["a?c"], "a/c", False, None),
        (["x[0-9].py"], "x7.py", False, True),
        (["x[!0-9].py"], "x7.py", False, None),
        (["x[!0-9].py"], "xa.py", False, True),
        (["\\#hash"], "#hash", False, True),
        (["# comment", "", "   "], "# comment", False, None),
        (["\\!bang"], "!bang", False, True),
        (["trailing   "], "trailing", False, True),
        (["a/*.py"], "a/b/c.py", False, None),
        (["a/**/*.py"], "a/b/c.py", False, True),
    ],
)
def test_pattern_semantics(patterns: list[str], path: str, is_dir: bool, expected: bool | None) -> None:
    assert PatternSet(patterns).match(path, is_dir) is expected


def test_comment_and_blank_lines_are_not_patterns() -> None:
    assert translate_pattern("# hi") is None
    assert translate_pattern("   ") is None
    assert translate_pattern("!") is None


def test_nested_pattern_set_is_relative_to_its_directory() -> None:
    nested = PatternSet(["/local.html", "*.tmp"], base="app")
    assert nested.match("app/local.html", False) is True
    assert nested.match("app/sub/local.html", False) is None
    assert nested.match("local.html", False) is None
    assert nested.match("app/sub/x.tmp", False) is True


def test_deeper_chain_member_wins() -> None:
    chain = IgnoreChain().pushed(PatternSet(["*.html"])).pushed(PatternSet(["!keep.html"], base="app"))
    assert chain.is_ignored("other/x.html", False)
    assert not chain.is_ignored("app/keep.html", False)
    assert chain.is_ignored("app/drop.html", False)


def test_matches_path_checks_parents() -> None:
    assert is_ignored(["shop/"], "shop/templates/x.html")
    assert not is_ignored(["shop/"], "shopping/x.html")


# ---------------------------------------------------------------------------
# find_root and module names
# ---------------------------------------------------------------------------


def test_find_root_prefers_nearest_marker(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml")
    view = write(tmp_path, "app/views.py")
    assert find_root(view) == tmp_path
    assert find_root(tmp_path / "app") == tmp_path
    write(tmp_path, "app/manage.py")
    assert find_root(view) == tmp_path / "app"


def test_find_root_without_markers_returns_start(tmp_path: Path) -> None:
    lonely = tmp_path / "nowhere" / "deeper"
    lonely.mkdir(parents=True)
    # tmp_path's ancestors may hold markers on odd machines; only assert the no-marker shape
    result = find_root(lonely)
    assert result == lonely or lonely.is_relative_to(result)


def test_module_names(tmp_path: Path) -> None:
    write(tmp_path, "manage.py")
    write(tmp_path, "shop/__init__.py")
    write(tmp_path, "shop/views.py")
    write(tmp_path, "shop/sub/__init__.py")
    write(tmp_path, "shop/sub/deep.py")
    write(tmp_path, "src/pkg/__init__.py")
    write(tmp_path, "src/pkg/mod.py")
    write(tmp_path, "scripts/tool.py")
    expected = {
        "manage.py": ("manage", False),
        "shop/__init__.py": ("shop", True),
        "shop/views.py": ("shop.views", False),
        "shop/sub/__init__.py": ("shop.sub", True),
        "shop/sub/deep.py": ("shop.sub.deep", False),
        "src/pkg/__init__.py": ("pkg", True),
        "src/pkg/mod.py": ("pkg.mod", False),
        "scripts/tool.py": ("tool", False),
    }
    found = discover(tmp_path)
    assert {f.path: (f.module, f.is_package) for f in found.python} == expected
    for rel, value in expected.items():
        assert module_name_for(tmp_path / rel, tmp_path) == value


def test_pyi_files_are_not_python_sources(tmp_path: Path) -> None:
    write(tmp_path, "a.py")
    write(tmp_path, "a.pyi")
    assert paths_of(discover(tmp_path).python) == ["a.py"]


# ---------------------------------------------------------------------------
# Skipping
# ---------------------------------------------------------------------------


def test_skipped_directories(tmp_path: Path) -> None:
    write(tmp_path, "app/views.py")
    for skipped in (
        ".git/hook.py", ".venv/x.py", "venv/x.py", "env/x.py", ".tox/x.py", "node_modules/m/x.js",
        "__pycache__/x.py", "build/x.py", "dist/x.py", "pkg.egg-info/x.py", ".mypy_cache/x.py",
        "lib/site-packages/x.py", "app/migrations/0001_initial.py", "weirdname/pyvenv.cfg",
        "weirdname/lib/x.py",
    ):  # fmt: skip
        write(tmp_path, skipped)
    assert paths_of(discover(tmp_path).python) == ["app/views.py"]


def test_gitignore_nested_negation_and_anchoring(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "*.html\n/generated/\n!keep.html\n")
    write(tmp_path, "a.html")
    write(tmp_path, "keep.html")
    write(tmp_path, "generated/views.py")
    write(tmp_path, "app/generated/views.py")  # anchored pattern: only the root one goes
    write(tmp_path, "app/.gitignore", "!*.html\n/local.py\n")
    write(tmp_path, "app/b.html")
    write(tmp_path, "app/local.py")
    write(tmp_path, "app/sub/local.py")
    write(tmp_path, ".git/info/exclude", "secret.py\n")
    write(tmp_path, "secret.py")
    found = discover(tmp_path)
    assert paths_of(found.templates) == ["app/b.html", "keep.html"]
    assert paths_of(found.python) == ["app/generated/views.py", "app/sub/local.py"]
    unfiltered = discover(tmp_path, respect_gitignore=False)
    assert "secret.py" in paths_of(unfiltered.python)
    assert "a.html" in paths_of(unfiltered.templates)


def test_exclude_and_include_globs(tmp_path: Path) -> None:
    write(tmp_path, "shop/views.py")
    write(tmp_path, "shop/tests/test_views.py")
    write(tmp_path, "blog/views.py")
    write(tmp_path, "shop/templates/shop/x.html")
    excluded = discover(tmp_path, exclude=["tests/", "blog/views.py"])
    assert paths_of(excluded.python) == ["shop/views.py"]
    included = discover(tmp_path, include=["shop/"])
    assert paths_of(included.python) == ["shop/tests/test_views.py", "shop/views.py"]
    assert paths_of(included.templates) == ["shop/templates/shop/x.html"]
    only_py = discover(tmp_path, include=["*.py"], exclude=["shop/tests"])
    assert paths_of(only_py.python) == ["blog/views.py", "shop/views.py"]
    assert only_py.templates == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loop_terminates_and_is_recorded(tmp_path: Path) -> None:
    write(tmp_path, "app/views.py")
    os.symlink(tmp_path, tmp_path / "app" / "loop")
    os.symlink(tmp_path / "app", tmp_path / "again")  # duplicate of a walked dir
    outside = tmp_path.parent / f"{tmp_path.name}-shared"
    write(outside, "templates/shared/x.html")
    os.symlink(outside, tmp_path / "shared")
    os.symlink(tmp_path / "missing.py", tmp_path / "broken.py")
    found = discover(tmp_path)
    assert paths_of(found.python) == ["app/views.py"]
    assert paths_of(found.templates) == []  # issue 13 item 1: nothing outside the root is read
    reasons = dict(found.skipped)
    assert reasons["shared"] == "symlink leads outside the project root; not read"
    assert "loop" in reasons["app/loop"]
    assert "already walked" in reasons["again"]
    assert reasons["broken.py"] == "broken symlink"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_mutual_symlinks_do_not_hang(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    os.symlink(tmp_path / "b", tmp_path / "a" / "to_b")
    os.symlink(tmp_path / "a", tmp_path / "b" / "to_a")
    write(tmp_path, "a/x.py")
    found = discover(tmp_path)
    assert paths_of(found.python) == ["a/x.py"]
    assert {path for path, _ in found.skipped} == {"a/to_b", "b/to_a"}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, non-root")
def test_unreadable_directory_is_recorded(tmp_path: Path) -> None:
    write(tmp_path, "ok.py")
    locked = tmp_path / "locked"
    write(tmp_path, "locked/x.py")
    locked.chmod(0)
    try:
        found = discover(tmp_path)
    finally:
        locked.chmod(0o755)
    assert paths_of(found.python) == ["ok.py"]
    assert found.skipped[0][0] == "locked"


# ---------------------------------------------------------------------------
# Templates and JavaScript
# ---------------------------------------------------------------------------


def test_template_names_with_settings_dirs_and_app_templates(tmp_path: Path) -> None:
    write(
        tmp_path,
        "proj/settings.py",
        "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
        'TEMPLATES = [{"DIRS": [BASE_DIR / "frontend"], "APP_DIRS": True}]\n',
    )
    write(tmp_path, "proj/__init__.py")
    write(tmp_path, "frontend/base.html")
    write(tmp_path, "frontend/mail/body.txt")
    write(tmp_path, "shop/templates/shop/list.djhtml")
    write(tmp_path, "shop/templates/shop/partials/row.htm")
    write(tmp_path, "shop/templates/components/templates/inner.html")
    write(tmp_path, "docs/page.html")
    write(tmp_path, "requirements.txt")
    write(tmp_path, "extra/x.html")
    found = discover(tmp_path, extra_template_dirs=["extra"])
    names = {t.path: t.name for t in found.templates}
    assert names == {
        "docs/page.html": None,
        "extra/x.html": "x.html",
        "frontend/base.html": "base.html",
        "frontend/mail/body.txt": "mail/body.txt",
        "shop/templates/components/templates/inner.html": "inner.html",
        "shop/templates/shop/list.djhtml": "shop/list.djhtml",
        "shop/templates/shop/partials/row.htm": "shop/partials/row.htm",
    }
    assert found.template_dirs == [
        "extra", "frontend", "shop/templates", "shop/templates/components/templates",
    ]  # fmt: skip
    assert found.settings.app_dirs is True


def test_root_as_template_dir(tmp_path: Path) -> None:
    write(tmp_path, "index.html")
    found = discover(tmp_path, extra_template_dirs=[str(tmp_path)])
    assert found.template_dirs == ["."]
    assert found.templates[0].name == "index.html"


def test_javascript_files(tmp_path: Path) -> None:
    write(tmp_path, "static/app.js")
    write(tmp_path, "static/vendor.min.js")
    write(tmp_path, "node_modules/x/index.js")
    found = discover(tmp_path)
    assert paths_of(found.javascript) == ["static/app.js"]
    assert found.javascript[0].abs_path == tmp_path / "static/app.js"


# ---------------------------------------------------------------------------
# Selection
# ---------------------------------------------------------------------------


def test_paths_select_without_shrinking_the_project(tmp_path: Path) -> None:
    write(tmp_path, "shop/views.py")
    write(tmp_path, "shop/templates/shop/x.html")
    write(tmp_path, "blog/views.py")
    write(tmp_path, "blogger/views.py")
    found = discover(tmp_path, paths=[tmp_path / "shop", tmp_path / "blog" / "views.py"])
    assert paths_of(found.python) == ["blog/views.py", "blogger/views.py", "shop/views.py"]
    assert found.selected == {"shop/views.py", "shop/templates/shop/x.html", "blog/views.py"}
    assert discover(tmp_path).selected is None
    assert len(discover(tmp_path, paths=[tmp_path]).selected or ()) == 4
    assert discover(tmp_path, paths=[tmp_path.parent]).selected == set()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_paths_given_through_a_symlinked_root(tmp_path: Path) -> None:
    real = tmp_path / "real"
    write(real, "shop/views.py")
    write(real, "blog/views.py")
    os.symlink(real, tmp_path / "link")
    found = discover(tmp_path / "link", paths=[real / "shop"])
    assert found.selected == {"shop/views.py"}


def test_output_is_sorted_and_deterministic(tmp_path: Path) -> None:
    for name in ("b", "a", "c"):
        write(tmp_path, f"{name}/templates/{name}.html")
        write(tmp_path, f"{name}/m.py")
    first, second = discover(tmp_path), discover(tmp_path)
    assert paths_of(first.python) == ["a/m.py", "b/m.py", "c/m.py"]
    assert paths_of(first.templates) == paths_of(second.templates) == sorted(paths_of(first.templates))


def test_walk_reads_each_directory_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work done, not wall-clock time (timing lives in bench/): one scandir per directory."""
    write(tmp_path, ".gitignore", "*.log\n!keep.log\n/static/\n")
    for app in range(50):
        templates = tmp_path / f"app{app}" / "templates" / f"app{app}"
        templates.mkdir(parents=True)
        (tmp_path / f"app{app}" / "__init__.py").touch()
        for index in range(30):
            (tmp_path / f"app{app}" / f"views{index}.py").touch()
            (templates / f"t{index}.html").touch()
    scanned: list[str] = []
    real_scandir = os.scandir

    def counting_scandir(path):
        scanned.append(os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", counting_scandir)
    found = discover(tmp_path)
    assert len(found.python) == 1550 and len(found.templates) == 1500
    directories = 1 + 50 * 3  # the root, each app, its templates/ and templates/appN/
    assert len(scanned) == len(set(scanned)) == directories
