"""``core.paths.within``: the one containment test every face uses (discovery, results cache, MCP, LSP)."""

from __future__ import annotations

import os
from pathlib import Path

from djust_lint.core.paths import within


def test_a_sibling_sharing_the_prefix_is_outside():
    sep = os.sep
    root = f"{sep}srv{sep}app"
    assert within(root, root)
    assert within(f"{root}{sep}views.py", root)
    assert within(Path(root) / "a" / "b.html", Path(root))
    assert not within(f"{sep}srv{sep}app-old{sep}views.py", root)
    assert not within(f"{sep}srv", root)
    assert within(f"{root}{sep}x", root + sep)  # a root given with its trailing separator


def test_it_resolves_nothing_itself(tmp_path):
    """Callers pass real paths: a symlink is judged by where it points only after realpath."""
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    assert within(root / "link", root)  # as given
    assert not within(os.path.realpath(root / "link"), os.path.realpath(root))
