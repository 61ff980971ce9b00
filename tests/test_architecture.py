"""The layers hold: readers -> graph -> rules -> engine -> faces, and no two modules import each other."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp

REPO = Path(__file__).resolve().parent.parent


def test_layers_contract_is_kept() -> None:
    """The import-linter contract in pyproject.toml (``lint-imports``), as CI and pre-commit would run it."""
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert exe, "import-linter is part of the test extras"
    done = subprocess.run([exe], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_no_module_pair_imports_each_other() -> None:
    """A imports B and B imports A (even lazily, inside a function) means the two are one module in two files."""
    graph = grimp.build_graph("djust_lint", cache_dir=None)  # type-checking imports count: a cycle is a cycle
    pairs = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if module in graph.find_modules_directly_imported_by(imported):
                pairs.add(tuple(sorted((module, imported))))
    # A package's __init__ re-exporting a submodule that imports a sibling through the package is fine;
    # anything else is a cycle to break.
    pairs = {(a, b) for a, b in pairs if not (b.startswith(a + ".") or a.startswith(b + "."))}
    assert pairs == set()
