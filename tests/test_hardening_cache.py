"""Issue 13, cache items: a symlinked cache directory (4), poisoned entries (7), staleness (13).

Asserted through the cache's own counters and the findings, never timings.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_cache import FILES, _age, _cache_file, _key, _run

from djust_lint.core import model
from djust_lint.readers import cache


@pytest.fixture
def site(project) -> Path:
    root = project(FILES)
    _age(root)
    return root


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_symlinked_cache_directory_is_never_written_through(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (site / cache.CACHE_DIR_NAME).symlink_to(target, target_is_directory=True)
    findings, stats = _run(site)
    assert list(target.iterdir()) == []
    assert not stats.saved
    assert stats.save_error and "symlink" in stats.save_error
    assert [f["code"] for f in findings] == ["DJ101"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_cache_file_symlinked_outside_is_neither_read_nor_written(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.pickle"
    outside.write_bytes(b"someone else's file")
    (site / cache.CACHE_DIR_NAME).mkdir()
    _cache_file(site).symlink_to(outside)
    _run(site)
    assert outside.read_bytes() == b"someone else's file"


def _poison(site: Path, kind: str, rel: str, value: object) -> None:
    entries = cache.decode(_cache_file(site).read_bytes(), _key(site))
    old = entries[(kind, rel)]
    entries[(kind, rel)] = (*old[:4], cache.dump_value(value))
    _cache_file(site).write_bytes(cache.encode(entries, _key(site)))


@pytest.mark.parametrize(
    ("kind", "rel", "value"),
    [
        ("module", "app/views.py", model.ModuleInfo(name="app.views", path="app/views.py", classes="oops")),  # type: ignore[arg-type]
        ("module", "app/views.py", model.ModuleInfo(name="app.views", path="app/views.py", classes=[1, 2])),  # type: ignore[list-item]
        ("module", "app/views.py", model.ModuleInfo(name=None, path="app/views.py")),  # type: ignore[arg-type]
        (
            "template",
            "app/templates/app/counter.html",
            model.TemplateInfo(
                path="app/templates/app/counter.html",
                name="app/counter.html",
                elements=[model.Element(tag="div", span="1:1")],  # type: ignore[arg-type]
            ),
        ),
        (
            "template",
            "app/templates/app/counter.html",
            model.TemplateInfo(path="app/templates/app/counter.html", name="app/counter.html", tags={"a": 1}),  # type: ignore[arg-type]
        ),
    ],
    ids=["classes-a-string", "classes-of-ints", "name-none", "span-a-string", "tags-a-dict"],
)
def test_a_poisoned_entry_is_a_cache_miss_not_a_crash(site: Path, kind: str, rel: str, value: object) -> None:
    expected, _ = _run(site, use_cache=False)
    _run(site)
    _poison(site, kind, rel, value)
    findings, stats = _run(site)
    assert rel in stats.parsed
    assert findings == expected
    # and the next run is healthy again (the bad entry was replaced)
    again, stats = _run(site)
    assert again == expected and stats.parsed == []


def test_same_size_same_mtime_edit_is_not_served_stale(site: Path) -> None:
    """``touch -r``: an in-place edit that keeps size, mtime and inode is still noticed (ctime)."""
    views = site / "app" / "views.py"
    _run(site)
    before = views.stat()
    text = views.read_text(encoding="utf-8")
    edited = text.replace("increment", "decrement", 1).replace("def increment", "def decrement")
    edited = edited.replace("self.count += 1", "self.count -= 1")
    assert len(edited) == len(text)
    with open(views, "r+", encoding="utf-8") as handle:  # same inode
        handle.write(edited)
    os.utime(views, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = views.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    findings, stats = _run(site)
    assert "app/views.py" in stats.parsed
    expected, _ = _run(site, use_cache=False)
    assert findings == expected
