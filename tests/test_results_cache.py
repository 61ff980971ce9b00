"""The results cache (``engine/results_cache.py``): a warm ``check`` that changed nothing replays
its answer; an edit that reads the same replays the findings; anything else runs again.

Asserted through the cache's own statistics (which path a run took, which files were read
again), never through timings. The differential tests apply many single-file edits to real
projects (a fixture and a generated bench project) and require every warm answer to equal a
cold ``--no-cache`` run of the same tree, byte for byte.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from djust_lint.cli.main import main
from djust_lint.engine import results_cache, results_inputs
from djust_lint.readers.cache import CACHE_DIR_NAME

FIXTURES = Path(__file__).parent / "fixtures"
BENCH_GENERATOR = Path(__file__).parent.parent / "bench" / "generate_project.py"
PAST = 1_600_000_000
FORMATS = ("text", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit")


def _age(*paths: Path) -> None:
    """Put mtimes safely in the past, so the stats are trusted (see the racy window)."""
    for path in paths:
        os.utime(path, (PAST, PAST))


def _age_tree(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        if CACHE_DIR_NAME not in path.parts:
            _age(path)


def _copy(name: str, tmp_path: Path) -> Path:
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root, ignore=shutil.ignore_patterns(CACHE_DIR_NAME, "__pycache__"))
    _age_tree(root)
    return root


def _generated(tmp_path: Path, views: int = 20) -> Path:
    spec = importlib.util.spec_from_file_location("bench_generate_project_rc", BENCH_GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    root = tmp_path / "bench"
    module.generate(root, views)
    _age_tree(root)
    return root


def _check(capsys, root: Path, *args: str, cache: bool = True) -> tuple[int, str]:
    argv = ["check", "--exit-zero", "-q", *args, str(root)]
    if not cache:
        argv.insert(1, "--no-cache")
    capsys.readouterr()
    code = main(argv)
    return code, capsys.readouterr().out


def _stored(root: Path, part: str = "") -> Path:
    """The one stored run's file (``part``: ``""`` for its summary, ``"-data"`` for its findings)."""
    (found,) = [
        p
        for p in (root / CACHE_DIR_NAME).glob(f"{results_cache.RESULTS_PREFIX}*.json")
        if p.name.endswith("-data.json") == (part == "-data")
    ]
    return found


def _status() -> str:
    return results_cache.last_stats().status


# ---------------------------------------------------------------------------
# Nothing changed
# ---------------------------------------------------------------------------


def test_nothing_changed_replays_the_report_byte_for_byte_in_every_format(capsys, tmp_path):
    root = _copy("shop", tmp_path)
    for fmt in FORMATS:
        for extra in ((), ("--statistics",), ("--show-fixes",)):
            args = ("--format", fmt, *extra)
            cold = _check(capsys, root, *args, cache=False)
            first = _check(capsys, root, *args)
            second = _check(capsys, root, *args)
            assert first == cold == second, (fmt, extra)
            assert _status() == "hit", (fmt, extra)
            assert results_cache.last_stats().report_replayed, (fmt, extra)
    # the exit code is replayed too (findings: 1; no --exit-zero)
    assert main(["check", "-q", "--no-cache", str(root)]) == 1
    assert main(["check", "-q", str(root)]) == 1 and _status() == "hit"


def test_a_hit_imports_no_reader_and_opens_no_source_file(tmp_path):
    """A real subprocess: django, astroid and libcst stay unimported; no .py/.html/.js is opened."""
    root = _copy("shop", tmp_path)
    probe = (
        "import sys, os\n"
        "opened = []\n"
        "sys.addaudithook(lambda e, a: opened.append(str(a[0])) if e == 'open' and isinstance(a[0], str) else None)\n"
        "from djust_lint.cli.main import main\n"
        f"code = main(['check', '-q', '--exit-zero', '--format', 'json', {str(root)!r}])\n"
        "from djust_lint.engine.results_cache import last_stats\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'astroid', 'libcst'))\n"
        "sources = [p for p in opened if p.endswith(('.py', '.html', '.js')) and 'site-packages' not in p\n"
        f"           and p.startswith({str(root)!r})]\n"
        "print(repr((code, last_stats().status, heavy, sources)), file=sys.stderr)\n"
    )
    for _ in range(2):  # fills the caches (in this interpreter's environment)
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    code, status, heavy, sources = eval(done.stderr.strip().splitlines()[-1])  # noqa: S307 - our own repr
    assert (code, status, heavy, sources) == (0, "hit", [], [])
    assert json.loads(done.stdout)  # the replayed report


def test_no_cache_writes_no_results_and_write_baseline_bypasses_them(capsys, tmp_path):
    root = _copy("shop", tmp_path)
    _check(capsys, root, cache=False)
    assert not (root / CACHE_DIR_NAME).exists()
    _check(capsys, root)
    assert _stored(root).exists()
    baseline = tmp_path / "baseline.json"
    assert main(["check", "-q", "--write-baseline", str(baseline), str(root)]) == 0
    assert baseline.exists()
    _age(baseline)
    cold = _check(capsys, root, "--baseline", str(baseline), cache=False)
    assert _check(capsys, root, "--baseline", str(baseline)) == cold
    assert _check(capsys, root, "--baseline", str(baseline)) == cold and _status() == "hit"
    assert json.loads(_check(capsys, root, "--format", "json", "--baseline", str(baseline))[1]) == []


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda root: (root / "pyproject.toml").write_text('[tool.djust-lint]\nignore = ["DJ101"]\n'),
            id="configuration",
        ),
        pytest.param(lambda root: (root / ".gitignore").write_text("catalog/\n"), id="gitignore"),
        pytest.param(
            lambda root: (root / "catalog" / "extra.py").write_text("class Extra:\n    pass\n"), id="file-added"
        ),
        pytest.param(lambda root: (root / "templates" / "partials" / "nav.html").unlink(), id="file-removed"),
        pytest.param(lambda root: (root / "requirements.txt").write_text("djust==0.3.0\n"), id="requirement-pin"),
    ],
)
def test_what_is_not_a_file_edit_runs_again(capsys, tmp_path, change: Callable[[Path], object]):
    root = _copy("shop", tmp_path)
    _check(capsys, root)
    _check(capsys, root)
    assert _status() == "hit"
    change(root)
    _age_tree(root)  # even with every mtime set back, the stats (ctime, inode, size) tell
    warm = _check(capsys, root)
    assert _status().startswith("miss"), _status()
    assert warm == _check(capsys, root, cache=False)


def test_another_request_is_another_key(capsys, tmp_path):
    root = _copy("shop", tmp_path)
    _check(capsys, root)
    for args in (("--select", "DJ101"), ("--ignore", "DJ101"), ("--no-astroid",), ("--exclude", "catalog")):
        warm = _check(capsys, root, *args)
        assert _status().startswith("miss"), args
        assert warm == _check(capsys, root, *args, cache=False), args


@pytest.mark.parametrize("content", [b"", b"{", b"[]", b'{"format": 1, "key": 3}', b"\xff\xfe garbage"])
def test_damaged_or_foreign_results_are_a_miss_never_a_crash(capsys, tmp_path, content: bytes):
    root = _copy("shop", tmp_path)
    cold = _check(capsys, root, cache=False)
    _check(capsys, root)
    for path in (_stored(root), _stored(root, "-data")):
        saved = path.read_bytes()
        path.write_bytes(content)
        assert _check(capsys, root) == cold
        path.write_bytes(saved)


def test_each_request_keeps_its_own_stored_run(capsys, tmp_path):
    """``check`` and the pre-commit hook's ``check --related FILES`` do not evict each other."""
    root = _copy("shop", tmp_path)
    whole = _check(capsys, root)
    hook = _check(capsys, root, "--related", str(root / "catalog" / "mixins.py"))
    assert _check(capsys, root) == whole and _status() == "hit"
    assert _check(capsys, root, "--related", str(root / "catalog" / "mixins.py")) == hook and _status() == "hit"
    for index in range(results_cache.MAX_SLOTS + 2):
        _check(capsys, root, "--select", f"DJ10{index}")
    stored = list((root / CACHE_DIR_NAME).glob(f"{results_cache.RESULTS_PREFIX}*-data.json"))
    assert len(stored) == results_cache.MAX_SLOTS


def test_a_tampered_report_is_formatted_again(capsys, tmp_path):
    root = _copy("shop", tmp_path)
    cold = _check(capsys, root, "--format", "json", cache=False)
    _check(capsys, root, "--format", "json")
    for report in (root / CACHE_DIR_NAME).glob(results_cache.REPORT_PREFIX + "*"):
        report.write_text("[]\n")
    assert _check(capsys, root, "--format", "json") == cold
    assert _status() == "hit" and not results_cache.last_stats().report_replayed


def test_a_symlinked_cache_directory_is_never_used(capsys, tmp_path):
    root = _copy("shop", tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / CACHE_DIR_NAME).symlink_to(elsewhere)
    _check(capsys, root)
    _check(capsys, root)
    assert _status().startswith("miss")
    assert list(elsewhere.iterdir()) == []


def test_fix_rewrites_files_and_the_next_check_sees_it(capsys, tmp_path):
    root = _copy("shop", tmp_path)
    before = _check(capsys, root)
    capsys.readouterr()
    assert main(["check", "-q", "--diff", str(root)]) == 1  # ruff's convention: 1 when there is a diff
    assert "+++" in capsys.readouterr().out  # --diff is computed afresh, never replayed
    assert _check(capsys, root) == before and _status() == "hit"  # and wrote nothing
    assert main(["check", "-q", "--fix", "--exit-zero", str(root)]) == 0
    after = _check(capsys, root)
    assert after == _check(capsys, root, cache=False)
    assert after != before  # the fixture has safe fixes: the replay did not hide them


# ---------------------------------------------------------------------------
# Edits: differential against a cold run
# ---------------------------------------------------------------------------

Edit = tuple[str, str, Callable[[str], str], str]
"""(what, root-relative path, new text from old text, expected path: equivalent | miss)."""


def _replace(old: str, new: str) -> Callable[[str], str]:
    def apply(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return apply


BENCH_EDITS: list[Edit] = [
    (
        "comment appended to a view module",
        "catalog_000/views/topic_views_0.py",
        lambda t: t + "\n# edit\n",
        "equivalent",
    ),
    (
        "plain text appended to a page template",
        "catalog_000/templates/catalog_000/topic_list.html",
        lambda t: t + "\n",
        "equivalent",
    ),
    ("same bytes written again", "catalog_000/mixins.py", lambda t: t, "equivalent"),
    (
        "handler added",
        "catalog_000/views/topic_views_0.py",
        _replace(
            "    @event_handler\n    def save(self, **kwargs):",
            "    @event_handler\n    def refresh(self, **kwargs):\n        pass\n\n    @event_handler\n    def save(self, **kwargs):",
        ),
        "miss",
    ),
    (
        "handler renamed",
        "catalog_000/views/topic_views_0.py",
        _replace("def search_items(", "def search_item("),
        "miss",
    ),
    (
        "binding renamed",
        "catalog_000/templates/catalog_000/topic_list.html",
        _replace('dj-click="toggle_panel"', 'dj-click="toggle_panels"'),
        "miss",
    ),
    ("base mixin handler renamed", "core/mixins.py", _replace("def toggle_menu(", "def toggle_menus("), "miss"),
    (
        "binding added to a shared partial",
        "templates/partials/nav.html",
        _replace("<a href", '<button dj-click="open_search">?</button>\n  <a href'),
        "miss",
    ),
    (
        "partial binding removed",
        "catalog_000/templates/catalog_000/_row.html",
        lambda t: t.replace("dj-", "data-x-"),
        "miss",
    ),
    ("settings comment", "benchsite/settings.py", lambda t: t + "\n# tuned\n", "miss"),
    ("settings value", "benchsite/settings.py", lambda t: t + "\nDEBUG = True\n", "miss"),
    ("urls edit", "benchsite/urls.py", lambda t: t + "\n# routes\n", "equivalent"),
    ("script edit", "static/js/hooks.js", lambda t: t + '\nwindow.djust.pushEvent("save");\n', "miss"),
    (
        "suppression comment",
        "catalog_000/views/topic_views_0.py",
        lambda t: t.replace("class TopicListView(", "class TopicListView(  # noqa: DJ111\n    ", 1),
        "miss",
    ),
    (
        "handler renamed back",
        "catalog_000/views/topic_views_0.py",
        _replace("def search_item(", "def search_items("),
        "miss",
    ),
]


def _differential(capsys, root: Path, edits: list[Edit], fmt: str = "json") -> list[str]:
    statuses = []
    _check(capsys, root, "--format", fmt)
    assert _check(capsys, root, "--format", fmt) == _check(capsys, root, "--format", fmt, cache=False)
    for what, rel, change, expected in edits:
        path = root / rel
        path.write_text(change(path.read_text()))
        _age(path)
        warm = _check(capsys, root, "--format", fmt)
        status = _status()
        statuses.append(status)
        cold = _check(capsys, root, "--format", fmt, cache=False)
        assert warm == cold, what
        assert status.split(":")[0] == expected, (what, status)
        if expected == "equivalent":
            assert results_cache.last_stats().reread == [rel], what
        again = _check(capsys, root, "--format", fmt)
        assert again == cold and _status() == "hit", (what, _status())
    return statuses


def test_single_file_edits_on_a_generated_project_equal_a_cold_run(capsys, tmp_path):
    _differential(capsys, _generated(tmp_path), BENCH_EDITS)


SHOP_EDITS: list[Edit] = [
    ("comment appended", "catalog/views/detail.py", lambda t: t + "# trailing\n", "equivalent"),
    ("comment appended where a fix read the text", "catalog/views/products.py", lambda t: t + "# trailing\n", "miss"),
    (
        "handler signature",
        "catalog/views/products.py",
        _replace("def sort_by(self, field: str):", "def sort_by(self, field: str, **kwargs):"),
        "miss",
    ),
    (
        "partial edit",
        "templates/partials/nav.html",
        _replace('dj-click="toggle_menu"', 'dj-click="toggle_menus"'),
        "miss",
    ),
    ("mixin edit", "catalog/mixins.py", lambda t: t + "\n\nclass LateMixin:\n    pass\n", "miss"),
    ("component comment", "catalog/components.py", lambda t: t + "\n# c\n", "equivalent"),
    ("settings edit", "shop_project/settings.py", lambda t: t + "\nDEBUG = False\n", "miss"),
]


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_single_file_edits_on_the_shop_fixture_equal_a_cold_run(capsys, tmp_path, fmt: str):
    _differential(capsys, _copy("shop", tmp_path), SHOP_EDITS, fmt)


def test_an_edit_of_a_file_whose_text_a_rule_read_runs_again(capsys, tmp_path):
    """Rules that read a file's text (fix edits computed with libcst) make its edits recompute,
    even when its reading is unchanged."""
    root = _copy("shop", tmp_path)
    _check(capsys, root)
    data = json.loads(_stored(root, "-data").read_text())
    assert data["opened"], "the shop fixture has findings whose fixes read their module's text"
    rel = data["opened"][0]
    path = root / rel
    path.write_text(path.read_text() + "\n")
    _age(path)
    warm = _check(capsys, root)
    assert _status() == f"miss: {rel} changed and a rule read its text"
    assert warm == _check(capsys, root, cache=False)


def test_racy_files_are_looked_at_again(capsys, tmp_path):
    """A file written within two seconds of a run is not trusted: the next run re-reads it."""
    root = _copy("shop", tmp_path)
    path = root / "catalog" / "components.py"
    path.write_text(path.read_text() + "# now\n")  # mtime: now
    _check(capsys, root)
    meta = json.loads(_stored(root).read_text())
    assert meta["inputs"]["files"]["catalog/components.py"] == "racy"
    _check(capsys, root)
    assert _status() == "equivalent" and results_cache.last_stats().reread == ["catalog/components.py"]


def _random_edit(rng, text: str) -> str:
    """One small edit of the kinds people make: some read the same, most do not."""
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    kind = rng.choice(("trailing-space", "blank-line", "delete", "duplicate", "swap-word", "append"))
    if kind == "trailing-space":
        lines[at] += "  "
    elif kind == "blank-line":
        lines.insert(at, "")
    elif kind == "delete" and len(lines) > 1:
        del lines[at]
    elif kind == "duplicate":
        lines.insert(at, lines[at])
    elif kind == "swap-word":
        words = [w for w in text.replace("(", " ").replace('"', " ").split() if w.isidentifier()]
        line_words = [w for w in lines[at].replace("(", " ").replace('"', " ").split() if w.isidentifier()]
        if words and line_words:
            lines[at] = lines[at].replace(rng.choice(line_words), rng.choice(words), 1)
    else:
        lines.append("")
    return "\n".join(lines)


def test_random_single_file_edits_equal_a_cold_run(capsys, tmp_path):
    """A seeded walk of small edits over a generated project: every warm answer equals a cold one."""
    import random

    root = _generated(tmp_path, views=10)
    rng = random.Random(1414)
    files = sorted(p for p in root.rglob("*") if p.suffix in (".py", ".html") and CACHE_DIR_NAME not in p.parts)
    originals = {path: path.read_text() for path in files}
    _check(capsys, root, "--format", "json")
    seen = set()
    for step in range(40):
        path = rng.choice(files)
        text = originals[path] if step % 6 == 5 else _random_edit(rng, path.read_text())
        path.write_text(text)
        _age(path)
        warm = _check(capsys, root, "--format", "json")
        seen.add(_status().split(":")[0])
        assert warm == _check(capsys, root, "--format", "json", cache=False), (step, path, _status())
        assert _check(capsys, root, "--format", "json") == warm and _status() == "hit", step
    assert {"equivalent", "miss"} <= seen


def test_a_tampered_stored_run_cannot_make_a_run_read_outside_the_root(capsys, tmp_path):
    root = _copy("shop", tmp_path)
    secret = tmp_path / "secret.py"
    secret.write_text("class Secret:\n    pass\n")
    _check(capsys, root)
    meta_path, data_path = _stored(root), _stored(root, "-data")
    meta, data = json.loads(meta_path.read_text()), json.loads(data_path.read_text())
    meta["inputs"]["files"]["../secret.py"] = "racy"
    data["kinds"]["../secret.py"] = ["module", "secret", False]
    data_path.write_text(json.dumps(data))
    meta["data"] = list(results_inputs.stat_record(str(data_path)))
    meta_path.write_text(json.dumps(meta))
    assert _check(capsys, root) == _check(capsys, root, cache=False)
    assert _status() == "miss: ../secret.py changed" and results_cache.last_stats().reread == []


def test_installing_into_the_projects_own_virtualenv_runs_again(capsys, tmp_path):
    """The project's ``.venv`` is read for installed bases and templates: its packages are inputs."""
    root = _copy("shop", tmp_path)
    site = root / ".venv" / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    _age_tree(root)
    _check(capsys, root)
    _check(capsys, root)
    assert _status() == "hit"
    (site / "thirdparty").mkdir()
    _age(site / "thirdparty")
    warm = _check(capsys, root)
    assert _status() == "miss: nothing stored"  # another key: another stored run
    assert warm == _check(capsys, root, cache=False)


def test_edits_are_not_compared_with_reads_the_stored_run_did_not_keep(capsys, tmp_path, monkeypatch):
    """When the read cache could not be saved, an older reads.pickle must not vouch for an edit."""
    from djust_lint.readers import cache as read_cache

    root = _copy("shop", tmp_path)
    path = root / "catalog" / "components.py"
    original = path.read_text()
    _check(capsys, root)  # reads.pickle holds the original reading
    path.write_text(original + "\nclass Added:\n    pass\n")
    _age(path)
    monkeypatch.setattr(read_cache.ReadCache, "save", lambda self: setattr(self.stats, "save_error", "disk full"))
    _check(capsys, root, "--select", "DJ1")  # another request: a full run whose reads were not saved
    monkeypatch.undo()
    metas = [p for p in (root / CACHE_DIR_NAME).glob("results-*.json") if not p.name.endswith("-data.json")]
    assert json.loads(max(metas, key=os.path.getmtime).read_text())["reads"] is None
    path.write_text(original)  # back to what the (stale) reads.pickle holds
    _age(path)
    warm = _check(capsys, root, "--select", "DJ1")
    assert _status() == "miss: the read cache changed since the stored run"
    assert warm == _check(capsys, root, "--select", "DJ1", cache=False)


def test_files_discovery_ignores_do_not_invalidate_but_new_sources_do(capsys, tmp_path):
    root = _copy("shop", tmp_path)
    _check(capsys, root)
    for junk in (".products.py.swp", "products.py~", ".DS_Store"):
        (root / "catalog" / junk).write_text("x")
        _check(capsys, root)
        assert _status() == "hit", junk
    (root / "catalog" / "late.py").write_text("class Late:\n    pass\n")
    _age(root / "catalog" / "late.py")
    warm = _check(capsys, root)
    assert _status() == "miss: a directory's listing changed (file added, removed or renamed)"
    assert warm == _check(capsys, root, cache=False)
    _check(capsys, root)
    (root / "report.json").write_text("[]\n")  # `check -o report.json` at the root
    _check(capsys, root)
    assert _status() == "hit"
    (root / "uv.lock").write_text('[[package]]\nname = "djust"\nversion = "0.3.0"\n')  # declares a djust release
    warm = _check(capsys, root)
    assert _status().startswith("miss")
    assert warm == _check(capsys, root, cache=False)
