"""The warm cache: asserted through the cache's own counters (which files were parsed or
hashed), never through timings; broken, foreign and hostile cache files are exercised for real."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from djust_lint.cli.main import main
from djust_lint.engine.api import lint_project
from djust_lint.graph.builder import BuildOptions
from djust_lint.readers import cache

VIEWS = '''from djust import LiveView
from djust.decorators import event_handler


class CounterView(LiveView):
    template_name = "app/counter.html"

    def mount(self, request, **kwargs):
        self.count = 0

    @event_handler
    def increment(self, **kwargs):
        self.count += 1
'''
TEMPLATE = '<div dj-root><button dj-click="increment">+</button><button dj-click="decrement">-</button></div>\n'
FILES = {
    "manage.py": "",
    "app/__init__.py": "",
    "app/views.py": VIEWS,
    "app/templates/app/counter.html": TEMPLATE,
    "app/templates/app/other.html": "<p>{{ nothing }}</p>\n",
    "app/static/app/live.js": 'window.djust.pushEvent("increment");\n',
}
ALL_FILES = sorted(p for p in FILES if p.endswith((".py", ".html", ".js")))
PAST = 1_600_000_000


def _age(root: Path) -> None:
    """Put every file's mtime safely in the past, so the (size, mtime) fast path is trusted."""
    for path in root.rglob("*"):
        if path.is_file() and cache.CACHE_DIR_NAME not in path.parts:
            os.utime(path, (PAST, PAST))


def _run(root: Path, *, use_cache: bool = True) -> tuple[list[dict], cache.CacheStats]:
    result = lint_project(root, options=BuildOptions(cache=use_cache))
    return [f.to_json() for f in result.findings], cache.last_stats()


@pytest.fixture
def site(project) -> Path:
    root = project(FILES)
    _age(root)
    return root


def test_cold_run_parses_everything_and_writes_a_tagged_cache(site: Path) -> None:
    findings, stats = _run(site)
    assert stats.status == "missing"
    assert sorted(stats.parsed) == ALL_FILES
    assert stats.saved
    directory = site / cache.CACHE_DIR_NAME
    assert (directory / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (directory / ".gitignore").read_text().splitlines()[-1] == "*"
    assert [f["code"] for f in findings] == ["DJ101"]


def test_warm_run_reads_no_unchanged_file_and_finds_the_same(site: Path) -> None:
    cold, _ = _run(site)
    warm, stats = _run(site)
    assert stats.status == "loaded"
    assert stats.parsed == [] and stats.hashed == []  # not parsed, not even opened
    assert stats.hits == len(ALL_FILES)
    assert not stats.saved  # nothing changed: the cache file is not rewritten
    assert warm == cold == _run(site, use_cache=False)[0]


def test_an_edited_file_is_the_only_one_read_again(site: Path) -> None:
    _run(site)
    views = site / "app/views.py"
    views.write_text(VIEWS + "\n    @event_handler\n    def decrement(self, **kwargs):\n        self.count -= 1\n")
    os.utime(views, (PAST + 10, PAST + 10))
    findings, stats = _run(site)
    assert stats.parsed == ["app/views.py"]
    assert stats.hashed == ["app/views.py"]
    assert findings == []  # the edit is seen: the dead binding in the unchanged template is gone
    assert stats.saved
    assert _run(site)[1].parsed == []


def test_touched_but_unchanged_file_is_hashed_not_parsed(site: Path) -> None:
    _run(site)
    os.utime(site / "app/templates/app/other.html", (PAST + 5, PAST + 5))
    _, stats = _run(site)
    assert stats.hashed == ["app/templates/app/other.html"]
    assert stats.parsed == []


def test_recently_modified_files_never_use_the_stat_fast_path(site: Path) -> None:
    """A second edit within the file system's timestamp granularity must not be missed."""
    template = site / "app/templates/app/other.html"
    template.write_text("<p>{{ a }}</p>\n")  # mtime: now
    _run(site)
    stat = template.stat()
    template.write_text("<p>{{ b }}</p>\n")  # same size, maybe the same mtime tick
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    _, stats = _run(site)
    assert stats.parsed == ["app/templates/app/other.html"]


def test_deleted_and_renamed_files_leave_the_cache(site: Path) -> None:
    _run(site)
    (site / "app/static/app/live.js").unlink()
    _, stats = _run(site)
    assert stats.parsed == [] and stats.saved
    entries = cache.decode((site / cache.CACHE_DIR_NAME / cache.CACHE_FILE_NAME).read_bytes(), _key(site))
    assert ("script", "app/static/app/live.js") not in entries


def test_reader_inputs_other_than_content_are_part_of_the_entry(site: Path) -> None:
    """Moving a template dir changes template names: those templates are read again."""
    _run(site)
    (site / "app/templates").rename(site / "app/tpl")
    result = lint_project(site, options=BuildOptions(cache=True, extra_template_dirs=["app/tpl"]))
    assert "app/tpl/app/counter.html" in cache.last_stats().parsed
    assert [f.code for f in result.findings] == ["DJ101"]


def _key(root: Path) -> str:
    data = (root / cache.CACHE_DIR_NAME / cache.CACHE_FILE_NAME).read_bytes()
    return data.split(b"\n")[1].split(b" ")[1].decode()


def _cache_file(root: Path) -> Path:
    return root / cache.CACHE_DIR_NAME / cache.CACHE_FILE_NAME


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda data: data[: len(data) // 2], "checksum mismatch"),
        (lambda data: data[:10], "not a djust-lint cache"),
        (lambda data: b"", "not a djust-lint cache"),
        (lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]), "checksum mismatch"),
        (lambda data: b"\x80\x05garbage" * 100, "not a djust-lint cache"),
    ],
    ids=["truncated", "cut-in-header", "empty", "bit-flip", "garbage"],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(site: Path, damage, reason: str) -> None:
    cold, _ = _run(site)
    path = _cache_file(site)
    path.write_bytes(damage(path.read_bytes()))
    findings, stats = _run(site)
    assert stats.status.startswith("ignored:") and reason in stats.status
    assert sorted(stats.parsed) == ALL_FILES
    assert findings == cold
    assert stats.saved and _run(site)[1].status == "loaded"


def test_a_cache_from_another_version_or_format_is_ignored(site: Path) -> None:
    cold, _ = _run(site)
    path = _cache_file(site)
    data = path.read_bytes()
    path.write_bytes(data.replace(_key(site).encode(), b"0" * 32, 1))  # another version's key
    findings, stats = _run(site)
    assert "another djust-lint version" in stats.status
    assert sorted(stats.parsed) == ALL_FILES and findings == cold
    data = path.read_bytes()
    at = len(cache._MAGIC)  # the format number follows the magic line
    path.write_bytes(data[:at] + b"9" + data[at + 1 :])
    assert "another cache format" in _run(site)[1].status


class _Exploit:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_hostile_cache_file_never_runs_code(site: Path, tmp_path: Path) -> None:
    _run(site)
    marker = tmp_path / "pwned"
    key = _key(site)
    _cache_file(site).write_bytes(cache.encode({("module", "app/views.py"): _Exploit(marker)}, key))  # type: ignore[dict-item]
    findings, stats = _run(site)
    assert not marker.exists()
    assert "cannot unpickle" in stats.status
    assert [f["code"] for f in findings] == ["DJ101"]


def test_a_hostile_entry_value_is_read_again_not_trusted(site: Path, tmp_path: Path) -> None:
    _run(site)
    marker = tmp_path / "pwned"
    entries = cache.decode(_cache_file(site).read_bytes(), _key(site))
    kind, params, stat, digest, _ = entries[("module", "app/views.py")]
    entries[("module", "app/views.py")] = (kind, params, stat, digest, pickle.dumps(_Exploit(marker)))
    entries[("template", "app/templates/app/other.html")] = (*entries[("template", "app/templates/app/other.html")][:4], pickle.dumps(["not", "a", "template"]))
    _cache_file(site).write_bytes(cache.encode(entries, _key(site)))
    findings, stats = _run(site)
    assert not marker.exists()
    assert sorted(stats.parsed) == ["app/templates/app/other.html", "app/views.py"]
    assert [f["code"] for f in findings] == ["DJ101"]


def test_an_unwritable_cache_location_only_disables_saving(site: Path) -> None:
    (site / cache.CACHE_DIR_NAME).write_text("a file where the cache directory should be")
    findings, stats = _run(site)
    assert stats.save_error and not stats.saved
    assert [f["code"] for f in findings] == ["DJ101"]


def test_cli_uses_the_cache_and_no_cache_leaves_no_trace(site: Path, capsys) -> None:
    assert main(["check", "--root", str(site), "--no-cache"]) == 1
    assert not (site / cache.CACHE_DIR_NAME).exists()
    assert cache.last_stats().status == "disabled"
    assert main(["check", "--root", str(site)]) == 1
    # another request, so the results cache (test_results_cache.py) has nothing to replay: a full run
    assert main(["check", "--root", str(site), "--extend-select", "DJ101"]) == 1
    assert cache.last_stats().parsed == [] and cache.last_stats().status == "loaded"
    assert "DJ101" in capsys.readouterr().out


def test_clean_removes_the_cache(site: Path) -> None:
    _run(site)
    command = [sys.executable, "-m", "djust_lint", "clean", "--root", str(site)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "removed" in done.stdout
    assert not (site / cache.CACHE_DIR_NAME).exists()
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "no cache" in again.stdout


def test_clean_never_follows_a_symlinked_cache(site: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("keep")
    (site / cache.CACHE_DIR_NAME).symlink_to(precious, target_is_directory=True)
    assert cache.clean(site)
    assert (precious / "keep.txt").exists()
    assert not (site / cache.CACHE_DIR_NAME).exists()


def test_the_read_cache_key_covers_the_core_model_too():
    """Reader outputs are ``core.model`` objects: an edit to the model (an editable install)
    must make ``reads.pickle`` stale, not only an edit under ``readers/``."""
    from djust_lint.readers.cache import reader_sources

    covered = {rel.replace("\\", "/") for rel, _size, _mtime in reader_sources()}
    assert {"core/model.py", "core/vocabulary.py", "readers/template.py", "core/data/djust_vocabulary.json"} <= covered
